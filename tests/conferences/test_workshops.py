"""Workshops: stable rows from the programme, per-workshop seats and queues."""

import pytest
from django.core import mail

from conferences import registration as service
from conferences.models import Workshop, WorkshopBooking

from .conftest import FORM_ANSWERS, form_token, register_data, run_mail_queue, workshop_slot

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("conference_index")]


def test_workshops_mirror_the_programme_with_stable_ids(make_conference):
    conference = make_conference(programme=[workshop_slot(capacity=10)])
    first, second = Workshop.objects.filter(conference=conference).order_by("sort_order")
    assert (first.title, first.capacity, first.active) == ("Jobmatch i praksis", 10, True)

    # An editor renames the first workshop and removes the second: same row, the other inactive.
    page = conference.get_latest_revision_as_object()
    slot = page.programme[0]
    slot.value["workshops"][0]["title"] = "Jobmatch"
    del slot.value["workshops"][1]
    page.save_revision().publish()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.title, first.active) == ("Jobmatch", True)
    assert second.active is False


def test_the_form_asks_for_one_workshop_per_slot(client, make_conference):
    conference = make_conference(programme=[workshop_slot(capacity=10)])
    workshop = Workshop.objects.filter(conference=conference).first()
    page = client.get(conference.url + "tilmelding/").content.decode()
    assert "Jobmatch i praksis" in page and "10 ledige pladser" in page

    response = client.post(conference.url + "tilmelding/", {**FORM_ANSWERS, "form_token": form_token()})
    assert response.status_code == 400
    assert "Vælg en workshop." in response.content.decode()

    field = f"workshop_{workshop.slot_id}"
    response = client.post(
        conference.url + "tilmelding/", {**FORM_ANSWERS, field: "999999", "form_token": form_token()}
    )
    assert "Vælg en af workshopperne på listen." in response.content.decode()

    response = client.post(
        conference.url + "tilmelding/", {**FORM_ANSWERS, field: str(workshop.pk), "form_token": form_token()}
    )
    assert response.status_code == 302
    booking = WorkshopBooking.objects.get()
    assert (booking.workshop, booking.status, booking.seat) == (workshop, "confirmed", 1)


def test_a_full_workshop_queues_confirmed_participants_and_fills_on_cancel(make_conference):
    conference = make_conference(programme=[workshop_slot(capacity=1)])
    workshop = Workshop.objects.filter(conference=conference).first()
    results = [
        service.register(
            conference,
            register_data(conference, email=f"p{i}@example.dk", workshops=[workshop.pk]),
            form_token=str(i),
        )
        for i in range(3)
    ]
    bookings = [r.registration.workshop_bookings.get() for r in results]
    assert [b.status for b in bookings] == ["confirmed", "waiting", "waiting"]
    assert [b.waiting_list_position() for b in bookings] == [None, 1, 2]
    run_mail_queue()
    mail.outbox.clear()

    service.cancel(results[0].registration)
    assert (
        WorkshopBooking.objects.filter(workshop=workshop, status="confirmed").get().registration
        == results[1].registration
    )
    run_mail_queue()
    assert [(m.to[0], m.subject.split(":")[0]) for m in mail.outbox if "workshop" in m.subject] == [
        ("p1@example.dk", "Du har fået plads på en workshop")
    ]


def test_a_full_workshop_without_waiting_list_asks_for_another(client, make_conference):
    conference = make_conference(programme=[workshop_slot(capacity=1)], waiting_list_enabled=False)
    full, other = Workshop.objects.filter(conference=conference).order_by("sort_order")
    service.register(
        conference, register_data(conference, email="a@example.dk", workshops=[full.pk]), form_token="a"
    )
    field = f"workshop_{full.slot_id}"
    response = client.post(
        conference.url + "tilmelding/", {**FORM_ANSWERS, field: str(full.pk), "form_token": form_token()}
    )
    assert response.status_code == 400
    assert (
        "Workshoppen »Jobmatch i praksis« er fuldt booket. Vælg en anden workshop."
        in response.content.decode()
    )
    response = client.post(
        conference.url + "tilmelding/", {**FORM_ANSWERS, field: str(other.pk), "form_token": form_token()}
    )
    assert response.status_code == 302


def test_a_promoted_participant_gets_a_free_workshop_seat(make_conference):
    conference = make_conference(capacity=1, programme=[workshop_slot(capacity=5)])
    workshop = Workshop.objects.filter(conference=conference).first()
    first = service.register(
        conference, register_data(conference, email="a@example.dk", workshops=[workshop.pk]), form_token="a"
    )
    waiting = service.register(
        conference, register_data(conference, email="b@example.dk", workshops=[workshop.pk]), form_token="b"
    )
    assert waiting.registration.workshop_bookings.get().status == "waiting"
    service.cancel(first.registration)
    assert waiting.registration.workshop_bookings.get().status == "confirmed"
    run_mail_queue()
    # One mail about the promotion, not a second one about the workshop.
    assert [m.subject for m in mail.outbox if m.to == ["b@example.dk"]] == [
        "Du er på venteliste til Rummelighed i praksis i Aarhus",
        "Du har fået en plads til Rummelighed i praksis i Aarhus",
    ]


def test_a_workshop_of_another_conference_is_refused(make_conference):
    here = make_conference(programme=[workshop_slot()])
    elsewhere = make_conference(slug="kbh", programme=[workshop_slot()])
    foreign = Workshop.objects.filter(conference=elsewhere).first()
    result = service.register(here, register_data(here, workshops=[foreign.pk]), form_token="x")
    assert result.outcome is service.Outcome.INVALID_WORKSHOP


def test_a_conference_with_optional_workshops_offers_ingen_workshop(client, make_conference):
    from bs4 import BeautifulSoup

    conference = make_conference(programme=[workshop_slot(capacity=1)], workshop_optional=True)
    workshop = Workshop.objects.filter(conference=conference).first()
    field = f"workshop_{workshop.slot_id}"
    page = BeautifulSoup(client.get(conference.url + "tilmelding/").content, "html.parser")
    radio = page.find("input", attrs={"name": field, "value": "ingen"})
    assert page.find("label", attrs={"for": radio["id"]}).get_text(strip=True) == "Ingen workshop"

    response = client.post(conference.url + "tilmelding/", {**FORM_ANSWERS, "form_token": form_token()})
    assert "Vælg en workshop eller »Ingen workshop«." in response.content.decode()

    response = client.post(
        conference.url + "tilmelding/", {**FORM_ANSWERS, field: "ingen", "form_token": form_token()}
    )
    assert response.status_code == 302
    [registration] = conference.registrations.all()
    assert registration.status == "confirmed" and not registration.workshop_bookings.exists()


def test_ingen_workshop_is_refused_where_the_conference_requires_a_choice(client, make_conference):
    conference = make_conference(programme=[workshop_slot(capacity=1)])
    field = f"workshop_{Workshop.objects.filter(conference=conference).first().slot_id}"
    page = client.get(conference.url + "tilmelding/").content.decode()
    assert "Ingen workshop" not in page
    response = client.post(
        conference.url + "tilmelding/", {**FORM_ANSWERS, field: "ingen", "form_token": form_token()}
    )
    assert response.status_code == 400
    assert "Vælg en af workshopperne på listen." in response.content.decode()


def test_a_participant_can_give_up_an_optional_workshop_and_the_seat_goes_on(client, make_conference):
    conference = make_conference(programme=[workshop_slot(capacity=1)], workshop_optional=True)
    workshop = Workshop.objects.filter(conference=conference).first()
    first, second = (
        service.register(
            conference,
            register_data(conference, email=f"{name}@example.dk", name=name, workshops=[workshop.pk]),
            form_token=name,
        ).registration
        for name in ("Anna", "Bo")
    )
    assert second.workshop_bookings.get().status == "waiting"
    answers = {
        "name": first.name,
        "email": first.email,
        "dietary_needs": "",
        "accessibility_needs": "",
        f"workshop_{workshop.slot_id}": "ingen",
    }
    page = client.get(conference.url + f"tilmelding/{first.token}/ret/").content.decode()
    assert "Ingen workshop" in page
    response = client.post(conference.url + f"tilmelding/{first.token}/ret/", answers)
    assert response.status_code == 302
    assert not first.workshop_bookings.exists()
    booking = second.workshop_bookings.get()
    assert (booking.status, booking.seat) == ("confirmed", 1)
    # Without a booking the form shows »Ingen workshop« chosen.
    page = client.get(conference.url + f"tilmelding/{first.token}/ret/").content.decode()
    assert 'value="ingen" checked' in page
