"""Signals of the library.

A CDN in front of the site (wagtail.contrib.frontend_cache) purges a published page's own
paths. A case or guidance article also appears on the library's index, value pages and feeds,
so those are purged with it."""

from django.apps import apps
from django.db.models.signals import post_save
from wagtail.signals import page_published, page_unpublished, task_rejected


def purge_library_index(sender, instance, **kwargs):
    if not apps.is_installed("wagtail.contrib.frontend_cache"):
        return
    from wagtail.contrib.frontend_cache.utils import purge_page_from_cache

    index = instance.get_parent().specific
    purge_page_from_cache(index)


def submission_published(sender, instance, **kwargs):
    """A shared case went live: its contributor is mailed the link (cases/submissions.py)."""
    from .submissions import mark_published

    mark_published(instance)


def submission_worked_on(sender, instance, created, **kwargs):
    """An editor saved a revision of a shared case's page: it is »under behandling«."""
    object_id = str(instance.object_id)
    if created and instance.user_id is not None and object_id.isdigit():
        from .submissions import mark_in_review

        mark_in_review(int(object_id))


def submission_changes_requested(sender, instance, **kwargs):
    object_id = str(instance.workflow_state.object_id)
    if object_id.isdigit():
        from .submissions import mark_in_review

        mark_in_review(int(object_id))


def register():
    from wagtail.models import Revision

    from . import emails  # noqa: F401 - registers the submission mails with home.mail_queue
    from .models import CasePage, GuidancePage

    page_published.connect(submission_published, sender=CasePage, dispatch_uid="submission-published")
    post_save.connect(submission_worked_on, sender=Revision, dispatch_uid="submission-worked-on")
    task_rejected.connect(submission_changes_requested, dispatch_uid="submission-changes-requested")

    for model in (CasePage, GuidancePage):
        page_published.connect(
            purge_library_index, sender=model, dispatch_uid=f"purge-index-{model.__name__}"
        )
        page_unpublished.connect(
            purge_library_index, sender=model, dispatch_uid=f"purge-index-unpub-{model.__name__}"
        )
