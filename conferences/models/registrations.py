"""Registrations, the workshops they book, and the form tokens that stop a double submit.

The rules for changing them (seats, waiting list, promotion, mail) live in
conferences/registration.py; the database constraints here back those rules.
"""

import secrets

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone

from home.danish_time import danish_time

from ..choices import WORKPLACE_MUNICIPALITY_CHOICES, ParticipantRole


def new_registration_token():
    """The registration's own link: 256 random bits, URL-safe, no personal data."""
    return secrets.token_urlsafe(32)


def new_check_in_token():
    """The key in the check-in QR code: random like the registration's own link but a different
    value, so the code shown at the door never opens the participant's own pages."""
    return secrets.token_urlsafe(32)


class WorkshopQuerySet(models.QuerySet):
    def with_seat_counts(self):
        return self.annotate(confirmed_count=Count("bookings", filter=Q(bookings__status="confirmed")))


class Workshop(models.Model):
    """A workshop in a conference's programme, mirrored from its StreamField block.

    The block id is stable across edits, so a registration keeps its workshop when an editor
    reorders or renames the programme. A workshop removed from the programme is kept inactive,
    with its bookings."""

    conference = models.ForeignKey(
        "conferences.ConferencePage",
        on_delete=models.CASCADE,
        related_name="workshops",
        verbose_name="konference",
    )
    block_id = models.CharField("blok-id", max_length=64)
    slot_id = models.CharField("blok-id for tidsrummet", max_length=64)
    slot_title = models.CharField("tidsrum", max_length=250)
    slot_start = models.TimeField("starter kl.")
    title = models.CharField("titel", max_length=250)
    capacity = models.PositiveIntegerField("pladser", null=True, blank=True)
    sort_order = models.PositiveIntegerField("rækkefølge", default=0)
    active = models.BooleanField("i programmet", default=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = "workshop"
        verbose_name_plural = "workshops"
        ordering = ["conference", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "block_id"], name="workshop_unique_block"),
        ]

    def __str__(self):
        return self.title

    @property
    def programme_anchor(self):
        """The workshop's place in the conference page's timetable (the same block id)."""
        return f"punkt-{self.block_id}"

    @property
    def seats_taken(self):
        annotated = getattr(self, "confirmed_count", None)
        if annotated is not None:
            return annotated
        return self.bookings.filter(status=WorkshopBooking.Status.CONFIRMED).count()

    @classmethod
    def sync_from_programme(cls, page):
        """Create or update a row per workshop block in the page's programme; deactivate the rest."""
        seen = []
        order = 0
        for slot in page.programme:
            if slot.block_type != "workshop_slot" or not slot.id:
                continue
            for child in slot.value["workshops"].bound_blocks:
                if not child.id:
                    continue
                order += 1
                cls.objects.update_or_create(
                    conference=page,
                    block_id=child.id,
                    defaults={
                        "slot_id": slot.id,
                        "slot_title": slot.value["title"],
                        "slot_start": slot.value["start"],
                        "title": child.value["title"],
                        "capacity": child.value["capacity"],
                        "sort_order": order,
                        "active": True,
                    },
                )
                seen.append(child.id)
        cls.objects.filter(conference=page).exclude(block_id__in=seen).update(active=False)


class RegistrationQuerySet(models.QuerySet):
    def active_with_email(self, conference_id, email):
        """The active registrations (at most one) for an address, in any case. Compares on
        LOWER(email) so PostgreSQL answers from the one-address index, not by scanning."""
        return self.alias(email_lower=Lower("email")).filter(
            conference_id=conference_id, email_lower=email.lower(), status__in=Registration.ACTIVE
        )


class Registration(models.Model):
    # Pages show a conference's state, not its registrations: the page cache is renewed when
    # the state changes (conferences.page_cache), not on every registration. A registration
    # refers to nothing an editor needs to see in Wagtail's usage listings either.
    page_cache_ignore = True
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Bekræftet"
        WAITING = "waiting", "Venteliste"
        CANCELLED = "cancelled", "Afmeldt"
        # Kept back by the spam trap until an organiser releases it (conferences/held.py).
        HELD = "held", "Tilbageholdt (spamfilter)"

    ACTIVE = (Status.CONFIRMED, Status.WAITING)

    conference = models.ForeignKey(
        "conferences.ConferencePage",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name="konference",
    )
    token = models.CharField(
        "link-nøgle", max_length=64, unique=True, default=new_registration_token, editable=False
    )
    check_in_token = models.CharField(
        "indtjekningsnøgle", max_length=64, unique=True, default=new_check_in_token, editable=False
    )
    status = models.CharField("status", max_length=20, choices=Status.choices)
    seat = models.PositiveIntegerField(
        "plads", null=True, blank=True, help_text="Pladsnummer 1…kapacitet for en bekræftet tilmelding."
    )
    waiting_since = models.DateTimeField(
        "på venteliste siden", null=True, blank=True, help_text="Ventelisten går i denne rækkefølge."
    )

    name = models.CharField("navn", max_length=200)
    email = models.EmailField("e-mail", max_length=254)
    organisation = models.CharField("arbejdsplads", max_length=200)
    municipality = models.CharField("kommune", max_length=40, choices=WORKPLACE_MUNICIPALITY_CHOICES)
    role = models.CharField("rolle", max_length=20, choices=ParticipantRole.choices)
    dietary_needs = models.TextField("kosthensyn", blank=True)
    accessibility_needs = models.TextField("behov for tilgængelighed", blank=True)
    consent_text = models.TextField("samtykketekst", help_text="Teksten, personen gav samtykke til.")
    consented_at = models.DateTimeField("samtykke givet")

    created_at = models.DateTimeField("tilmeldt", default=timezone.now)
    confirmed_at = models.DateTimeField("bekræftet", null=True, blank=True)
    cancelled_at = models.DateTimeField("afmeldt", null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        "påmindelse sendt", null=True, blank=True, help_text="Påmindelsen sendes kun én gang."
    )
    checked_in_at = models.DateTimeField(
        "mødt op", null=True, blank=True, help_text="Tidspunktet, hvor deltageren blev tjekket ind."
    )

    # A change of name or address waits here until it is confirmed from a mail to the new
    # address (conferences/participants.py).
    pending_name = models.CharField("nyt navn (afventer)", max_length=200, blank=True)
    pending_email = models.EmailField("ny e-mail (afventer)", max_length=254, blank=True)
    pending_token = models.CharField("bekræftelsesnøgle", max_length=64, blank=True, editable=False)
    pending_requested_at = models.DateTimeField("ændring bedt om", null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "tilmelding"
        verbose_name_plural = "tilmeldinger"
        ordering = ["conference", "created_at"]
        constraints = [
            # One active registration per conference and address, whatever its case.
            models.UniqueConstraint(
                Lower("email"),
                "conference",
                condition=Q(status__in=["confirmed", "waiting"]),
                name="registration_one_active_per_email",
                violation_error_message=(
                    "Der er allerede en aktiv tilmelding til konferencen med denne e-mailadresse."
                ),
            ),
            # No two confirmed registrations share a seat: even a bug in the locking could
            # not give seat 50 twice.
            models.UniqueConstraint(fields=["conference", "seat"], name="registration_unique_seat"),
            models.CheckConstraint(
                condition=(
                    Q(status="confirmed", seat__gte=1) | (~Q(status="confirmed") & Q(seat__isnull=True))
                ),
                name="registration_seat_iff_confirmed",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="waiting", waiting_since__isnull=False)
                    | (~Q(status="waiting") & Q(waiting_since__isnull=True))
                ),
                name="registration_waiting_since_iff_waiting",
            ),
        ]
        indexes = [models.Index(fields=["conference", "status", "waiting_since"])]
        permissions = [("export_registration", "Kan eksportere tilmeldinger")]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    def waiting_position(self):
        """The waiting-list position, read from the listing's annotation when it has one."""
        if self.status != self.Status.WAITING:
            return None
        annotated = getattr(self, "waiting_position_annotated", None)
        return annotated if annotated is not None else self.waiting_list_position()

    waiting_position.short_description = "ventelisteplads"

    def created_at_display(self):
        return f"{danish_time(self.created_at):%d.%m.%Y %H.%M}"

    def checked_in_display(self):
        return f"{danish_time(self.checked_in_at):%d.%m. kl. %H.%M}" if self.checked_in_at else ""

    def checked_in_clock(self):
        """When the person was checked in, as the clock in Denmark showed it: "09.30"."""
        return f"{danish_time(self.checked_in_at):%H.%M}" if self.checked_in_at else ""

    def workshop_summary(self):
        """The workshop choices in one line, e.g. for an export: "Workshops kl. 13.00: Jobmatch (plads)"."""
        return "; ".join(
            f"{b.workshop.slot_title} kl. {b.workshop.slot_start:%H.%M}: {b.workshop.title} "
            f"({b.get_status_display().lower()})"
            for b in sorted(self.workshop_bookings.all(), key=lambda b: b.workshop.sort_order)
        )

    workshop_summary.short_description = "workshops"

    def workshop_titles(self):
        """The workshops in short for the listing: "Jobmatch i praksis (venteliste)" for a queue."""
        return "; ".join(
            b.workshop.title + (" (venteliste)" if b.status == WorkshopBooking.Status.WAITING else "")
            for b in sorted(self.workshop_bookings.all(), key=lambda b: b.workshop.sort_order)
        )

    def waiting_list_position(self):
        """1 for the next in line; None when not on the waiting list."""
        if self.status != self.Status.WAITING:
            return None
        ahead = Registration.objects.filter(
            conference_id=self.conference_id, status=self.Status.WAITING
        ).filter(
            Q(waiting_since__lt=self.waiting_since) | Q(waiting_since=self.waiting_since, pk__lt=self.pk)
        )
        return ahead.count() + 1


class WorkshopBooking(models.Model):
    """A registration's choice of workshop in one slot: a seat, or a place in the workshop's queue."""

    page_cache_ignore = True
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Plads"
        WAITING = "waiting", "Venteliste"

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="workshop_bookings", verbose_name="tilmelding"
    )
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="bookings", verbose_name="workshop"
    )
    slot_id = models.CharField("tidsrum", max_length=64)
    status = models.CharField("status", max_length=20, choices=Status.choices)
    seat = models.PositiveIntegerField("plads", null=True, blank=True)
    requested_at = models.DateTimeField("valgt", default=timezone.now)

    class Meta:
        verbose_name = "workshopvalg"
        verbose_name_plural = "workshopvalg"
        ordering = ["workshop__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "slot_id"], name="booking_one_per_slot"),
            models.UniqueConstraint(fields=["workshop", "seat"], name="booking_unique_seat"),
            models.CheckConstraint(
                condition=(Q(status="confirmed", seat__gte=1) | (Q(status="waiting") & Q(seat__isnull=True))),
                name="booking_seat_iff_confirmed",
            ),
        ]

    def __str__(self):
        return f"{self.workshop} ({self.get_status_display()})"

    def waiting_list_position(self):
        """Place in the workshop's queue among confirmed participants; None when the seat is taken."""
        if self.status != self.Status.WAITING:
            return None
        ahead = WorkshopBooking.objects.filter(
            workshop_id=self.workshop_id,
            status=self.Status.WAITING,
            registration__status=Registration.Status.CONFIRMED,
        ).filter(Q(requested_at__lt=self.requested_at) | Q(requested_at=self.requested_at, pk__lt=self.pk))
        return ahead.count() + 1


class RegistrationCount(models.Model):
    """Anonymous counts kept when a conference's registrations are deleted after the retention
    period: how many registered and how many came, per role and municipality. Nothing here
    identifies a person."""

    conference = models.ForeignKey(
        "conferences.ConferencePage",
        on_delete=models.CASCADE,
        related_name="registration_counts",
        verbose_name="konference",
    )
    role = models.CharField("rolle", max_length=20, choices=ParticipantRole.choices)
    municipality = models.CharField("kommune", max_length=40, choices=WORKPLACE_MUNICIPALITY_CHOICES)
    registered = models.PositiveIntegerField(
        "tilmeldt", default=0, help_text="Bekræftede tilmeldinger, da oplysningerne blev slettet."
    )
    waiting = models.PositiveIntegerField("på venteliste", default=0)
    cancelled = models.PositiveIntegerField("afmeldt", default=0)
    came = models.PositiveIntegerField("mødt op", default=0)
    purged_at = models.DateTimeField("slettet", default=timezone.now)

    class Meta:
        verbose_name = "anonymt antal"
        verbose_name_plural = "anonyme antal"
        ordering = ["conference", "role", "municipality"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "role", "municipality"], name="registration_count_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}, {self.get_municipality_display()}: {self.registered}"


class UsedFormToken(models.Model):
    """The one-time token of a registration form that has been acted on: a second submit of the
    same form (a double click, a reload) is recognised and not registered twice."""

    page_cache_ignore = True
    wagtail_reference_index_ignore = True

    token = models.CharField(max_length=100, unique=True)
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "brugt formular-nøgle"
        verbose_name_plural = "brugte formular-nøgler"

    def __str__(self):
        return f"formular brugt {self.used_at:%Y-%m-%d %H:%M}"
