"""A capacity raise racing registrations on PostgreSQL: the new seats go to those already
waiting, in order, never to a newcomer who happens to commit in between, and never twice.

Publishing the page takes the conference's row first (ConferencePage.save, the lock protocol of
conferences.registration.locked), so a registration either comes before the raise (and queues
behind the waiting list, the conference being full) or after it (and finds the new seats taken
by the waiting list).
"""

import pytest
from django.db import connection

from conferences import registration as service
from conferences.models import ConferencePage, Registration

from .conftest import register_data
from .test_concurrency import race
from .test_lock_order import Request, in_line_behind_a_held_conference

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _register(conference, name):
    return service.register(
        conference, register_data(conference, email=f"{name}@example.dk", name=name), form_token=name
    )


def _waiting_in_order(conference):
    return list(
        Registration.objects.filter(conference=conference, status="waiting")
        .order_by("waiting_since", "pk")
        .values_list("name", flat=True)
    )


def _publish_with_capacity(conference_id, capacity):
    page = ConferencePage.objects.get(pk=conference_id)
    page.capacity = capacity
    page.save_revision().publish()


@pytest.mark.parametrize("first", ["raise", "registration"])
def test_a_capacity_raise_and_a_registration_waiting_for_the_same_lock(make_conference, first):
    """Both wait for a transaction holding the conference; whichever goes first, the waiting list
    gets the new seats in order and the newcomer waits behind it."""
    assert connection.vendor == "postgresql"
    conference = make_conference(capacity=2)
    for name in ("anna", "bo", "cai", "dan", "eva"):  # anna, bo seated; cai, dan, eva wait
        _register(conference, name)

    raise_capacity = Request(lambda: _publish_with_capacity(conference.pk, 4))
    newcomer = Request(lambda: _register(conference, "finn"))
    order = [raise_capacity, newcomer] if first == "raise" else [newcomer, raise_capacity]

    in_line_behind_a_held_conference(conference.pk, order)
    for request in order:
        assert request.error is None

    seats = dict(Registration.objects.filter(status="confirmed").values_list("name", "seat").order_by("seat"))
    assert seats == {"anna": 1, "bo": 2, "cai": 3, "dan": 4}
    assert _waiting_in_order(conference) == ["eva", "finn"]


def test_a_capacity_raise_during_a_rush_of_registrations(make_conference):
    """Thirty people register while the capacity goes from 10 to 20: every seat is given once,
    the ten who were waiting before the raise all have seats, and the waiting list is in the
    order people came."""
    conference = make_conference(capacity=10)
    for i in range(20):  # 10 seated, 10 waiting
        _register(conference, f"before{i:02}")
    waited_before = _waiting_in_order(conference)
    assert len(waited_before) == 10

    calls = [lambda i=i: _register(conference, f"rush{i:02}") for i in range(29)]
    calls.insert(15, lambda: _publish_with_capacity(conference.pk, 20))
    race(calls)

    confirmed = Registration.objects.filter(status="confirmed")
    assert confirmed.count() == 20
    assert sorted(confirmed.values_list("seat", flat=True)) == list(range(1, 21))
    # Nobody who came in the rush got a seat while someone from before was still waiting.
    assert set(waited_before) <= set(confirmed.values_list("name", flat=True))
    assert not confirmed.filter(name__startswith="rush").exists()
    waiting = Registration.objects.filter(status="waiting").order_by("waiting_since", "pk")
    assert waiting.count() == 29
    assert [r.waiting_list_position() for r in waiting] == list(range(1, 30))
