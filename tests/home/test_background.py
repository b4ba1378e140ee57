"""The background worker's parts, in one process: job locks, stored errors, sending once."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from home import background, jobs
from home.background import Job, SafeToStore, Worker, safe_traceback
from home.mail_delivery import ALREADY_SENT, SENT, UNCERTAIN, message_id_for, send_once
from home.models import BackgroundJob, SentMail, WorkerProcess
from tests.smtp_server import smtp_server

pytestmark = pytest.mark.django_db

RUNS = []


def count_run():
    RUNS.append(timezone.now())


def failing_job():
    raise ValueError("person@example.dk")


@pytest.fixture(autouse=True)
def _runs():
    RUNS.clear()


def job(every=60, call="tests.home.test_background.count_run"):
    return Job("test-job", call, datetime.timedelta(seconds=every))


def alive(*worker_ids):
    now = timezone.now()
    for worker_id in worker_ids:
        WorkerProcess.objects.update_or_create(
            worker_id=worker_id, defaults={"started_at": now, "seen_at": now}
        )


def test_a_due_job_runs_once_per_interval_whichever_worker_asks():
    first, second = Worker(jobs=[job()], worker_id="a"), Worker(jobs=[job()], worker_id="b")
    alive("a", "b")
    assert first.run_due_jobs() == 1
    assert second.run_due_jobs() == 0 and first.run_due_jobs() == 0  # not due again yet
    assert len(RUNS) == 1
    row = BackgroundJob.objects.get(name="test-job")
    assert row.succeeded is True and row.held_by == "" and row.finished_at is not None

    BackgroundJob.objects.update(started_at=timezone.now() - datetime.timedelta(seconds=61))
    assert second.run_due_jobs() == 1
    assert len(RUNS) == 2


def test_a_job_held_by_a_live_worker_is_not_taken_and_one_held_by_a_dead_worker_is():
    alive("a", "b")
    assert Worker(jobs=[job(every=1)], worker_id="a").take_job(job(every=1))
    later = timezone.now() + datetime.timedelta(seconds=5)
    second = Worker(jobs=[job(every=1)], worker_id="b")
    assert not second.take_job(job(every=1), now=later)  # due again, but "a" is still running it
    WorkerProcess.objects.filter(worker_id="a").update(seen_at=timezone.now() - datetime.timedelta(minutes=1))
    assert second.take_job(job(every=1), now=later)
    assert BackgroundJob.objects.get().held_by == "b"


def test_a_failing_job_is_recorded_by_its_class_only_and_the_worker_goes_on():
    worker = Worker(
        jobs=[job(call="tests.home.test_background.failing_job"), job_named("other")], worker_id="a"
    )
    alive("a")
    assert worker.run_due_jobs() == 2
    failed = BackgroundJob.objects.get(name="test-job")
    assert (failed.succeeded, failed.error) == (False, "ValueError")
    assert BackgroundJob.objects.get(name="other").succeeded is True


def job_named(name):
    return Job(name, "tests.home.test_background.count_run", datetime.timedelta(seconds=60))


def test_stored_errors_keep_the_frames_and_drop_messages_that_can_name_someone():
    class Named(SafeToStore):
        pass

    try:
        try:
            raise smtplib.SMTPRecipientsRefused(
                {"person@example.dk": (550, b"no such user person@example.dk")}
            )
        except smtplib.SMTPRecipientsRefused:
            raise Named("attempt 1 failed (SMTPRecipientsRefused 550)") from None
    except Named as error:
        text = safe_traceback(error)
    assert "person@example.dk" not in text
    assert "attempt 1 failed (SMTPRecipientsRefused 550)" in text
    assert "test_stored_errors_keep_the_frames" in text  # the frame

    try:
        raise RuntimeError("person@example.dk")
    except RuntimeError as error:
        text = safe_traceback(error)
    assert "person@example.dk" not in text and "builtins.RuntimeError: (message withheld)" in text


def message():
    return EmailMessage("Emne", "Tekst", "afsender@example.dk", ["modtager@example.dk"])


def test_a_mail_is_sent_once_with_a_stable_message_id():
    assert send_once(message(), "abc") == SENT
    assert send_once(message(), "abc") == ALREADY_SENT
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [message_id_for("abc")]
    assert SentMail.objects.get().state == SentMail.State.SENT


def test_a_mail_the_server_may_have_accepted_is_not_sent_again_but_one_never_finished_is():
    SentMail.objects.create(message_id=message_id_for("committing"), state=SentMail.State.COMMITTING)
    SentMail.objects.create(message_id=message_id_for("sending"), state=SentMail.State.SENDING)
    assert send_once(message(), "committing") == UNCERTAIN
    assert send_once(message(), "sending") == SENT
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [message_id_for("sending")]


def test_over_smtp_the_mail_is_marked_committing_before_the_server_can_accept_it(settings, monkeypatch):
    from home import mail_delivery

    settings.EMAIL_BACKEND = "home.mail_delivery.EmailBackend"
    real_set_state = mail_delivery._set_state
    with smtp_server() as (server, port):
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        steps = []

        def set_state(message_id, state, **fields):
            steps.append((state, len(server.accepted)))  # how many the server had accepted then
            return real_set_state(message_id, state, **fields)

        monkeypatch.setattr(mail_delivery, "_set_state", set_state)
        assert send_once(message(), "smtp") == SENT
    assert steps == [(SentMail.State.COMMITTING, 0), (SentMail.State.SENT, 1)]
    assert server.message_ids() == [message_id_for("smtp")]
    assert SentMail.objects.get().state == SentMail.State.SENT


def test_a_database_error_before_the_final_dot_means_the_server_accepts_nothing(settings, monkeypatch):
    from django.db import OperationalError

    settings.EMAIL_BACKEND = "home.mail_delivery.EmailBackend"
    with smtp_server() as (server, port):
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        real = background.persist_through_outage

        def broken_state(message_id, state, **fields):
            raise OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr("home.mail_delivery._set_state", broken_state)
        with pytest.raises(OperationalError):
            send_once(message(), "cut")
        assert server.accepted == []
        assert SentMail.objects.get().state == SentMail.State.SENDING  # so it is sent again later
        monkeypatch.undo()
        assert real is background.persist_through_outage
        assert send_once(message(), "cut") == SENT
        assert server.message_ids() == [message_id_for("cut")]


def test_a_refusal_of_the_final_dot_leaves_the_mail_to_be_sent_again(settings):
    settings.EMAIL_BACKEND = "home.mail_delivery.EmailBackend"
    with smtp_server() as (server, port):
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port

        async def refuse(*args):
            return "451 4.3.0 Try again later"

        server.handle_DATA, original = refuse, server.handle_DATA
        with pytest.raises(smtplib.SMTPDataError):
            send_once(message(), "later")
        assert SentMail.objects.get().state == SentMail.State.SENDING
        server.handle_DATA = original
        assert send_once(message(), "later") == SENT
        assert len(server.accepted) == 1


def test_old_access_logs_task_rows_and_heartbeats_are_cleaned_up(settings):
    from axes.models import AccessFailureLog, AccessLog
    from django_tasks_db.models import DBTaskResult

    from home.tasks import send_password_reset_mail

    now = timezone.now()
    old = now - datetime.timedelta(days=31)
    for when in (old, now):
        log = AccessLog.objects.create(username="redaktoer", ip_address="10.0.0.1", user_agent="x")
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=when)
        failure = AccessFailureLog.objects.create(username="redaktoer", ip_address="10.0.0.1", user_agent="x")
        AccessFailureLog.objects.filter(pk=failure.pk).update(attempt_time=when)
    assert jobs.forget_old_access_logs() == 2
    assert AccessLog.objects.count() == AccessFailureLog.objects.count() == 1

    for _ in range(3):
        send_password_reset_mail.enqueue(1)
    finished, recent, queued = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=finished.pk).update(
        status="SUCCESSFUL", finished_at=now - datetime.timedelta(days=15)
    )
    DBTaskResult.objects.filter(pk=recent.pk).update(
        status="FAILED", finished_at=now - datetime.timedelta(days=1)
    )
    alive("gone")
    WorkerProcess.objects.update(seen_at=now - datetime.timedelta(days=2))
    assert jobs.clean_up_task_rows() == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, queued.pk}
    assert not WorkerProcess.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker's loop closes connections between rounds
def test_a_task_whose_code_is_gone_fails_without_stopping_the_worker():
    from django_tasks_db.models import DBTaskResult

    from home.tasks import send_password_reset_mail

    send_password_reset_mail.enqueue(1)
    DBTaskResult.objects.update(task_path="home.tasks.no_longer_here")
    worker = Worker(jobs=[], worker_id="a")
    worker.run_until_idle()
    row = DBTaskResult.objects.get()
    assert row.status == "FAILED" and row.exception_class_path.endswith("ImportError")
