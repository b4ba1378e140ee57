"""What a participant can do from their registration's own link: change their needs and
workshops, change name or address (confirmed from a mail to the new address), see and download
what the site holds about them, and delete it.

Every change here follows the lock protocol of conferences.registration (`locked()`): the
conference's row, the registration's row and the workshops' rows in id order, in one
transaction, so two people can never both take a workshop's last seat and no two changes
wait for each other in a circle.
"""

import dataclasses
import datetime
import enum
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import (
    ConferenceMessage,
    EvaluationMailing,
    EvaluationReceipt,
    Registration,
    Workshop,
    WorkshopBooking,
)
from .registration import (
    BY_PARTICIPANT,
    book_workshop,
    cancel,
    fill_workshop,
    free_workshop_seat,
    locked,
    log_history,
)
from .tasks import MailKind, delete_mail_tasks, queue_registration_mail

CHANGE_CONFIRMATION_VALID_FOR = datetime.timedelta(hours=48)


class ChangeOutcome(enum.Enum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    NOT_ACTIVE = "not_active"  # cancelled: nothing can be changed
    WORKSHOP_FULL = "workshop_full"  # the new workshop has no free seat; the old choice is kept
    INVALID_WORKSHOP = "invalid_workshop"


@dataclasses.dataclass
class ChangeResult:
    outcome: ChangeOutcome
    workshop: Workshop | None = None
    identity_change_requested: bool = False


def change_registration(registration, *, dietary_needs, accessibility_needs, workshops, now=None):
    """Change a registration's needs and its workshop choices ({slot_id: workshop id}).

    A confirmed participant who picks another workshop gets a seat there if one is free, and
    the seat they leave goes to the first in that workshop's queue; a full workshop is refused
    and the old choice kept. Someone on the conference's waiting list only changes their
    wish. Nothing is stored unless everything in the change is allowed. One "changed" mail."""
    now = now or timezone.now()
    with locked(registration.conference_id, [registration.pk]) as lock:
        conference, registration = lock.conference, lock.registration
        if registration is None or not registration.is_active:
            return ChangeResult(ChangeOutcome.NOT_ACTIVE)

        current = {b.slot_id: b for b in registration.workshop_bookings.select_related("workshop")}
        wanted = {slot: None if pk is None else int(pk) for slot, pk in (workshops or {}).items()}
        # »Ingen workshop« (None) where the conference allows it: the booking in that slot goes.
        if any(pk is None for pk in wanted.values()) and not conference.workshop_optional:
            return ChangeResult(ChangeOutcome.INVALID_WORKSHOP)
        dropped = [current[slot] for slot, pk in wanted.items() if pk is None and slot in current]
        moves = {
            slot: pk
            for slot, pk in wanted.items()
            if pk is not None and (slot not in current or current[slot].workshop_id != pk)
        }
        involved = set(moves.values()) | {
            b.workshop_id for slot, b in current.items() if slot in moves or b in dropped
        }
        workshops = {w.pk: w for w in lock.workshops(involved)}
        for slot, pk in moves.items():
            workshop = workshops.get(pk)
            if workshop is None or workshop.slot_id != slot:
                return ChangeResult(ChangeOutcome.INVALID_WORKSHOP)

        # Decide every move before writing any, so a refused change stores nothing.
        confirmed = registration.status == Registration.Status.CONFIRMED
        plan = []
        for slot, pk in moves.items():
            workshop = workshops[pk]
            seat = free_workshop_seat(workshop) if confirmed else None
            old = current.get(slot)
            if (
                confirmed
                and seat is None
                and (
                    not conference.waiting_list_enabled
                    # Never trade a seat for a place in a queue without being asked.
                    or (old is not None and old.status == WorkshopBooking.Status.CONFIRMED)
                )
            ):
                return ChangeResult(ChangeOutcome.WORKSHOP_FULL, workshop=workshop)
            plan.append((slot, workshop, seat, old))

        freed = []
        for booking in dropped:
            if booking.status == WorkshopBooking.Status.CONFIRMED:
                freed.append(booking.workshop)
            booking.delete()
        for _slot, workshop, seat, old in plan:
            if old is not None:
                if old.status == WorkshopBooking.Status.CONFIRMED:
                    freed.append(old.workshop)
                old.delete()
            book_workshop(registration, workshop, seat, now)

        needs_changed = (dietary_needs, accessibility_needs) != (
            registration.dietary_needs,
            registration.accessibility_needs,
        )
        if needs_changed:
            registration.dietary_needs = dietary_needs
            registration.accessibility_needs = accessibility_needs
            registration.save(update_fields=["dietary_needs", "accessibility_needs"])
        for workshop in sorted(freed, key=lambda w: w.pk):
            fill_workshop(workshop, now=now)
        if not (needs_changed or plan or dropped):
            return ChangeResult(ChangeOutcome.UNCHANGED)
        queue_registration_mail(registration, MailKind.CHANGED)
        changed = (
            (["needs"] if needs_changed else [])
            + [{"workshop": workshop.title, "seat": seat is not None} for _slot, workshop, seat, _old in plan]
            + [{"dropped": booking.workshop.title} for booking in dropped]
        )
        log_history(registration, "conferences.participant_change", BY_PARTICIPANT, changed=changed)
        return ChangeResult(ChangeOutcome.CHANGED)


def request_identity_change(registration, *, name, email, now=None):
    """Ask for a new name and/or address. Nothing changes until the link in the mail to the
    (new) address is followed; a new request replaces an earlier one. Returns False when the
    name and address are the ones already registered."""
    now = now or timezone.now()
    email = email.strip().lower()
    with locked(registration.conference_id, [registration.pk]) as lock:
        registration = lock.registration
        if (
            registration is None
            or not registration.is_active
            or (name, email) == (registration.name, registration.email)
        ):
            return False
        registration.pending_name = name
        registration.pending_email = email
        registration.pending_token = secrets.token_urlsafe(32)
        registration.pending_requested_at = now
        registration.save(
            update_fields=["pending_name", "pending_email", "pending_token", "pending_requested_at"]
        )
        queue_registration_mail(registration, MailKind.CONFIRM_CHANGE)
        log_history(registration, "conferences.identity_change_requested", BY_PARTICIPANT)
        return True


class IdentityOutcome(enum.Enum):
    CHANGED = "changed"
    INVALID = "invalid"  # unknown, replaced, already used or expired link
    ADDRESS_TAKEN = "address_taken"  # the new address has its own registration for the conference


def pending_change_is_valid(registration, key, now=None):
    now = now or timezone.now()
    return bool(
        registration.pending_token
        and key
        and secrets.compare_digest(registration.pending_token, key)
        and registration.pending_requested_at
        and now - registration.pending_requested_at <= CHANGE_CONFIRMATION_VALID_FOR
        and registration.is_active
    )


def confirm_identity_change(registration, key, now=None):
    """Apply the pending name and address if `key` is the one mailed to the new address."""
    now = now or timezone.now()
    with locked(registration.conference_id, [registration.pk]) as lock:
        registration = lock.registration
        if registration is None or not pending_change_is_valid(registration, key, now):
            return IdentityOutcome.INVALID
        registration.name = registration.pending_name or registration.name
        registration.email = registration.pending_email or registration.email
        registration.pending_name = registration.pending_email = registration.pending_token = ""
        registration.pending_requested_at = None
        try:
            with transaction.atomic():
                registration.save(
                    update_fields=[
                        "name",
                        "email",
                        "pending_name",
                        "pending_email",
                        "pending_token",
                        "pending_requested_at",
                    ]
                )
        except IntegrityError:
            return IdentityOutcome.ADDRESS_TAKEN
        queue_registration_mail(registration, MailKind.CHANGED)
        log_history(registration, "conferences.identity_changed", BY_PARTICIPANT)
        return IdentityOutcome.CHANGED


def personal_data(registration):
    """Everything the site holds about the person in this registration, as plain data."""

    def when(value):
        return timezone.localtime(value).isoformat() if value else None

    conference = registration.conference
    return {
        "konference": {
            "titel": conference.title,
            "by": conference.city,
            "dato": conference.date.isoformat(),
            "oplysningerne_slettes": when(conference.retention_ends_at),
        },
        "status": registration.get_status_display(),
        "ventelisteplads": registration.waiting_list_position(),
        "navn": registration.name,
        "e_mail": registration.email,
        "arbejdsplads": registration.organisation,
        "kommune": registration.get_municipality_display(),
        "rolle": registration.get_role_display(),
        "kosthensyn": registration.dietary_needs,
        "behov_for_tilgaengelighed": registration.accessibility_needs,
        "workshops": [
            {
                "tidsrum": booking.workshop.slot_title,
                "workshop": booking.workshop.title,
                "status": booking.get_status_display(),
            }
            for booking in registration.workshop_bookings.select_related("workshop")
        ],
        "samtykketekst": registration.consent_text,
        "samtykke_givet": when(registration.consented_at),
        "tilmeldt": when(registration.created_at),
        "bekraeftet": when(registration.confirmed_at),
        "afmeldt": when(registration.cancelled_at),
        "paamindelse_sendt": when(registration.reminder_sent_at),
        "moedt_op": when(registration.checked_in_at),
        "evaluering": _evaluation_data(registration),
        "beskeder_fra_arrangoererne": [
            {"sendt": when(message.sent_at), "emne": message.subject, "tekst": message.body}
            for message in ConferenceMessage.objects.filter(receipts__registration=registration).order_by(
                "sent_at"
            )
        ],
        "afventende_aendring": (
            {"navn": registration.pending_name, "e_mail": registration.pending_email}
            if registration.pending_token
            else None
        ),
    }


ANONYMOUS_ANSWER = (
    "Dit svar er gemt uden forbindelse til dig. Vi kan derfor ikke vise det her, "
    "og det bliver i de anonyme resultater, når dine oplysninger slettes."
)


def _evaluation_data(registration):
    """Whether the person has answered the evaluation (what the receipt holds), once it concerns
    them: the mail with the evaluation has gone out, or they have answered. The answer itself
    is stored without the person (conferences.models.evaluations), so it is not theirs to see."""
    answered = EvaluationReceipt.objects.filter(registration=registration).exists()
    mailed = EvaluationMailing.objects.filter(conference_id=registration.conference_id).exists()
    if not (answered or mailed):
        return None
    return {"besvaret": answered, "om_svaret": ANONYMOUS_ANSWER if answered else None}


def forget_log_labels(registration_ids):
    """Admin log entries name the registration they are about; once it is deleted, the name
    must go from the log too. Who did what and when is kept."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    ids = [str(pk) for pk in registration_ids]
    if not ids:
        return 0
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration), object_id__in=ids
    ).update(label="Slettet tilmelding", data={})


def delete_personal_data(registration, now=None):
    """»Slet mine oplysninger«: cancel (the seat goes to the waiting list, in the same
    transaction) and delete the registration and everything tied to it at once, including
    mail about it not yet sent."""
    now = now or timezone.now()
    with locked(registration.conference_id, [registration.pk]) as lock:
        if lock.registration is None:
            return  # deleted already (a double click)
        cancel(lock.registration, now=now)
        pk = registration.pk
        Registration.objects.filter(pk=pk).delete()
        delete_mail_tasks([pk])
        forget_log_labels([pk])
