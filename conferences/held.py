"""Submissions held back by the spam trap, and the organisers' release of them.

The registration form has a field people never see (conferences.forms.HONEYPOT_FIELD). A form
sent faster than a person can fill it in is dropped (it is a bot). A form that took a person's
time but has the hidden field filled in may still be a person: a browser that autofilled the
field, a screen reader that once read it out. Nothing such a person sent is thrown away:

- the submission is stored as a registration with status HELD: no seat, no place on the
  waiting list, workshop choices kept as wishes (waiting bookings that no seat is given to);
- no mail is sent: the address may have been typed by a bot, and its owner must not get mail
  they never asked for. The page tells the person that the registration awaits approval and
  whom to contact (templates/conferences/registration_held.html);
- organisers see it in »Tilmeldinger« (status »Tilbageholdt«) and on the dashboard, and release
  it with one action. Release follows the normal rules under the conference lock: a free seat,
  else a place at the end of the waiting list (as of the release), else a refusal when the
  conference is full without a waiting list. The person then gets the ordinary confirmation or
  waiting-list mail with their own link, and the release is written to the registration's log;
- a held registration is deleted with the conference's other registrations when the retention
  period ends (conferences.retention), and is not counted in the anonymous numbers.
"""

import dataclasses
import enum

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Registration, UsedFormToken, Workshop, WorkshopBooking
from .registration import (
    BY_SYSTEM,
    fill_workshops_of,
    free_conference_seat,
    locked,
    log_history,
    new_registration,
    status_mail,
)
from .tasks import queue_registration_mail


class HoldOutcome(enum.Enum):
    HELD = "held"
    DUPLICATE_SUBMIT = "duplicate_submit"  # the same form sent twice: the first one was kept


def hold(conference, data, *, form_token, now=None):
    """Keep a submission that tripped the spam trap as a HELD registration; send nothing.

    `data` is what conferences.registration.register() takes. Returns (outcome, registration)."""
    now = now or timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                UsedFormToken.objects.create(token=form_token, used_at=now)
        except IntegrityError:
            return HoldOutcome.DUPLICATE_SUBMIT, None
        registration = new_registration(conference, data, now)
        registration.status = Registration.Status.HELD
        registration.save()
        workshops = Workshop.objects.filter(
            conference=conference, pk__in=data.get("workshops") or [], active=True, capacity__isnull=False
        )
        for workshop in workshops:
            # A wish, not a place: no seat is ever given to a booking of a registration that is
            # not confirmed (conferences.registration.fill_workshop).
            WorkshopBooking.objects.create(
                registration=registration,
                workshop=workshop,
                slot_id=workshop.slot_id,
                status=WorkshopBooking.Status.WAITING,
                requested_at=now,
            )
        log_history(registration, "conferences.held", BY_SYSTEM)
        return HoldOutcome.HELD, registration


class ReleaseOutcome(enum.Enum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    NOT_HELD = "not_held"
    PAST = "past"
    ALREADY_REGISTERED = "already_registered"  # the address has an active registration
    FULL = "full"  # full and no waiting list


@dataclasses.dataclass
class Released:
    outcome: ReleaseOutcome
    registration: Registration
    seat: int | None = None

    @property
    def done(self):
        return self.outcome in (ReleaseOutcome.CONFIRMED, ReleaseOutcome.WAITING)


def release(registration, now=None):
    """Turn a HELD registration into a real one under the conference lock: a free seat, else the
    end of the waiting list; workshop wishes get free seats or join their queues; the person gets
    the ordinary confirmation or waiting-list mail. Refused (nothing changes) when the registration
    is not held, the conference has ended, the address already has an active registration, or the
    conference is full without a waiting list."""
    now = now or timezone.now()
    with locked(registration.conference_id, [registration.pk]) as lock:
        conference = lock.conference
        if lock.registration is None:
            return Released(ReleaseOutcome.NOT_HELD, registration)
        registration = lock.registration
        if registration.status != Registration.Status.HELD:
            return Released(ReleaseOutcome.NOT_HELD, registration)
        if conference.ends_at <= now:
            return Released(ReleaseOutcome.PAST, registration)
        if Registration.objects.active_with_email(conference.pk, registration.email).exists():
            return Released(ReleaseOutcome.ALREADY_REGISTERED, registration)
        seat = free_conference_seat(conference)
        if seat is None and not conference.waiting_list_enabled:
            return Released(ReleaseOutcome.FULL, registration)

        if seat is not None:
            registration.status = Registration.Status.CONFIRMED
            registration.seat = seat
            registration.confirmed_at = now
        else:
            registration.status = Registration.Status.WAITING
            registration.waiting_since = now
        registration.save(update_fields=["status", "seat", "confirmed_at", "waiting_since"])
        # The wishes join each workshop's queue as of now, behind those already waiting.
        registration.workshop_bookings.update(requested_at=now)
        if seat is not None:
            fill_workshops_of([registration], now)
        queue_registration_mail(registration, status_mail(registration))
        outcome = ReleaseOutcome.CONFIRMED if seat is not None else ReleaseOutcome.WAITING
        return Released(outcome, registration, seat)
