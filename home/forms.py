"""Admin forms shared by the whole site."""

import re

from django.core.exceptions import ValidationError
from wagtail.images.forms import BaseImageForm

IMAGE_DESCRIPTION_HELP = (
    "Beskriv, hvad billedet viser, for en, der ikke kan se det, fx »To kolleger pakker varer på "
    "lageret«. Teksten bruges som billedets alternative tekst, fx på kortene i oversigterne. "
    "Skriv ikke »billede af«, og gentag ikke sidens titel."
)


# What says nothing about an image: a file name, or just »billede«/»foto«.
_NOT_A_DESCRIPTION = re.compile(
    r"^(\S+\.(jpe?g|png|gif|webp)|(et )?(billede|foto|image)( af)?)$", re.IGNORECASE
)


class DescribedImageForm(BaseImageForm):
    """Wagtail's image form, where the description (the image's default alt text) is required:
    no image is saved without one, in the upload, the multiple upload or the chooser.
    (settings.WAGTAILIMAGES_IMAGE_FORM_BASE)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        description = self.fields.get("description")
        if description is not None:
            description.required = True
            description.label = "Beskrivelse (alternativ tekst)"
            description.help_text = IMAGE_DESCRIPTION_HELP
            description.error_messages["required"] = (
                "Skriv en beskrivelse af billedet: den læses op for dem, der ikke kan se det."
            )

    def clean_description(self):
        description = " ".join(self.cleaned_data.get("description", "").split())
        if _NOT_A_DESCRIPTION.match(description):
            raise ValidationError("Beskriv, hvad billedet viser; et filnavn eller »billede« siger det ikke.")
        return description
