"""Fixtures for the conferences: a conference open for registration, the mail queue (the index
is in tests/conftest.py)."""

import datetime

import pytest
from django.utils import timezone

FORM_ANSWERS = {
    "name": "Mette Hansen",
    "email": "mette@example.dk",
    "organisation": "Hjemmeplejen Syd",
    "municipality": "aarhus",
    "role": "leder",
    "dietary_needs": "",
    "accessibility_needs": "",
    "consent": "on",
}


def workshop_slot(capacity=20, titles=("Jobmatch i praksis", "Når forløbet skal stoppes")):
    return {
        "type": "workshop_slot",
        "value": {
            "start": datetime.time(13, 0),
            "end": datetime.time(14, 0),
            "title": "Workshops",
            "workshops": [
                {"title": title, "description": "", "speakers": [], "capacity": capacity} for title in titles
            ],
        },
    }


@pytest.fixture
def make_conference(conference_index):
    """Build a published conference; keyword arguments override the defaults."""
    from conferences.models import ConferencePage

    def make(slug="aarhus", **overrides):
        from home.models import Speaker

        speaker, _ = Speaker.objects.get_or_create(name="Anne Berg", job_title="Direktør", organisation="KL")
        now = timezone.now()
        date = (now + datetime.timedelta(days=60)).date()
        fields = {
            "title": "Rummelighed i praksis",
            "theme": "Rummelighed på arbejdspladsen",
            "organisers": "KL og Forhandlingsfællesskabet",
            "city": "Aarhus",
            "venue_name": "Musikhuset",
            "venue_address": "Thomas Jensens Allé 2, 8000 Aarhus C",
            "date": date,
            "start_time": datetime.time(10, 0),
            "end_time": datetime.time(15, 0),
            "registration_opens": now - datetime.timedelta(days=1),
            "registration_closes": now + datetime.timedelta(days=30),
            "capacity": 150,
            "waiting_list_enabled": True,
            "programme": [
                {
                    "type": "item",
                    "value": {
                        "start": datetime.time(10, 0),
                        "end": None,
                        "title": "Velkomst",
                        "kind": "talk",
                        "room": "Store sal",
                        "description": "",
                        "speakers": [speaker.pk],
                    },
                }
            ],
        }
        fields.update(overrides)
        page = ConferencePage(slug=slug, **fields)
        conference_index.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def conference(make_conference):
    return make_conference()


@pytest.fixture
def answers():
    return dict(FORM_ANSWERS)


def form_token():
    from conferences.forms import issue_form_token

    return issue_form_token()


def register_data(conference, **overrides):
    """What the registration service takes, for tests that call it directly."""
    data = {key: FORM_ANSWERS[key] for key in ("name", "email", "organisation", "municipality", "role")}
    data.update(dietary_needs="", accessibility_needs="", workshops=[], consent_text=conference.consent_text)
    data.update(overrides)
    return data


def run_mail_queue():
    """Run every due task in the mail queue once, as `manage.py worker` would."""
    from django_tasks_db.models import DBTaskResult

    from home.background import Worker

    worker = Worker(jobs=[], interval=0, worker_id="test")
    ran = 0
    for result in DBTaskResult.objects.ready().filter(backend_name="mail").order_by("enqueued_at"):
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran


@pytest.fixture
def smtp():
    """A real SMTP server (aiosmtpd) on a free port: (handler, port)."""
    from tests.smtp_server import smtp_server

    with smtp_server() as (server, port):
        yield server, port


@pytest.fixture
def proxy():
    """A TCP proxy in front of the test database that the test can cut."""
    from django.db import connection

    from tests.tcp_proxy import TCPProxy

    params = connection.settings_dict
    proxy = TCPProxy(params["HOST"] or "127.0.0.1", params["PORT"] or 5432)
    yield proxy
    proxy.close()


@pytest.fixture
def workers(smtp, tmp_path):
    """start(database_url, *args) starts `manage.py worker` as its own process; all are killed
    at the end, and their logs printed (shown when the test fails)."""
    from tests.worker_processes import start_worker, stop_worker

    _, smtp_port = smtp
    started = []

    def start(url, *args):
        started.append(start_worker(smtp_port, tmp_path / f"worker-{len(started)}.log", url, *args))
        return started[-1]

    yield start
    for process in started:
        stop_worker(process)
    for path in sorted(tmp_path.glob("worker-*.log")):
        print(path.name, path.read_text(errors="replace")[-3000:])


def conference_edit_data(conference, slides="", **overrides):
    """What the page editor posts for a conference made by make_conference (its one programme
    item, »Velkomst«, with `slides` as the item's PDF), with `overrides` of the form's fields."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    def local(moment):
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")

    speakers = [("item", str(speaker.pk)) for speaker in conference.programme[0].value["speakers"]]
    fields = {
        **{
            name: getattr(conference, name) or ""
            for name in (
                "title",
                "slug",
                "theme",
                "organisers",
                "target_audience",
                "city",
                "venue_name",
                "venue_address",
                "map_url",
                "accessibility",
                "food",
                "price",
                "contact_name",
                "contact_email",
                "contact_phone",
                "consent_text",
            )
        },
        "introduction": rich_text(conference.introduction or "<p>Om dagen</p>"),
        "date": conference.date.isoformat(),
        "start_time": conference.start_time.strftime("%H:%M"),
        "end_time": conference.end_time.strftime("%H:%M"),
        "programme": streamfield(
            [
                (
                    "item",
                    {
                        "start": "10:00",
                        "end": "",
                        "title": "Velkomst",
                        "kind": "talk",
                        "room": "Store sal",
                        "description": "",
                        "speakers": streamfield(speakers),
                        "materials": {"slides": str(slides), "video_url": "", "transcript": ""},
                    },
                )
            ]
        ),
        "registration_opens": local(conference.registration_opens),
        "registration_closes": local(conference.registration_closes),
        "capacity": str(conference.capacity),
        "reminder_days_before": str(conference.reminder_days_before),
        "retention_days": str(conference.retention_days),
    }
    if conference.waiting_list_enabled:
        fields["waiting_list_enabled"] = "on"
    fields.update(overrides)
    return nested_form_data(fields)
