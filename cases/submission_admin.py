"""»Indsendte erfaringer« in the admin: what contributors sent through »Del din erfaring«, with
status (ny, under behandling, udgivet, afvist), filters, the contributor's details, and the two
decisions an editor takes here: decline (with the reason the contributor is mailed) and, for a
submission the spam trap held, making its draft page. Publishing happens on the page itself,
through the library's workflow.

Only Redaktører and Moderatorer (and superusers) have the permissions; conference organisers do
not, so they see neither the menu item nor the contributor details. Submissions are never added,
edited or deleted through the generic views: their rules are in cases/submissions.py.
"""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import HistoryView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from home.admin_views import EMPTY_VALUE, EmptyAsDashInspectView
from home.municipalities import MUNICIPALITY_CHOICES

from . import submissions
from .models import CaseSubmission

SENT_STATUSES = [
    choice for choice in CaseSubmission.Status.choices if choice[0] != CaseSubmission.Status.DRAFT
]


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """View with `view_casesubmission`; decide (decline, make the draft page) with
    `change_casesubmission`; never add, edit or delete through the generic views."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        if action == "decide":
            return user.is_active and user.has_perm("cases.change_casesubmission")
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


submission_permission_policy = SubmissionPermissionPolicy(CaseSubmission)
register_permission_policy(CaseSubmission, submission_permission_policy)


class SubmissionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="Status", choices=SENT_STATUSES, empty_label="Alle")
    municipality = django_filters.ChoiceFilter(
        label="Kommune", choices=MUNICIPALITY_CHOICES, empty_label="Alle"
    )
    held = django_filters.BooleanFilter(label="Tilbageholdt af spamfilteret")

    class Meta:
        model = CaseSubmission
        fields = ["status", "municipality", "held"]


class SubmissionIndexView(IndexView):
    """Sent submissions only: a saved, unsent form is still the contributor's own."""

    def get_base_queryset(self):
        return super().get_base_queryset().exclude(status=CaseSubmission.Status.DRAFT).select_related("page")


class SubmissionInspectView(EmptyAsDashInspectView):
    template_name = "cases/admin/submission_inspect.html"

    def get_field_display_value(self, field_name, field):
        if field_name == "document":
            return self.object.document.title if self.object.document_id else EMPTY_VALUE
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        may_decide = submission_permission_policy.user_has_permission(self.request.user, "decide")
        undecided = submission.status in (CaseSubmission.Status.NEW, CaseSubmission.Status.IN_REVIEW)
        context.update(
            submission=submission,
            may_decline=may_decide and undecided,
            may_make_page=may_decide and undecided and not submission.page_id,
            page_edit_url=reverse("wagtailadmin_pages:edit", args=[submission.page_id])
            if submission.page_id
            else "",
            decline_url=reverse("cases_casesubmission:decline", args=[submission.pk]),
            make_page_url=reverse("cases_casesubmission:make_page", args=[submission.pk]),
            images=list(submission.images.all()),
        )
        return context


class SubmissionHistoryView(HistoryView):
    """Who declined a case or made its draft: readable by everyone who may see submissions."""

    any_permission_required = ["view"]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Begrundelse til den, der har delt erfaringen",
        help_text="Sendes i en mail til personen. Skriv venligt og konkret, fx at erfaringen ligner en, der "
        "allerede er udgivet, eller hvad der mangler.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Skriv en begrundelse.", "max_length": "Højst 2000 tegn."},
    )


class _SubmissionActionView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not submission_permission_policy.user_has_permission(request.user, "decide"):
            raise PermissionDenied
        self.submission = get_object_or_404(CaseSubmission.objects.exclude(status="draft"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.submission.title

    def back(self):
        return redirect("cases_casesubmission:inspect", self.submission.pk)


class DeclineView(_SubmissionActionView):
    """Ask for the reason; decline with it. The draft page, images and PDF are removed."""

    template_name = "cases/admin/submission_decline.html"
    page_title = "Afvis indsendt erfaring"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", DeclineForm())
        context["submission"] = self.submission
        context["back_url"] = reverse("cases_casesubmission:inspect", args=[self.submission.pk])
        return context

    def post(self, request, pk):
        form = DeclineForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            submissions.decline(self.submission, form.cleaned_data["reason"], user=request.user)
        except submissions.DeclineRefused as refusal:
            messages.error(request, str(refusal))
            return self.back()
        messages.success(
            request, f"»{self.submission.title}« er afvist. Personen får en mail med begrundelsen."
        )
        return redirect("cases_casesubmission:index")


class MakePageView(_SubmissionActionView):
    """For a submission without its page (held by the spam trap): make the draft page and start
    the workflow with one action; the contributor gets the receipt."""

    template_name = "cases/admin/submission_make_page.html"
    page_title = "Opret kladde af indsendt erfaring"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submission"] = self.submission
        context["back_url"] = reverse("cases_casesubmission:inspect", args=[self.submission.pk])
        return context

    def post(self, request, pk):
        page = None
        if self.submission.status in (CaseSubmission.Status.NEW, CaseSubmission.Status.IN_REVIEW):
            page = submissions.create_draft_page(self.submission, user=request.user)
        if page is None:
            messages.error(
                request, "Der kan ikke oprettes en kladde: erfaringen har allerede en side eller er afgjort."
            )
            return self.back()
        messages.success(request, f"Kladden »{page.title}« er oprettet og sendt til godkendelse.")
        return redirect("wagtailadmin_pages:edit", page.pk)
