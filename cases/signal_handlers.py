"""A CDN in front of the site (wagtail.contrib.frontend_cache) purges a published page's own
paths. A case or guidance article also appears on the library's index, value pages and feeds,
so those are purged with it."""

from django.apps import apps
from wagtail.signals import page_published, page_unpublished


def purge_library_index(sender, instance, **kwargs):
    if not apps.is_installed("wagtail.contrib.frontend_cache"):
        return
    from wagtail.contrib.frontend_cache.utils import purge_page_from_cache

    index = instance.get_parent().specific
    purge_page_from_cache(index)


def register():
    from .models import CasePage, GuidancePage

    for model in (CasePage, GuidancePage):
        page_published.connect(
            purge_library_index, sender=model, dispatch_uid=f"purge-index-{model.__name__}"
        )
        page_unpublished.connect(
            purge_library_index, sender=model, dispatch_uid=f"purge-index-unpub-{model.__name__}"
        )
