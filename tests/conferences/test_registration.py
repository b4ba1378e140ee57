"""Registration through the form: the happy path, every validation error, duplicates, windows."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conferences import registration as service
from conferences.models import Registration, RegistrationState, UsedFormToken

from .conftest import form_token, register_data, run_mail_queue

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("conference_index")]


def form_url(conference):
    return conference.url + "tilmelding/"


def post(client, conference, answers, token=None):
    return client.post(form_url(conference), {**answers, "form_token": token or form_token()})


def test_happy_path_registers_confirms_and_mails_with_calendar(client, conference, answers):
    page = client.get(form_url(conference))
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store" or "no-store" in page["Cache-Control"]
    soup = BeautifulSoup(page.content, "html.parser")
    token = soup.find("input", {"name": "form_token"})["value"]

    response = post(client, conference, answers, token)
    assert response.status_code == 302
    assert response["Location"] == conference.url + "tilmelding/tak/"
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.seat == 1
    assert registration.consent_text == conference.consent_text
    assert len(registration.token) >= 43  # 32 random bytes, URL-safe
    assert len(mail.outbox) == 0  # queued, not sent in the request

    assert run_mail_queue() == 1
    [message] = mail.outbox
    assert message.to == ["mette@example.dk"]
    assert message.subject == "Du er tilmeldt Rummelighed i praksis i Aarhus"
    assert f"/tilmelding/{registration.token}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and registration.token in html
    [(filename, ics, ics_type)] = message.attachments
    assert filename == "aarhus.ics" and ics_type.startswith("text/calendar")

    thanks = client.get(response["Location"])
    assert "Tjek din e-mail" in thanks.content.decode()


EXPECTED_ERRORS = [
    ("name", "", "Skriv dit navn."),
    ("name", "x" * 201, "Navnet må højst være 200 tegn."),
    ("email", "", "Skriv din e-mailadresse."),
    ("email", "mette@", "Skriv en gyldig e-mailadresse, fx navn@kommune.dk."),
    ("organisation", "", "Skriv din arbejdsplads eller organisation."),
    ("municipality", "", "Vælg den kommune, du arbejder i."),
    ("municipality", "Gotham", "Vælg en kommune fra listen."),
    ("role", "", "Vælg din rolle."),
    ("role", "chef", "Vælg en af rollerne på listen."),
    ("dietary_needs", "x" * 1001, "Højst 1000 tegn."),
    ("accessibility_needs", "x" * 1001, "Højst 1000 tegn."),
    ("consent", "", "Du skal give samtykke, før vi kan tage imod din tilmelding."),
]


@pytest.mark.parametrize(("field", "value", "message"), EXPECTED_ERRORS)
def test_every_invalid_answer_gets_a_danish_message_on_its_field(
    client, conference, answers, field, value, message
):
    answers[field] = value
    if field == "consent" and not value:
        del answers["consent"]
    response = post(client, conference, answers)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one("[data-module=error-summary]")
    assert summary is not None and message in summary.get_text()
    error = soup.find(id=f"id_{field}-error")
    assert error is not None and message in error.get_text()
    # The error is tied to its input (or to the fieldset of a radio group).
    described = soup.find(attrs={"aria-describedby": lambda v: v and f"id_{field}-error" in v})
    assert described is not None
    link = summary.find("a", string=message)
    assert soup.find(id=link["href"].lstrip("#")) is not None
    assert not Registration.objects.exists()
    # What the person typed is kept.
    if field != "name":
        assert soup.find("input", {"name": "name"})["value"] == "Mette Hansen"


def test_a_forged_or_missing_form_token_is_refused_without_losing_the_answers(client, conference, answers):
    response = client.post(form_url(conference), {**answers, "form_token": "forged"})
    assert response.status_code == 400
    assert "Formularen er for gammel" in response.content.decode()
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("input", {"name": "form_token"})["value"] != "forged"
    assert not Registration.objects.exists()


def test_the_same_address_again_gets_the_neutral_answer_and_a_mail_with_the_existing_link(
    client, conference, answers
):
    first = post(client, conference, answers)
    answers["email"] = "METTE@Example.DK"
    answers["name"] = "Nogen Andet"
    second = post(client, conference, answers)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    registration = Registration.objects.get()
    assert registration.name == "Mette Hansen"

    run_mail_queue()
    assert [m.subject for m in mail.outbox] == [
        "Du er tilmeldt Rummelighed i praksis i Aarhus",
        "Du er allerede tilmeldt Rummelighed i praksis i Aarhus",
    ]
    assert mail.outbox[1].to == ["mette@example.dk"]
    assert registration.token in mail.outbox[1].body


def test_one_active_registration_per_address_is_a_database_constraint(conference):
    from django.db import IntegrityError, transaction

    service.register(conference, register_data(conference), form_token="a")
    duplicate = Registration(
        conference=conference,
        status="waiting",
        waiting_since=timezone.now(),
        name="X",
        email="Mette@Example.dk",
        organisation="X",
        municipality="aarhus",
        role="leder",
        consent_text="x",
        consented_at=timezone.now(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_double_submit_registers_once_and_mails_once(client, conference, answers):
    token = form_token()
    first = post(client, conference, answers, token)
    second = post(client, conference, answers, token)
    assert first.status_code == second.status_code == 302
    assert Registration.objects.count() == 1
    assert UsedFormToken.objects.count() == 1
    assert run_mail_queue() == 1


def test_full_conference_with_waiting_list_gives_a_position(client, make_conference, answers):
    conference = make_conference(capacity=1)
    service.register(conference, register_data(conference, email="a@example.dk"), form_token="a")
    post(client, conference, {**answers, "email": "b@example.dk"})
    post(client, conference, {**answers, "email": "c@example.dk"})
    b = Registration.objects.get(email="b@example.dk")
    c = Registration.objects.get(email="c@example.dk")
    assert (b.status, b.waiting_list_position()) == ("waiting", 1)
    assert (c.status, c.waiting_list_position()) == ("waiting", 2)
    assert conference.registration_state() is RegistrationState.WAITING_LIST

    run_mail_queue()
    waiting = [m for m in mail.outbox if m.to == ["c@example.dk"]][0]
    assert waiting.subject == "Du er på venteliste til Rummelighed i praksis i Aarhus"
    assert "nr. 2" in waiting.body
    assert not waiting.attachments

    detail = client.get(conference.url + f"tilmelding/{c.token}/")
    assert "venteliste som nr. 2" in detail.content.decode()


def test_full_conference_without_waiting_list_says_fully_booked(client, make_conference, answers):
    conference = make_conference(capacity=1, waiting_list_enabled=False)
    service.register(conference, register_data(conference, email="a@example.dk"), form_token="a")
    form = client.get(form_url(conference))
    assert "Fuldt booket" in form.content.decode() or "fuldt booket" in form.content.decode()
    response = post(client, conference, {**answers, "email": "b@example.dk"})
    assert response.status_code == 409
    assert "fuldt booket" in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("opens", "closes", "conference_day", "state"),
    [
        (1, 20, 30, RegistrationState.NOT_OPEN),
        (-5, 20, 30, RegistrationState.OPEN),
        (-5, -1, 30, RegistrationState.CLOSED),
        (-50, -40, -1, RegistrationState.PAST),
    ],
)
def test_registration_window_states_at_fixed_times(make_conference, opens, closes, conference_day, state):
    fixed_now = datetime.datetime(2027, 4, 1, 12, 0, tzinfo=datetime.UTC)
    conference = make_conference(
        date=(fixed_now + datetime.timedelta(days=conference_day)).date(),
        registration_opens=fixed_now + datetime.timedelta(days=opens),
        registration_closes=fixed_now + datetime.timedelta(days=closes),
    )
    assert conference.registration_state(fixed_now) is state
    result = service.register(conference, register_data(conference), form_token="t", now=fixed_now)
    if state is RegistrationState.OPEN:
        assert result.outcome is service.Outcome.REGISTERED
    else:
        assert result.outcome is service.Outcome.CLOSED
        assert not Registration.objects.exists()


def test_registration_window_edges(make_conference):
    opens = datetime.datetime(2027, 3, 20, 9, 0, tzinfo=datetime.UTC)
    closes = datetime.datetime(2027, 5, 7, 10, 0, tzinfo=datetime.UTC)
    conference = make_conference(
        date=datetime.date(2027, 5, 8), registration_opens=opens, registration_closes=closes
    )
    second = datetime.timedelta(seconds=1)
    assert conference.registration_state(opens - second) is RegistrationState.NOT_OPEN
    assert conference.registration_state(opens) is RegistrationState.OPEN
    assert conference.registration_state(closes - second) is RegistrationState.OPEN
    assert conference.registration_state(closes) is RegistrationState.CLOSED
    assert conference.registration_state(conference.starts_at) is RegistrationState.CLOSED
    assert conference.registration_state(conference.ends_at - second) is RegistrationState.CLOSED
    assert conference.registration_state(conference.ends_at) is RegistrationState.PAST


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"registration_opens_in": 1}, "Tilmeldingen er ikke åben endnu."),
        ({"registration_closes_in": -1}, "Tilmeldingen er lukket."),
    ],
)
def test_a_closed_form_is_not_offered_and_a_post_is_refused(
    client, make_conference, answers, overrides, message
):
    now = timezone.now()
    conference = make_conference(
        registration_opens=now + datetime.timedelta(days=overrides.get("registration_opens_in", -10)),
        registration_closes=now + datetime.timedelta(days=overrides.get("registration_closes_in", 10)),
    )
    page = client.get(form_url(conference))
    assert page.status_code == 200
    assert message in page.content.decode()
    assert b'name="email"' not in page.content
    response = post(client, conference, answers)
    assert response.status_code == 409
    assert message in response.content.decode()
    assert not Registration.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_past_conference_refuses_a_post(client, make_conference, answers):
    now = timezone.now()
    conference = make_conference(
        date=(now - datetime.timedelta(days=3)).date(),
        registration_opens=now - datetime.timedelta(days=30),
        registration_closes=now - datetime.timedelta(days=5),
    )
    response = post(client, conference, answers)
    assert response.status_code == 409
    assert "Konferencen er afholdt" in response.content.decode()


def test_registration_link_shows_status_and_cancel_needs_confirmation(client, conference, answers):
    post(client, conference, answers)
    registration = Registration.objects.get()
    detail_url = conference.url + f"tilmelding/{registration.token}/"
    detail = client.get(detail_url)
    assert detail.status_code == 200
    assert "Du har en plads." in detail.content.decode()
    assert "noindex" in detail.content.decode()

    confirm = client.get(detail_url + "afmeld/")
    assert confirm.status_code == 200
    assert "Vil du afmelde dig" in confirm.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # a GET changes nothing

    done = client.post(detail_url + "afmeld/")
    assert done.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled" and registration.seat is None
    again = client.post(detail_url + "afmeld/")
    assert again.status_code == 302
    run_mail_queue()
    assert [m.subject for m in mail.outbox].count(
        "Din tilmelding til Rummelighed i praksis i Aarhus er afmeldt"
    ) == 1
    assert "Afmeldt." in client.get(done["Location"]).content.decode()


def test_an_unknown_token_is_a_404(client, conference):
    assert client.get(conference.url + "tilmelding/" + "x" * 43 + "/").status_code == 404
    assert client.post(conference.url + "tilmelding/" + "x" * 43 + "/afmeld/").status_code == 404
    assert client.get(conference.url + "tilmelding/" + "x" * 300 + "/").status_code == 404


def test_cancelling_promotes_the_first_on_the_waiting_list_with_a_mail(make_conference):
    conference = make_conference(capacity=2)
    results = [
        service.register(conference, register_data(conference, email=f"p{i}@example.dk"), form_token=f"t{i}")
        for i in range(4)
    ]
    first, second, third, fourth = (r.registration for r in results)
    assert [r.status for r in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",
    ]
    run_mail_queue()
    mail.outbox.clear()

    service.cancel(first)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "p0@example.dk": "cancelled",
        "p1@example.dk": "confirmed",
        "p2@example.dk": "confirmed",
        "p3@example.dk": "waiting",
    }
    fourth.refresh_from_db()
    assert fourth.waiting_list_position() == 1
    run_mail_queue()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["p2@example.dk"] == "Du har fået en plads til Rummelighed i praksis i Aarhus"
    assert subjects["p0@example.dk"].endswith("er afmeldt")
    promoted_mail = [m for m in mail.outbox if m.to == ["p2@example.dk"]][0]
    assert promoted_mail.attachments and promoted_mail.attachments[0][0] == "aarhus.ics"

    # Cancelling again changes nothing and promotes no one else.
    service.cancel(first)
    assert Registration.objects.filter(status="confirmed").count() == 2
    assert run_mail_queue() == 0


def test_cancelling_from_the_waiting_list_promotes_no_one(make_conference):
    conference = make_conference(capacity=1)
    service.register(conference, register_data(conference, email="a@example.dk"), form_token="a")
    waiting = service.register(conference, register_data(conference, email="b@example.dk"), form_token="b")
    third = service.register(conference, register_data(conference, email="c@example.dk"), form_token="c")
    service.cancel(waiting.registration)
    assert Registration.objects.filter(status="confirmed").count() == 1
    third.registration.refresh_from_db()
    assert third.registration.waiting_list_position() == 1
