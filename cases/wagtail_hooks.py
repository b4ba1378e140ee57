from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Role, Scheme, Value
from .reports import CasesDueForReviewView


class TermViewSet(SnippetViewSet):
    # A handful of short terms: a plain database filter on the listed search_fields is
    # enough, and unlike the full-text index it can be restricted to those fields.
    search_backend_name = None
    ordering = ["sort_order", "name"]
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    list_export = ["name", "slug", "sort_order"]


class DescribedTermViewSet(TermViewSet):
    search_fields = ["name", "description"]
    list_export = ["name", "slug", "description", "sort_order"]


class ValueViewSet(DescribedTermViewSet):
    model = Value
    icon = "heart"
    menu_label = "Værdier"
    export_filename = "vaerdier"


class SchemeViewSet(DescribedTermViewSet):
    model = Scheme
    icon = "tag"
    menu_label = "Ordninger"
    export_filename = "ordninger"


class RoleViewSet(TermViewSet):
    model = Role
    icon = "group"
    menu_label = "Roller"
    export_filename = "roller"


class LibraryTaxonomyGroup(SnippetViewSetGroup):
    items = (ValueViewSet, SchemeViewSet, RoleViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Værdier og ordninger"
    menu_name = "library-taxonomy"
    menu_order = 300


register_snippet(LibraryTaxonomyGroup)


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path(
            "reports/erfaringer-til-gennemgang/",
            CasesDueForReviewView.as_view(),
            name="cases_due_for_review",
        ),
        path(
            "reports/erfaringer-til-gennemgang/results/",
            CasesDueForReviewView.as_view(results_only=True),
            name="cases_due_for_review_results",
        ),
    ]


class ReviewReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return ReviewReportMenuItem(
        "Erfaringer til gennemgang",
        reverse("cases_due_for_review"),
        name="cases-due-for-review",
        icon_name="calendar-alt",
        order=650,
    )
