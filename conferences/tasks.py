"""The durable mail queue for registrations (django-tasks on the database backend "mail").

A mail is queued by writing a task row in the same database transaction as the registration
change it is about, so the two are stored together or not at all. `manage.py mail_worker`
(django-tasks-db's db_worker for this backend) sends them. When sending fails the attempt is
recorded as failed and a new attempt is queued with exponential back-off, so mail held up by a
broken mail server goes out once it is back. The message is built when it is sent: a mail for a
registration whose personal data has been deleted in the meantime is dropped.
"""

import datetime
import enum
import logging

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 30
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 3600


class MailKind(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    PROMOTED = "promoted"
    WORKSHOP_PROMOTED = "workshop_promoted"
    CANCELLED = "cancelled"
    ALREADY_REGISTERED = "already_registered"
    REMINDER = "reminder"
    CHANGED = "changed"
    CONFIRM_CHANGE = "confirm_change"  # to the new address, with the link that confirms it
    EVALUATION = "evaluation"  # after the conference: materials and the personal evaluation link


class MailNotSent(Exception):
    """Sending failed; a later attempt is already queued (or the last attempt was used)."""


def retry_delay(attempt):
    """Seconds to wait after failed attempt number `attempt`: 1, 2, 4 … minutes, at most an hour."""
    return min(FIRST_RETRY_SECONDS * 2 ** (attempt - 1), LONGEST_RETRY_SECONDS)


def queue_registration_mail(registration, kind):
    """Queue a mail about this registration, in the caller's transaction."""
    return send_registration_mail.enqueue(registration.pk, str(MailKind(kind)))


@task(backend="mail")
def send_registration_mail(registration_id, kind, attempt=1):
    from .emails import build_registration_mail
    from .models import Registration

    registration = Registration.objects.select_related("conference").filter(pk=registration_id).first()
    if registration is None:
        logger.info("Mail %s to deleted registration %s dropped", kind, registration_id)
        return "dropped"
    message = build_registration_mail(registration, MailKind(kind))
    if message is None:
        logger.info("Mail %s to registration %s no longer applies; dropped", kind, registration_id)
        return "dropped"
    try:
        message.send()
    except Exception as error:
        if attempt >= MAX_ATTEMPTS:
            logger.error(
                "Mail %s for registration %s not sent after %s attempts", kind, registration_id, attempt
            )
            raise MailNotSent(f"gave up after {attempt} attempts") from error
        retry_at = timezone.now() + datetime.timedelta(seconds=retry_delay(attempt))
        send_registration_mail.using(run_after=retry_at).enqueue(registration_id, kind, attempt + 1)
        logger.warning(
            "Mail %s for registration %s failed (%s); retry at %s", kind, registration_id, error, retry_at
        )
        raise MailNotSent(f"attempt {attempt} failed; retry queued for {retry_at.isoformat()}") from error
    return "sent"


def requeue_abandoned_mail(older_than=datetime.timedelta(minutes=15), now=None):
    """Put mail tasks that a worker claimed but never finished (it was killed mid-send) back in
    the queue. A send takes seconds (EMAIL_TIMEOUT), so a task running this long is abandoned.
    Returns how many were requeued."""
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - older_than
    abandoned = DBTaskResult.objects.filter(backend_name="mail", status="RUNNING", started_at__lt=cutoff)
    return abandoned.update(status="READY", started_at=None)


def drop_queued_mail(registration_ids):
    """Delete mail tasks not yet sent for these registrations (their personal data is being
    deleted). Returns how many were dropped. A task a worker is sending right now finds no
    registration when it builds the message and drops itself."""
    from django_tasks_db.models import DBTaskResult

    ids = set(registration_ids)
    if not ids:
        return 0
    queued = DBTaskResult.objects.filter(backend_name="mail", status="READY").only("pk", "args_kwargs")
    doomed = [row.pk for row in queued if (row.args_kwargs.get("args") or [None])[0] in ids]
    DBTaskResult.objects.filter(pk__in=doomed).delete()
    return len(doomed)
