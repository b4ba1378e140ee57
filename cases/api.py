"""The read-only Wagtail API v2 at /api/v2/: pages (with the library's fields), images,
documents, and the library's values, schemes, roles and tags."""

import re

from django.conf import settings
from django.db.models import Count, Q
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from taggit.models import Tag
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from home.uploads import published_ids

from .models import LibraryPage, Role, Scheme, Value

# Deeper than any listing goes (100,000 cases); OFFSET beyond a 64-bit integer is a database error.
MAX_OFFSET = 1_000_000
# The largest number a database id or OFFSET can hold (PostgreSQL bigint).
MAX_INTEGER = 2**63 - 1
INTEGER = re.compile(r"\s*[-+]?\d+\s*")


# The query parameters of the API's listings that the page cache keeps a response per value of
# (home.page_cache); a request with any other (a field filter, say) is answered uncached.
CACHED_QUERY_PARAMETERS = (
    *("limit", "offset", "fields", "order", "search"),
    *("type", "child_of", "descendant_of"),
)


class JSONOnly:
    """JSON only, so an answer does not depend on the Accept header (the page cache keeps one
    per address); the browsable HTML renderer only while developing (DEBUG)."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer] if settings.DEBUG else [JSONRenderer]


class QueryParameterGuard:
    """Refuses query parameters that would reach the database as something it cannot hold: a
    NUL character (PostgreSQL text cannot contain it), a number beyond 64 bits, an offset
    beyond MAX_OFFSET. Each is a 400 with a message instead of a database error and a 500."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        offset = request.GET.get("offset", "")
        if INTEGER.fullmatch(offset) and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset må højst være {MAX_OFFSET}")
        for name, values in request.GET.lists():
            for value in values:
                if "\x00" in value or "\x00" in name:
                    raise BadRequestError(f"{name.replace(chr(0), '')} må ikke indeholde NUL-tegn")
                if INTEGER.fullmatch(value) and abs(int(value)) > MAX_INTEGER:
                    raise BadRequestError(f"{name} er for stort")


class PagesAPI(JSONOnly, QueryParameterGuard, PagesAPIViewSet):
    pass


class PublishedOnly:
    """Images and documents that published content uses; a new upload is not listed before the
    page that uses it is published (home.uploads)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.filter(pk__in=published_ids(queryset.model))


class ImagesAPI(JSONOnly, QueryParameterGuard, PublishedOnly, ImagesAPIViewSet):
    pass


class DocumentsAPI(JSONOnly, QueryParameterGuard, PublishedOnly, DocumentsAPIViewSet):
    pass


class TermAPIViewSet(JSONOnly, QueryParameterGuard, BaseAPIViewSet):
    body_fields = BaseAPIViewSet.body_fields + ["name", "slug"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug"]
    nested_default_fields = BaseAPIViewSet.nested_default_fields + ["name", "slug"]
    name = None

    def get_queryset(self):
        return self.model.objects.all().order_by("sort_order", "name")


class ValuesAPIViewSet(TermAPIViewSet):
    model = Value
    name = "values"
    body_fields = TermAPIViewSet.body_fields + ["description", "sort_order", "url"]
    listing_default_fields = TermAPIViewSet.listing_default_fields + ["description", "url"]


class SchemesAPIViewSet(TermAPIViewSet):
    model = Scheme
    name = "schemes"
    body_fields = TermAPIViewSet.body_fields + ["description", "sort_order"]
    listing_default_fields = TermAPIViewSet.listing_default_fields + ["description"]


class RolesAPIViewSet(TermAPIViewSet):
    model = Role
    name = "roles"
    body_fields = TermAPIViewSet.body_fields + ["sort_order"]


class TagsAPIViewSet(JSONOnly, QueryParameterGuard, BaseAPIViewSet):
    """Tags used on live pages of the library, with how many pages use each."""

    model = Tag
    name = "tags"
    body_fields = BaseAPIViewSet.body_fields + ["name", "slug"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug"]

    def get_queryset(self):
        live_pages = LibraryPage.objects.live().public().values("pk")
        return (
            Tag.objects.annotate(
                usage=Count(
                    "cases_librarypagetag_items",
                    filter=Q(cases_librarypagetag_items__content_object__in=live_pages),
                )
            )
            .filter(usage__gt=0)
            .order_by("name")
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPI)
api_router.register_endpoint("images", ImagesAPI)
api_router.register_endpoint("documents", DocumentsAPI)
api_router.register_endpoint("values", ValuesAPIViewSet)
api_router.register_endpoint("schemes", SchemesAPIViewSet)
api_router.register_endpoint("roles", RolesAPIViewSet)
api_router.register_endpoint("tags", TagsAPIViewSet)
