"""Simultaneous registrations from many connections on PostgreSQL: never an overbooked seat.

Each thread has its own database connection, as separate app processes would; a barrier
releases them together so they really do race for the seats.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from conferences import registration as service
from conferences.models import Registration, Workshop, WorkshopBooking

from .conftest import register_data, workshop_slot

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 150
THREADS = 30  # PostgreSQL's default max_connections is 100; other suites may share the server


def race(calls):
    """Run the callables on THREADS connections at once; return their results."""
    barrier = threading.Barrier(THREADS)
    lock = threading.Lock()
    queue = list(calls)
    results = []

    def worker():
        try:
            barrier.wait()
            while True:
                with lock:
                    if not queue:
                        return
                    call = queue.pop()
                result = call()
                with lock:
                    results.append(result)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for future in [pool.submit(worker) for _ in range(THREADS)]:
            future.result()
    return results


def test_50_seats_and_150_simultaneous_registrations(make_conference):
    assert connection.vendor == "postgresql"
    conference = make_conference(capacity=50)
    calls = [
        (
            lambda i=i: service.register(
                conference, register_data(conference, email=f"p{i}@example.dk"), form_token=str(i)
            )
        )
        for i in range(PEOPLE)
    ]
    results = race(calls)
    assert [r.outcome for r in results].count(service.Outcome.REGISTERED) == PEOPLE
    assert Registration.objects.filter(status="confirmed").count() == 50
    assert Registration.objects.filter(status="waiting").count() == 100
    seats = sorted(Registration.objects.filter(status="confirmed").values_list("seat", flat=True))
    assert seats == list(range(1, 51))
    positions = sorted(r.waiting_list_position() for r in Registration.objects.filter(status="waiting"))
    assert positions == list(range(1, 101))


def test_a_workshop_of_50_and_150_simultaneous_registrations(make_conference):
    conference = make_conference(capacity=500, programme=[workshop_slot(capacity=50)])
    workshop = Workshop.objects.filter(conference=conference).first()
    calls = [
        (
            lambda i=i: service.register(
                conference,
                register_data(conference, email=f"p{i}@example.dk", workshops=[workshop.pk]),
                form_token=str(i),
            )
        )
        for i in range(PEOPLE)
    ]
    race(calls)
    assert Registration.objects.filter(status="confirmed").count() == PEOPLE
    assert WorkshopBooking.objects.filter(workshop=workshop, status="confirmed").count() == 50
    assert WorkshopBooking.objects.filter(workshop=workshop, status="waiting").count() == 100


def test_simultaneous_cancellations_promote_exactly_one_each(make_conference):
    conference = make_conference(capacity=20)
    registered = [
        service.register(
            conference, register_data(conference, email=f"p{i}@example.dk"), form_token=str(i)
        ).registration
        for i in range(60)
    ]
    confirmed = [r for r in registered if r.status == "confirmed"]
    assert len(confirmed) == 20

    # Ten confirmed people cancel at once, two of them twice (a double click).
    leaving = confirmed[:10]
    calls = [(lambda r=r: service.cancel(r)) for r in leaving + leaving[:2]]
    race(calls)
    assert Registration.objects.filter(status="cancelled").count() == 10
    assert Registration.objects.filter(status="confirmed").count() == 20
    promoted = Registration.objects.filter(status="confirmed").exclude(pk__in=[r.pk for r in confirmed])
    # The first ten on the waiting list, in order.
    assert sorted(p.email for p in promoted) == sorted(f"p{i}@example.dk" for i in range(20, 30))


def test_one_cancellation_promotes_exactly_one(make_conference):
    conference = make_conference(capacity=1)
    first = service.register(
        conference, register_data(conference, email="a@example.dk"), form_token="a"
    ).registration
    for i in range(5):
        service.register(conference, register_data(conference, email=f"w{i}@example.dk"), form_token=f"w{i}")
    race([(lambda: service.cancel(first)) for _ in range(5)])
    assert list(Registration.objects.filter(status="confirmed").values_list("email", flat=True)) == [
        "w0@example.dk"
    ]
    assert Registration.objects.filter(status="waiting").count() == 4


def test_workshop_changes_racing_for_the_last_seat(make_conference):
    """Thirty confirmed participants in workshop A all switch to B, which has one seat left:
    exactly one gets it, the others keep their seat in A, and no seat is ever given twice."""
    from conferences import participants

    conference = make_conference(
        capacity=100, programme=[workshop_slot(capacity=40, titles=("A", "B"))], waiting_list_enabled=False
    )
    a, b = Workshop.objects.filter(conference=conference).order_by("sort_order")
    movers = [
        service.register(
            conference,
            register_data(conference, email=f"m{i}@example.dk", workshops=[a.pk]),
            form_token=f"m{i}",
        ).registration
        for i in range(THREADS)
    ]
    for i in range(b.capacity - 1):
        service.register(
            conference,
            register_data(conference, email=f"b{i}@example.dk", workshops=[b.pk]),
            form_token=f"b{i}",
        )
    calls = [
        (
            lambda r=r: (
                participants.change_registration(
                    r, dietary_needs="", accessibility_needs="", workshops={a.slot_id: b.pk}
                ).outcome
            )
        )
        for r in movers
    ]
    outcomes = race(calls)
    assert outcomes.count(participants.ChangeOutcome.CHANGED) == 1
    assert outcomes.count(participants.ChangeOutcome.WORKSHOP_FULL) == THREADS - 1
    assert WorkshopBooking.objects.filter(workshop=b, status="confirmed").count() == b.capacity
    seats_b = sorted(WorkshopBooking.objects.filter(workshop=b).values_list("seat", flat=True))
    assert seats_b == list(range(1, b.capacity + 1))
    assert WorkshopBooking.objects.filter(workshop=a, status="confirmed").count() == THREADS - 1
    assert WorkshopBooking.objects.filter(registration__in=movers).count() == THREADS  # one per person


def test_workshop_changes_and_new_registrations_racing_for_the_last_seat(make_conference):
    """A switch into a workshop and new registrations for it, at once, with a waiting list:
    the one free seat goes to exactly one of them; a switcher never loses the seat they had."""
    from conferences import participants

    conference = make_conference(capacity=200, programme=[workshop_slot(capacity=10, titles=("A", "B"))])
    a, b = Workshop.objects.filter(conference=conference).order_by("sort_order")
    for i in range(b.capacity - 1):
        service.register(
            conference,
            register_data(conference, email=f"b{i}@example.dk", workshops=[b.pk]),
            form_token=f"b{i}",
        )
    movers = [
        service.register(
            conference,
            register_data(conference, email=f"m{i}@example.dk", workshops=[a.pk]),
            form_token=f"m{i}",
        ).registration
        for i in range(10)
    ]
    calls = [
        (
            lambda r=r: participants.change_registration(
                r, dietary_needs="", accessibility_needs="", workshops={a.slot_id: b.pk}
            )
        )
        for r in movers
    ] + [
        (
            lambda i=i: service.register(
                conference,
                register_data(conference, email=f"n{i}@example.dk", workshops=[b.pk]),
                form_token=f"n{i}",
            )
        )
        for i in range(20)
    ]
    race(calls)
    assert WorkshopBooking.objects.filter(workshop=b, status="confirmed").count() == b.capacity
    for mover in movers:
        [booking] = WorkshopBooking.objects.filter(registration=mover)
        assert booking.status == "confirmed"  # in B if they won, else still in A
