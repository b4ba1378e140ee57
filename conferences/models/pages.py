"""The conference pages: the index at /konferencer/ and one page per conference."""

import dataclasses
import datetime
import enum
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PagePermissionTester, PageQuerySet
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from home.models import Contact, SiteSettings
from home.site_address import absolute_url
from home.validators import single_line, validate_single_line

from ..blocks import ProgrammeBlock

DEFAULT_CONSENT_TEXT = (
    "Jeg giver samtykke til, at KL og Forhandlingsfællesskabet behandler mine oplysninger "
    "(navn, e-mail, arbejdsplads, kommune, rolle og de behov, jeg har skrevet) for at "
    "administrere min tilmelding til konferencen. Oplysningerne slettes senest 30 dage efter "
    "konferencen. Jeg kan altid afmelde mig og trække samtykket tilbage via linket i mailen."
)


class RegistrationState(enum.Enum):
    """Where a conference's registration stands at a given moment, with its Danish label."""

    NOT_OPEN = ("not_open", "Tilmelding ikke åben endnu", "badge-info")
    OPEN = ("open", "Tilmelding åben", "badge-success")
    WAITING_LIST = ("waiting_list", "Fuldt – venteliste", "badge-warning")
    FULL = ("full", "Fuldt booket", "badge-error")
    CLOSED = ("closed", "Tilmelding lukket", "badge-error")
    PAST = ("past", "Afholdt", "")

    def __init__(self, key, label, badge_class):
        self.key = key
        self.label = label
        self.badge_class = badge_class

    @property
    def accepts_registrations(self):
        """Whether the form is offered: open, or full with a waiting list."""
        return self in (RegistrationState.OPEN, RegistrationState.WAITING_LIST)


class ConferenceIndexPage(RoutablePageMixin, Page):
    introduction = RichTextField(
        "indledning",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Et par sætninger om konferencerne: hvem de er for, og hvem der holder dem.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["conferences.ConferencePage"]
    max_count = 1

    class Meta:
        verbose_name = "konferenceoversigt"

    def conferences(self):
        """Live conferences under this page with their confirmed seat count, in one query."""
        return ConferencePage.objects.live().child_of(self).with_seat_counts().order_by("date", "start_time")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        conferences = list(self.conferences())
        context["upcoming"] = [c for c in conferences if c.ends_at > now]
        context["archive"] = sorted(
            (c for c in conferences if c.ends_at <= now), key=lambda c: c.date, reverse=True
        )
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("kalender/")
    def calendar(self, request):
        from ..ical import calendar_response

        return calendar_response(list(self.conferences()), "konferencer.ics", with_programme=False)


@dataclasses.dataclass
class ProgrammeSession:
    """One item of a conference's programme (a talk, debate, break, or one workshop of a slot)."""

    conference: "ConferencePage"
    block_id: str
    title: str
    kind: str
    start: datetime.time | None
    end: datetime.time | None
    room: str
    description: str
    speakers: list
    materials: object
    capacity: int | None = None

    @classmethod
    def from_item(cls, conference, block_id, value):
        return cls(
            conference=conference,
            block_id=block_id,
            title=value["title"],
            kind=value.get("kind") or "talk",
            start=value.get("start"),
            end=value.get("end"),
            room=value.get("room") or "",
            description=value.get("description") or "",
            speakers=[speaker for speaker in value.get("speakers") or [] if speaker],
            materials=value.get("materials") or {},
        )

    @classmethod
    def from_workshop(cls, conference, block_id, slot, value):
        return cls(
            conference=conference,
            block_id=block_id,
            title=value["title"],
            kind="workshop",
            start=slot.get("start"),
            end=slot.get("end"),
            room=value.get("room") or "",
            description=value.get("description") or "",
            speakers=[speaker for speaker in value.get("speakers") or [] if speaker],
            materials=value.get("materials") or {},
            capacity=value.get("capacity"),
        )

    @property
    def kind_label(self):
        from ..blocks import ITEM_KIND_LABELS

        return ITEM_KIND_LABELS.get(self.kind, ITEM_KIND_LABELS["talk"])

    @property
    def anchor(self):
        return f"punkt-{self.block_id}"

    @property
    def url(self):
        """The item in the conference page's timetable."""
        page_url = self.conference.route_url()
        return f"{page_url}#{self.anchor}" if page_url else ""

    @property
    def starts_at(self):
        if self.start is None:
            return None
        return datetime.datetime.combine(self.conference.date, self.start, tzinfo=self.conference.tz)

    @property
    def ends_at(self):
        if self.start is None or self.end is None:
            return None
        return datetime.datetime.combine(self.conference.date, self.end, tzinfo=self.conference.tz)

    @property
    def time_label(self):
        if self.start is None:
            return "tidspunkt følger"
        return f"kl. {self.start:%H.%M}" + (f"–{self.end:%H.%M}" if self.end else "")

    @property
    def has_materials(self):
        return bool(self.materials and (self.materials.get("slides") or self.materials.get("video_url")))


class ConferencePermissionTester(PagePermissionTester):
    """Only a superuser deletes a conference that has registrations from the admin: they would
    be deleted with it, without a word to the participants. Organisers and editors unpublish
    it instead, and the registrations are deleted after the retention period."""

    def can_delete(self, ignore_bulk=False):
        if not self.user.is_superuser and self.page.registrations.exists():
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)


class ConferencePageQuerySet(PageQuerySet):
    def with_seat_counts(self):
        """Annotate each conference with its confirmed registrations (one query for a listing)."""
        return self.annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status="confirmed"))
        )


class ConferencePage(RoutablePageMixin, Page):
    theme = models.CharField(
        "tema",
        max_length=250,
        help_text="Konferencens tema i én linje, fx »Rummelighed på de kommunale arbejdspladser«.",
    )
    introduction = RichTextField(
        "indledning",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Hvad deltagerne får ud af dagen, og hvilke spørgsmål konferencen tager op.",
    )
    organisers = models.CharField(
        "arrangører",
        max_length=250,
        help_text="Hvem holder konferencen, fx »KL og Forhandlingsfællesskabet«.",
    )
    target_audience = models.TextField(
        "målgruppe",
        blank=True,
        help_text="Hvem konferencen er for, fx »Ledere, medarbejdere, TR, HR og jobcentre«.",
    )
    city = models.CharField("by", max_length=100, help_text="Fx »Aarhus«.")
    venue_name = models.CharField(
        "sted", max_length=200, blank=True, help_text="Navnet på stedet, fx et konferencecenter."
    )
    venue_address = models.CharField(
        "adresse", max_length=250, blank=True, help_text="Gade, nummer, postnummer og by."
    )
    map_url = models.URLField(
        "link til kort",
        blank=True,
        help_text="Tom: et link til OpenStreetMap bygges ud fra adressen. Der indlejres aldrig et kort.",
    )
    date = models.DateField("dato")
    start_time = models.TimeField(
        "starter kl.",
        null=True,
        blank=True,
        help_text="Tom, indtil tidspunktet er fastlagt: siden viser da »tidspunkt følger«.",
    )
    end_time = models.TimeField("slutter kl.", null=True, blank=True)
    accessibility = models.TextField(
        "tilgængelighed på stedet",
        blank=True,
        help_text="Fx niveaufri adgang, elevator, handicaptoilet, teleslynge, vej fra offentlig transport.",
    )
    food = models.TextField("forplejning", blank=True, help_text="Fx »Morgenmad, frokost og kaffe«.")
    price = models.CharField("pris", max_length=200, blank=True, help_text="Fx »Gratis« eller »750 kr.«.")
    contact_name = models.CharField("kontaktperson", max_length=200, blank=True)
    contact_email = models.EmailField("kontaktens e-mail", blank=True)
    contact_phone = models.CharField("kontaktens telefon", max_length=40, blank=True)
    programme = StreamField(
        ProgrammeBlock(),
        verbose_name="program",
        blank=True,
        help_text="Dagens punkter i tidsorden. Parallelle workshops lægges i samme blok.",
    )
    registration_opens = models.DateTimeField(
        "tilmelding åbner", help_text="Fra dette tidspunkt kan man tilmelde sig."
    )
    registration_closes = models.DateTimeField(
        "tilmelding lukker", help_text="Fra dette tidspunkt tages der ikke imod flere tilmeldinger."
    )
    capacity = models.PositiveIntegerField(
        "pladser",
        default=150,
        validators=[MinValueValidator(1)],
        help_text="Antal deltagere, der er plads til.",
    )
    waiting_list_enabled = models.BooleanField(
        "venteliste",
        default=True,
        help_text="Når konferencen er fuld, kommer nye tilmeldte på venteliste og rykker op ved afbud.",
    )
    workshop_optional = models.BooleanField(
        "workshop er valgfri",
        default=False,
        help_text="Slået til: man kan tilmelde sig uden at vælge en workshop (»Ingen workshop« i hvert "
        "tidsrum). Slået fra: man vælger én workshop i hvert tidsrum med tilmelding.",
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        "påmindelse dage før",
        default=7,
        validators=[MinValueValidator(1)],
        help_text="Så mange dage før konferencen får bekræftede deltagere en påmindelse med deres link "
        "og kalenderfilen. Fx 7.",
    )
    retention_days = models.PositiveSmallIntegerField(
        "slet oplysninger efter (dage)",
        default=30,
        help_text="Så mange dage efter konferencen slettes deltagernes oplysninger; kun anonyme tal "
        "(antal tilmeldte og fremmødte pr. rolle og kommune) gemmes. Fx 30.",
    )
    consent_text = models.TextField(
        "samtykketekst",
        default=DEFAULT_CONSENT_TEXT,
        help_text="Teksten ved samtykkefeltet i tilmeldingen. Den gemmes med hver tilmelding, som den så ud.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("theme"),
        FieldPanel("introduction"),
        FieldPanel("organisers"),
        FieldPanel("target_audience"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")])],
            heading="Tidspunkt",
        ),
        MultiFieldPanel(
            [
                FieldPanel("city"),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("map_url"),
            ],
            heading="Sted",
        ),
        MultiFieldPanel(
            [FieldPanel("accessibility"), FieldPanel("food"), FieldPanel("price")],
            heading="Praktisk",
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading="Kontakt",
        ),
        FieldPanel("programme"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("waiting_list_enabled")]),
                FieldPanel("workshop_optional"),
                FieldRowPanel([FieldPanel("reminder_days_before"), FieldPanel("retention_days")]),
                FieldPanel("consent_text"),
            ],
            heading="Tilmelding",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("theme"),
        index.SearchField("introduction"),
        index.SearchField("city"),
        index.SearchField("programme"),
        index.FilterField("date"),
    ]

    objects = PageManager.from_queryset(ConferencePageQuerySet)()

    parent_page_types = ["conferences.ConferenceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "konference"

    def search_result_label(self):
        """What the page is, in a search result: »Konference · Aarhus · fredag 2. juni 2028«. Two
        conferences with the same title never look alike."""
        return f"Konference · {self.city} · {date_format(self.date, 'l j. F Y')}"

    def get_admin_display_title(self):
        # Both launch conferences share a title; the admin tells them apart by city and date.
        title = super().get_admin_display_title()
        return f"{title}, {self.city} ({self.date:%d.%m.%Y})" if self.city and self.date else title

    # --- Rules on the page's own fields -------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        # Title and city go into the subject of every mail about the conference: a line break
        # there would break the mail header.
        for field in ("title", "city"):
            try:
                validate_single_line(getattr(self, field))
            except ValidationError as error:
                errors[field] = error.messages
        if bool(self.start_time) != bool(self.end_time):
            missing = "end_time" if self.start_time else "start_time"
            errors[missing] = (
                "Udfyld både start og slut, eller lad begge stå tomme, til tidspunktet er fastlagt."
            )
        elif self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "Konferencen skal slutte efter, at den begynder."
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = "Tilmeldingen skal lukke efter, at den åbner."
        elif self.registration_closes and self.date:
            if self.registration_closes > self.starts_at:
                errors["registration_closes"] = "Tilmeldingen skal lukke, senest når konferencen begynder."
        if errors:
            raise ValidationError(errors)

    def organiser_contact(self):
        """Whom participants can ask: the conference's own contact, or else the site's (the
        footer's) contact details. Pages and mails about the conference use it."""
        own = Contact(self.contact_name, self.contact_email, self.contact_phone)
        if own.email or own.phone:
            return own
        site = self.get_site()
        return SiteSettings.for_site(site).contact() if site else own

    @property
    def tz(self):
        return ZoneInfo(settings.TIME_ZONE)

    @property
    def breadcrumb_title(self):
        """Both conferences share a title; the breadcrumbs tell them apart by city."""
        return f"{self.title}, {self.city}" if self.city else self.title

    @property
    def has_times(self):
        return bool(self.start_time and self.end_time)

    @property
    def starts_at(self):
        """When the conference begins; the start of its day while the time is not fixed."""
        return datetime.datetime.combine(self.date, self.start_time or datetime.time(0, 0), tzinfo=self.tz)

    @property
    def ends_at(self):
        """When the conference ends; the end of its day while the time is not fixed."""
        if self.end_time:
            return datetime.datetime.combine(self.date, self.end_time, tzinfo=self.tz)
        return datetime.datetime.combine(
            self.date + datetime.timedelta(days=1), datetime.time(0, 0), tzinfo=self.tz
        )

    @property
    def time_label(self):
        """»kl. 10.00–15.00«, or »tidspunkt følger« until the editors have fixed it."""
        if self.has_times:
            return f"kl. {self.start_time:%H.%M}–{self.end_time:%H.%M}"
        return "tidspunkt følger"

    @property
    def reminder_from(self):
        """From this moment confirmed participants are sent their reminder."""
        return self.starts_at - datetime.timedelta(days=self.reminder_days_before)

    @property
    def retention_ends_at(self):
        """From this moment the participants' personal data is deleted (manage.py purge_registrations)."""
        return self.ends_at + datetime.timedelta(days=self.retention_days)

    @property
    def location(self):
        """The place as one line: venue, address and city, whatever the editor has filled in."""
        parts = [self.venue_name, self.venue_address]
        if self.city and not any(self.city.lower() in part.lower() for part in parts if part):
            parts.append(self.city)
        return ", ".join(part for part in parts if part)

    @property
    def map_link(self):
        if self.map_url:
            return self.map_url
        if self.venue_address:
            return "https://www.openstreetmap.org/search?query=" + quote_plus(
                f"{self.venue_address}, {self.city}"
            )
        return ""

    # --- Seats and registration window ---------------------------------------------------

    @cached_property
    def seats_taken(self):
        """Confirmed registrations; read from the annotation when the page came from with_seat_counts()."""
        annotated = getattr(self, "confirmed_count", None)
        if annotated is not None:
            return annotated
        return self.registrations.filter(status="confirmed").count()

    def registration_state(self, now=None):
        """What a visitor sees at `now`: past, not yet open, closed, full (with or without a waiting
        list) or open. Registration closes at the latest when the conference begins; it is past
        when it ends."""
        state = self.registration_window_state(now)
        if state is RegistrationState.OPEN and self.seats_taken >= self.capacity:
            return RegistrationState.WAITING_LIST if self.waiting_list_enabled else RegistrationState.FULL
        return state

    def registration_window_state(self, now=None):
        """registration_state() by the clock alone, without counting seats (no query): OPEN while
        registration is open, full or not. A registration counts the seats under the lock
        (conferences.registration.register)."""
        now = now or timezone.now()
        if now >= self.ends_at:
            return RegistrationState.PAST
        if now >= self.starts_at:
            return RegistrationState.CLOSED
        if now < self.registration_opens:
            return RegistrationState.NOT_OPEN
        if now >= self.registration_closes:
            return RegistrationState.CLOSED
        return RegistrationState.OPEN

    @property
    def state(self):
        return self.registration_state()

    def state_changes(self):
        """The moments when the registration state changes with time alone."""
        return (self.registration_opens, self.registration_closes, self.starts_at, self.ends_at)

    @classmethod
    def upcoming(cls, limit=3):
        """The next live, public conferences with their seat counts, soonest first (one query)."""
        return list(
            cls.objects.live()
            .public()
            .filter(date__gte=timezone.localdate())
            .with_seat_counts()
            .order_by("date", "start_time")[:limit]
        )

    @classmethod
    def next_state_change(cls, now=None):
        """The next moment any live conference's state changes with time alone, or None: no page
        showing a state may be cached past it (home.page_cache)."""
        now = now or timezone.now()
        yesterday = now.date() - datetime.timedelta(days=1)
        soon = cls.objects.live().filter(date__gte=yesterday).defer_streamfields()
        moments = [moment for conference in soon for moment in conference.state_changes() if moment > now]
        return min(moments, default=None)

    def permissions_for_user(self, user):
        return ConferencePermissionTester(user, self)

    # Saving these fields can free seats (more of them, a workshop's capacity in the programme).
    SEAT_FIELDS = frozenset({"capacity", "programme"})

    def save(self, *args, **kwargs):
        """Save the page; when it is published with more seats (the conference's capacity or a
        workshop's), the longest-waiting get them in the same transaction, with their mail.

        Follows the lock protocol of conferences.registration.locked(): the conference's row is
        locked before anything else, then registrations and workshops as they are found, so a
        registration arriving meanwhile waits and never takes a seat ahead of the waiting list."""
        # clean() refuses line breaks in an editor's form; content saved from code gets them removed.
        self.title = single_line(self.title)
        self.city = single_line(self.city)
        update_fields = kwargs.get("update_fields")
        seats_may_change = update_fields is None or bool(self.SEAT_FIELDS & set(update_fields))
        with transaction.atomic():
            if seats_may_change and self.pk is not None:
                list(
                    ConferencePage.objects.select_for_update(of=("self",))
                    .filter(pk=self.pk)
                    .values_list("pk")
                )
            super().save(*args, **kwargs)
            if update_fields is None or "programme" in update_fields:
                # Workshops get a database row each (keyed on the StreamField block id), so that
                # registrations can refer to them and their seats can be locked and counted.
                from .registrations import Workshop

                Workshop.sync_from_programme(self)
            if seats_may_change:
                from ..registration import fill_free_seats

                fill_free_seats(self, cause="capacity")

    def signup_workshops_by_slot(self):
        """Active workshops that need sign-up, grouped by slot in programme order:
        [(slot_title, slot_start, [workshop, ...]), ...], with each workshop's confirmed count."""
        slots = {}
        for workshop in self.workshops.filter(active=True, capacity__isnull=False).with_seat_counts():
            slots.setdefault(workshop.slot_id, (workshop.slot_title, workshop.slot_start, []))[2].append(
                workshop
            )
        return list(slots.values())

    # --- The programme ---------------------------------------------------------------------

    def programme_sessions(self):
        """Every item of the programme as a session, in programme order: plain items and each
        workshop of a slot (with the slot's times). Calendar entries, materials and the
        evaluation's per-session ratings use these; each is keyed by its block id, which stays
        the same when editors reorder or rename the programme."""
        sessions = []
        for block in self.programme:
            if block.block_type == "item":
                sessions.append(ProgrammeSession.from_item(self, block.id, block.value))
            elif block.block_type == "workshop_slot":
                for workshop in block.value["workshops"].bound_blocks:
                    sessions.append(
                        ProgrammeSession.from_workshop(self, workshop.id, block.value, workshop.value)
                    )
        return sessions

    def rated_sessions(self):
        """The sessions participants can rate after the day: everything but the breaks."""
        return [session for session in self.programme_sessions() if session.kind != "break"]

    def sessions_with_materials(self):
        return [session for session in self.programme_sessions() if session.has_materials]

    def speaker_ids(self):
        return {speaker.pk for session in self.programme_sessions() for speaker in session.speakers}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.registration_state() is RegistrationState.PAST:
            # A past conference stays useful: its materials and what participants thought of it.
            from ..evaluations import Results

            context["materials"] = self.sessions_with_materials()
            context["evaluation"] = Results(self)
        return context

    # --- Routes ---------------------------------------------------------------------------

    def route_url(self, route="conference", *args, absolute=False):
        """The address of one of this page's routes, named after its method below, e.g.
        route_url("registration_detail", token) → /konferencer/aarhus/tilmelding/<token>/: the
        path on the page's site, or with absolute=True the public address (SITE_URL,
        home.site_address) that mails and calendar files need. "" while the page has no URL."""
        parts = self.get_url_parts()
        if parts is None:
            return ""
        path = parts[2] + self.reverse_subpage(route, args=args)
        return absolute_url(path) if absolute else path

    @path("")
    def conference(self, request):
        return self.render(request)

    @path("kalender/")
    def calendar(self, request):
        from ..ical import calendar_response

        return calendar_response([self], f"{self.slug}.ics")

    @path("tilmelding/")
    def registration_form(self, request):
        from .. import views

        return views.registration_form(request, self)

    @path("tilmelding/tak/")
    def registration_received(self, request):
        from .. import views

        return views.registration_received(request, self)

    @path("tilmelding/afventer/")
    def registration_held(self, request):
        from .. import views

        return views.registration_held(request, self)

    @path("tilmelding/slettet/")
    def registration_deleted(self, request):
        from .. import views

        return views.registration_deleted(request, self)

    @path("tilmelding/<str:token>/")
    def registration_detail(self, request, token):
        from .. import views

        return views.registration_detail(request, self, token)

    @path("tilmelding/<str:token>/afmeld/")
    def registration_cancel(self, request, token):
        from .. import views

        return views.registration_cancel(request, self, token)

    @path("tilmelding/<str:token>/ret/")
    def registration_change(self, request, token):
        from .. import views

        return views.registration_change(request, self, token)

    @path("tilmelding/<str:token>/bekraeft/<str:key>/")
    def registration_confirm_change(self, request, token, key):
        from .. import views

        return views.registration_confirm_change(request, self, token, key)

    @path("tilmelding/<str:token>/data/")
    def registration_data(self, request, token):
        from .. import views

        return views.registration_data(request, self, token)

    @path("tilmelding/<str:token>/data/json/")
    def registration_data_json(self, request, token):
        from .. import views

        return views.registration_data_json(request, self, token)

    @path("tilmelding/<str:token>/evaluering/")
    def evaluation(self, request, token):
        from .. import evaluation_views

        return evaluation_views.evaluation(request, self, token)

    @path("tilmelding/<str:token>/slet/")
    def registration_delete(self, request, token):
        from .. import views

        return views.registration_delete(request, self, token)
