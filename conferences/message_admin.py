"""The organisers' messages to participants in the admin: pick a conference, write the message,
see it as it will arrive with the number of recipients, and send it.

Only people who may change registrations (the group Konferenceansvarlige, and superusers) reach
any of it; everyone else gets a 403. Sending is conferences.messaging.send_message."""

import secrets

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import emails, messaging
from .forms import MessageForm
from .models import ConferenceMessage, ConferencePage
from .permissions import registration_permission_policy


def may_send(user):
    return registration_permission_policy.user_has_permission(user, "change")


def _forbidden(request):
    """A real 403 (the »Adgang nægtet« page), not Wagtail's redirect to the dashboard: the
    page exists, and this user may not use it."""
    return permission_denied(request, PermissionDenied())


class MessageIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The conferences, newest first, each with how many have a seat or wait, and its messages."""

    template_name = "conferences/admin/message_index.html"
    page_title = "Beskeder til deltagerne"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not may_send(request.user):
            return _forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conferences"] = (
            ConferencePage.objects.order_by("-date")
            .annotate(
                confirmed_count=Count(
                    "registrations", filter=Q(registrations__status="confirmed"), distinct=True
                ),
                waiting_count=Count(
                    "registrations", filter=Q(registrations__status="waiting"), distinct=True
                ),
                message_count=Count("messages", distinct=True),
            )
            .defer_streamfields()
        )
        return context


class MessageComposeView(WagtailAdminTemplateMixin, TemplateView):
    """GET: the form and the messages sent so far. POST »Se beskeden«: the preview with the
    number of recipients; POST »Ret beskeden«: back to the form as written; POST »Send«: send."""

    header_icon = "mail"

    def dispatch(self, request, conference_id):
        if not may_send(request.user):
            return _forbidden(request)
        self.conference = get_object_or_404(ConferencePage, pk=conference_id)
        return super().dispatch(request, conference_id)

    def get_page_title(self):
        return f"Besked til deltagerne: {self.conference.get_admin_display_title()}"

    def get_template_names(self):
        return [getattr(self, "template", "conferences/admin/message_compose.html")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conference"] = self.conference
        context["sent"] = (
            ConferenceMessage.objects.filter(conference=self.conference)
            .select_related("sent_by")
            .order_by("-sent_at")
        )
        context["index_url"] = reverse("conference_messages_index")
        context.setdefault("form", MessageForm(conference=self.conference))
        context["max_per_hour"] = messaging.MAX_PER_HOUR
        return context

    def post(self, request, conference_id):
        form = MessageForm(request.POST, conference=self.conference)
        step = request.POST.get("step")
        if not form.is_valid() or step == "edit":
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        workshop = data.get("workshop") if data["audience"] == ConferenceMessage.Audience.WORKSHOP else None
        if step == "send":
            try:
                message = messaging.send_message(
                    self.conference,
                    audience=data["audience"],
                    workshop=workshop,
                    subject=data["subject"],
                    body=data["body"],
                    user=request.user,
                    send_token=request.POST.get("send_token", "")[:64] or secrets.token_urlsafe(32),
                )
            except messaging.Refused as refused:
                messages.error(request, refused.refusal.value)
                if refused.refusal is messaging.Refusal.ALREADY_SENT:
                    return redirect("conference_messages_compose", conference_id=self.conference.pk)
                return self.render_to_response(self.get_context_data(form=form))
            messages.success(
                request,
                f"Beskeden »{message.subject}« er lagt i mailkøen til {message.recipient_count} "
                f"{'person' if message.recipient_count == 1 else 'personer'}.",
            )
            return redirect("conference_messages_compose", conference_id=self.conference.pk)
        # The preview: the mail as a participant gets it, and how many get it.
        self.template = "conferences/admin/message_preview.html"
        count = messaging.recipients(self.conference, data["audience"], workshop).count()
        audience = ConferenceMessage(
            audience=data["audience"], workshop_title=workshop.title if workshop else ""
        )
        context = self.get_context_data(form=form)
        context.update(
            subject=data["subject"],
            preview=emails.message_preview_text(self.conference, data["body"]),
            recipient_count=count,
            audience_label=audience.audience_label(),
            send_token=secrets.token_urlsafe(32),
        )
        return self.render_to_response(context)
