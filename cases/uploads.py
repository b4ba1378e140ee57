"""Checks on the files a contributor attaches to »Del din erfaring«.

Images are opened with Pillow, checked for format and size, and re-encoded (turned upright, as
JPEG, without metadata such as GPS positions), so what is stored is a picture the server drew
itself, never the bytes that were sent. A PDF is checked by its bytes: it must start with the
PDF signature, end with its end-of-file marker, and carry no scripts or launch actions.
"""

import io
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000  # 40 megapixels: larger than any phone camera, far below a decompression bomb
LONGEST_SIDE = 2400
PDF_ACTIVE_CONTENT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")


def _megabytes(size):
    return f"{size // (1024 * 1024)} MB"


def reencoded_image(upload):
    """The upload as freshly encoded JPEG bytes, or a Danish ValidationError."""
    limit = settings.SUBMISSION_IMAGE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"Billedet er for stort. Det må højst fylde {_megabytes(limit)}.")
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise ValidationError("Billedet skal være JPEG, PNG, WebP eller GIF.")
            width, height = probe.size
            if width * height > MAX_PIXELS or width < 1 or height < 1:
                raise ValidationError(
                    "Billedet har for mange pixels. Gem det i en mindre størrelse, og prøv igen."
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            output = io.BytesIO()
            image.save(output, format="JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            "Filen kan ikke læses som et billede. Vælg et foto i JPEG eller PNG."
        ) from error
    return output.getvalue()


def checked_pdf(upload):
    """The upload's bytes when they are a plain PDF within the size limit; else a Danish ValidationError."""
    limit = settings.SUBMISSION_PDF_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"PDF-filen er for stor. Den må højst fylde {_megabytes(limit)}.")
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"PDF-filen er for stor. Den må højst fylde {_megabytes(limit)}.")
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise ValidationError("Filen er ikke en PDF. Gem dokumentet som PDF, og prøv igen.")
    if PDF_ACTIVE_CONTENT.search(data):
        raise ValidationError(
            "PDF-filen indeholder scripts eller indlejrede filer. Gem den som en almindelig PDF."
        )
    return data
