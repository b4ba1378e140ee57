"""The read-only Wagtail API v2 at /api/v2/: pages (with the library's fields), images,
documents, and the library's values, schemes, roles and tags."""

from django.db.models import Count, Q
from taggit.models import Tag
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from .models import LibraryPage, Role, Scheme, Value


class TermAPIViewSet(BaseAPIViewSet):
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


class TagsAPIViewSet(BaseAPIViewSet):
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
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("values", ValuesAPIViewSet)
api_router.register_endpoint("schemes", SchemesAPIViewSet)
api_router.register_endpoint("roles", RolesAPIViewSet)
api_router.register_endpoint("tags", TagsAPIViewSet)
