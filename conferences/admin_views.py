"""The organisers' admin for registrations: the "Tilmeldinger" listing and export, the actions
(cancel, move up, resend the confirmation), the check-in index and the printable check-in list
(the check-in itself is conferences/check_in_views.py).

Only people with the registration permissions (the group Konferenceansvarlige, and superusers)
reach any of it; every change an organiser makes is written to Wagtail's log.
"""

import csv
import datetime
import io

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.mixins import Echo, ExcelDateFormatter
from wagtail.log_actions import log

from home.admin_views import EmptyAsDashInspectView
from home.danish_time import danish_time

from . import organisers, paper
from .choices import WORKPLACE_MUNICIPALITY_CHOICES, ParticipantRole
from .forms import ADDRESS_TAKEN
from .models import ConferencePage, Registration, Workshop
from .permissions import registration_permission_policy
from .registration import locked

# Characters a spreadsheet reads as the start of a formula (also after a tab or return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe, so it is
    shown as the text the person typed and never executed."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def waiting_list_positions(queryset):
    """Annotate each registration with its waiting-list position (None unless waiting), in the
    listing's one query: 1 + the waiting registrations of the same conference ahead of it."""
    ahead = (
        Registration.objects.filter(conference=OuterRef("conference"), status=Registration.Status.WAITING)
        .filter(
            Q(waiting_since__lt=OuterRef("waiting_since"))
            | Q(waiting_since=OuterRef("waiting_since"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("conference")
    )
    count = Subquery(ahead.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField())
    return queryset.annotate(
        waiting_position_annotated=Coalesce(count, 0) + 1,
    )


class ConferenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # Both launch conferences share a title; city and date tell them apart.
        return obj.get_admin_display_title()


class ConferenceFilter(django_filters.ModelChoiceFilter):
    field_class = ConferenceChoiceField


class WorkshopChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        conference = obj.conference
        return f"{obj.title} ({conference.city}, {conference.date:%d.%m.%Y})"


class WorkshopFilter(django_filters.ModelChoiceFilter):
    field_class = WorkshopChoiceField


class RegistrationFilterSet(WagtailFilterSet):
    conference = ConferenceFilter(
        label="Konference", queryset=ConferencePage.objects.order_by("date"), empty_label="Alle konferencer"
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Registration.Status.choices, empty_label="Alle"
    )
    role = django_filters.ChoiceFilter(label="Rolle", choices=ParticipantRole.choices, empty_label="Alle")
    municipality = django_filters.ChoiceFilter(
        label="Kommune", choices=WORKPLACE_MUNICIPALITY_CHOICES, empty_label="Alle"
    )
    workshop = WorkshopFilter(
        label="Workshop",
        field_name="workshop_bookings__workshop",
        queryset=Workshop.objects.filter(capacity__isnull=False)
        .select_related("conference")
        .order_by("conference__date", "sort_order"),
        empty_label="Alle workshops",
    )
    checked_in = django_filters.BooleanFilter(
        label="Mødt op", field_name="checked_in_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Registration
        fields = ["conference", "status", "role", "municipality"]


class RegistrationIndexView(IndexView):
    """The listing, with the export behind its own permission and formulas neutralised."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("conference")
        return waiting_list_positions(queryset).prefetch_related("workshop_bookings__workshop")

    def dispatch(self, request, *args, **kwargs):
        if request.GET.get("export") in self.FORMATS and not self.permission_policy.user_has_permission(
            request.user, "export"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def show_export_buttons(self):
        return bool(self.list_export) and self.permission_policy.user_has_permission(
            self.request.user, "export"
        )

    def preprocess_field_value(self, field, value, export_format):
        """Times in Danish local time, never UTC; dates and times as Danish Excel reads them from
        a CSV file; text that a spreadsheet would run as a formula neutralised."""
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = danish_time(value)
            if export_format == self.FORMAT_XLSX:
                return timezone.make_naive(value, value.tzinfo)  # a real date cell, local time
            return f"{value:%d-%m-%Y %H:%M}"
        if isinstance(value, datetime.date) and export_format == self.FORMAT_CSV:
            return f"{value:%d-%m-%Y}"
        return neutralise_formula(super().preprocess_field_value(field, value, export_format))

    def stream_csv(self, queryset):
        """CSV as Danish Excel opens it with a double click: a byte order mark (so it reads UTF-8,
        æøå intact) and `;` between fields (`,` is the decimal comma)."""
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=";")
        headings = {field: self.get_heading(queryset, field) for field in self.list_export}
        yield "\ufeff".encode() + writer.writerow(headings)
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def write_xlsx(self, queryset, output):
        """One sheet per conference, named after it (title, city, date), in the order met."""
        from openpyxl import Workbook

        workbook = Workbook(write_only=True, iso_dates=True)
        headings = [self.get_heading(queryset, field) for field in self.list_export]
        date_format = ExcelDateFormatter().get()
        sheets = {}
        for item in queryset:
            sheet = sheets.get(item.conference_id)
            if sheet is None:
                titles = {existing.title for existing in sheets.values()}
                sheet = workbook.create_sheet(title=sheet_title(item.conference, titles))
                sheet.append(headings)
                sheets[item.conference_id] = sheet
            sheet.append(self.generate_xlsx_row(sheet, self.to_row_dict(item), date_format=date_format))
        if not sheets:
            workbook.create_sheet(title="Tilmeldinger").append(headings)
        workbook.save(output)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not self.permission_policy.user_has_permission(self.request.user, "change"):
            return buttons
        urls = registration_action_urls(instance)
        for label, url, icon, priority in (
            ("Afmeld", urls.get("cancel"), "cross", 40),
            ("Ryk op fra venteliste", urls.get("promote"), "arrow-up", 41),
            ("Send bekræftelse igen", urls.get("resend"), "mail", 42),
            ("Godkend tilbageholdt tilmelding", urls.get("release"), "tick", 39),
        ):
            if url:
                buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons


SHEET_TITLE_MAX = 31  # Excel's limit
SHEET_TITLE_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


def sheet_title(conference, taken=()):
    """The conference as an Excel sheet name, e.g. »Rummelighed i Aarhus 02.06.28«: the title
    cut (at a word where it can) to fit Excel's 31 characters so that city and date always
    show; unique among `taken`."""
    where = f"{conference.city} {conference.date:%d.%m.%y}".translate(SHEET_TITLE_FORBIDDEN)
    room = SHEET_TITLE_MAX - len(where) - 1
    title = conference.title.translate(SHEET_TITLE_FORBIDDEN).strip()
    if len(title) > room:
        cut = title[: room + 1]
        title = cut.rsplit(" ", 1)[0] if " " in cut.strip() else title[:room]
    base = f"{title.strip()} {where}".strip()[:SHEET_TITLE_MAX]
    candidate, number = base, 2
    while candidate in taken:
        suffix = f" ({number})"
        candidate, number = base[: SHEET_TITLE_MAX - len(suffix)] + suffix, number + 1
    return candidate


class RegistrationInspectView(EmptyAsDashInspectView):
    """The details of a registration; the conference named with city and date."""

    def get_conference_display_value(self):
        return self.object.conference.get_admin_display_title()


class _AddressTaken(Exception):
    pass


class RegistrationEditView(EditView):
    """The organisers' edit form writes only the fields it shows, under the lock protocol
    (registration.locked): a status, seat or waiting-list place that changed after the form was
    opened (the participant cancelled, the waiting list moved up) is never written back."""

    def save_instance(self):
        edited = [
            field.name for field in Registration._meta.concrete_fields if field.name in self.form.fields
        ]
        with locked(self.object.conference_id, [self.object.pk]) as lock:
            registration = lock.registration
            if registration is None:
                raise Http404("Tilmeldingen er slettet.")
            for name in edited:
                setattr(registration, name, self.form.cleaned_data[name])
            try:
                with transaction.atomic():
                    registration.save(update_fields=edited)
            except IntegrityError as error:
                # The address was taken by another registration after the form checked it.
                raise _AddressTaken from error
            log(
                instance=registration,
                action="wagtail.edit",
                user=self.request.user,
                content_changed=self.form.has_changed(),
            )
        return registration

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except _AddressTaken:
            form.add_error("email", ADDRESS_TAKEN)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


def who_did_it(entry):
    """Who made the change in a registration's history: the participant (through their own
    link), an organiser by name, or the system (a consequence of someone else's change)."""
    by = (entry.data or {}).get("by")
    if entry.user_id:
        return f"Arrangør: {entry.user_display_name}"
    if by == "participant":
        return "Deltageren (via sit link)"
    return "Systemet (automatisk)"


class RegistrationHistoryView(HistoryView):
    """Wagtail's history, with a column that says who: participant, organiser or system."""

    @cached_property
    def columns(self):
        columns = [column for column in super().columns if column.name != "user"]
        columns.insert(1, Column("who", label="Hvem", accessor=who_did_it, width="25%"))
        return columns


def registration_action_urls(registration):
    """The actions that apply to this registration now."""
    urls = {}
    if registration.is_active:
        urls["cancel"] = reverse("conference_registrations:action", args=["cancel", registration.pk])
        urls["resend"] = reverse("conference_registrations:action", args=["resend", registration.pk])
    if registration.status == Registration.Status.WAITING:
        urls["promote"] = reverse("conference_registrations:action", args=["promote", registration.pk])
    if registration.status == Registration.Status.HELD:
        urls["release"] = reverse("conference_registrations:action", args=["release", registration.pk])
    return urls


def _require(request, action):
    if not _has(request, action):
        raise PermissionDenied


ACTIONS = {
    "cancel": {
        "title": "Afmeld tilmelding",
        "question": "Vil du afmelde {name}? Deltageren får en mail, "
        "og pladsen går til den første på ventelisten.",
        "button": "Ja, afmeld",
    },
    "promote": {
        "title": "Ryk op fra ventelisten",
        "question": "Vil du give {name} en plads? Det kan kun lade sig gøre, når der er en ledig plads; "
        "ledige pladser går af sig selv til dem, der har ventet længst. Deltageren får en mail.",
        "button": "Ja, giv en plads",
    },
    "release": {
        "title": "Godkend tilbageholdt tilmelding",
        "question": "Tilmeldingen fra {name} blev holdt tilbage, fordi et skjult felt, som kun robotter "
        "plejer at udfylde, var udfyldt. Ser den ægte ud, så godkend den: {name} får en ledig plads eller "
        "ellers en plads sidst på ventelisten og får den almindelige mail med sit personlige link.",
        "button": "Ja, godkend",
    },
    "resend": {
        "title": "Send bekræftelsen igen",
        "question": "Vil du sende {name} en ny mail med status og personligt link?",
        "button": "Ja, send igen",
    },
}


class RegistrationActionView(WagtailAdminTemplateMixin, TemplateView):
    """GET asks; POST does the action, logs it and returns to the listing with a message."""

    template_name = "conferences/admin/registration_action.html"
    header_icon = "group"

    def dispatch(self, request, action, pk):
        _require(request, "change")
        if action not in ACTIONS:
            raise PermissionDenied
        self.action = action
        self.registration = get_object_or_404(Registration.objects.select_related("conference"), pk=pk)
        return super().dispatch(request, action, pk)

    def get_page_title(self):
        return ACTIONS[self.action]["title"]

    def get_page_subtitle(self):
        return self.registration.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        spec = ACTIONS[self.action]
        context.update(
            registration=self.registration,
            question=spec["question"].format(name=self.registration.name),
            button=spec["button"],
            back_url=reverse("conference_registrations:index"),
        )
        if self.action == "promote":
            # Out of turn only with a reason, which goes into the history.
            context["skipped"] = organisers.queue_jump(self.registration)
            context["reason_max_length"] = organisers.REASON_MAX_LENGTH
        return context

    def post(self, request, action, pk):
        options = {"reason": request.POST.get("reason", "")} if action == "promote" else {}
        result = organisers.perform(action, self.registration, user=request.user, **options)
        buttons = [messages.button(*result.link)] if result.link else None
        (messages.success if result.done else messages.error)(request, result.message, buttons=buttons)
        return redirect("conference_registrations:index")


class CheckInIndexView(WagtailAdminTemplateMixin, TemplateView):
    """Pick a conference to check people in or print its list."""

    template_name = "conferences/admin/check_in_index.html"
    page_title = "Indtjekning"
    header_icon = "tick"

    def dispatch(self, request, *args, **kwargs):
        _require(request, "view")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conferences"] = ConferencePage.objects.order_by("-date").with_seat_counts()
        context["can_export"] = _has(self.request, "export")
        return context


def _has(request, action):
    return registration_permission_policy.user_has_permission(request.user, action)


class _UnknownWorkshop(Exception):
    pass


def _chosen_workshop(request, conference):
    """The workshop in »?workshop=«, which must be one of the conference's; None for all."""
    value = request.GET.get("workshop", "")
    if not value:
        return None
    if not value.isdigit():
        raise _UnknownWorkshop
    try:
        return Workshop.objects.get(pk=int(value), conference=conference)
    except Workshop.DoesNotExist:
        raise _UnknownWorkshop from None


UNKNOWN_WORKSHOP = "Den valgte workshop findes ikke ved denne konference. Vælg en workshop fra listen."


def print_check_in_list(request, conference_id):
    """A plain page to print: names sorted, workplace, municipality, workshops, needs, a box to
    tick; with »?workshop=« only the participants who have a seat on that workshop."""
    _require(request, "view")
    conference = get_object_or_404(ConferencePage, pk=conference_id)
    try:
        workshop = _chosen_workshop(request, conference)
    except _UnknownWorkshop:
        messages.error(request, UNKNOWN_WORKSHOP)
        return redirect("conference_registrations:check_in", conference.pk)
    context = {
        "conference": conference,
        "workshop": workshop,
        "participants": [
            (person, paper.municipality_label(person), paper.seated_workshops(person))
            for person in paper.day_participants(conference, workshop)
        ],
        "printed_at": timezone.localtime(),
    }
    return TemplateResponse(request, "conferences/admin/check_in_print.html", context)


def badges(request, conference_id):
    """The name badges of the confirmed participants as a PDF to print on A4 (all, or those with
    a seat on »?workshop=«). A file with personal data, like the export: export permission."""
    _require(request, "export")
    conference = get_object_or_404(ConferencePage, pk=conference_id)
    try:
        workshop = _chosen_workshop(request, conference)
    except _UnknownWorkshop:
        messages.error(request, UNKNOWN_WORKSHOP)
        return redirect("conference_registrations:check_in", conference.pk)
    participants = paper.day_participants(conference, workshop)
    if not participants:
        messages.error(
            request,
            "Der er ingen bekræftede deltagere"
            + (f" med plads på workshoppen »{workshop.title}«" if workshop else "")
            + ", så der er ingen navneskilte at lave.",
        )
        return redirect("conference_registrations:check_in", conference.pk)
    subtitle = paper.workshop_line(workshop) if workshop else ""
    response = HttpResponse(
        paper.badges_pdf(conference, participants, subtitle), content_type="application/pdf"
    )
    name = f"navneskilte-{conference.slug}-{conference.date:%Y-%m-%d}"
    if workshop:
        name += f"-workshop-{workshop.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


class CateringView(WagtailAdminTemplateMixin, TemplateView):
    """The catering summary of a conference: how many confirmed participants gave each dietary
    and accessibility need, for the whole conference and per workshop; no names. With
    »?export=csv« or »?export=xlsx« the same as a file."""

    template_name = "conferences/admin/catering.html"
    header_icon = "table"

    def dispatch(self, request, conference_id):
        _require(request, "view")
        self.conference = get_object_or_404(ConferencePage, pk=conference_id)
        return super().dispatch(request, conference_id)

    def get_page_title(self):
        return f"Forplejning: {self.conference.get_admin_display_title()}"

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return catering_file(paper.catering_summary(self.conference), export)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = paper.catering_summary(self.conference)
        context.update(
            conference=self.conference,
            summary=summary,
            tables=[
                ("Kosthensyn", "Kosthensyn", summary.rows("dietary")),
                ("Tilgængelighed", "Behov for tilgængelighed", summary.rows("accessibility")),
            ],
            check_in_url=reverse("conference_registrations:check_in", args=[self.conference.pk]),
        )
        return context


CATERING_HEADINGS = ["Konference", "Gruppe", "Deltagere i gruppen", "Behov", "Svar", "Antal"]


def catering_file(summary, export_format):
    """The catering summary as CSV (as Danish Excel opens it: byte order mark, `;`) or XLSX."""
    conference = summary.conference
    title = conference.get_admin_display_title()
    rows = [[neutralise_formula(cell) for cell in [title, *row]] for row in summary.export_rows()]
    name = f"forplejning-{conference.slug}-{conference.date:%Y-%m-%d}"
    if export_format == "csv":
        output = io.StringIO()
        output.write("\ufeff")
        writer = csv.writer(output, delimiter=";")
        writer.writerow(CATERING_HEADINGS)
        writer.writerows(rows)
        response = HttpResponse(output.getvalue().encode(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title="Forplejning")
        sheet.append(CATERING_HEADINGS)
        for row in rows:
            sheet.append(row)
        output = io.BytesIO()
        workbook.save(output)
        response = HttpResponse(
            output.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{export_format}"'
    return response
