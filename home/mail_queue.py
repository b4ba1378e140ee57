"""A durable mail queue any app can use (django-tasks on the database backend "mail", sent by
`manage.py worker` together with the conference mails).

An app registers a builder under a name: a function that takes the queued arguments (ids and
short keys, never a finished message) and returns an EmailMessage, or None when the mail no
longer applies (the person's data was deleted, the thing it is about was withdrawn). The queue
row holds only the builder's name and those arguments, written in the caller's transaction, so
the change and its mail are stored together or not at all, and personal data deleted before
the mail goes out is never sent. A mail is sent at most once (home.mail_delivery); a failed
send is retried with back-off (1, 2, 4 … minutes, at most an hour apart, MAX_ATTEMPTS in all),
as the conference mails are (conferences/tasks.py), and the stored error names no one.

`home` knows no builder itself: `cases` registers its own in its AppConfig.ready(), which runs
in the worker as in the web process.
"""

import datetime
import logging

from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_tasks import task

from .background import SafeToStore
from .mail_delivery import describe_error, send_once

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 30
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 3600
TASK_PATH = f"{__name__}.send_queued_mail"
DB_ERRORS = (OperationalError, InterfaceError)

_BUILDERS = {}


class MailNotSent(SafeToStore):
    """Sending failed; a later attempt is already queued (or the last attempt was used). Its
    message names no one, so it is stored in the task row."""


def mail_builder(name):
    """Decorator: register `function(*args)` → EmailMessage | None as the builder called `name`."""

    def register(function):
        _BUILDERS[name] = function
        return function

    return register


def retry_delay(attempt):
    return min(FIRST_RETRY_SECONDS * 2 ** (attempt - 1), LONGEST_RETRY_SECONDS)


def queue_mail(name, *args):
    """Queue the mail the builder `name` makes from `args` (JSON values), in the caller's transaction."""
    if name not in _BUILDERS:
        raise KeyError(f"no mail builder called {name!r}")
    return send_queued_mail.enqueue(name, list(args))


@task(backend="mail", takes_context=True)
def send_queued_mail(context, name, args, attempt=1, mail_id=None):
    """Build and send one queued mail, at most once (home.mail_delivery.send_once: the same
    Message-ID for every attempt of this mail), retrying with back-off when the server fails."""
    mail_id = mail_id or context.task_result.id
    builder = _BUILDERS.get(name)
    if builder is None:
        logger.error("Mail %s%s has no builder; dropped", name, tuple(args))
        return "dropped"
    message = builder(*args)
    if message is None:
        logger.info("Mail %s%s no longer applies; dropped", name, tuple(args))
        return "dropped"
    try:
        return send_once(message, mail_id)
    except Exception as error:
        if isinstance(error, DB_ERRORS):
            raise  # the worker puts the task back in the queue when the database is back
        reason = describe_error(error)
        if attempt >= MAX_ATTEMPTS:
            logger.error("Mail %s%s not sent after %s attempts (%s)", name, tuple(args), attempt, reason)
            raise MailNotSent(f"gave up after {attempt} attempts ({reason})") from None
        retry_at = timezone.now() + datetime.timedelta(seconds=retry_delay(attempt))
        send_queued_mail.using(run_after=retry_at).enqueue(
            name, list(args), attempt + 1, mail_id=str(mail_id)
        )
        logger.warning("Mail %s%s failed (%s); retry at %s", name, tuple(args), reason, retry_at)
        raise MailNotSent(
            f"attempt {attempt} failed ({reason}); retry queued for {retry_at.isoformat()}"
        ) from None


def delete_mail_tasks(name, first_arg_values):
    """Delete every task row of builder `name` whose first argument is one of these values,
    queued, running, failed or sent (their subject's personal data is being deleted). Returns
    how many were not sent yet."""
    from django_tasks_db.models import DBTaskResult

    values = sorted(set(first_arg_values))
    if not values:
        return 0
    rows = DBTaskResult.objects.filter(
        backend_name="mail",
        task_path=TASK_PATH,
        args_kwargs__args__0=name,
        args_kwargs__args__1__0__in=values,
    )
    unsent = rows.filter(status="READY").count()
    rows.delete()
    return unsent
