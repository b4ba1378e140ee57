"""The waiting list is a queue: whenever seats become free (capacity raised on the conference or
a workshop, a cancellation, an organiser's cancellation, a person deleting their data) the
longest-waiting get them, in order, in the same transaction, with their mail. Each step is in
the registration's history, saying who did it."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from conferences import organisers, participants
from conferences import registration as service
from conferences.models import Registration, Workshop, WorkshopBooking

from .conftest import register_data, run_mail_queue, workshop_slot

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("conference_index")]


def register(conference, name, **overrides):
    email = f"{name.lower()}@example.dk"
    return service.register(
        conference, register_data(conference, email=email, name=name, **overrides), form_token=email
    ).registration


def statuses():
    return {r.name: (r.status, r.seat) for r in Registration.objects.order_by("pk")}


def publish(conference, **changes):
    """What an editor's »Udgiv« does: a new revision with the changes, published."""
    for field, value in changes.items():
        setattr(conference, field, value)
    conference.save_revision().publish()
    conference.refresh_from_db()


def promoted_mails():
    run_mail_queue()
    return [m.to[0] for m in mail.outbox if m.subject.startswith("Du har fået en plads")]


@pytest.fixture
def full(make_conference):
    conference = make_conference(capacity=2)
    for name in ("Anna", "Bo", "Cai", "Dan", "Eva"):  # Anna and Bo have seats; Cai, Dan, Eva wait
        register(conference, name)
    run_mail_queue()
    mail.outbox.clear()
    return conference


def test_raising_the_capacity_gives_the_new_seats_to_the_longest_waiting_in_order(full):
    publish(full, capacity=4)
    assert statuses() == {
        "Anna": ("confirmed", 1),
        "Bo": ("confirmed", 2),
        "Cai": ("confirmed", 3),
        "Dan": ("confirmed", 4),
        "Eva": ("waiting", None),
    }
    assert promoted_mails() == ["cai@example.dk", "dan@example.dk"]
    assert Registration.objects.get(name="Eva").waiting_list_position() == 1


def test_after_a_capacity_raise_a_new_registration_queues_behind_those_waiting(full):
    publish(full, capacity=3)
    newcomer = register(full, "Finn")
    assert newcomer.status == "waiting"
    assert newcomer.waiting_list_position() == 3  # behind Dan and Eva
    assert Registration.objects.get(name="Cai").status == "confirmed"


def test_a_seat_left_free_by_an_older_change_goes_to_the_waiting_list_not_a_newcomer(full):
    # A seat raised around the page's save (as before this rule existed) is still not free
    # for a newcomer: the next registration first gives it to the longest waiting.
    type(full).objects.filter(pk=full.pk).update(capacity=3)
    newcomer = register(full, "Finn")
    assert newcomer.status == "waiting"
    assert Registration.objects.get(name="Cai").status == "confirmed"
    assert promoted_mails() == ["cai@example.dk"]


def test_saving_without_more_seats_promotes_nobody_and_sends_nothing(full):
    publish(full, theme="Et nyt tema")
    assert [status for status, _ in statuses().values()].count("waiting") == 3
    assert promoted_mails() == []


def test_a_past_conference_promotes_nobody_when_edited(full):
    Registration.objects.update(created_at=timezone.now())
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    publish(
        full,
        date=yesterday,
        registration_opens=timezone.now() - datetime.timedelta(days=10),
        registration_closes=timezone.now() - datetime.timedelta(days=2),
        capacity=10,
    )
    assert [status for status, _ in statuses().values()].count("waiting") == 3


def test_cancelling_a_waiting_person_while_a_seat_is_free_still_moves_the_queue(full):
    type(full).objects.filter(pk=full.pk).update(capacity=3)
    service.cancel(Registration.objects.get(name="Eva"))
    assert Registration.objects.get(name="Cai").status == "confirmed"


def test_deleting_ones_data_gives_the_seat_to_the_next_in_line(full):
    participants.delete_personal_data(Registration.objects.get(name="Anna"))
    assert Registration.objects.get(name="Cai").seat == 1
    assert promoted_mails() == ["cai@example.dk"]


def test_raising_a_workshops_capacity_gives_its_seats_to_its_queue_in_order(make_conference):
    conference = make_conference(capacity=10, programme=[workshop_slot(capacity=1, titles=("A", "B"))])
    a = Workshop.objects.get(conference=conference, title="A")
    for name in ("Anna", "Bo", "Cai", "Dan"):
        register(conference, name, workshops=[a.pk])
    run_mail_queue()
    mail.outbox.clear()

    programme = conference.programme.raw_data
    slot = next(block for block in programme if block["type"] == "workshop_slot")
    next(w for w in slot["value"]["workshops"] if w["value"]["title"] == "A")["value"]["capacity"] = 3
    publish(conference, programme=list(programme))

    seats = {
        b.registration.name: b.status
        for b in WorkshopBooking.objects.filter(workshop=a).select_related("registration")
    }
    assert seats == {"Anna": "confirmed", "Bo": "confirmed", "Cai": "confirmed", "Dan": "waiting"}
    run_mail_queue()
    assert [m.to[0] for m in mail.outbox if m.subject.startswith("Du har fået plads på en workshop")] == [
        "bo@example.dk",
        "cai@example.dk",
    ]


def test_the_history_tells_who_did_what(full, django_user_model, client, sign_in):
    organiser = django_user_model.objects.create_superuser("arrangoer", "a@kl.dk", "x", first_name="Ole")
    anna, bo, cai, dan = (Registration.objects.get(name=n) for n in ("Anna", "Bo", "Cai", "Dan"))
    participants.change_registration(anna, dietary_needs="Vegetar", accessibility_needs="", workshops={})
    service.cancel(anna)  # the participant: Cai gets the seat
    organisers.cancel_by_organiser(bo, organiser)  # the organiser: Dan gets the seat

    def history(registration):
        return [
            (entry.action, entry.user_id)
            for entry in ModelLogEntry.objects.for_instance(registration).order_by("timestamp", "pk")
        ]

    assert history(anna) == [
        ("conferences.register", None),
        ("conferences.participant_change", None),
        ("conferences.participant_cancel", None),
    ]
    assert history(bo) == [("conferences.register", None), ("conferences.cancel", organiser.pk)]
    assert history(cai) == [("conferences.register", None), ("conferences.auto_promote", None)]
    assert history(dan) == [("conferences.register", None), ("conferences.auto_promote", None)]

    sign_in(client, organiser)
    page = client.get(f"/admin/tilmeldinger/history/{dan.pk}/").content.decode()
    assert "Rykket op fra ventelisten automatisk til plads nr. 2, fordi en anden meldte afbud" in page
    assert "Tilmeldte sig og kom på ventelisten" in page
    assert "Systemet (automatisk)" in page and "Deltageren (via sit link)" in page
    page = client.get(f"/admin/tilmeldinger/history/{anna.pk}/").content.decode()
    assert "Deltageren rettede sin tilmelding: kost- eller tilgængelighedsbehov" in page
    assert "Afmeldt af deltageren (opgav sin plads)" in page
    page = client.get(f"/admin/tilmeldinger/history/{bo.pk}/").content.decode()
    assert "Afmeldt af arrangøren (opgav sin plads)" in page and "Arrangør: Ole" in page
