"""Abuse on the conference forms: bots, hammering, and forms with fields they do not have."""

import time

import pytest
from bs4 import BeautifulSoup
from django.core import mail, signing
from django_tasks_db.models import DBTaskResult

from conferences import registration as service
from conferences.forms import FORM_TOKEN_SALT, HONEYPOT_FIELD
from conferences.models import Registration, UsedFormToken

from .conftest import register_data, run_mail_queue

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("conference_index")]


def token_issued_seconds_ago(seconds):
    """A form token as the server would have issued it `seconds` ago."""

    class Then(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time() - seconds))

    return Then(salt=FORM_TOKEN_SALT).sign("nonce-" + str(seconds))


def form_url(conference):
    return conference.url + "tilmelding/"


@pytest.fixture
def min_fill_time(settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 3


def nothing_stored():
    return not (
        Registration.objects.exists() or UsedFormToken.objects.exists() or DBTaskResult.objects.exists()
    )


def test_the_honeypot_is_in_the_form_but_hidden_from_people_without_any_stylesheet(client, conference):
    soup = BeautifulSoup(client.get(form_url(conference)).content, "html.parser")
    field = soup.find("input", {"name": HONEYPOT_FIELD})
    assert field is not None and field["tabindex"] == "-1"
    # The `hidden` attribute: not rendered and not in the accessibility tree, even if site.css
    # breaks (tests/browser/test_conferences.py checks what the browser makes of it).
    assert field.parent.has_attr("hidden")
    assert soup.find("label", {"for": field["id"]}) is not None


# A filled-in honeypot on a form that took a person's time: tests/conferences/test_held.py.


def test_a_form_sent_faster_than_a_person_can_is_dropped_silently(client, conference, answers, min_fill_time):
    response = client.post(form_url(conference), {**answers, "form_token": token_issued_seconds_ago(1)})
    assert response.status_code == 302
    assert response["Location"] == conference.url + "tilmelding/tak/"
    assert nothing_stored()


def test_a_person_who_takes_their_time_is_registered_as_always(client, conference, answers, min_fill_time):
    response = client.post(
        form_url(conference), {**answers, "form_token": token_issued_seconds_ago(20), HONEYPOT_FIELD: ""}
    )
    assert response["Location"] == conference.url + "tilmelding/tak/"
    registration = Registration.objects.get()
    assert registration.email == "mette@example.dk"
    run_mail_queue()
    assert [m.to for m in mail.outbox] == [["mette@example.dk"]]


def test_unexpected_fields_give_a_danish_400_and_store_nothing(client, conference, answers):
    response = client.post(
        form_url(conference),
        {**answers, "form_token": token_issued_seconds_ago(20), "is_staff": "1", "status": "confirmed"},
    )
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke behandles" in response.content.decode()
    assert "vi har ikke gemt noget" in response.content.decode()
    assert nothing_stored()


@pytest.mark.parametrize("suffix", ["ret/", "slet/", "afmeld/"])
def test_unexpected_fields_on_participant_actions_give_a_400_and_change_nothing(client, conference, suffix):
    registration = service.register(conference, register_data(conference), form_token="t").registration
    url = conference.url + f"tilmelding/{registration.token}/{suffix}"
    data = {"name": "Mette Hansen", "email": "mette@example.dk", "status": "cancelled", "seat": "9"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke behandles" in response.content.decode()
    registration.refresh_from_db()
    assert (registration.status, registration.seat) == ("confirmed", 1)


def test_registration_posts_are_rate_limited_with_a_danish_429(client, conference, answers, settings):
    # An hour's window: a minute's could roll over in the middle of the test and reset the count.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration": "3/h"}
    for i in range(3):
        response = client.post(
            form_url(conference),
            {**answers, "email": f"p{i}@example.dk", "form_token": token_issued_seconds_ago(20 + i)},
            REMOTE_ADDR="192.0.2.10",
        )
        assert response.status_code == 302
    limited = client.post(
        form_url(conference),
        {**answers, "email": "p9@example.dk", "form_token": token_issued_seconds_ago(30)},
        REMOTE_ADDR="192.0.2.10",
    )
    assert limited.status_code == 429
    html = limited.content.decode()
    assert "For mange forsøg" in html and "Prøv igen om 60 minutter" in html
    assert not Registration.objects.filter(email="p9@example.dk").exists()
    # Reading the form is not limited, and another address may still register.
    assert client.get(form_url(conference), REMOTE_ADDR="192.0.2.10").status_code == 200
    other = client.post(
        form_url(conference),
        {**answers, "email": "p10@example.dk", "form_token": token_issued_seconds_ago(40)},
        REMOTE_ADDR="192.0.2.11",
    )
    assert other.status_code == 302


@pytest.mark.parametrize("suffix", ["ret/", "slet/", "afmeld/", "bekraeft/noget/"])
def test_participant_link_actions_are_rate_limited(client, conference, settings, suffix):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "participant": "2/h"}
    registration = service.register(conference, register_data(conference), form_token="t").registration
    url = conference.url + f"tilmelding/{registration.token}/{suffix}"
    for _ in range(2):
        assert client.post(url, {"unexpected": "1"}).status_code == 400  # refused, but counted
    limited = client.post(url, {})
    assert limited.status_code == 429
    assert "For mange forsøg" in limited.content.decode()
    assert client.get(url).status_code == (
        410 if suffix.startswith("bekraeft") else 200
    )  # reading is never limited
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_a_post_without_a_valid_csrf_token_gets_the_danish_403_page(conference, answers):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(conference.url + "tilmelding/", answers)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Adgang nægtet" in page and "formularen var udløbet" in page
    assert not Registration.objects.exists()
