"""Reminder mails before a conference: once per confirmed participant, through the mail queue."""

from django.utils import timezone

from .models import ConferencePage, Registration
from .registration import locked
from .tasks import MailKind, queue_registration_mail


def due_conferences(now):
    """Live conferences inside their reminder window: from `reminder_days_before` days before
    they start until they start."""
    candidates = ConferencePage.objects.live().filter(date__gte=timezone.localdate(now))
    return [c for c in candidates if c.reminder_from <= now < c.starts_at]


def send_reminders(now=None):
    """Queue a reminder for every confirmed participant of a conference in its reminder window
    who has not had one. Each registration is marked in the same transaction as its mail is
    queued, under the lock protocol (registration.locked), so running this again (or twice at
    once) sends nothing twice. People on the waiting list or cancelled get none.
    Returns {conference: count}."""
    now = now or timezone.now()
    sent = {}
    for conference in due_conferences(now):
        count = 0
        pending = Registration.objects.filter(
            conference=conference, status=Registration.Status.CONFIRMED, reminder_sent_at__isnull=True
        ).values_list("pk", flat=True)
        for pk in list(pending):
            with locked(conference.pk, [pk]) as lock:
                registration = lock.registration
                if (
                    registration is not None
                    and registration.status == Registration.Status.CONFIRMED
                    and registration.reminder_sent_at is None
                ):
                    registration.reminder_sent_at = now
                    registration.save(update_fields=["reminder_sent_at"])
                    queue_registration_mail(registration, MailKind.REMINDER)
                    count += 1
        sent[conference] = count
    return sent
