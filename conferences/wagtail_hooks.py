"""The organisers' admin: "Tilmeldinger" (listing, export, actions), check-in, the dashboard
panel, and the log actions for what organisers do to registrations."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from home.admin_views import EmptyAsDashInspectView
from home.sections import HOME_PAGE_SECTIONS, SPEAKER_APPEARANCES, Appearance, render_section

from . import admin_views, check_in_views, evaluation_admin, message_admin
from .dashboard import upcoming_conference_stats
from .forms import RegistrationAdminForm
from .models import ConferencePage, Evaluation, Registration, RegistrationCount
from .permissions import registration_permission_policy

# Export columns in order: attribute → heading.
CONFERENCE_EXPORT = {"conference.title": "Konference", "conference.city": "By", "conference.date": "Dato"}
REGISTRATION_EXPORT = {
    **CONFERENCE_EXPORT,
    "get_status_display": "Status",
    "waiting_position": "Ventelisteplads",
    "name": "Navn",
    "email": "E-mail",
    "organisation": "Arbejdsplads",
    "get_municipality_display": "Kommune",
    "get_role_display": "Rolle",
    "dietary_needs": "Kosthensyn",
    "accessibility_needs": "Behov for tilgængelighed",
    "workshop_summary": "Workshops",
    "consent_text": "Samtykketekst",
    "consented_at": "Samtykke givet",
    "created_at": "Tilmeldt",
    "confirmed_at": "Fik plads",
    "cancelled_at": "Afmeldt",
    "checked_in_at": "Mødt op",
}
COUNT_EXPORT = {
    **CONFERENCE_EXPORT,
    "get_role_display": "Rolle",
    "get_municipality_display": "Kommune",
    "registered": "Tilmeldt",
    "waiting": "På venteliste",
    "cancelled": "Afmeldt",
    "came": "Mødt op",
}


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "group"
    menu_label = "Tilmeldinger"
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "tilmeldinger"
    name = "conference_registrations"
    index_view_class = admin_views.RegistrationIndexView
    edit_view_class = admin_views.RegistrationEditView
    history_view_class = admin_views.RegistrationHistoryView
    inspect_view_enabled = True
    inspect_view_class = admin_views.RegistrationInspectView
    copy_view_enabled = False

    list_display = [
        "name",
        "organisation",
        Column("conference", label="Konference", accessor="conference.get_admin_display_title"),
        Column("status", label="Status", accessor="get_status_display"),
        Column("waiting_position", label="Ventelisteplads", accessor="waiting_position"),
        Column("workshops", label="Workshops", accessor="workshop_titles"),
        Column("created_at", label="Tilmeldt", accessor="created_at_display", sort_key="created_at"),
        Column("checked_in_at", label="Mødt op", accessor="checked_in_display"),
    ]
    filterset_class = admin_views.RegistrationFilterSet
    search_fields = ["name", "email", "organisation"]
    ordering = ["conference", "created_at"]
    # Seats, status and the waiting list change only through the actions, under their rules.
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("email"),
                    FieldPanel("organisation"),
                    FieldPanel("municipality"),
                    FieldPanel("role"),
                ],
                heading="Deltager",
            ),
            MultiFieldPanel(
                [FieldPanel("dietary_needs"), FieldPanel("accessibility_needs")], heading="Behov"
            ),
        ],
        base_form_class=RegistrationAdminForm,
    )
    inspect_view_fields = [
        "conference",
        "status",
        "name",
        "email",
        "organisation",
        "municipality",
        "role",
        "dietary_needs",
        "accessibility_needs",
        "workshop_summary",
        "consent_text",
        "consented_at",
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "reminder_sent_at",
        "checked_in_at",
    ]
    list_export = list(REGISTRATION_EXPORT)
    export_headings = REGISTRATION_EXPORT
    export_filename = "tilmeldinger"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "handling/<str:action>/<int:pk>/", admin_views.RegistrationActionView.as_view(), name="action"
            ),
            path("indtjekning/", admin_views.CheckInIndexView.as_view(), name="check_in_index"),
            path("indtjekning/<int:conference_id>/", check_in_views.check_in_list, name="check_in"),
            path(
                "indtjekning/<int:conference_id>/udskriv/",
                admin_views.print_check_in_list,
                name="check_in_print",
            ),
            path(
                "indtjekning/<int:conference_id>/navneskilte/",
                admin_views.badges,
                name="badges",
            ),
            path("forplejning/<int:conference_id>/", admin_views.CateringView.as_view(), name="catering"),
        ]


registration_viewset = RegistrationViewSet()


class RegistrationCountViewSet(ModelViewSet):
    """What is left of past conferences' registrations after the purge: anonymous counts."""

    model = RegistrationCount
    icon = "table"
    menu_label = "Anonyme tal"
    menu_order = 252
    add_to_admin_menu = True
    url_prefix = "anonyme-tal"
    name = "registration_counts"
    inspect_view_enabled = True
    inspect_view_class = EmptyAsDashInspectView
    copy_view_enabled = False
    list_display = [
        Column("conference", label="Konference", accessor="conference.get_admin_display_title"),
        "role",
        "municipality",
        "registered",
        "waiting",
        "cancelled",
        "came",
    ]
    list_filter = ["conference", "role", "municipality"]
    list_export = list(COUNT_EXPORT)
    export_headings = COUNT_EXPORT
    export_filename = "anonyme-tal"
    form_fields = []


EVALUATION_EXPORT = {
    **CONFERENCE_EXPORT,
    "submitted_on": "Besvaret",
    "overall_rating": "Samlet vurdering",
    "session_ratings_summary": "Programpunkter",
    "comment": "Kommentar",
}


class EvaluationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("conference").prefetch_related("session_ratings")


class EvaluationViewSet(ModelViewSet):
    """The anonymous answers: read and export only, never changed."""

    model = Evaluation
    icon = "pick"
    add_to_admin_menu = False
    url_prefix = "evalueringer"
    name = "conference_evaluations"
    menu_label = "Evalueringer"
    index_view_class = EvaluationIndexView
    inspect_view_enabled = True
    inspect_view_class = EmptyAsDashInspectView
    copy_view_enabled = False
    list_display = [
        Column("conference", label="Konference", accessor="conference.get_admin_display_title"),
        "submitted_on",
        "overall_rating",
        Column("session_ratings", label="Programpunkter", accessor="session_ratings_summary"),
        "comment",
    ]
    list_filter = ["conference"]
    ordering = ["-submitted_on"]
    list_export = list(EVALUATION_EXPORT)
    export_headings = EVALUATION_EXPORT
    export_filename = "evalueringer"
    form_fields = []


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return [registration_viewset, RegistrationCountViewSet(), EvaluationViewSet()]


@hooks.register("register_admin_urls")
def register_evaluation_urls():
    return [
        path(
            "evaluering/",
            evaluation_admin.EvaluationOverviewView.as_view(),
            name="conference_evaluation_overview",
        ),
        path(
            "evaluering/<int:conference_id>/",
            evaluation_admin.EvaluationResultsView.as_view(),
            name="conference_evaluation_results",
        ),
    ]


@hooks.register("register_admin_urls")
def register_message_urls():
    return [
        path("beskeder/", message_admin.MessageIndexView.as_view(), name="conference_messages_index"),
        path(
            "beskeder/<int:conference_id>/",
            message_admin.MessageComposeView.as_view(),
            name="conference_messages_compose",
        ),
    ]


class MessageMenuItem(MenuItem):
    def is_shown(self, request):
        return message_admin.may_send(request.user)


@hooks.register("register_admin_menu_item")
def register_message_menu_item():
    return MessageMenuItem(
        "Beskeder til deltagerne", reverse("conference_messages_index"), icon_name="mail", order=254
    )


class EvaluationMenuItem(MenuItem):
    def is_shown(self, request):
        return evaluation_admin.may_view(request.user)


@hooks.register("register_admin_menu_item")
def register_evaluation_menu_item():
    return EvaluationMenuItem(
        "Evaluering", reverse("conference_evaluation_overview"), icon_name="pick", order=253
    )


class CheckInMenuItem(MenuItem):
    def is_shown(self, request):
        return registration_permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_admin_menu_item")
def register_check_in_menu_item():
    return CheckInMenuItem(
        "Indtjekning", reverse("conference_registrations:check_in_index"), icon_name="tick", order=251
    )


PROMOTION_CAUSES = {
    "cancellation": "en anden meldte afbud",
    "capacity": "antallet af pladser blev sat op",
    "free_seat": "der var en ledig plads",
}


class HistoryMessage(LogFormatter):
    """A log entry's message, built from its data by `build` (data → Danish text)."""

    def __init__(self, label, build):
        self.label = label
        self.build = build

    def format_message(self, log_entry):
        try:
            return self.build(log_entry.data or {})
        except (KeyError, TypeError, ValueError):
            return self.label  # an entry whose data was forgotten after deletion


def _registered(data):
    if data["status"] == "confirmed":
        return "Tilmeldte sig og fik en plads"
    if data["status"] == "waiting":
        return "Tilmeldte sig og kom på ventelisten"
    return "Tilmeldte sig"


def _cancelled(whom):
    def build(data):
        was = {"confirmed": "sin plads", "waiting": "sin plads på ventelisten"}.get(data.get("was"), "")
        return f"Afmeldt af {whom}" + (f" (opgav {was})" if was else "")

    return build


def _promoted_by_hand(data):
    text = f"Rykket op fra ventelisten af arrangøren: plads nr. {data['seat']}"
    if data.get("reason"):
        text += f", uden for tur foran {data['skipped']} andre. Begrundelse: {data['reason']}"
    return text


def _changed(data):
    parts = []
    for change in data["changed"]:
        if change == "needs":
            parts.append("kost- eller tilgængelighedsbehov")
        elif "dropped" in change:
            parts.append(f"fravalgte workshop »{change['dropped']}«")
        else:
            status = "plads" if change["seat"] else "venteliste"
            parts.append(f"valgte workshop »{change['workshop']}« ({status})")
    return "Deltageren rettede sin tilmelding: " + "; ".join(parts)


CHECKED_IN_VIA = {"qr": "ved at scanne QR-koden", "list": "fra deltagerlisten"}


HISTORY_ACTIONS = {
    "conferences.check_in": (
        "Tjekket ind",
        lambda d: " ".join(["Tjekket ind af arrangøren", CHECKED_IN_VIA.get(d.get("via"), "")]).strip(),
    ),
    "conferences.check_in_undone": (
        "Indtjekning fortrudt",
        lambda d: "Indtjekningen blev fortrudt af arrangøren",
    ),
    "conferences.register": ("Tilmeldt", _registered),
    "conferences.held": ("Tilbageholdt af spamfilteret", lambda d: "Tilbageholdt af spamfilteret"),
    "conferences.participant_cancel": ("Afmeldt af deltageren", _cancelled("deltageren")),
    "conferences.cancel": ("Afmeldt af arrangør", _cancelled("arrangøren")),
    "conferences.auto_promote": (
        "Rykket op automatisk",
        lambda d: (
            f"Rykket op fra ventelisten automatisk til plads nr. {d['seat']}, "
            f"fordi {PROMOTION_CAUSES[d['cause']]}"
        ),
    ),
    "conferences.workshop_promote": (
        "Fik workshopplads automatisk",
        lambda d: f"Fik plads på workshoppen »{d['workshop']}« automatisk fra workshoppens venteliste",
    ),
    "conferences.promote": ("Rykket op fra ventelisten af arrangør", _promoted_by_hand),
    "conferences.participant_change": ("Rettet af deltageren", _changed),
    "conferences.identity_change_requested": (
        "Ændring af navn eller e-mail bedt om",
        lambda d: "Deltageren bad om nyt navn eller ny e-mail (venter på bekræftelse fra den nye adresse)",
    ),
    "conferences.message_received": (
        "Besked fra arrangørerne",
        lambda d: f"Fik beskeden »{d['subject']}« fra arrangørerne på mail og på sin side",
    ),
    "conferences.message_sent": (
        "Besked sendt til deltagerne",
        lambda d: f"Beskeden »{d['subject']}« sendt til {d['recipients']} ({d['audience']})",
    ),
    "conferences.identity_changed": (
        "Navn eller e-mail ændret",
        lambda d: "Deltageren bekræftede nyt navn eller ny e-mail fra mailen",
    ),
}


@hooks.register("register_log_actions")
def register_registration_log_actions(actions):
    for action, (label, build) in HISTORY_ACTIONS.items():
        actions.register_action(action)(lambda label=label, build=build: HistoryMessage(label, build))
    actions.register_action(
        "conferences.resend_confirmation", "Bekræftelse sendt igen", "Bekræftelsen sendt igen"
    )
    actions.register_action(
        "conferences.release", "Tilbageholdt tilmelding godkendt", "Tilbageholdt tilmelding godkendt"
    )


class ConferencesPanel(Component):
    name = "conferences"
    order = 50
    template_name = "conferences/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "stats": upcoming_conference_stats(),
            "index_url": reverse("conference_registrations:index"),
        }


@hooks.register("construct_homepage_panels")
def add_conferences_panel(request, panels):
    if registration_permission_policy.user_has_permission(request.user, "view"):
        panels.append(ConferencesPanel())


@hooks.register(HOME_PAGE_SECTIONS, order=20)
def upcoming_conferences_on_the_home_page(context):
    """The next conferences with their registration state, after the library (home/sections.py)."""
    return render_section(
        context, "conferences/includes/upcoming_conferences.html", conferences=ConferencePage.upcoming()
    )


@hooks.register(SPEAKER_APPEARANCES)
def speaker_in_programmes(speaker):
    """The programme items a speaker has on live, public conference pages, newest conference first."""
    found = []
    for conference in ConferencePage.objects.live().public().order_by("-date"):
        for session in conference.programme_sessions():
            if any(person.pk == speaker.pk for person in session.speakers):
                found.append(
                    Appearance(
                        label=f"{session.kind_label} · {conference.city} · {conference.date:%d.%m.%Y}",
                        title=session.title,
                        url=session.url,
                    )
                )
    return found
