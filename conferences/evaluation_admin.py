"""The organisers' admin for evaluations: each past conference's results, the mail with the
materials and the evaluation link (sent once), and the anonymous answers with export.

Konferenceansvarlige (view_evaluation) see and export; sending the mail needs the registration
change permission the group also has. Answers are never added, changed or deleted here."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import evaluations
from .models import ConferencePage
from .permissions import evaluation_permission_policy, registration_permission_policy


def may_view(user):
    return evaluation_permission_policy.user_has_permission(user, "view")


def _require_view(request):
    if not may_view(request.user):
        raise PermissionDenied


class EvaluationOverviewView(WagtailAdminTemplateMixin, TemplateView):
    """The conferences that have been held, with their number of answers and whether the mail
    with materials and evaluation has gone out."""

    template_name = "conferences/admin/evaluation_overview.html"
    page_title = "Evaluering efter konferencerne"
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        _require_view(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        conferences = (
            ConferencePage.objects.filter(date__lte=timezone.localdate(now))
            .annotate(answer_count=Count("evaluations"))
            .select_related("evaluation_mailing")
            .defer_streamfields()
            .order_by("-date")
        )
        context["conferences"] = [c for c in conferences if c.ends_at <= now]
        context["answers_url"] = reverse("conference_evaluations:index")
        return context


class EvaluationResultsView(WagtailAdminTemplateMixin, TemplateView):
    """One conference's results; a POST sends the mail with materials and the evaluation link."""

    template_name = "conferences/admin/evaluation_results.html"
    header_icon = "pick"

    def dispatch(self, request, conference_id):
        _require_view(request)
        self.conference = get_object_or_404(ConferencePage, pk=conference_id)
        return super().dispatch(request, conference_id)

    def get_page_title(self):
        return f"Evaluering: {self.conference.get_admin_display_title()}"

    def post(self, request, conference_id):
        if not registration_permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        try:
            count = evaluations.send_invitations(self.conference)
        except evaluations.Refused as refused:
            messages.error(request, refused.refusal.value)
        else:
            messages.success(
                request, f"Mailen med materialer og evaluering er lagt i kø til {count} deltagere."
            )
        return redirect("conference_evaluation_results", conference_id=self.conference.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.conference
        context["conference"] = conference
        context["results"] = evaluations.Results(conference)
        context["mailing"] = getattr(conference, "evaluation_mailing", None)
        context["may_send"] = registration_permission_policy.user_has_permission(self.request.user, "change")
        context["materials"] = conference.sessions_with_materials()
        answers = reverse("conference_evaluations:index") + f"?conference={conference.pk}"
        context["answers_url"] = answers
        context["export_url"] = (
            reverse("conference_evaluations:index") + f"?conference={conference.pk}&export="
        )
        return context
