"""Image renditions are made when an image is saved, never while a visitor waits.

Every size the templates ask for is listed here. When an editor uploads an image (or changes
its file or focal point), its renditions for all of them are made once the save is committed,
so a page or a listing of 20 cases only looks renditions up (prefetched in listings), and a
rendition is only ever made in a request for an image that existed before this rule did
(`manage.py pregenerate_renditions` makes those).
"""

import logging

from django.db import transaction
from django.db.models import Prefetch
from wagtail.images import get_image_model

logger = logging.getLogger(__name__)

# The filter specs as the templates' {% image %} tags write them, joined with "|".
CARD_IMAGE = "fill-640x360|format-webp"  # templates/cases/includes/library_card.html
BODY_IMAGE = "width-800|format-webp"  # templates/blocks/image_block.html
SHARE_IMAGE = "fill-1200x630|format-jpeg"  # Open Graph, home/templatetags/page_meta.py
PORTRAIT_IMAGE = "fill-240x240|format-webp"  # templates/home/speaker.html, includes/speaker.html
RENDITIONS = (CARD_IMAGE, BODY_IMAGE, SHARE_IMAGE, PORTRAIT_IMAGE)


def pregenerate(image):
    """Make every rendition the site uses for `image`. An image that cannot be read is logged,
    not raised: the editor's save stands, and the template falls back to making it on demand."""
    try:
        image.get_renditions(*RENDITIONS)
    except Exception:  # a broken or missing file must not fail the editor's save
        logger.exception("Could not make renditions for image %s", image.pk)


def _on_image_saved(sender, instance, **kwargs):
    transaction.on_commit(lambda: pregenerate(instance))


def with_card_images(pages, field="listing_image"):
    """`pages` with their card images joined in and the images' card renditions prefetched:
    one query more for the whole listing (none when no card has an image), none per card."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_IMAGE)
    return pages.select_related(field).prefetch_related(
        Prefetch(f"{field}__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )


def connect():
    from django.db.models.signals import post_save

    post_save.connect(_on_image_saved, sender=get_image_model(), dispatch_uid="pregenerate-renditions")
