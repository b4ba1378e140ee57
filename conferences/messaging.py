"""The organisers' messages to a conference's participants: all with a seat, the waiting list,
or one workshop's participants.

A message is sent through the durable mail queue (home.mail_queue) as one mail per recipient,
addressed to that person alone: no list of addresses is ever put in a header, so no participant
sees another's address. The queue rows hold only the registration's and the message's ids, in
the same transaction as the message and its receipts; the mail is built when it goes out, and a
registration deleted in the meantime gets none (conferences.tasks.delete_mail_tasks also
deletes its rows). Each recipient's history notes the message; the message itself is logged
with who sent it and to how many. At most MAX_PER_HOUR messages per conference in an hour.
"""

import datetime
import enum

from django.db import IntegrityError
from django.utils import timezone
from wagtail.log_actions import log

from home.mail_queue import queue_mail

from .models import ConferenceMessage, MessageReceipt, Registration, WorkshopBooking
from .registration import BY_ORGANISER, locked, log_history
from .tasks import MESSAGE_MAIL

MAX_PER_HOUR = 3
Audience = ConferenceMessage.Audience


class Refusal(enum.Enum):
    NO_RECIPIENTS = (
        "Der er ingen modtagere: ingen tilmeldinger passer til det valgte. Beskeden er ikke sendt."
    )
    TOO_MANY = (
        f"Der er allerede sendt {MAX_PER_HOUR} beskeder til deltagerne i denne konference den seneste time. "
        "Vent lidt, og send så igen. Beskeden er ikke sendt."
    )
    ALREADY_SENT = "Beskeden er allerede sendt. Den blev kun sendt én gang."
    NO_WORKSHOP = "Vælg en af konferencens workshops. Beskeden er ikke sendt."


class Refused(Exception):
    def __init__(self, refusal):
        super().__init__(refusal.value)
        self.refusal = refusal


def recipients(conference, audience, workshop=None):
    """The registrations a message to `audience` goes to: those with a seat, those on the
    waiting list, or those with a seat both at the conference and on the workshop."""
    registrations = Registration.objects.filter(conference=conference)
    if audience == Audience.CONFIRMED:
        return registrations.filter(status=Registration.Status.CONFIRMED)
    if audience == Audience.WAITING:
        return registrations.filter(status=Registration.Status.WAITING)
    if audience == Audience.WORKSHOP and workshop is not None:
        return registrations.filter(
            status=Registration.Status.CONFIRMED,
            workshop_bookings__workshop=workshop,
            workshop_bookings__status=WorkshopBooking.Status.CONFIRMED,
        )
    return registrations.none()


def sent_in_the_last_hour(conference, now):
    return ConferenceMessage.objects.filter(
        conference=conference, sent_at__gt=now - datetime.timedelta(hours=1)
    ).count()


def send_message(conference, *, audience, subject, body, user, send_token, workshop=None, now=None):
    """Store the message, one receipt per recipient and one queued mail each, in one transaction
    under the conference's lock (so the recipients cannot change while they are counted, and two
    organisers sending at once both count against the hourly limit). `send_token` comes from
    the preview: the same preview confirmed twice sends once. Returns the ConferenceMessage."""
    now = now or timezone.now()
    if audience == Audience.WORKSHOP and (workshop is None or workshop.conference_id != conference.pk):
        raise Refused(Refusal.NO_WORKSHOP)
    try:
        with locked(conference.pk) as lock:
            conference = lock.conference
            if ConferenceMessage.objects.filter(send_token=send_token).exists():
                raise Refused(Refusal.ALREADY_SENT)
            if sent_in_the_last_hour(conference, now) >= MAX_PER_HOUR:
                raise Refused(Refusal.TOO_MANY)
            people = list(recipients(conference, audience, workshop).order_by("pk"))
            if not people:
                raise Refused(Refusal.NO_RECIPIENTS)
            message = ConferenceMessage.objects.create(
                conference=conference,
                audience=audience,
                workshop=workshop if audience == Audience.WORKSHOP else None,
                workshop_title=workshop.title if audience == Audience.WORKSHOP else "",
                subject=subject,
                body=body,
                sent_by=user,
                sent_at=now,
                recipient_count=len(people),
                send_token=send_token,
            )
            MessageReceipt.objects.bulk_create(
                MessageReceipt(message=message, registration=registration) for registration in people
            )
            for registration in people:
                queue_mail(MESSAGE_MAIL, registration.pk, message.pk)
                log_history(
                    registration, "conferences.message_received", BY_ORGANISER, user=user, subject=subject
                )
            log(
                instance=message,
                action="conferences.message_sent",
                user=user,
                data={"recipients": len(people), "audience": message.audience_label(), "subject": subject},
            )
    except IntegrityError as error:
        # Another request with the same preview got there first (the unique send_token).
        raise Refused(Refusal.ALREADY_SENT) from error
    return message


def messages_for(registration):
    """The organisers' messages this registration was sent, newest first."""
    return list(ConferenceMessage.objects.filter(receipts__registration=registration).order_by("-sent_at"))


def build_message_mail(registration_id, message_id):
    """The mail for one recipient, or None when the registration (or its receipt) is gone.
    Registered with home.mail_queue under MESSAGE_MAIL by ConferencesConfig.ready()."""
    from .emails import build_message_mail as build

    receipt = (
        MessageReceipt.objects.select_related("message", "registration__conference")
        .filter(registration_id=registration_id, message_id=message_id)
        .first()
    )
    if receipt is None:
        return None
    return build(receipt.registration, receipt.message)
