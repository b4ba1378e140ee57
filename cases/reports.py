"""The admin report »Erfaringer til gennemgang«: case stories not reviewed for 12 months."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from .models import CasePage
from .models.pages import REVIEW_INTERVAL


def cases_due_for_review(today=None):
    """Case stories (drafts included) last reviewed more than 12 months ago, oldest first."""
    today = today or timezone.localdate()
    return CasePage.objects.filter(last_reviewed__lt=today - REVIEW_INTERVAL).order_by(
        "last_reviewed", "title"
    )


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
        if not user_has_any_page_permission(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"erfaringer-til-gennemgang-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return cases_due_for_review()
