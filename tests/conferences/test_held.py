"""Submissions the spam trap holds back: kept, never mailed until an organiser releases them,
released under the normal seat and waiting-list rules, logged, and deleted on schedule."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from conferences import held
from conferences import registration as service
from conferences.forms import HONEYPOT_FIELD
from conferences.models import Registration, RegistrationCount, UsedFormToken, Workshop, WorkshopBooking
from conferences.retention import purge_registrations
from tests.conftest import pass_two_step

from .conftest import register_data, run_mail_queue, workshop_slot
from .test_abuse import token_issued_seconds_ago

pytestmark = pytest.mark.django_db

INDEX = "/admin/tilmeldinger/"


@pytest.fixture
def min_fill_time(settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 3


@pytest.fixture
def organiser(django_user_model):
    user = django_user_model.objects.create_user("arrangoer", "a@kl.dk", "x")
    user.groups.add(Group.objects.get(name="Konferenceansvarlige"))
    return user


def post_with_trap(client, conference, answers, *, seconds_ago=60, trap="http://spam.example"):
    return client.post(
        conference.url + "tilmelding/",
        {**answers, "form_token": token_issued_seconds_ago(seconds_ago), HONEYPOT_FIELD: trap},
    )


def hold(conference, email="held@example.dk", **overrides):
    outcome, registration = held.hold(
        conference, register_data(conference, email=email, **overrides), form_token="held-" + email
    )
    assert outcome is held.HoldOutcome.HELD
    return registration


def register(conference, email, **overrides):
    data = register_data(conference, email=email, **overrides)
    return service.register(conference, data, form_token=email).registration


def test_a_person_like_submission_with_the_trap_filled_is_kept_and_nobody_is_mailed(
    client, conference, answers, min_fill_time
):
    response = post_with_trap(client, conference, answers)
    assert response.status_code == 302
    assert response["Location"] == conference.url + "tilmelding/afventer/"

    registration = Registration.objects.get()
    assert (registration.status, registration.seat, registration.waiting_since) == ("held", None, None)
    assert (registration.name, registration.email) == ("Mette Hansen", "mette@example.dk")
    assert not DBTaskResult.objects.exists()  # no mail queued to an address a bot may have typed
    run_mail_queue()
    assert mail.outbox == []
    assert conference.registration_state().key == "open"  # a held submission takes no seat


def test_the_held_page_says_it_awaits_approval_that_a_mail_follows_and_whom_to_ask(
    client, make_conference, answers, min_fill_time
):
    conference = make_conference(
        contact_name="Sekretariatet", contact_email="konference@kl.dk", contact_phone="33 70 33 70"
    )
    response = client.get(post_with_trap(client, conference, answers)["Location"])
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Din tilmelding afventer godkendelse"
    text = soup.main.get_text(" ", strip=True)
    assert "Du har ikke fået en plads endnu" in text
    assert "får du en mail" in text
    assert soup.main.find("a", href="mailto:konference@kl.dk")
    assert soup.main.find("a", href="tel:33703370")
    assert response["Cache-Control"].startswith("private")


def test_the_same_held_form_sent_twice_is_kept_once(client, conference, answers, min_fill_time):
    token = token_issued_seconds_ago(60)
    for _ in range(2):
        data = {**answers, "form_token": token, HONEYPOT_FIELD: "x"}
        response = client.post(conference.url + "tilmelding/", data)
        assert response["Location"].endswith("tilmelding/afventer/")
    assert Registration.objects.count() == 1


def test_an_instant_post_with_the_trap_filled_is_dropped(client, conference, answers, min_fill_time):
    response = post_with_trap(client, conference, answers, seconds_ago=1)
    assert response["Location"] == conference.url + "tilmelding/tak/"
    assert not (Registration.objects.exists() or UsedFormToken.objects.exists())


def test_a_malformed_post_with_the_trap_filled_is_not_kept(client, conference, answers, min_fill_time):
    response = post_with_trap(client, conference, {**answers, "email": "ikke-en-adresse"})
    assert response.status_code == 400
    assert "Skriv en gyldig e-mailadresse" in response.content.decode()
    assert not Registration.objects.exists()


def test_release_gives_a_free_seat_sends_the_normal_mail_and_is_logged(
    client, conference, answers, organiser, min_fill_time
):
    post_with_trap(client, conference, answers)
    registration = Registration.objects.get()
    pass_two_step(client, organiser)
    url = f"{INDEX}handling/release/{registration.pk}/"

    question = BeautifulSoup(client.get(url).content, "html.parser")
    assert "Mette Hansen" in question.get_text()
    assert question.find("button", string=lambda text: text and "Ja, godkend" in text)

    response = client.post(url, follow=True)
    assert "er godkendt, har fået plads nr. 1" in response.content.decode()
    registration.refresh_from_db()
    assert (registration.status, registration.seat) == ("confirmed", 1)
    entry = ModelLogEntry.objects.get(object_id=str(registration.pk), action="conferences.release")
    assert entry.user == organiser

    run_mail_queue()
    [message] = mail.outbox
    assert message.to == ["mette@example.dk"]
    assert message.subject.startswith("Du er tilmeldt")
    assert f"tilmelding/{registration.token}/" in message.body


def test_release_when_full_puts_the_person_last_on_the_waiting_list(make_conference):
    conference = make_conference(capacity=1)
    held_registration = hold(conference)
    register(conference, "anna@example.dk")
    waiting = register(conference, "bo@example.dk")
    assert waiting.status == "waiting"

    released = held.release(held_registration)
    assert released.outcome is held.ReleaseOutcome.WAITING
    held_registration.refresh_from_db()
    assert held_registration.status == "waiting"
    assert held_registration.waiting_list_position() == 2  # behind Bo, who was already waiting
    assert [kind for kind in queued_mail_kinds(held_registration)] == ["waiting"]


def queued_mail_kinds(registration):
    return [
        row.args_kwargs["args"][1]
        for row in DBTaskResult.objects.filter(backend_name="mail").order_by("enqueued_at")
        if row.args_kwargs["args"][0] == registration.pk
    ]


@pytest.mark.parametrize(
    ("setup", "outcome"),
    [
        ("full_without_waiting_list", held.ReleaseOutcome.FULL),
        ("address_already_registered", held.ReleaseOutcome.ALREADY_REGISTERED),
        ("conference_over", held.ReleaseOutcome.PAST),
        ("already_released", held.ReleaseOutcome.NOT_HELD),
    ],
)
def test_release_is_refused_and_changes_nothing_when_it_cannot_apply(make_conference, setup, outcome):
    conference = make_conference(capacity=1, waiting_list_enabled=setup != "full_without_waiting_list")
    registration = hold(conference)
    now = timezone.now()
    if setup == "full_without_waiting_list":
        register(conference, "anna@example.dk")
    elif setup == "address_already_registered":
        register(conference, "held@example.dk")
    elif setup == "conference_over":
        now = conference.ends_at + datetime.timedelta(minutes=1)
    elif setup == "already_released":
        held.release(registration)
    status_before = Registration.objects.get(pk=registration.pk).status
    mails_before = DBTaskResult.objects.count()

    assert held.release(registration, now=now).outcome is outcome
    assert Registration.objects.get(pk=registration.pk).status == status_before
    assert DBTaskResult.objects.count() == mails_before


def test_a_refused_release_tells_the_organiser_why(client, make_conference, organiser):
    conference = make_conference(capacity=1, waiting_list_enabled=False)
    registration = hold(conference)
    register(conference, "anna@example.dk")
    pass_two_step(client, organiser)
    response = client.post(f"{INDEX}handling/release/{registration.pk}/", follow=True)
    assert "fuldt booket uden venteliste" in response.content.decode()
    editor = f"/admin/pages/{conference.pk}/edit/"  # where the seats or the waiting list are changed
    assert BeautifulSoup(response.content, "html.parser").find(class_="messages").find("a", href=editor)
    assert not ModelLogEntry.objects.filter(action="conferences.release").exists()


def test_held_workshop_wishes_take_no_seat_until_release(make_conference):
    conference = make_conference(programme=[workshop_slot(capacity=1, titles=("A", "B"))])
    a, _ = Workshop.objects.filter(conference=conference).order_by("sort_order")
    registration = hold(conference, workshops=[a.pk])
    booking = WorkshopBooking.objects.get(registration=registration)
    assert (booking.status, booking.seat) == ("waiting", None)
    assert a.seats_taken == 0

    held.release(registration)
    booking.refresh_from_db()
    assert (booking.status, booking.seat) == ("confirmed", 1)


def test_organisers_see_held_submissions_in_the_listing_and_on_the_dashboard(client, conference, organiser):
    registration = hold(conference)
    pass_two_step(client, organiser)
    listing = client.get(INDEX, {"status": "held"}).content.decode()
    assert "Tilbageholdt (spamfilter)" in listing
    assert f"handling/release/{registration.pk}/" in listing
    dashboard = client.get("/admin/").content.decode()
    assert "1 tilmelding tilbageholdt af spamfilteret" in dashboard


def test_held_submissions_are_deleted_with_the_rest_after_retention_and_not_counted(conference):
    registration = hold(conference)
    register(conference, "anna@example.dk")
    purge_registrations(now=conference.retention_ends_at + datetime.timedelta(minutes=1))
    assert not Registration.objects.filter(pk=registration.pk).exists()
    assert sum(RegistrationCount.objects.values_list("registered", flat=True)) == 1
    assert not RegistrationCount.objects.filter(registered=0, waiting=0, cancelled=0).exists()
