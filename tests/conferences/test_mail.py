"""The mail queue: nothing lost when the mail server is down, and calendar files that parse."""

import datetime
import smtplib
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conferences import registration as service
from conferences.ical import calendar_bytes
from conferences.models import Registration
from conferences.tasks import MAX_ATTEMPTS, MailKind, retry_delay

from .conftest import register_data, run_mail_queue, workshop_slot

pytestmark = pytest.mark.django_db


class MailServerDown(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_registration_survives_a_failing_mail_server_and_the_mail_goes_out_on_retry(conference, settings):
    settings.EMAIL_BACKEND = "tests.conferences.test_mail.MailServerDown"
    result = service.register(conference, register_data(conference), form_token="t")
    assert result.outcome is service.Outcome.REGISTERED

    assert run_mail_queue() == 1
    assert Registration.objects.get().status == "confirmed"
    failed = DBTaskResult.objects.get(status="FAILED")
    assert "SMTPServerDisconnected" in failed.traceback
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"][2] == 2  # second attempt
    assert retry.run_after > timezone.now()  # backed off, not due yet
    assert run_mail_queue() == 0
    assert len(mail.outbox) == 0

    # The server is back and the retry is due.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    assert run_mail_queue() == 1
    [message] = mail.outbox
    assert message.subject == "Du er tilmeldt Rummelighed i praksis i Aarhus"
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"


def test_retries_back_off_exponentially_up_to_an_hour():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(MAX_ATTEMPTS) == 3600


def test_a_rolled_back_registration_leaves_no_mail_behind(conference):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        service.register(conference, register_data(conference), form_token="t")
        raise RuntimeError("the request failed after registering")
    assert not Registration.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_mail_for_a_deleted_registration_is_dropped(conference):
    service.register(conference, register_data(conference), form_token="t")
    Registration.objects.all().delete()
    assert run_mail_queue() == 1
    assert mail.outbox == []
    assert DBTaskResult.objects.get().return_value == "dropped"


def test_calendar_file_has_the_right_date_time_timezone_and_place(make_conference):
    conference = make_conference(date=datetime.date(2027, 6, 2))
    calendar = icalendar.Calendar.from_ical(calendar_bytes([conference]))
    event, item = calendar.walk("VEVENT")
    copenhagen = ZoneInfo("Europe/Copenhagen")
    assert event.decoded("dtstart") == datetime.datetime(2027, 6, 2, 10, 0, tzinfo=copenhagen)
    assert event.decoded("dtend") == datetime.datetime(2027, 6, 2, 15, 0, tzinfo=copenhagen)
    assert event["dtstart"].params["TZID"] == "Europe/Copenhagen"
    assert str(event["location"]) == "Musikhuset, Thomas Jensens Allé 2, 8000 Aarhus C"
    assert str(event["summary"]) == "Rummelighed i praksis – Aarhus"
    # The programme item with a time set is an event of its own, in its room.
    assert str(item["summary"]) == "Velkomst (oplæg)"
    assert item.decoded("dtstart") == datetime.datetime(2027, 6, 2, 10, 0, tzinfo=copenhagen)
    assert str(item["location"]) == "Store sal, Musikhuset, Thomas Jensens Allé 2, 8000 Aarhus C"
    assert "Med Anne Berg, Direktør, KL" in str(item["description"])
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]


def test_calendar_downloads(client, make_conference):
    aarhus = make_conference(date=datetime.date(2027, 6, 2))
    make_conference(
        slug="koebenhavn", city="København", date=datetime.date(2027, 5, 8), venue_name="", venue_address=""
    )
    single = client.get(aarhus.url + "kalender/")
    assert single["Content-Type"].startswith("text/calendar")
    assert 'filename="aarhus.ics"' in single["Content-Disposition"]
    summaries = [str(e["summary"]) for e in icalendar.Calendar.from_ical(single.content).walk("VEVENT")]
    assert summaries == ["Rummelighed i praksis – Aarhus", "Velkomst (oplæg)"]

    feed = client.get(aarhus.get_parent().url + "kalender/")
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert sorted(str(e["location"]) for e in events) == [
        "København",
        "Musikhuset, Thomas Jensens Allé 2, 8000 Aarhus C",
    ]


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_queue_and_recovers_mail_a_killed_worker_left(make_conference):
    from django.core.management import call_command

    conference = make_conference()
    service.register(conference, register_data(conference, email="a@example.dk"), form_token="a")
    service.register(conference, register_data(conference, email="b@example.dk"), form_token="b")
    # A worker claimed b's mail and was killed before it finished: it no longer beats.
    abandoned = DBTaskResult.objects.order_by("enqueued_at").last()
    abandoned.claim("killed-worker")

    call_command("worker", batch=True, no_jobs=True, verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.dk", "b@example.dk"]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_a_running_mail_is_not_taken_from_a_live_worker(conference):
    from home.background import Worker
    from home.models import WorkerProcess

    service.register(conference, register_data(conference), form_token="t")
    DBTaskResult.objects.get().claim("live-worker")
    now = timezone.now()
    WorkerProcess.objects.create(worker_id="live-worker", started_at=now, seen_at=now)
    assert Worker(jobs=[], worker_id="another").requeue_abandoned() == 0
    assert DBTaskResult.objects.get().status == "RUNNING"

    # Its heartbeat stops: the task goes back to the queue once the lease is over.
    WorkerProcess.objects.update(seen_at=now - datetime.timedelta(seconds=31))
    assert Worker(jobs=[], worker_id="another").requeue_abandoned() == 1
    assert DBTaskResult.objects.get().status == "READY"


# The mail that confirms a new address is about the change only (tests/conferences/test_participants.py).
@pytest.mark.parametrize("kind", [kind for kind in MailKind if kind is not MailKind.CONFIRM_CHANGE])
def test_every_mail_is_danish_text_and_html_with_the_personal_link(make_conference, kind):
    from conferences.emails import build_registration_mail

    conference = make_conference(contact_email="konference@kl.dk", programme=[workshop_slot()])
    workshop = conference.workshops.first()
    result = service.register(
        conference,
        register_data(conference, name="Ærlig <b>Hansen</b> & Co", workshops=[workshop.pk]),
        form_token="t",
    )
    message = build_registration_mail(result.registration, kind)
    link = f"http://testserver/konferencer/aarhus/tilmelding/{result.registration.token}/"
    assert "Rummelighed i praksis i Aarhus" in message.subject
    assert "Kære Ærlig <b>Hansen</b> & Co" in message.body  # plain text is not HTML-escaped
    assert link in message.body and "Jobmatch i praksis" in message.body
    html = message.alternatives[0][0]
    assert "Ærlig &lt;b&gt;Hansen&lt;/b&gt; &amp; Co" in html and f'href="{link}"' in html
    assert message.reply_to == ["konference@kl.dk"]


def test_the_cancellation_mail_links_to_the_registration_form(client, conference):
    from conferences.emails import build_registration_mail

    registration = service.register(conference, register_data(conference), form_token="t").registration
    service.cancel(registration)
    message = build_registration_mail(Registration.objects.get(pk=registration.pk), MailKind.CANCELLED)
    link = "http://testserver/konferencer/aarhus/tilmelding/"
    assert f"kan du tilmelde dig igen på {link}, så længe" in message.body
    assert f'<a href="{link}">tilmelde dig igen</a>' in message.alternatives[0][0]
    form_page = client.get(link.removeprefix("http://testserver")).content.decode()
    assert '<form method="post" action="/konferencer/aarhus/tilmelding/"' in form_page
