"""Which uploaded documents and images the published site uses.

An editor uploads a document or image while preparing a page; until that page is published, the
file is not public: the document view answers 404 (except to people signed in to the admin, who
preview drafts), and the API lists only what published content uses. "Uses" comes from Wagtail's
reference index: a live, public page that refers to the file in its published version (a
reference only in a newer draft does not count, nor does a draft that drops it), or any other
object that refers to it (site settings, values). The answer is worked out once per generation
of the page cache, which starts anew on every change to content.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from wagtail.models import Page, ReferenceIndex

from .page_cache import generation


def _referenced_ids(obj, content_type_id):
    return {
        object_id
        for referenced_type, object_id, *_ in ReferenceIndex._extract_references_from_object(obj)
        if referenced_type == content_type_id
    }


def _compute_published_ids(model):
    content_type_id = ContentType.objects.get_for_model(model).pk
    page_type_id = ContentType.objects.get_for_model(Page).pk
    published = set()
    pages = Page.objects.live().public()
    drafted = set(pages.filter(has_unpublished_changes=True).values_list("pk", flat=True))
    settled = {str(pk) for pk in pages.filter(has_unpublished_changes=False).values_list("pk", flat=True)}
    rows = ReferenceIndex.objects.filter(to_content_type_id=content_type_id).values_list(
        "base_content_type_id", "object_id", "to_object_id"
    )
    for base_type_id, object_id, to_object_id in rows:
        if base_type_id != page_type_id or object_id in settled:
            published.add(to_object_id)
    # A live page with a newer draft: the index holds the draft's references, so read the
    # published version's own.
    for page in Page.objects.filter(pk__in=drafted, live_revision__isnull=False).select_related(
        "live_revision"
    ):
        published |= _referenced_ids(page.live_revision.as_object(), content_type_id)
    return {int(pk) for pk in published if pk.isdigit()}


def published_ids(model):
    """The ids of the model's objects (documents, images) that published content uses."""
    key = f"published-uploads:{model._meta.label_lower}:{generation()}"
    ids = cache.get(key)
    if ids is None:
        ids = _compute_published_ids(model)
        cache.set(key, ids, 3600)
    return ids


def is_published(obj):
    return obj.pk in published_ids(type(obj))


def may_preview(request):
    user = request.user
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")
