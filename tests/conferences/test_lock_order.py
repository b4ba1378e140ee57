"""One lock order for every change to a conference's registrations (conferences.registration.locked).

On PostgreSQL, an organiser cancelling a waiting-list person while another participant's
cancellation is giving that same person the free seat used to deadlock: the organiser locked the
registration and then waited for the conference, the participant held the conference and waited
for the registration. PostgreSQL broke the tie by failing one of them, and someone met an error
page. Both now take the conference first, so one waits for the other and both succeed.

The race is made certain, not left to chance: a third transaction holds the conference (as a
registration in progress would) until the participant's request and then the organiser's are
both waiting in PostgreSQL, the participant first; then it lets go.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from conferences import registration as service
from conferences.models import ConferencePage, Registration
from tests.conftest import pass_two_step

from .conftest import register_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WAIT = 20  # seconds: a bound on each wait for the database, never a sleep to get the order right


def _backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _waits_for_a_lock(pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def _until(condition, what):
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.02)


def in_line_behind_a_held_conference(conference_id, requests):
    """Hold the conference's row (as a registration in progress would), start the requests one
    by one, each only once the one before waits for the lock in PostgreSQL, then let go and wait
    for them all: they reach the lock in exactly this order."""
    holding, release = threading.Event(), threading.Event()

    def registration_in_progress():
        try:
            with transaction.atomic():
                ConferencePage.objects.select_for_update(of=("self",)).get(pk=conference_id)
                holding.set()
                release.wait(WAIT)
        finally:
            connections.close_all()

    holder = threading.Thread(target=registration_in_progress, daemon=True)
    holder.start()
    try:
        assert holding.wait(WAIT)
        for request in requests:
            request.start()
            request.started_request.wait(WAIT)
            _until(
                lambda request=request: _waits_for_a_lock(request.pid), "the request waits for the conference"
            )
    finally:
        release.set()
        holder.join(WAIT)
    for request in requests:
        request.join(WAIT)


class Request(threading.Thread):
    """One visitor's request on its own database connection, as in its own app process."""

    def __init__(self, send):
        super().__init__(daemon=True)
        self.send = send
        self.pid = None
        self.response = None
        self.error = None
        self.started_request = threading.Event()

    def run(self):
        try:
            self.pid = _backend_pid()
            self.started_request.set()
            self.response = self.send()
        except Exception as error:  # noqa: BLE001 - reported by the test
            self.error = error
        finally:
            self.started_request.set()
            connections.close_all()


def test_organiser_cancel_and_participant_cancel_at_once_both_succeed(make_conference, django_user_model):
    assert connection.vendor == "postgresql"
    conference = make_conference(capacity=1)
    people = {
        name: service.register(
            conference, register_data(conference, email=f"{name}@example.dk", name=name), form_token=name
        ).registration
        for name in ("anna", "bo", "cai")  # Anna has the seat; Bo, then Cai, wait
    }
    assert [people[n].status for n in ("anna", "bo", "cai")] == ["confirmed", "waiting", "waiting"]
    DBTaskResult.objects.all().delete()
    anna, bo = people["anna"], people["bo"]

    participant = Client()
    organiser = Client()
    pass_two_step(organiser, django_user_model.objects.create_superuser("arrangoer", "a@kl.dk", "x"))
    anna_cancels = Request(lambda: participant.post(f"{conference.url}tilmelding/{anna.token}/afmeld/"))
    organiser_cancels_bo = Request(lambda: organiser.post(f"/admin/tilmeldinger/handling/cancel/{bo.pk}/"))

    in_line_behind_a_held_conference(conference.pk, [anna_cancels, organiser_cancels_bo])

    # Neither person met an error: both got the page that follows a successful cancellation.
    assert anna_cancels.error is None and organiser_cancels_bo.error is None
    assert anna_cancels.response.status_code == 302
    assert anna_cancels.response["Location"].endswith(f"/tilmelding/{anna.token}/?afmeldt=1")
    assert organiser_cancels_bo.response.status_code == 302
    assert organiser_cancels_bo.response["Location"] == "/admin/tilmeldinger/"

    # And the outcome is the one the two in that order give: Anna's seat went to Bo, the
    # organiser then cancelled Bo, and the seat went on to Cai. Each was told by mail.
    status = dict(Registration.objects.values_list("name", "status"))
    assert status == {"anna": "cancelled", "bo": "cancelled", "cai": "confirmed"}
    assert Registration.objects.get(name="cai").seat == 1
    mails = sorted(
        (Registration.objects.get(pk=row.args_kwargs["args"][0]).name, row.args_kwargs["args"][1])
        for row in DBTaskResult.objects.filter(backend_name="mail")
    )
    assert mails == [("anna", "cancelled"), ("bo", "cancelled"), ("bo", "promoted"), ("cai", "promoted")]
