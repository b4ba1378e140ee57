"""A durable mail queue any app can use (django-tasks on the database backend "mail", sent by
`manage.py mail_worker` together with the conference mails).

An app registers a builder under a name: a function that takes the queued arguments (ids and
short keys, never a finished message) and returns an EmailMessage, or None when the mail no
longer applies (the person's data was deleted, the thing it is about was withdrawn). The queue
row holds only the builder's name and those arguments, written in the caller's transaction, so
the change and its mail are stored together or not at all, and personal data deleted before
the mail goes out is never sent. A failed send is retried with back-off (1, 2, 4 … minutes, at
most an hour apart, MAX_ATTEMPTS in all), as the conference mails are (conferences/tasks.py).

`home` knows no builder itself: `cases` registers its own in its AppConfig.ready(), which runs
in the worker as in the web process.
"""

import datetime
import logging

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 30
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 3600

_BUILDERS = {}


class MailNotSent(Exception):
    """Sending failed; a later attempt is already queued (or the last attempt was used)."""


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


@task(backend="mail")
def send_queued_mail(name, args, attempt=1):
    builder = _BUILDERS.get(name)
    if builder is None:
        logger.error("Mail %s%s has no builder; dropped", name, tuple(args))
        return "dropped"
    message = builder(*args)
    if message is None:
        logger.info("Mail %s%s no longer applies; dropped", name, tuple(args))
        return "dropped"
    try:
        message.send()
    except Exception as error:
        if attempt >= MAX_ATTEMPTS:
            logger.error("Mail %s%s not sent after %s attempts", name, tuple(args), attempt)
            raise MailNotSent(f"gave up after {attempt} attempts") from error
        retry_at = timezone.now() + datetime.timedelta(seconds=retry_delay(attempt))
        send_queued_mail.using(run_after=retry_at).enqueue(name, list(args), attempt + 1)
        logger.warning("Mail %s%s failed (%s); retry at %s", name, tuple(args), error, retry_at)
        raise MailNotSent(f"attempt {attempt} failed; retry queued for {retry_at.isoformat()}") from error
    return "sent"


def drop_queued_mail(name, first_arg_values):
    """Delete queued mails of builder `name` whose first argument is one of these values (their
    subject's personal data is being deleted). Returns how many were dropped."""
    from django_tasks_db.models import DBTaskResult

    values = set(first_arg_values)
    if not values:
        return 0
    queued = DBTaskResult.objects.filter(
        backend_name="mail", status="READY", task_path=f"{__name__}.send_queued_mail"
    ).only("pk", "args_kwargs")
    doomed = []
    for row in queued:
        args = row.args_kwargs.get("args") or []
        if len(args) >= 2 and args[0] == name and (args[1] or [None])[0] in values:
            doomed.append(row.pk)
    DBTaskResult.objects.filter(pk__in=doomed).delete()
    return len(doomed)
