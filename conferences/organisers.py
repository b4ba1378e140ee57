"""What organisers do to registrations from the admin, each change logged in Wagtail's log.

The seat rules are the ones in conferences/registration.py, under its lock protocol
(registration.locked): the conference first, then the registration.
"""

import dataclasses
import enum

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from home.danish_time import danish_time

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


def search_check_in_list(participants, query):
    """The participants whose name or workplace holds every word of `query`, in any case
    (compared in Python, so »åse« finds »Åse« on SQLite as on PostgreSQL); all for no query."""
    words = query.casefold().split()
    return [
        person
        for person in participants
        if all(word in f"{person.name} {person.organisation}".casefold() for word in words)
    ]


class CheckIn(enum.Enum):
    CHECKED_IN = "checked_in"
    ALREADY = "already"  # a second scan or a double tap: the first time is kept
    UNDONE = "undone"
    NOT_CHECKED_IN = "not_checked_in"  # undo for someone who was not checked in
    NOT_CONFIRMED = "not_confirmed"  # waiting, cancelled or held: no seat to check in to
    GONE = "gone"  # deleted in the meantime


@dataclasses.dataclass
class CheckInResult:
    outcome: CheckIn
    registration: Registration

    @property
    def done(self):
        return self.outcome in (CheckIn.CHECKED_IN, CheckIn.ALREADY, CheckIn.UNDONE, CheckIn.NOT_CHECKED_IN)

    @property
    def message(self):
        """What the organiser is told, in Danish with the time as on the clock in Denmark."""
        registration = self.registration
        name = registration.name
        if self.outcome is CheckIn.GONE:
            return "Tilmeldingen findes ikke længere (oplysningerne er slettet)."
        if self.outcome is CheckIn.NOT_CONFIRMED:
            return not_confirmed_message(registration)
        if self.outcome is CheckIn.UNDONE:
            return f"{name} er ikke længere tjekket ind."
        if self.outcome is CheckIn.NOT_CHECKED_IN:
            return f"{name} var ikke tjekket ind."
        at = f"{danish_time(registration.checked_in_at):%H.%M}"
        if self.outcome is CheckIn.ALREADY:
            return f"{name} er allerede tjekket ind kl. {at}."
        return f"{name} er tjekket ind kl. {at}."


def not_confirmed_message(registration):
    """Why someone without a seat cannot be checked in."""
    name = registration.name
    if registration.status == Registration.Status.WAITING:
        return (
            f"{name} står på ventelisten (nr. {registration.waiting_list_position()}) og har ingen plads, "
            "så vedkommende kan ikke tjekkes ind. Er der en ledig plads, kan du rykke personen op under "
            "»Tilmeldinger«."
        )
    if registration.status == Registration.Status.CANCELLED:
        return f"{name} er afmeldt og har ingen plads, så vedkommende kan ikke tjekkes ind."
    return (
        f"Tilmeldingen fra {name} er holdt tilbage af spamfilteret og har ingen plads, så vedkommende "
        "kan ikke tjekkes ind, før tilmeldingen er godkendt under »Tilmeldinger«."
    )


def set_checked_in(registration, came, user, now=None, via="list"):
    """Record that a confirmed participant came (`came`) or undo it, logged in the
    registration's history with the organiser who did it. Only a confirmed registration can be
    checked in. Checking in twice keeps the first time and logs nothing new, so a second scan of
    the same QR code or a double tap is harmless."""
    now = now or timezone.now()
    with locked(registration.conference_id, [registration.pk]) as lock:
        if lock.registration is None:
            return CheckInResult(CheckIn.GONE, registration)
        registration = lock.registration
        if registration.status != Registration.Status.CONFIRMED:
            return CheckInResult(CheckIn.NOT_CONFIRMED, registration)
        if came and registration.checked_in_at:
            return CheckInResult(CheckIn.ALREADY, registration)
        if not came and not registration.checked_in_at:
            return CheckInResult(CheckIn.NOT_CHECKED_IN, registration)
        registration.checked_in_at = now if came else None
        registration.save(update_fields=["checked_in_at"])
        action = "conferences.check_in" if came else "conferences.check_in_undone"
        log_history(registration, action, BY_ORGANISER, user=user, via=via)
    return CheckInResult(CheckIn.CHECKED_IN if came else CheckIn.UNDONE, registration)
