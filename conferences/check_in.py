"""The check-in QR code: what it holds and how it is drawn.

Each registration has a check-in key of its own (`Registration.check_in_token`), apart from the
key to the participant's own pages, so the code shown at the door or in a forwarded mail opens
nothing personal. The code holds the address /indtjekning/<key>/ on the public site; an organiser
who opens it gets one button that checks the person in (conferences/check_in_views.py), anyone
else a short Danish explanation. The code is drawn on the server by segno: SVG on the
participant's page, PNG in mails (mail programs rarely show SVG).
"""

import io

import segno
from django.urls import reverse

from home.site_address import absolute_url

# Medium error correction: the code still reads from a scratched phone screen or a crumpled print.
ERROR_CORRECTION = "m"
QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def check_in_path(registration):
    return reverse("check_in_by_code", args=[registration.check_in_token])


def check_in_url(registration):
    """The absolute check-in address in the QR code, on the public site (SITE_URL)."""
    return absolute_url(check_in_path(registration))


def qr_svg_data_uri(url, scale=6):
    """The QR code as an SVG data: URI for an <img> (the public CSP's img-src allows data:),
    and its width in CSS pixels (the same as its height)."""
    code = segno.make(url, error=ERROR_CORRECTION)
    size = code.symbol_size(scale=scale, border=QUIET_ZONE)[0]
    return code.svg_data_uri(scale=scale, border=QUIET_ZONE), size


def qr_png(url, scale=5):
    """The QR code as PNG bytes for an inline image in a mail, and its width in pixels (the
    same as its height; about 225 for a code of the site's length)."""
    code = segno.make(url, error=ERROR_CORRECTION)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=QUIET_ZONE)
    return buffer.getvalue(), code.symbol_size(scale=scale, border=QUIET_ZONE)[0]
