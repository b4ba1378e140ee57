"""What organisers do to registrations from the admin, each change logged in Wagtail's log.

The seat rules are the ones in conferences/registration.py, under its lock protocol
(registration.locked): the conference first, then the registration.
"""

import dataclasses

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from . import held
from .models import Registration
from .registration import (
    BY_ORGANISER,
    cancel,
    fill_workshops_of,
    free_conference_seat,
    give_seat,
    locked,
    log_history,
    next_in_line,
    status_mail,
)
from .tasks import queue_registration_mail


@dataclasses.dataclass
class ActionResult:
    done: bool
    message: str
    # (url, label) of the place where the organiser can do what the message asks
    link: tuple[str, str] | None = None


EDIT_CONFERENCE = "Ret pladserne på konferencesiden"


def edit_conference_link(conference, user):
    """The conference's page editor, for a message that asks to raise the seats; None when the
    user may not edit the page (a link that only leads to a refusal helps no one)."""
    if not conference.permissions_for_user(user).can_edit():
        return None
    return reverse("wagtailadmin_pages:edit", args=[conference.pk]), EDIT_CONFERENCE


def _gone(registration):
    return ActionResult(
        False, f"Tilmeldingen fra {registration.name} findes ikke længere (oplysningerne er slettet)."
    )


def cancel_by_organiser(registration, user):
    """Cancel as the participant could: a mail to them, and the seat to the waiting list."""
    with locked(registration.conference_id, [registration.pk]) as lock:
        if lock.registration is None:
            return _gone(registration)
        if not lock.registration.is_active:
            return ActionResult(False, f"{registration.name} var allerede afmeldt.")
        registration = cancel(lock.registration, by=BY_ORGANISER, user=user)
    return ActionResult(True, f"{registration.name} er afmeldt og har fået besked på mail.")


NO_FREE_SEAT = (
    "Der er ingen ledig plads, så {name} kan ikke rykke op. Hæv antallet af pladser på konferencesiden "
    "(under »Tilmelding«): så får de, der har ventet længst, de nye pladser i rækkefølge."
)
REASON_MAX_LENGTH = 500


def queue_jump(registration):
    """The waiting registrations ahead of this one, or 0 when it is first in line."""
    position = registration.waiting_list_position()
    return (position or 1) - 1


def promote_by_hand(registration, user, now=None, reason=""):
    """Give a waiting person a free seat. Refused when no seat is free: moving someone up never
    overbooks. Free seats go to the waiting list in order by themselves, so giving one to
    someone who is not first in line needs a `reason`, which is written to the history."""
    now = now or timezone.now()
    reason = (reason or "").strip()[:REASON_MAX_LENGTH]
    with locked(registration.conference_id, [registration.pk]) as lock:
        if lock.registration is None:
            return _gone(registration)
        conference, registration = lock.conference, lock.registration
        if registration.status != Registration.Status.WAITING:
            return ActionResult(False, f"{registration.name} er ikke på ventelisten.")
        seat = free_conference_seat(conference)
        if seat is None:
            return ActionResult(
                False, NO_FREE_SEAT.format(name=registration.name), edit_conference_link(conference, user)
            )
        first = next_in_line(conference)
        skipped = queue_jump(registration)
        if first is not None and first.pk != registration.pk and not reason:
            return ActionResult(
                False,
                f"{registration.name} er nr. {skipped + 1} på ventelisten, og {first.name} har ventet "
                f"længere. Skriv en begrundelse for at springe {skipped} over; den gemmes i historikken.",
            )
        give_seat(registration, seat, now)
        fill_workshops_of([registration], now)
        data = {"seat": seat}
        if first is not None and first.pk != registration.pk:
            data.update(reason=reason, skipped=skipped)
        log_history(registration, "conferences.promote", BY_ORGANISER, user=user, **data)
    return ActionResult(True, f"{registration.name} har fået plads nr. {seat} og besked på mail.")


def resend_confirmation(registration, user):
    """Send the mail about the registration's current status again (confirmed or waiting)."""
    with locked(registration.conference_id, [registration.pk]) as lock:
        if lock.registration is None:
            return _gone(registration)
        registration = lock.registration
        if not registration.is_active:
            return ActionResult(False, f"{registration.name} er afmeldt; der er ingen bekræftelse at sende.")
        queue_registration_mail(registration, status_mail(registration))
        log_history(registration, "conferences.resend_confirmation", BY_ORGANISER, user=user)
    return ActionResult(True, f"Bekræftelsen er sendt igen til {registration.email}.")


RELEASE_REFUSALS = {
    held.ReleaseOutcome.NOT_HELD: "{name} er ikke tilbageholdt.",
    held.ReleaseOutcome.PAST: "Konferencen er afholdt, så {name} kan ikke længere få en plads.",
    held.ReleaseOutcome.ALREADY_REGISTERED: "{email} har allerede en aktiv tilmelding til konferencen, "
    "så den tilbageholdte er en dublet. Den slettes med de andre tilmeldinger efter opbevaringsperioden.",
    held.ReleaseOutcome.FULL: "Konferencen er fuldt booket uden venteliste, så {name} kan ikke få en plads. "
    "Hæv evt. antallet af pladser eller slå ventelisten til.",
}


def release_held(registration, user, now=None):
    """Approve a submission the spam trap held back: the normal seat and waiting-list rules and
    mail (conferences/held.py), logged in the registration's history."""
    with transaction.atomic():
        released = held.release(registration, now=now)
        registration = released.registration
        if not released.done:
            refusal = RELEASE_REFUSALS[released.outcome]
            message = refusal.format(name=registration.name, email=registration.email)
            link = None
            if released.outcome is held.ReleaseOutcome.FULL:
                link = edit_conference_link(registration.conference, user)
            return ActionResult(False, message, link)
        log_history(registration, "conferences.release", BY_ORGANISER, user=user)
    if released.outcome is held.ReleaseOutcome.CONFIRMED:
        return ActionResult(
            True, f"{registration.name} er godkendt, har fået plads nr. {released.seat} og besked på mail."
        )
    return ActionResult(
        True,
        f"{registration.name} er godkendt og står på ventelisten som nr. "
        f"{registration.waiting_list_position()}; deltageren har fået besked på mail.",
    )


ACTIONS = {
    "cancel": cancel_by_organiser,
    "promote": promote_by_hand,
    "resend": resend_confirmation,
    "release": release_held,
}


def perform(action, registration, user, **options):
    return ACTIONS[action](registration, user, **options)


def check_in_list(conference):
    """Confirmed participants sorted by name, with the needs the organisers must meet."""
    return list(
        Registration.objects.filter(conference=conference, status=Registration.Status.CONFIRMED).order_by(
            "name", "pk"
        )
    )


def set_checked_in(registration, came, user, now=None):
    """Record that a confirmed participant came (or undo it); logged."""
    now = now or timezone.now()
    with locked(registration.conference_id, [registration.pk]) as lock:
        registration = lock.registration
        if registration is None or registration.status != Registration.Status.CONFIRMED:
            return False
        registration.checked_in_at = now if came else None
        registration.save(update_fields=["checked_in_at"])
        log(
            instance=registration,
            action="conferences.check_in" if came else "conferences.check_in_undone",
            user=user,
        )
    return True
