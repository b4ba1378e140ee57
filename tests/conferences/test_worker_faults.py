"""The background worker under faults, as separate processes on PostgreSQL: its database is cut
(through a TCP proxy the test controls), it is killed in the middle of a send, and the database
goes away just as the mail server accepts a mail. Deliveries are counted at a real SMTP server
(aiosmtpd) the test starts: every mail arrives exactly once and the worker keeps running."""

import signal
import threading
import time

import pytest
from django_tasks_db.models import DBTaskResult

from conferences import registration as service
from home.models import SentMail
from tests.worker_processes import LEASE_SECONDS, database_url, wait_for

from .conftest import register_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def register(conference, name):
    data = register_data(conference, email=f"{name}@example.dk", name=name.title())
    return service.register(conference, data, form_token=name).registration


def mail_rows():
    return DBTaskResult.objects.filter(backend_name="mail")


def test_the_worker_survives_a_database_outage_and_sends_what_came_meanwhile(
    make_conference, smtp, proxy, workers
):
    server, _ = smtp
    conference = make_conference()
    worker = workers(database_url(proxy.port), "--no-jobs")
    register(conference, "anna")
    wait_for(lambda: len(server.accepted) == 1, 60, "the first mail")

    proxy.cut()  # the database is gone for the worker
    time.sleep(3)
    register(conference, "bent")  # queued meanwhile (the site still reaches the database)
    time.sleep(2)
    assert worker.poll() is None, "the worker died with its database"
    proxy.restore()

    wait_for(lambda: len(server.accepted) == 2, 60, "the mail queued during the outage")
    assert sorted(m["To"] for m in server.accepted) == ["anna@example.dk", "bent@example.dk"]
    assert len(set(server.message_ids())) == 2
    wait_for(lambda: set(mail_rows().values_list("status", flat=True)) == {"SUCCESSFUL"}, 30, "rows done")
    assert worker.poll() is None


def test_a_mail_whose_worker_was_killed_mid_send_is_sent_by_another_within_a_minute(
    make_conference, smtp, workers
):
    server, _ = smtp
    conference = make_conference()
    in_conversation, release = threading.Event(), threading.Event()

    def hold():
        in_conversation.set()
        release.wait(30)

    server.on_rcpt = hold
    doomed = workers(database_url(), "--no-jobs")
    register(conference, "anna")
    assert in_conversation.wait(60), "the worker never started sending"
    [row] = mail_rows()
    assert row.status == "RUNNING"
    survivor = workers(database_url(), "--no-jobs")  # running while the other dies
    time.sleep(2)

    doomed.send_signal(signal.SIGKILL)  # mid-send: the server has the recipient, not the message
    doomed.wait()
    killed_at = time.monotonic()
    server.on_rcpt = None
    release.set()

    wait_for(lambda: len(server.accepted) == 1, 60, "the mail, sent by the other worker")
    assert time.monotonic() - killed_at < 60
    time.sleep(LEASE_SECONDS * 2)  # time for a duplicate to show up, if there were one
    assert [m["To"] for m in server.accepted] == ["anna@example.dk"]
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL" and row.return_value == "sent"
    assert survivor.poll() is None


def test_a_mail_the_server_accepted_as_the_database_went_away_is_not_sent_again(
    make_conference, smtp, proxy, workers
):
    server, _ = smtp
    conference = make_conference()
    server.on_data = proxy.cut  # the database goes away between the final "." and the 250
    first = workers(database_url(proxy.port), "--no-jobs")
    register(conference, "anna")
    wait_for(lambda: len(server.accepted) == 1, 60, "the mail")
    server.on_data = None

    # The first worker cannot store that the mail went out, nor beat; another worker, on a
    # working connection, finds its task abandoned and takes it over.
    second = workers(database_url(), "--no-jobs")
    wait_for(lambda: mail_rows().get().status == "SUCCESSFUL", 60, "the task taken over")
    assert mail_rows().get().return_value == "uncertain"
    time.sleep(2)
    proxy.restore()

    wait_for(lambda: SentMail.objects.get().state == SentMail.State.SENT, 60, "the send recorded")
    time.sleep(LEASE_SECONDS * 2)
    assert [m["To"] for m in server.accepted] == ["anna@example.dk"]
    assert first.poll() is None and second.poll() is None
