"""Sending a queued mail at most once, and not losing it.

Every mail from the queue has a stable Message-ID made from its first task row's id (retries
keep it). Its SentMail row (no address, no content) walks SENDING → COMMITTING → SENT:

- SENDING is written before the SMTP conversation starts;
- COMMITTING is written after the message's body has gone to the server and just before the
  final "." that asks the server to accept it (CheckpointSMTP below);
- SENT right after the server's 250, retried until the database answers.

A task run again after a crash (home/background.py requeues what a dead worker held) reads the
row: SENDING means the server never got the final "." (nothing was accepted: send again), SENT
means it was accepted (never again). COMMITTING means the worker stopped in the milliseconds
between the final "." and storing the answer: the mail is not sent again, and the error log
names its Message-ID so an operator can look it up in the mail server's log.

Backends without an SMTP conversation (the file and memory backends of development and tests)
go from SENDING straight to SENT.
"""

import contextlib
import contextvars
import logging
import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.db import transaction
from django.utils import timezone

from .background import persist_through_outage
from .models import SentMail

logger = logging.getLogger(__name__)

_checkpoint = contextvars.ContextVar("mail_checkpoint", default=None)

ALREADY_SENT = "already sent"
UNCERTAIN = "uncertain"
SENT = "sent"


def message_id_for(mail_id):
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{mail_id}@{domain}>"


@contextlib.contextmanager
def checkpoint(callback):
    token = _checkpoint.set(callback)
    try:
        yield
    finally:
        _checkpoint.reset(token)


class CheckpointSMTPMixin:
    def data(self, msg):
        """smtplib's DATA, with the checkpoint between the body and the final "." (the moment
        the server may accept the message). If the checkpoint raises, the final "." is never
        sent and the server discards what it got."""
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):
            msg = smtplib._fix_eols(msg).encode("ascii")
        body = smtplib._quote_periods(msg)
        if body[-2:] != smtplib.bCRLF:
            body += smtplib.bCRLF
        self.send(body)
        callback = _checkpoint.get()
        if callback is not None:
            try:
                callback()
            except BaseException:
                self.close()  # no final ".": the server discards the message
                raise
        self.send(b"." + smtplib.bCRLF)
        return self.getreply()


class CheckpointSMTP(CheckpointSMTPMixin, smtplib.SMTP):
    pass


class CheckpointSMTP_SSL(CheckpointSMTPMixin, smtplib.SMTP_SSL):  # noqa: N801 - as smtplib
    pass


class EmailBackend(DjangoSMTPBackend):
    """Django's SMTP backend on CheckpointSMTP."""

    @property
    def connection_class(self):
        return CheckpointSMTP_SSL if self.use_ssl else CheckpointSMTP


def describe_error(error):
    """An SMTP error without the addresses in it: its class and the server's reply code."""
    code = getattr(error, "smtp_code", None)
    if code is None and isinstance(getattr(error, "recipients", None), dict):
        code = ",".join(sorted({str(reply[0]) for reply in error.recipients.values()}))
    return f"{type(error).__name__}" + (f" {code}" if code else "")


def _set_state(message_id, state, **fields):
    return SentMail.objects.filter(message_id=message_id).update(state=state, **fields)


def send_once(message, mail_id):
    """Send `message` (an EmailMessage) unless the mail `mail_id` was handed to the server
    before. Returns SENT, ALREADY_SENT or UNCERTAIN (see the module's docstring). Database
    errors before the final "." propagate (nothing was accepted; the task runs again)."""
    message_id = message_id_for(mail_id)
    with transaction.atomic():
        record, _ = SentMail.objects.select_for_update().get_or_create(message_id=message_id)
    if record.state == SentMail.State.SENT:
        logger.info("Mail %s was sent before; not sent again", message_id)
        return ALREADY_SENT
    if record.state == SentMail.State.COMMITTING:
        logger.error(
            "Mail %s: a worker stopped while the mail server accepted it; not sent again "
            "(look the Message-ID up in the mail server's log)",
            message_id,
        )
        return UNCERTAIN
    message.extra_headers["Message-ID"] = message_id
    try:
        with checkpoint(lambda: _set_state(message_id, SentMail.State.COMMITTING)):
            message.send()
    except smtplib.SMTPResponseException:
        # The server answered with a refusal (also to the final "."): nothing was accepted.
        persist_through_outage(lambda: _set_state(message_id, SentMail.State.SENDING))
        raise
    persist_through_outage(lambda: _set_state(message_id, SentMail.State.SENT, sent_at=timezone.now()))
    return SENT
