"""The admin report »Erfaringer til gennemgang«: case stories not reviewed for 12 months."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import CaseIndexPage, CasePage
from .models.pages import REVIEW_INTERVAL


def cases_due_for_review(today=None):
    """Case stories (drafts included) last reviewed more than 12 months ago, oldest first."""
    today = today or timezone.localdate()
    return CasePage.objects.filter(last_reviewed__lt=today - REVIEW_INTERVAL).order_by(
        "last_reviewed", "title"
    )


def may_review_cases(user):
    """Those who may edit or publish the library's pages (Redaktører, Moderatorer): not the
    conference organisers, whose page permissions stop at the conference section."""
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change", "publish"])
    return user.is_active and pages.type(CaseIndexPage, CasePage).exists()


class CasesDueForReviewView(ReportView):
    page_title = "Erfaringer til gennemgang"
    header_icon = "calendar-alt"
    index_url_name = "cases_due_for_review"
    index_results_url_name = "cases_due_for_review_results"
    paginate_by = 50
    columns = [
        TitleColumn(
            "title",
            label="Erfaring",
            url_name="wagtailadmin_pages:edit",
        ),
        Column("municipality_name", label="Kommune"),
        Column("workplace", label="Arbejdsplads"),
        Column("last_reviewed", label="Sidst gennemgået"),
        Column("status_string", label="Status"),
    ]
    list_export = [
        "title",
        "municipality_name",
        "workplace",
        "last_reviewed",
        "status_string",
        "full_url",
    ]
    export_headings = {
        "title": "Erfaring",
        "municipality_name": "Kommune",
        "workplace": "Arbejdsplads",
        "last_reviewed": "Sidst gennemgået",
        "status_string": "Status",
        "full_url": "Adresse",
    }

    def dispatch(self, request, *args, **kwargs):
        if not may_review_cases(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"erfaringer-til-gennemgang-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return cases_due_for_review()
