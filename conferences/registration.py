"""The domain rules of registration: seats, waiting lists, promotion and the mails they cause,
and the one lock protocol every change to a conference's registrations follows.

The lock protocol (`locked()`): every transaction that changes a registration, a workshop
booking or who has a seat takes its row locks in one fixed order:

1. the conference's own row (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
   transactions serialise writers anyway);
2. the registrations it changes, in id order;
3. the workshops it books or frees, in id order.

Rows found only once the conference is held (the next on the waiting list, a workshop's queue)
are locked as they are found: every other transaction that could hold them waits for the
conference first, so none can be holding them while waiting for us. Two transactions therefore
never wait for each other in a circle (no deadlock), and two app processes never both take
the last seat. Registration, cancellation, a participant's changes, an organiser's actions,
reminders and the retention purge all go through `locked()`. Publishing a conference page
keeps the same order: ConferencePage.save locks the conference's row first, then updates the
page, its workshops (Workshop.sync_from_programme) and gives any seats that became free to the
waiting list (fill_free_seats); anything else that changes a conference's registrations or
seats must go through `locked()` too.

The waiting list is a queue: whenever seats become free (a cancellation, a raised capacity, a
participant deleting their data) the longest-waiting get them in order, in the same transaction,
with their mail; a new registration never takes a free seat while anyone is waiting. Every
change is written to the registration's history (Wagtail's log) saying who made it: the
participant, an organiser, or the system (log_history).

The mails each change causes are queued in the same transaction (conferences.tasks), so a change
is never stored without its mail nor a mail sent about a change that was rolled back. Unique
seat numbers and the one-address rule are database constraints as well, so a bug in this module
fails loudly instead of overbooking.
"""

import contextlib
import dataclasses
import enum
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_action_registry

from .models import ConferencePage, Registration, RegistrationState, UsedFormToken, Workshop, WorkshopBooking
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


@dataclasses.dataclass
class Locked:
    """What `locked()` holds: the conference and the registrations asked for that still exist."""

    conference: ConferencePage
    registrations: list

    @property
    def registration(self):
        """The one registration asked for, or None when it has been deleted in the meantime."""
        return self.registrations[0] if self.registrations else None

    def workshops(self, workshop_ids):
        """Step 3: lock these workshops of the conference that take sign-up, in id order."""
        return list(
            Workshop.objects.select_for_update()
            .filter(conference=self.conference, pk__in=workshop_ids, active=True, capacity__isnull=False)
            .order_by("pk")
        )

    def all_registrations(self):
        """Step 2 for the whole conference: lock every one of its registrations, in id order."""
        self.registrations = list(
            Registration.objects.select_for_update().filter(conference=self.conference).order_by("pk")
        )
        return self.registrations


@contextlib.contextmanager
def locked(conference_id, registration_ids=()):
    """A transaction holding the conference's row and then these registrations' rows, in the
    protocol's order (see the module's docstring). Read every registration you change from the
    Locked it yields, never from an object loaded before: only the locked row is current."""
    with transaction.atomic():
        conference = ConferencePage.objects.select_for_update(of=("self",)).get(pk=conference_id)
        registrations = list(
            Registration.objects.select_for_update().filter(pk__in=registration_ids).order_by("pk")
        )
        yield Locked(conference, registrations)


# Who did something to a registration, as its history (Wagtail's log) tells it.
BY_PARTICIPANT = "participant"  # through their own link
BY_SYSTEM = "system"  # automatically, as a consequence of someone else's change
BY_ORGANISER = "organiser"


def log_history(registration, action, by, user=None, **data):
    """Write one entry in the registration's history. Entries by the participant or by the
    system name no user, even inside an organiser's request (an organiser's cancellation promotes
    the next in line: the promotion is the system's, not the organiser's)."""
    if by == BY_ORGANISER:
        log(instance=registration, action=action, user=user, data={"by": by, **data})
        return
    # The entry Wagtail's log() writes, in one INSERT: its save() runs full_clean(), which looks
    # the content type up in the database again for every entry (a query under the lock).
    model = log_action_registry.get_log_model_for_instance(registration)
    entry = model(
        content_type=ContentType.objects.get_for_model(registration, for_concrete_model=False),
        object_id=str(registration.pk),
        label=model.objects.get_instance_title(registration),
        action=action,
        timestamp=timezone.now(),
        data={"by": by, **data},
        user=None,
        uuid=uuid.uuid4(),
    )
    entry.clean()  # the action is one Wagtail knows
    model.objects.bulk_create([entry])


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


def register(conference, data, *, form_token, now=None):
    """Register a person for a conference, or say why not.

    `data` holds the form's cleaned answers (name, email, organisation, municipality, role,
    dietary_needs, accessibility_needs, workshops: a list of Workshop ids, one per slot) and
    `consent_text`. The person gets a seat if there is one, otherwise a waiting-list place when
    the conference has a waiting list. A second registration with the same address creates
    nothing and mails the existing registration's link instead; the page answer is the same.
    """
    now = now or timezone.now()
    with locked(conference.pk) as lock:
        conference = lock.conference
        # The token is taken first, in one statement; a refusal below gives it back.
        if not _use_form_token(form_token, now):
            return Result(Outcome.DUPLICATE_SUBMIT)
        result = _register_locked(lock, conference, data, form_token, now)
        if not result.is_neutral:
            UsedFormToken.objects.filter(token=form_token).delete()
        return result


def _use_form_token(token, now):
    """Mark the form's one-time token used; False when it already was (the same form sent
    twice). One INSERT … ON CONFLICT DO NOTHING, which both PostgreSQL and SQLite know."""
    table = connection.ops.quote_name(UsedFormToken._meta.db_table)
    used_at = UsedFormToken._meta.get_field("used_at").get_db_prep_value(now, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (token, used_at) VALUES (%s, %s) ON CONFLICT (token) DO NOTHING",  # noqa: S608 - the table name is the model's
            [token, used_at],
        )
        return cursor.rowcount == 1


def _register_locked(lock, conference, data, form_token, now):
    """register() once the conference is locked and the form's token taken."""
    taken = _taken_seats(conference)
    if len(taken) < conference.capacity and waiting_list_length(conference):
        # Free seats belong to those already waiting, whatever left them free: nobody
        # new gets a seat before them.
        fill_free_seats(conference, now=now, cause="free_seat")
        taken = _taken_seats(conference)
    conference.confirmed_count = len(taken)  # what registration_state() counts, read once
    if conference.registration_window_state(now) is not RegistrationState.OPEN:
        return Result(Outcome.CLOSED)  # full without a waiting list is CONFERENCE_FULL below
    conference_seat = _lowest_free_seat(taken, conference.capacity)
    if conference_seat is None and not conference.waiting_list_enabled:
        return Result(Outcome.CONFERENCE_FULL)

    workshop_ids = list(data.get("workshops") or [])
    workshops = lock.workshops(workshop_ids)
    if len(workshops) != len(set(workshop_ids)) or len({w.slot_id for w in workshops}) != len(workshops):
        return Result(Outcome.INVALID_WORKSHOP)
    if not conference.waiting_list_enabled:
        for workshop in workshops:
            if free_workshop_seat(workshop) is None:
                return Result(Outcome.WORKSHOP_FULL, workshop=workshop)

    # Checks that refuse are done: from here on every answer is "check your mail".
    # An address already registered is found by the one-address constraint (no query first).
    email = data["email"].strip().lower()
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
        # Only the one-address rule can fail here (seats are chosen under the lock): the
        # address is registered already, and its registration gets the mail.
        existing = _active_registration(conference, email)
        if existing is None:
            raise
        queue_registration_mail(existing, MailKind.ALREADY_REGISTERED)
        return Result(Outcome.ALREADY_REGISTERED, registration=existing)

    confirmed = registration.status == Registration.Status.CONFIRMED
    for workshop in workshops:
        book_workshop(registration, workshop, free_workshop_seat(workshop) if confirmed else None, now)
    queue_registration_mail(registration, status_mail(registration))
    log_history(registration, "conferences.register", BY_PARTICIPANT, status=registration.status)
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


def book_workshop(registration, workshop, seat, now):
    """Book the workshop for the registration in the workshop's slot: `seat` when one is given,
    else a place in the workshop's queue. Runs under the workshop's lock (Locked.workshops)."""
    booking = WorkshopBooking(
        registration=registration, workshop=workshop, slot_id=workshop.slot_id, requested_at=now
    )
    if seat is not None:
        booking.status, booking.seat = WorkshopBooking.Status.CONFIRMED, seat
    else:
        booking.status = WorkshopBooking.Status.WAITING
    booking.save()
    return booking


def status_mail(registration):
    """The mail that tells a registration where it stands: a seat, or a place on the waiting list."""
    return MailKind.CONFIRMED if registration.status == Registration.Status.CONFIRMED else MailKind.WAITING


def _active_registration(conference, email):
    return Registration.objects.active_with_email(conference.pk, email).first()


def cancel(registration, now=None, by=BY_PARTICIPANT, user=None):
    """Cancel a registration. A freed seat goes to the first on the waiting list in the same
    transaction, and freed workshop seats to the first in each workshop's queue. Cancelling
    a cancelled registration changes nothing and sends nothing. Returns the registration as it
    is now, or None when it has been deleted in the meantime. `by` and `user` say in the
    registration's history who cancelled."""
    now = now or timezone.now()
    with locked(registration.conference_id, [registration.pk]) as lock:
        conference, registration = lock.conference, lock.registration
        if registration is None or registration.status == Registration.Status.CANCELLED:
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
        action = "conferences.cancel" if by == BY_ORGANISER else "conferences.participant_cancel"
        log_history(registration, action, by, user=user, was=("confirmed" if was_confirmed else "waiting"))

        promoted = promote_from_waiting_list(conference, now=now, cause="cancellation")
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


def waiting_list_length(conference):
    return Registration.objects.filter(conference=conference, status=Registration.Status.WAITING).count()


def next_in_line(conference):
    """The registration that has waited longest (the waiting list's number 1), or None."""
    return (
        Registration.objects.filter(conference=conference, status=Registration.Status.WAITING)
        .order_by("waiting_since", "pk")
        .first()
    )


def promote_from_waiting_list(conference, now=None, cause="cancellation"):
    """Give free seats to the waiting list in order, each with a "promoted" mail and an entry in
    the registration's history (by the system, `cause` saying why a seat was free). Must run
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
        log_history(registration, "conferences.auto_promote", BY_SYSTEM, seat=seat, cause=cause)
        promoted.append(registration)
    fill_workshops_of(promoted, now)
    return promoted


def fill_free_seats(conference, now=None, cause="capacity"):
    """Seats became free without anyone cancelling (the capacity of the conference or of a
    workshop was raised): the longest-waiting get them, in order, each with their mail. Must run
    inside the transaction that holds the conference lock (locked(), or the page's save). Nothing
    happens once the conference has ended. Returns the promoted registrations."""
    now = now or timezone.now()
    if conference.ends_at <= now:
        return []
    promoted = promote_from_waiting_list(conference, now=now, cause=cause)
    quiet = {registration.pk for registration in promoted}
    workshops = Workshop.objects.filter(conference=conference, active=True, capacity__isnull=False)
    for workshop in workshops.order_by("pk"):
        fill_workshop(workshop, now=now, quiet_for=quiet)
    return promoted


def fill_workshops_of(promoted, now):
    """Fill the workshops the newly promoted queue for, in id order; their promotion mail
    already tells them which workshop seats they got."""
    quiet = {registration.pk for registration in promoted}
    workshops = Workshop.objects.filter(bookings__registration__in=promoted).distinct().order_by("pk")
    for workshop in workshops:
        fill_workshop(workshop, now=now, quiet_for=quiet)


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
        log_history(
            booking.registration,
            "conferences.workshop_promote",
            BY_SYSTEM,
            workshop=workshop.title,
            seat=seat,
        )
        if booking.registration_id not in quiet_for:
            queue_registration_mail(booking.registration, MailKind.WORKSHOP_PROMOTED)
    return filled
