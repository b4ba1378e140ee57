"""Reminders before a conference and deleting personal data after it, at fixed times."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from conferences import registration as service
from conferences.models import Registration, RegistrationCount, UsedFormToken
from conferences.reminders import send_reminders
from conferences.retention import purge_registrations

from .conftest import register_data, run_mail_queue, workshop_slot

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("conference_index")]
CPH = ZoneInfo("Europe/Copenhagen")
# The conference: 2 June 2027, 10.00–15.00 Copenhagen time.
DAY = datetime.date(2027, 6, 2)
STARTS = datetime.datetime(2027, 6, 2, 10, 0, tzinfo=CPH)
ENDS = datetime.datetime(2027, 6, 2, 15, 0, tzinfo=CPH)


@pytest.fixture
def fixed_conference(make_conference):
    return make_conference(
        date=DAY,
        registration_opens=datetime.datetime(2027, 3, 1, 9, 0, tzinfo=CPH),
        registration_closes=datetime.datetime(2027, 6, 1, 12, 0, tzinfo=CPH),
        capacity=2,
        programme=[workshop_slot(capacity=5)],
    )


def register(conference, email, now=datetime.datetime(2027, 4, 1, 12, 0, tzinfo=CPH), **overrides):
    result = service.register(
        conference, register_data(conference, email=email, **overrides), form_token=email, now=now
    )
    return result.registration


@pytest.fixture
def people(fixed_conference):
    """Two confirmed (one of them then cancelled and replaced from the waiting list), one waiting."""
    confirmed = register(fixed_conference, "a@example.dk", role="leder", municipality="aarhus")
    leaving = register(fixed_conference, "b@example.dk", role="hr", municipality="aarhus")
    promoted = register(fixed_conference, "c@example.dk", role="hr", municipality="faxe")
    waiting = register(fixed_conference, "d@example.dk", role="andet", municipality="faxe")
    service.cancel(leaving, now=datetime.datetime(2027, 4, 2, tzinfo=CPH))
    DBTaskResult.objects.all().delete()
    return {"confirmed": confirmed, "cancelled": leaving, "promoted": promoted, "waiting": waiting}


def test_no_reminders_before_the_reminder_window(fixed_conference, people):
    assert send_reminders(now=STARTS - datetime.timedelta(days=7, seconds=1)) == {}
    assert not DBTaskResult.objects.exists()


def test_reminders_go_once_to_confirmed_participants_only(fixed_conference, people):
    now = STARTS - datetime.timedelta(days=7)
    assert send_reminders(now=now) == {fixed_conference: 2}
    assert send_reminders(now=now + datetime.timedelta(hours=1)) == {fixed_conference: 0}  # idempotent
    run_mail_queue()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.dk", "c@example.dk"]
    message = mail.outbox[0]
    assert message.subject == "Påmindelse: Rummelighed i praksis i Aarhus er om 7 dage"
    registration = Registration.objects.get(email=message.to[0])
    assert f"/tilmelding/{registration.token}/" in message.body
    [(filename, ics, mimetype)] = message.attachments
    assert filename == "aarhus.ics" and mimetype.startswith("text/calendar")
    assert registration.reminder_sent_at == now


def test_the_reminder_window_follows_the_conference_setting_and_ends_at_the_start(fixed_conference, people):
    fixed_conference.reminder_days_before = 2
    fixed_conference.save_revision().publish()
    assert send_reminders(now=STARTS - datetime.timedelta(days=3)) == {}
    assert send_reminders(now=STARTS) == {}
    assert send_reminders(now=STARTS - datetime.timedelta(days=2)) == {fixed_conference: 2}


def test_send_conference_reminders_command_prints_and_is_idempotent(fixed_conference, people, capsys):
    call_command("send_conference_reminders")  # today is long before 2027: nothing is due
    assert "Ingen konferencer skal have påmindelser nu." in capsys.readouterr().out
    assert not DBTaskResult.objects.exists()


RETENTION_ENDS = ENDS + datetime.timedelta(days=30)


def test_nothing_is_purged_before_the_retention_period_ends(fixed_conference, people):
    assert purge_registrations(now=RETENTION_ENDS - datetime.timedelta(seconds=1)) == []
    assert Registration.objects.count() == 4


@pytest.mark.parametrize("after", [datetime.timedelta(0), datetime.timedelta(days=400)])
def test_at_and_after_the_retention_period_personal_data_goes_and_counts_stay(
    fixed_conference, people, after
):
    Registration.objects.filter(pk=people["confirmed"].pk).update(
        checked_in_at=ENDS - datetime.timedelta(hours=5)
    )
    [purged] = purge_registrations(now=RETENTION_ENDS + after)
    assert (purged.registrations, purged.came) == (4, 1)
    assert not Registration.objects.exists()
    counts = {
        (c.role, c.municipality): (c.registered, c.waiting, c.cancelled, c.came)
        for c in RegistrationCount.objects.filter(conference=fixed_conference)
    }
    assert counts == {
        ("leder", "aarhus"): (1, 0, 0, 1),
        ("hr", "aarhus"): (0, 0, 1, 0),
        ("hr", "faxe"): (1, 0, 0, 0),
        ("andet", "faxe"): (0, 1, 0, 0),
    }
    # Nothing in the counts names a person.
    assert "example.dk" not in repr(list(RegistrationCount.objects.values()))


def test_the_retention_period_is_per_conference(fixed_conference, people):
    fixed_conference.retention_days = 60
    fixed_conference.save_revision().publish()
    assert purge_registrations(now=RETENTION_ENDS) == []
    assert len(purge_registrations(now=ENDS + datetime.timedelta(days=60))) == 1


def test_queued_mails_for_purged_registrations_are_dropped(fixed_conference, people):
    service.cancel(people["waiting"], now=ENDS - datetime.timedelta(days=1))  # queues a mail
    other = fixed_conference.__class__.objects.exclude(pk=fixed_conference.pk)
    assert not other.exists()
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    [purged] = purge_registrations(now=RETENTION_ENDS)
    assert purged.mails_dropped == 1
    assert not DBTaskResult.objects.exists()
    run_mail_queue()
    assert mail.outbox == []


def test_running_the_purge_twice_is_harmless(fixed_conference, people):
    purge_registrations(now=RETENTION_ENDS)
    before = list(RegistrationCount.objects.values_list("role", "municipality", "registered", "came"))
    assert purge_registrations(now=RETENTION_ENDS + datetime.timedelta(days=1)) == []
    after = list(RegistrationCount.objects.values_list("role", "municipality", "registered", "came"))
    assert before == after


def test_purge_registrations_command_prints_what_it_did(fixed_conference, people, capsys, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: RETENTION_ENDS + datetime.timedelta(hours=1))
    call_command("purge_registrations")
    out = capsys.readouterr().out
    assert "Rummelighed i praksis, Aarhus (02.06.2027): 4 tilmeldinger slettet (0 mødte op)" in out
    call_command("purge_registrations")
    assert "Ingen tilmeldinger at slette." in capsys.readouterr().out


def test_old_form_tokens_are_cleared_by_the_purge(fixed_conference):
    UsedFormToken.objects.create(token="old", used_at=datetime.datetime(2027, 1, 1, tzinfo=CPH))
    UsedFormToken.objects.create(token="new", used_at=datetime.datetime(2027, 7, 1, 11, tzinfo=CPH))
    purge_registrations(now=datetime.datetime(2027, 7, 1, 12, tzinfo=CPH))
    assert list(UsedFormToken.objects.values_list("token", flat=True)) == ["new"]


def test_send_conference_reminders_command_in_the_window_prints_counts_once(
    fixed_conference, people, capsys, monkeypatch
):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: STARTS - datetime.timedelta(days=3))
    call_command("send_conference_reminders")
    out = capsys.readouterr().out
    assert "Rummelighed i praksis, Aarhus (02.06.2027): 2 påmindelser lagt i mailkøen." in out
    call_command("send_conference_reminders")
    assert "Aarhus (02.06.2027): 0 påmindelser" in capsys.readouterr().out
    assert DBTaskResult.objects.count() == 2
