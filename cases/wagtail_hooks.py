from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.sections import HOME_PAGE_SECTIONS, POLICY_VALUES, SPEAKER_APPEARANCES, Appearance, render_section

from .models import CaseIndexPage, CasePage, CaseSubmission, Role, Scheme, Value
from .reports import CasesDueForReviewView, may_review_cases
from .submission_admin import (
    DeclineView,
    MakePageView,
    SubmissionFilterSet,
    SubmissionHistoryView,
    SubmissionIndexView,
    SubmissionInspectView,
    submission_permission_policy,
)


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
    # For those who edit or moderate the library; conference organisers never see it.
    def is_shown(self, request):
        return may_review_cases(request.user)


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return ReviewReportMenuItem(
        "Erfaringer til gennemgang",
        reverse("cases_due_for_review"),
        name="cases-due-for-review",
        icon_name="calendar-alt",
        order=650,
    )


# What the library adds to home's pages (home/sections.py).


@hooks.register(HOME_PAGE_SECTIONS, order=10)
def library_on_the_home_page(context):
    """The library's newest items and the values, right under the home page's featured pages."""
    section = CaseIndexPage.home_section()
    return render_section(context, "cases/includes/home_cases.html", section=section) if section else ""


@hooks.register(POLICY_VALUES)
def values_on_the_policy_page():
    """The policy's values, each linking to its landing page in the library."""
    return Value.objects.all()


class CaseSubmissionViewSet(ModelViewSet):
    """»Indsendte erfaringer«: cases/submission_admin.py."""

    model = CaseSubmission
    icon = "mail"
    menu_label = "Indsendte erfaringer"
    menu_order = 240
    add_to_admin_menu = True
    url_prefix = "indsendte-erfaringer"
    name = "cases_casesubmission"
    permission_policy = submission_permission_policy
    index_view_class = SubmissionIndexView
    inspect_view_enabled = True
    inspect_view_class = SubmissionInspectView
    history_view_class = SubmissionHistoryView
    copy_view_enabled = False
    filterset_class = SubmissionFilterSet
    search_fields = ["title", "workplace", "contributor_name"]
    search_backend_name = None
    ordering = ["-submitted_at", "-pk"]
    list_display = [
        "title",
        "workplace",
        Column("municipality", label="Kommune", accessor="get_municipality_display"),
        Column("status", label="Status", accessor="get_status_display"),
        Column("submitted_at", label="Indsendt", accessor="submitted_at", sort_key="submitted_at"),
    ]
    form_fields = ["decline_reason"]
    inspect_view_fields = [
        "status",
        "held",
        "submitted_at",
        "decided_at",
        "decline_reason",
        "title",
        "lead",
        "workplace",
        "municipality",
        "sector",
        "target_group",
        "situation",
        "action",
        "results",
        "documentation",
        "lessons",
        "values",
        "schemes",
        "tags",
        "document",
        "contributor_name",
        "contributor_role",
        "contributor_email",
        "contributor_phone",
        "may_contact",
        "may_name",
        "contact_deleted_at",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("afvis/<int:pk>/", DeclineView.as_view(), name="decline"),
            path("opret-kladde/<int:pk>/", MakePageView.as_view(), name="make_page"),
        ]


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return CaseSubmissionViewSet()


@hooks.register("register_log_actions")
def register_submission_log_actions(actions):
    actions.register_action("cases.submission_declined", "Afvist med begrundelse", "Afvist med begrundelse")
    actions.register_action(
        "cases.submission_made_draft", "Kladde oprettet og sendt til godkendelse", "Kladde oprettet"
    )


@hooks.register(SPEAKER_APPEARANCES)
def speaker_in_case_stories(speaker):
    """The live, public case stories the speaker tells."""
    stories = CasePage.objects.live().public().filter(contact_speaker=speaker).order_by("title")
    return [
        Appearance(label=story.search_result_label(), title=story.title, url=story.url) for story in stories
    ]
