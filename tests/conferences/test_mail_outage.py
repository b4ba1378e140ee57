"""100 registrations while the mail server refuses connections: all stored, all mails sent later."""

import socket

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conferences import registration as service
from conferences.models import Registration

from .conftest import register_data, run_mail_queue

pytestmark = pytest.mark.django_db

COUNT = 100


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here once the socket is closed


def test_mail_server_down_for_100_registrations_then_back(make_conference, settings):
    conference = make_conference(capacity=COUNT)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _closed_port(), 2

    for number in range(COUNT):
        data = register_data(conference, email=f"deltager{number}@example.dk", name=f"Deltager {number}")
        result = service.register(conference, data, form_token=f"token-{number}")
        assert result.outcome is service.Outcome.REGISTERED

    assert run_mail_queue() == COUNT  # every attempt fails: connection refused
    assert Registration.objects.filter(conference=conference, status="confirmed").count() == COUNT
    assert DBTaskResult.objects.filter(backend_name="mail", status="FAILED").count() == COUNT
    assert len(mail.outbox) == 0

    # The mail server is back; the retries fall due.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(backend_name="mail", status="READY").update(run_after=timezone.now())
    assert run_mail_queue() == COUNT
    assert len(mail.outbox) == COUNT
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        f"deltager{number}@example.dk" for number in range(COUNT)
    )
    assert Registration.objects.filter(conference=conference).count() == COUNT
