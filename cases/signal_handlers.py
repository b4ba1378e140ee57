"""Signals of the library.

A CDN in front of the site (wagtail.contrib.frontend_cache) purges a published page's own
paths. A case or guidance article also appears on the library's index, value pages and feeds,
so those are purged with it."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move, task_rejected


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


def facet_counts_of_deleted_page(sender, instance, **kwargs):
    from .facet_counts import refresh

    refresh([instance.pk])


def facet_counts_under_page(sender, instance, **kwargs):
    """A page moved, or a view restriction changed: the library pages at or under it."""
    from wagtail.models import Page, PageViewRestriction

    from .facet_counts import refresh
    from .models import LibraryPage

    page = instance
    if isinstance(instance, PageViewRestriction):
        # The restricted page may be going too (a deleted page takes its restrictions along).
        page = Page.objects.filter(pk=instance.page_id).first()
        if page is None:
            return
    refresh(LibraryPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def facet_counts_of_deleted_term(sender, instance, **kwargs):
    from .facet_counts import pages_with_term, refresh

    refresh(pages_with_term(facet_counts_of_deleted_term.prefixes[sender], instance.pk))


def register():
    from wagtail.models import Revision

    from . import emails  # noqa: F401 - registers the submission mails with home.mail_queue
    from .models import CasePage, GuidancePage

    page_published.connect(submission_published, sender=CasePage, dispatch_uid="submission-published")
    post_save.connect(submission_worked_on, sender=Revision, dispatch_uid="submission-worked-on")
    task_rejected.connect(submission_changes_requested, dispatch_uid="submission-changes-requested")

    # The precomputed facet counts (cases/facet_counts.py); a page's own save refreshes it.
    from taggit.models import Tag
    from wagtail.models import PageViewRestriction

    from .models import LibraryPage, Role, Scheme, Value

    post_delete.connect(facet_counts_of_deleted_page, sender=LibraryPage, dispatch_uid="facets-page-deleted")
    post_page_move.connect(facet_counts_under_page, dispatch_uid="facets-page-moved")
    post_save.connect(
        facet_counts_under_page, sender=PageViewRestriction, dispatch_uid="facets-restriction-saved"
    )
    post_delete.connect(
        facet_counts_under_page, sender=PageViewRestriction, dispatch_uid="facets-restriction-deleted"
    )
    facet_counts_of_deleted_term.prefixes = {Value: "vaerdi", Scheme: "ordning", Role: "rolle", Tag: "tag"}
    for model in facet_counts_of_deleted_term.prefixes:
        post_delete.connect(
            facet_counts_of_deleted_term, sender=model, dispatch_uid=f"facets-term-{model.__name__}"
        )

    for model in (CasePage, GuidancePage):
        page_published.connect(
            purge_library_index, sender=model, dispatch_uid=f"purge-index-{model.__name__}"
        )
        page_unpublished.connect(
            purge_library_index, sender=model, dispatch_uid=f"purge-index-unpub-{model.__name__}"
        )
