"""The durable mail queue for registrations (django-tasks on the database backend "mail").

A mail is queued by writing a task row in the same database transaction as the registration
change it is about, so the two are stored together or not at all. `manage.py worker`
(home/background.py) sends them. When sending fails the attempt is recorded as failed (without
the error's message, which can hold the address) and a new attempt is queued with exponential
back-off, so mail held up by a broken mail server goes out once it is back. The message is built
when it is sent: a mail for a registration whose personal data has been deleted in the meantime
is dropped. Every attempt of one mail has the same Message-ID, and a mail the server accepted is
never sent again (home/mail_delivery.py). A task row holds the registration's id only; deleting
the registration deletes its task rows (delete_mail_tasks).
"""

import datetime
import enum
import logging

from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_tasks import task

from home import mail_queue
from home.background import SafeToStore
from home.mail_delivery import describe_error, send_once

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 30
TASK_PATH = "conferences.tasks.send_registration_mail"
# The organisers' messages go through the generic queue (home.mail_queue) under this builder
# name, with the registration's id first (conferences/messaging.py).
MESSAGE_MAIL = "conference_message"
DB_ERRORS = (OperationalError, InterfaceError)
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


class MailNotSent(SafeToStore):
    """Sending failed; a later attempt is already queued (or the last attempt was used). Its
    message names no one, so it is stored in the task row."""


def retry_delay(attempt):
    """Seconds to wait after failed attempt number `attempt`: 1, 2, 4 … minutes, at most an hour."""
    return min(FIRST_RETRY_SECONDS * 2 ** (attempt - 1), LONGEST_RETRY_SECONDS)


def queue_registration_mail(registration, kind):
    """Queue a mail about this registration, in the caller's transaction."""
    return send_registration_mail.enqueue(registration.pk, str(MailKind(kind)))


@task(backend="mail", takes_context=True)
def send_registration_mail(context, registration_id, kind, attempt=1, mail_id=None):
    from .emails import build_registration_mail
    from .models import Registration

    mail_id = mail_id or context.task_result.id  # the same for every attempt of this mail
    registration = Registration.objects.select_related("conference").filter(pk=registration_id).first()
    if registration is None:
        logger.info("Mail %s to deleted registration %s dropped", kind, registration_id)
        return "dropped"
    message = build_registration_mail(registration, MailKind(kind))
    if message is None:
        logger.info("Mail %s to registration %s no longer applies; dropped", kind, registration_id)
        return "dropped"
    try:
        return send_once(message, mail_id)
    except Exception as error:
        if isinstance(error, DB_ERRORS):
            raise  # the worker puts the task back in the queue when the database is back
        reason = describe_error(error)
        if attempt >= MAX_ATTEMPTS:
            logger.error(
                "Mail %s for registration %s not sent after %s attempts (%s)",
                *(kind, registration_id, attempt, reason),
            )
            raise MailNotSent(f"gave up after {attempt} attempts ({reason})") from None
        retry_at = timezone.now() + datetime.timedelta(seconds=retry_delay(attempt))
        send_registration_mail.using(run_after=retry_at).enqueue(
            registration_id, kind, attempt + 1, mail_id=str(mail_id)
        )
        logger.warning(
            "Mail %s for registration %s failed (%s); retry at %s", kind, registration_id, reason, retry_at
        )
        raise MailNotSent(
            f"attempt {attempt} failed ({reason}); retry queued for {retry_at.isoformat()}"
        ) from None


def delete_mail_tasks(registration_ids):
    """Delete every mail task row about these registrations, queued, running, failed or sent
    (their personal data is being deleted), the organisers' messages to them included. Returns
    how many were not sent yet. A task a worker is sending right now finds no registration when
    it builds the message and drops itself, or sends a mail its registration was still there
    for; its row stays deleted."""
    from django_tasks_db.models import DBTaskResult

    ids = sorted(set(registration_ids))
    if not ids:
        return 0
    rows = DBTaskResult.objects.filter(backend_name="mail", task_path=TASK_PATH, args_kwargs__args__0__in=ids)
    unsent = rows.filter(status="READY").count()
    rows.delete()
    return unsent + mail_queue.delete_mail_tasks(MESSAGE_MAIL, ids)
