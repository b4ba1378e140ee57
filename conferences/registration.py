"""The domain rules of registration: seats, waiting lists, promotion and the mails they cause.

Every change happens in one database transaction that first locks the conference's row
(SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), so
two app processes can never both take the last seat. The mails each change causes are queued
in the same transaction (conferences.tasks), so a change is never stored without its mail nor
a mail sent about a change that was rolled back. Unique seat numbers and the one-address rule
are database constraints as well, so a bug in this module fails loudly instead of overbooking.
"""

import dataclasses
import enum

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ConferencePage, Registration, UsedFormToken, Workshop, WorkshopBooking
from .tasks import MailKind, queue_registration_mail


class Outcome(enum.Enum):
    REGISTERED = "registered"
    ALREADY_REGISTERED = "already_registered"  # told by mail, never on the page
    DUPLICATE_SUBMIT = "duplicate_submit"  # the same form sent twice
    CLOSED = "closed"  # not open yet, closed, or past
    CONFERENCE_FULL = "conference_full"  # full and no waiting list
    WORKSHOP_FULL = "workshop_full"  # a chosen workshop is full and there is no waiting list
    INVALID_WORKSHOP = "invalid_workshop"  # not a workshop of this conference that takes sign-up


# The answers a visitor cannot tell apart: "check your mail".
NEUTRAL_OUTCOMES = {Outcome.REGISTERED, Outcome.ALREADY_REGISTERED, Outcome.DUPLICATE_SUBMIT}


@dataclasses.dataclass
class Result:
    outcome: Outcome
    registration: Registration | None = None
    workshop: Workshop | None = None

    @property
    def is_neutral(self):
        return self.outcome in NEUTRAL_OUTCOMES


def lock_conference(conference_id):
    """Lock the conference's own row (not Wagtail's page row) for the rest of the transaction."""
    return ConferencePage.objects.select_for_update(of=("self",)).get(pk=conference_id)


def _lowest_free_seat(taken, capacity):
    taken = set(taken)
    for seat in range(1, capacity + 1):
        if seat not in taken:
            return seat
    return None


def _taken_seats(conference):
    confirmed = Registration.objects.filter(conference=conference, status=Registration.Status.CONFIRMED)
    return list(confirmed.values_list("seat", flat=True))


def free_conference_seat(conference):
    return _lowest_free_seat(_taken_seats(conference), conference.capacity)


def free_workshop_seat(workshop):
    taken = WorkshopBooking.objects.filter(workshop=workshop, status=WorkshopBooking.Status.CONFIRMED)
    return _lowest_free_seat(taken.values_list("seat", flat=True), workshop.capacity or 0)


def _lock_workshops(conference, workshop_ids):
    """Lock the chosen workshops in id order (a fixed order, so two transactions cannot deadlock)."""
    workshops = list(
        Workshop.objects.select_for_update()
        .filter(conference=conference, pk__in=workshop_ids, active=True, capacity__isnull=False)
        .order_by("pk")
    )
    return workshops


def register(conference, data, *, form_token, now=None):
    """Register a person for a conference, or say why not.

    `data` holds the form's cleaned answers (name, email, organisation, municipality, role,
    dietary_needs, accessibility_needs, workshops: a list of Workshop ids, one per slot) and
    `consent_text`. The person gets a seat if there is one, otherwise a waiting-list place when
    the conference has a waiting list. A second registration with the same address creates
    nothing and mails the existing registration's link instead; the page answer is the same.
    """
    now = now or timezone.now()
    with transaction.atomic():
        conference = lock_conference(conference.pk)
        if UsedFormToken.objects.filter(token=form_token).exists():
            return Result(Outcome.DUPLICATE_SUBMIT)

        taken = _taken_seats(conference)
        conference.confirmed_count = len(taken)  # what registration_state() counts, read once
        if not conference.registration_state(now).accepts_registrations:
            return Result(Outcome.CLOSED)
        conference_seat = _lowest_free_seat(taken, conference.capacity)
        if conference_seat is None and not conference.waiting_list_enabled:
            return Result(Outcome.CONFERENCE_FULL)

        workshop_ids = list(data.get("workshops") or [])
        workshops = _lock_workshops(conference, workshop_ids)
        if len(workshops) != len(set(workshop_ids)) or len({w.slot_id for w in workshops}) != len(workshops):
            return Result(Outcome.INVALID_WORKSHOP)
        if not conference.waiting_list_enabled:
            for workshop in workshops:
                if free_workshop_seat(workshop) is None:
                    return Result(Outcome.WORKSHOP_FULL, workshop=workshop)

        # Checks that refuse are done: from here on every answer is "check your mail".
        UsedFormToken.objects.create(token=form_token, used_at=now)
        email = data["email"].strip().lower()
        existing = _active_registration(conference, email)
        if existing is not None:
            queue_registration_mail(existing, MailKind.ALREADY_REGISTERED)
            return Result(Outcome.ALREADY_REGISTERED, registration=existing)

        registration = new_registration(conference, data, now)
        if conference_seat is not None:
            registration.status = Registration.Status.CONFIRMED
            registration.seat = conference_seat
            registration.confirmed_at = now
        else:
            registration.status = Registration.Status.WAITING
            registration.waiting_since = now
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            # Only the one-address rule can fail here (seats are chosen under the lock).
            existing = _active_registration(conference, email)
            if existing is None:
                raise
            queue_registration_mail(existing, MailKind.ALREADY_REGISTERED)
            return Result(Outcome.ALREADY_REGISTERED, registration=existing)

        for workshop in workshops:
            booking = WorkshopBooking(
                registration=registration, workshop=workshop, slot_id=workshop.slot_id, requested_at=now
            )
            seat = (
                free_workshop_seat(workshop) if registration.status == Registration.Status.CONFIRMED else None
            )
            if seat is not None:
                booking.status, booking.seat = WorkshopBooking.Status.CONFIRMED, seat
            else:
                booking.status = WorkshopBooking.Status.WAITING
            booking.save()

        kind = (
            MailKind.CONFIRMED if registration.status == Registration.Status.CONFIRMED else MailKind.WAITING
        )
        queue_registration_mail(registration, kind)
        return Result(Outcome.REGISTERED, registration=registration)


def new_registration(conference, data, now):
    """An unsaved registration with the person's answers from `data` (see register()); the
    caller sets its status."""
    return Registration(
        conference=conference,
        name=data["name"],
        email=data["email"].strip().lower(),
        organisation=data["organisation"],
        municipality=data["municipality"],
        role=data["role"],
        dietary_needs=data.get("dietary_needs", ""),
        accessibility_needs=data.get("accessibility_needs", ""),
        consent_text=data["consent_text"],
        consented_at=now,
        created_at=now,
    )


def _active_registration(conference, email):
    return Registration.objects.active_with_email(conference.pk, email).first()


def cancel(registration, now=None):
    """Cancel a registration. A freed seat goes to the first on the waiting list in the same
    transaction, and freed workshop seats to the first in each workshop's queue. Cancelling
    a cancelled registration changes nothing and sends nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        conference = lock_conference(registration.conference_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        freed_workshops = [
            booking.workshop
            for booking in registration.workshop_bookings.select_related("workshop")
            if booking.status == WorkshopBooking.Status.CONFIRMED
        ]
        registration.workshop_bookings.all().delete()
        registration.status = Registration.Status.CANCELLED
        registration.seat = None
        registration.waiting_since = None
        registration.cancelled_at = now
        registration.save(update_fields=["status", "seat", "waiting_since", "cancelled_at"])
        queue_registration_mail(registration, MailKind.CANCELLED)

        promoted = promote_from_waiting_list(conference, now=now) if was_confirmed else []
        for workshop in sorted(freed_workshops, key=lambda w: w.pk):
            fill_workshop(workshop, now=now, quiet_for={r.pk for r in promoted})
        return registration


def give_seat(registration, seat, now):
    """Move a waiting registration to `seat` and tell them by mail ("promoted"). Must run inside
    the transaction that holds the conference lock, with `seat` free under it."""
    registration.status = Registration.Status.CONFIRMED
    registration.seat = seat
    registration.waiting_since = None
    registration.confirmed_at = now
    registration.save(update_fields=["status", "seat", "waiting_since", "confirmed_at"])
    queue_registration_mail(registration, MailKind.PROMOTED)


def promote_from_waiting_list(conference, now=None):
    """Give free seats to the waiting list in order, each with a "promoted" mail. Must run
    inside the transaction that holds the conference lock. Returns the promoted registrations."""
    now = now or timezone.now()
    promoted = []
    while True:
        seat = free_conference_seat(conference)
        if seat is None:
            break
        registration = (
            Registration.objects.select_for_update()
            .filter(conference=conference, status=Registration.Status.WAITING)
            .order_by("waiting_since", "pk")
            .first()
        )
        if registration is None:
            break
        give_seat(registration, seat, now)
        promoted.append(registration)
    quiet = {r.pk for r in promoted}
    workshops = Workshop.objects.filter(bookings__registration__in=promoted).distinct().order_by("pk")
    for workshop in workshops:
        fill_workshop(workshop, now=now, quiet_for=quiet)
    return promoted


def fill_workshop(workshop, now=None, quiet_for=()):
    """Give a workshop's free seats to confirmed participants in its queue, in order, and tell
    each by mail (except those in `quiet_for`, whose promotion mail already says so)."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    filled = []
    while True:
        seat = free_workshop_seat(workshop)
        if seat is None:
            break
        booking = (
            WorkshopBooking.objects.select_for_update()
            .filter(
                workshop=workshop,
                status=WorkshopBooking.Status.WAITING,
                registration__status=Registration.Status.CONFIRMED,
            )
            .order_by("requested_at", "pk")
            .first()
        )
        if booking is None:
            break
        booking.status = WorkshopBooking.Status.CONFIRMED
        booking.seat = seat
        booking.save(update_fields=["status", "seat"])
        filled.append(booking)
        if booking.registration_id not in quiet_for:
            queue_registration_mail(booking.registration, MailKind.WORKSHOP_PROMOTED)
    return filled
