"""»Slet mine oplysninger« and the purge after the retention period leave nothing of the person
in the database: not in the registration, not in any mail task row (queued, failed or sent),
not in a stored error. Shown on a dump of the whole database (pg_dump on PostgreSQL, SQLite's
own dump otherwise), after a mail to the person's address was refused by the mail server (the
error, SMTPRecipientsRefused, carries the address)."""

import datetime
import subprocess

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from conferences import registration as service
from conferences.models import Registration
from conferences.retention import purge_registrations
from tests.smtp_server import smtp_server

from .conftest import register_data, run_mail_queue

pytestmark = pytest.mark.django_db(transaction=True)

MARKER = "sletmig7q"
ADDRESS = f"{MARKER}@example.dk"


def database_dump():
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        command = ["pg_dump", "--no-owner", "--data-only", "-h", params["HOST"] or "127.0.0.1"]
        command += ["-p", str(params["PORT"] or 5432), "-U", params["USER"] or "postgres", params["NAME"]]
        env = {"PGPASSWORD": params["PASSWORD"] or "", "PATH": "/usr/bin:/bin"}
        return subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout  # noqa: S603
    return "\n".join(connection.connection.iterdump())


@pytest.fixture
def refused_mail(make_conference, settings):
    """A registration whose confirmation the mail server refused (a retry is queued)."""
    with smtp_server(refuse=[ADDRESS]) as (server, port):
        settings.EMAIL_BACKEND = "home.mail_delivery.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
        conference = make_conference()
        other_data = register_data(conference, email="anden@example.dk")
        other = service.register(conference, other_data, form_token="o")
        data = register_data(conference, email=ADDRESS, name=f"{MARKER.title()} Hansen")
        result = service.register(conference, data, form_token="m")
        assert result.outcome is service.Outcome.REGISTERED
        run_mail_queue()
        assert [m["To"] for m in server.accepted] == ["anden@example.dk"]
        yield conference, result.registration, other.registration


def test_a_refused_mail_is_stored_without_the_address(refused_mail):
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "conferences.tasks.MailNotSent"
    assert "SMTPRecipientsRefused 550" in failed.traceback
    assert MARKER not in failed.traceback.lower()
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the retry


def test_deleting_my_data_leaves_nothing_of_me_in_the_database(refused_mail, client):
    conference, registration, other = refused_mail
    assert MARKER in database_dump().lower()  # the dump does show what is there

    response = client.post(conference.url + f"tilmelding/{registration.token}/slet/")
    assert response.status_code == 302

    assert MARKER not in database_dump().lower()
    assert list(Registration.objects.all()) == [other]
    assert not DBTaskResult.objects.filter(args_kwargs__args__0=registration.pk).exists()
    # The other participant's sent mail is still recorded.
    assert DBTaskResult.objects.filter(args_kwargs__args__0=other.pk).count() == 1


def test_the_purge_leaves_nothing_of_the_participants_in_the_database(refused_mail):
    conference, registration, other = refused_mail
    assert MARKER in database_dump().lower()

    purge_registrations(now=conference.retention_ends_at + datetime.timedelta(minutes=1))

    dump = database_dump().lower()
    assert MARKER not in dump and "anden@example.dk" not in dump
    assert not Registration.objects.exists()
    assert not DBTaskResult.objects.filter(task_path="conferences.tasks.send_registration_mail").exists()


def test_a_message_from_the_organisers_keeps_nothing_of_a_deleted_participant(
    refused_mail, client, django_user_model
):
    from conferences import messaging
    from conferences.models import ConferenceMessage, MessageReceipt

    conference, registration, other = refused_mail
    organiser = django_user_model.objects.create_user("arrangoer", "arr@kl.dk", "x")
    messaging.send_message(
        conference, audience="confirmed", subject="Praktisk", body="Tekst", user=organiser, send_token="t"
    )
    assert MessageReceipt.objects.filter(registration=registration).exists()

    response = client.post(conference.url + f"tilmelding/{registration.token}/slet/")
    assert response.status_code == 302

    assert MARKER not in database_dump().lower()
    assert list(MessageReceipt.objects.values_list("registration", flat=True)) == [other.pk]
    assert not DBTaskResult.objects.filter(args_kwargs__args__1__0=registration.pk).exists()
    assert ConferenceMessage.objects.get().recipient_count == 2  # the organisers' own record stays
