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
from conferences.tasks import MAX_ATTEMPTS, retry_delay

from .conftest import register_data, run_mail_queue

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
    [event] = calendar.walk("VEVENT")
    copenhagen = ZoneInfo("Europe/Copenhagen")
    assert event.decoded("dtstart") == datetime.datetime(2027, 6, 2, 10, 0, tzinfo=copenhagen)
    assert event.decoded("dtend") == datetime.datetime(2027, 6, 2, 15, 0, tzinfo=copenhagen)
    assert event["dtstart"].params["TZID"] == "Europe/Copenhagen"
    assert str(event["location"]) == "Musikhuset, Thomas Jensens Allé 2, 8000 Aarhus C"
    assert str(event["summary"]) == "Rummelighed i praksis – Aarhus"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]


def test_calendar_downloads(client, make_conference):
    aarhus = make_conference(date=datetime.date(2027, 6, 2))
    make_conference(
        slug="koebenhavn", city="København", date=datetime.date(2027, 5, 8), venue_name="", venue_address=""
    )
    single = client.get(aarhus.url + "kalender/")
    assert single["Content-Type"].startswith("text/calendar")
    assert 'filename="aarhus.ics"' in single["Content-Disposition"]
    assert len(icalendar.Calendar.from_ical(single.content).walk("VEVENT")) == 1

    feed = client.get(aarhus.get_parent().url + "kalender/")
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert sorted(str(e["location"]) for e in events) == [
        "København",
        "Musikhuset, Thomas Jensens Allé 2, 8000 Aarhus C",
    ]
