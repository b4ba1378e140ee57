"""What a participant does from their registration's own link: change, confirm, see, delete."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conferences import participants
from conferences import registration as service
from conferences.models import Registration, Workshop, WorkshopBooking

from .conftest import register_data, run_mail_queue, workshop_slot

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("conference_index")]


def register(conference, email="mette@example.dk", **overrides):
    return service.register(
        conference, register_data(conference, email=email, **overrides), form_token=email
    ).registration


def manage_url(registration, suffix=""):
    return registration.conference.url + f"tilmelding/{registration.token}/{suffix}"


def change_answers(registration, **overrides):
    answers = {
        "name": registration.name,
        "email": registration.email,
        "dietary_needs": registration.dietary_needs,
        "accessibility_needs": registration.accessibility_needs,
    }
    for booking in registration.workshop_bookings.all():
        answers[f"workshop_{booking.slot_id}"] = str(booking.workshop_id)
    answers.update(overrides)
    return answers


@pytest.fixture
def with_workshops(make_conference):
    conference = make_conference(programme=[workshop_slot(capacity=1, titles=("A", "B", "C"))])
    a, b, c = Workshop.objects.filter(conference=conference).order_by("sort_order")
    return conference, a, b, c


def test_the_manage_page_links_to_every_action(client, conference):
    registration = register(conference)
    response = client.get(manage_url(registration))
    assert "no-store" in response["Cache-Control"]
    soup = BeautifulSoup(response.content, "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select("main a")}
    assert links["Ret din tilmelding"] == manage_url(registration, "ret/")
    assert links["Slet mine oplysninger"] == manage_url(registration, "slet/")
    assert links["Se alle de oplysninger, vi har om dig"] == manage_url(registration, "data/")
    assert links["Afmeld mig"] == manage_url(registration, "afmeld/")


def test_changing_needs_stores_them_and_mails_a_confirmation(client, conference):
    registration = register(conference)
    run_mail_queue()
    mail.outbox.clear()
    response = client.post(
        manage_url(registration, "ret/"),
        change_answers(registration, dietary_needs="Vegetar", accessibility_needs="Teleslynge"),
    )
    assert response.status_code == 302
    assert response["Location"] == manage_url(registration, "?besked=rettet")
    registration.refresh_from_db()
    assert (registration.dietary_needs, registration.accessibility_needs) == ("Vegetar", "Teleslynge")
    run_mail_queue()
    [message] = mail.outbox
    assert message.subject == "Din tilmelding til Rummelighed i praksis i Aarhus er ændret"
    assert "Vegetar" in message.body and "Teleslynge" in message.body
    page = client.get(response["Location"]).content.decode()
    assert "Din tilmelding er ændret" in page


def test_sending_the_same_answers_changes_nothing_and_sends_nothing(client, conference):
    registration = register(conference)
    DBTaskResult.objects.all().delete()
    response = client.post(manage_url(registration, "ret/"), change_answers(registration))
    assert response["Location"].endswith("?besked=uaendret")
    assert not DBTaskResult.objects.exists()


def test_the_change_form_shows_danish_errors_and_stores_nothing(client, conference):
    registration = register(conference)
    response = client.post(
        manage_url(registration, "ret/"),
        change_answers(registration, name="", email="mette@", dietary_needs="x" * 1001),
    )
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one("[data-module=error-summary]").get_text()
    for message in ("Skriv dit navn.", "Skriv en gyldig e-mailadresse", "Højst 1000 tegn."):
        assert message in summary
    assert soup.find(id="id_name").get("aria-describedby") == "id_name-error"
    registration.refresh_from_db()
    assert registration.name == "Mette Hansen" and registration.dietary_needs == ""


def test_changing_workshop_takes_a_free_seat_and_gives_the_old_one_to_the_queue(with_workshops):
    conference, a, b, _ = with_workshops
    first = register(conference, "first@example.dk", workshops=[a.pk])
    queued = register(conference, "queued@example.dk", workshops=[a.pk])
    assert queued.workshop_bookings.get().status == WorkshopBooking.Status.WAITING

    result = participants.change_registration(
        first, dietary_needs="", accessibility_needs="", workshops={a.slot_id: b.pk}
    )
    assert result.outcome is participants.ChangeOutcome.CHANGED
    assert first.workshop_bookings.get().workshop == b
    assert first.workshop_bookings.get().status == WorkshopBooking.Status.CONFIRMED
    # The seat first left in A went to the next in A's queue.
    assert queued.workshop_bookings.get().status == WorkshopBooking.Status.CONFIRMED


def test_a_full_workshop_is_refused_and_the_old_seat_kept(client, with_workshops):
    conference, a, b, _ = with_workshops
    mover = register(conference, "mover@example.dk", workshops=[a.pk])
    register(conference, "holder@example.dk", workshops=[b.pk])
    response = client.post(
        manage_url(mover, "ret/"),
        change_answers(mover, **{f"workshop_{a.slot_id}": str(b.pk)}, dietary_needs="Vegansk"),
    )
    assert response.status_code == 400
    assert "Workshoppen »B« er fuldt booket. Du beholder dit hidtidige valg" in response.content.decode()
    booking = mover.workshop_bookings.get()
    assert (booking.workshop, booking.status) == (a, WorkshopBooking.Status.CONFIRMED)
    mover.refresh_from_db()
    assert mover.dietary_needs == ""  # nothing of a refused change is stored


def test_someone_on_the_waiting_list_changes_only_their_wish(make_conference):
    conference = make_conference(capacity=1, programme=[workshop_slot(capacity=5, titles=("A", "B"))])
    a, b = Workshop.objects.filter(conference=conference).order_by("sort_order")
    register(conference, "seated@example.dk", workshops=[a.pk])
    waiting = register(conference, "waiting@example.dk", workshops=[a.pk])
    participants.change_registration(
        waiting, dietary_needs="", accessibility_needs="", workshops={a.slot_id: b.pk}
    )
    booking = waiting.workshop_bookings.get()
    assert (booking.workshop, booking.status, booking.seat) == (b, WorkshopBooking.Status.WAITING, None)


def test_a_workshop_of_another_conference_is_refused(client, with_workshops, make_conference):
    conference, a, _, _ = with_workshops
    other = make_conference(slug="kbh", city="København", programme=[workshop_slot()])
    foreign = Workshop.objects.filter(conference=other).first()
    registration = register(conference, workshops=[a.pk])
    result = participants.change_registration(
        registration, dietary_needs="", accessibility_needs="", workshops={a.slot_id: foreign.pk}
    )
    assert result.outcome is participants.ChangeOutcome.INVALID_WORKSHOP
    assert registration.workshop_bookings.get().workshop == a


def test_a_new_address_is_confirmed_from_a_mail_to_that_address(client, conference):
    registration = register(conference)
    run_mail_queue()
    mail.outbox.clear()
    response = client.post(
        manage_url(registration, "ret/"),
        change_answers(registration, name="Mette Holm", email="Mette.Holm@Example.dk"),
    )
    assert response["Location"].endswith("?besked=bekraeft")
    registration.refresh_from_db()
    assert (registration.name, registration.email) == ("Mette Hansen", "mette@example.dk")  # not yet

    run_mail_queue()
    [message] = mail.outbox
    assert message.to == ["mette.holm@example.dk"]
    link = manage_url(registration, f"bekraeft/{registration.pending_token}/")
    assert "http://testserver" + link in message.body

    asked = client.get(link)  # a mail scanner following the link changes nothing
    assert asked.status_code == 200 and "Bekræft ændringen" in asked.content.decode()
    registration.refresh_from_db()
    assert registration.email == "mette@example.dk"

    confirmed = client.post(link)
    assert confirmed["Location"].endswith("?besked=bekraeftet")
    registration.refresh_from_db()
    assert (registration.name, registration.email) == ("Mette Holm", "mette.holm@example.dk")
    assert registration.pending_token == ""
    again = client.post(link)
    assert again.status_code == 410 and "Linket er udløbet, allerede brugt" in again.content.decode()


def test_a_change_link_expires_after_48_hours_and_a_wrong_key_changes_nothing(client, conference):
    registration = register(conference)
    participants.request_identity_change(registration, name="Ny", email="ny@example.dk")
    registration.refresh_from_db()
    assert client.post(manage_url(registration, "bekraeft/forkert/")).status_code == 410
    Registration.objects.filter(pk=registration.pk).update(
        pending_requested_at=timezone.now() - datetime.timedelta(hours=49)
    )
    assert client.post(manage_url(registration, f"bekraeft/{registration.pending_token}/")).status_code == 410
    registration.refresh_from_db()
    assert registration.email == "mette@example.dk"


def test_a_new_address_that_has_its_own_registration_is_refused_at_confirmation(client, conference):
    registration = register(conference)
    register(conference, "taken@example.dk")
    participants.request_identity_change(registration, name="Mette Hansen", email="taken@example.dk")
    registration.refresh_from_db()
    response = client.post(manage_url(registration, f"bekraeft/{registration.pending_token}/"))
    assert response.status_code == 409
    assert (
        "Der er allerede en tilmelding til konferencen med den nye e-mailadresse" in response.content.decode()
    )
    registration.refresh_from_db()
    assert registration.email == "mette@example.dk"


def test_the_confirmation_mail_is_dropped_when_the_change_was_replaced(conference):
    registration = register(conference)
    participants.request_identity_change(registration, name="Ny", email="ny@example.dk")
    participants.confirm_identity_change(registration, Registration.objects.get().pending_token)
    mail.outbox.clear()
    run_mail_queue()
    assert [m.to for m in mail.outbox if "Bekræft" in m.subject] == []


def test_the_data_page_and_the_json_file_hold_everything(client, with_workshops):
    conference, a, _, _ = with_workshops
    registration = register(conference, workshops=[a.pk], dietary_needs="Glutenfri")
    page = client.get(manage_url(registration, "data/"))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    text = BeautifulSoup(page.content, "html.parser").get_text()
    for value in (
        "Mette Hansen",
        "mette@example.dk",
        "Hjemmeplejen Syd",
        "Aarhus",
        "Leder",
        "Glutenfri",
        "A",
    ):
        assert value in text
    download = client.get(manage_url(registration, "data/json/"))
    assert download["Content-Disposition"] == 'attachment; filename="mine-oplysninger.json"'
    assert "no-store" in download["Cache-Control"]
    data = json.loads(download.content)
    assert data["navn"] == "Mette Hansen" and data["e_mail"] == "mette@example.dk"
    assert data["kosthensyn"] == "Glutenfri"
    assert data["workshops"] == [{"tidsrum": "Workshops", "workshop": "A", "status": "Plads"}]
    assert data["samtykketekst"] == conference.consent_text
    assert data["status"] == "Bekræftet"


def test_deleting_my_data_cancels_promotes_and_leaves_nothing(client, make_conference):
    conference = make_conference(capacity=1)
    leaving = register(conference, "leaving@example.dk")
    waiting = register(conference, "waiting@example.dk")
    DBTaskResult.objects.all().delete()

    asked = client.get(manage_url(leaving, "slet/"))
    assert "Ja, slet mine oplysninger" in asked.content.decode()
    assert Registration.objects.filter(pk=leaving.pk).exists()

    response = client.post(manage_url(leaving, "slet/"))
    assert response["Location"] == conference.url + "tilmelding/slettet/"
    assert "Dine oplysninger er slettet" in client.get(response["Location"]).content.decode()
    assert not Registration.objects.filter(email="leaving@example.dk").exists()
    assert client.get(manage_url(leaving)).status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED

    run_mail_queue()
    assert [m.to for m in mail.outbox] == [["waiting@example.dk"]]  # the promotion, nothing to leaving


def test_deleting_drops_mail_not_yet_sent_and_the_name_in_the_admin_log(conference, django_user_model):
    from wagtail.log_actions import log
    from wagtail.models import ModelLogEntry

    registration = register(conference)
    log(instance=registration, action="wagtail.edit", user=django_user_model.objects.create(username="o"))
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the confirmation
    participants.delete_personal_data(registration)
    assert not DBTaskResult.objects.filter(status="READY").exists()
    entries = ModelLogEntry.objects.all()
    assert {entry.action for entry in entries} >= {"wagtail.edit", "conferences.register"}
    assert {entry.label for entry in entries} == {"Slettet tilmelding"}


def test_a_cancelled_registration_cannot_be_changed_but_can_be_deleted(client, conference):
    registration = register(conference)
    service.cancel(registration)
    page = client.get(manage_url(registration, "ret/"))
    assert "Tilmeldingen er afmeldt og kan ikke ændres." in page.content.decode()
    response = client.post(manage_url(registration, "ret/"), change_answers(registration, dietary_needs="x"))
    registration.refresh_from_db()
    assert registration.dietary_needs == "" and response.status_code == 200
    client.post(manage_url(registration, "slet/"))
    assert not Registration.objects.exists()


@pytest.mark.parametrize("suffix", ["", "ret/", "data/", "data/json/", "slet/", "afmeld/", "bekraeft/x/"])
def test_an_unknown_token_is_a_404_on_every_participant_page(client, conference, suffix):
    assert client.get(conference.url + f"tilmelding/{'x' * 43}/{suffix}").status_code == 404
