"""Organisers write to a conference's participants: all with a seat, the waiting list or one
workshop. A preview with the number of recipients first; then one mail per recipient through
the durable mail queue, addressed to that person alone; the message on each recipient's own
page (and on no one else's), logged with who sent it and to how many; size and rate limits with
Danish messages; only organisers; nothing of a person left when their data is deleted."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from conferences import messaging, participants
from conferences import registration as service
from conferences.models import ConferenceMessage, MessageReceipt, Registration, Workshop
from conferences.retention import purge_registrations
from home.validators import SINGLE_LINE_MESSAGE

from .conftest import register_data, run_mail_queue, workshop_slot

pytestmark = pytest.mark.django_db

BODY = "Husk at tage madpakke med.\n\nDer er parkering bag Musikhuset."


@pytest.fixture
def people(make_conference):
    """Two seats (both on »Jobmatch i praksis«, the second later moved to the other workshop),
    two on the waiting list, one who cancelled; their own mails already sent."""
    conference = make_conference(capacity=2, programme=[workshop_slot(capacity=5)])
    jobmatch, stop = Workshop.objects.filter(conference=conference).order_by("sort_order")
    registered = {}
    for name, workshop in (("anna", jobmatch), ("bo", stop), ("carl", jobmatch), ("dorte", jobmatch)):
        data = register_data(
            conference, name=name.title(), email=f"{name}@example.dk", workshops=[workshop.pk]
        )
        registered[name] = service.register(conference, data, form_token=name).registration
    extra = register_data(conference, name="Eva", email="eva@example.dk", workshops=[jobmatch.pk])
    registered["eva"] = service.register(conference, extra, form_token="eva").registration
    service.cancel(registered["eva"])
    run_mail_queue()
    mail.outbox.clear()
    for registration in registered.values():
        registration.refresh_from_db()
    assert [registered[n].status for n in ("anna", "bo", "carl", "dorte", "eva")] == [
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",
        "cancelled",
    ]
    return conference, registered, {"jobmatch": jobmatch, "stop": stop}


@pytest.fixture
def organiser(django_user_model):
    user = django_user_model.objects.create_user(
        "arrangoer", "arr@kl.dk", "x", first_name="Ida", last_name="Arr"
    )
    user.groups.add(Group.objects.get(name="Konferenceansvarlige"))
    return user


def compose_url(conference):
    return f"/admin/beskeder/{conference.pk}/"


def form_data(**overrides):
    data = {
        "step": "preview",
        "audience": "confirmed",
        "workshop": "",
        "subject": "Praktisk om dagen",
        "body": BODY,
    }
    data.update(overrides)
    return data


def page_text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def preview(client, conference, **overrides):
    """The preview, and what pressing »Send« on it posts (its hidden fields and one-time key)."""
    response = client.post(compose_url(conference), form_data(**overrides))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select("main form")[-1]
    posted = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    posted["step"] = "send"
    return response, posted


def test_an_organiser_previews_then_sends_one_mail_to_each_with_a_seat(client, people, organiser, sign_in):
    conference, registered, _ = people
    sign_in(client, organiser)
    index = client.get("/admin/beskeder/")
    assert index.status_code == 200 and conference.get_admin_display_title() in page_text(index)

    shown, posted = preview(client, conference)
    text = page_text(shown)
    assert "Sendes til 2 personer." in text
    assert "Kære [deltagerens navn]" in text and "Husk at tage madpakke med." in text
    assert "anna@example.dk" not in text  # the preview names no one
    assert not ConferenceMessage.objects.exists() and not DBTaskResult.objects.filter(status="READY").exists()

    sent = client.post(compose_url(conference), posted)
    assert sent.status_code == 302
    message = ConferenceMessage.objects.get()
    assert (message.recipient_count, message.sent_by, message.audience) == (2, organiser, "confirmed")
    assert run_mail_queue() == 2
    assert sorted(m.to for m in mail.outbox) == [["anna@example.dk"], ["bo@example.dk"]]
    for sent_mail in mail.outbox:
        assert sent_mail.cc == [] and sent_mail.bcc == []
        assert sent_mail.subject == "Praktisk om dagen"
        assert "Husk at tage madpakke med.\n\nDer er parkering bag Musikhuset." in sent_mail.body
        other = "bo@example.dk" if sent_mail.to == ["anna@example.dk"] else "anna@example.dk"
        assert other not in str(sent_mail.message())
    anna_mail = next(m for m in mail.outbox if m.to == ["anna@example.dk"])
    assert anna_mail.body.startswith("Kære Anna")
    assert (
        conference.route_url("registration_detail", registered["anna"].token, absolute=True) in anna_mail.body
    )

    # Logged: who sent it to how many, and each recipient's history.
    entry = ModelLogEntry.objects.get(action="conferences.message_sent")
    assert entry.user_id == organiser.pk and entry.data["recipients"] == 2
    assert "sendt til 2" in entry.message
    history = ModelLogEntry.objects.filter(
        action="conferences.message_received",
        content_type=ContentType.objects.get_for_model(Registration),
    )
    assert sorted(int(e.object_id) for e in history) == sorted([registered["anna"].pk, registered["bo"].pk])

    after = page_text(client.get(compose_url(conference)))
    assert "Praktisk om dagen" in after and "Alle med en plads" in after and "Ida Arr" in after

    # The recipients' own pages show it; the waiting list's does not.
    anna_page = client.get(conference.route_url("registration_detail", registered["anna"].token))
    assert "Beskeder fra arrangørerne" in page_text(
        anna_page
    ) and "Der er parkering bag Musikhuset." in page_text(anna_page)
    carl_page = page_text(client.get(conference.route_url("registration_detail", registered["carl"].token)))
    assert "Praktisk om dagen" not in carl_page and "Beskeder fra arrangørerne" not in carl_page
    data_page = page_text(client.get(conference.route_url("registration_data", registered["anna"].token)))
    assert "Besked fra arrangørerne" in data_page and "»Praktisk om dagen«" in data_page
    assert participants.personal_data(registered["anna"])["beskeder_fra_arrangoererne"][0]["emne"] == (
        "Praktisk om dagen"
    )

    # The same confirmed preview sent again (a double click) sends nothing more.
    again = client.post(compose_url(conference), posted, follow=True)
    assert "Beskeden er allerede sendt." in page_text(again)
    assert ConferenceMessage.objects.count() == 1 and run_mail_queue() == 0


def test_a_message_to_one_workshop_or_the_waiting_list_reaches_only_them(people, organiser):
    conference, registered, workshops = people
    now = timezone.now()
    to_workshop = messaging.send_message(
        conference,
        audience="workshop",
        workshop=workshops["jobmatch"],
        subject="Lokale til Jobmatch",
        body="Vi er i lokale 2.",
        user=organiser,
        send_token="a",
        now=now,
    )
    # Carl and Dorte chose Jobmatch but wait for a seat at the conference: not participants yet.
    assert to_workshop.recipient_count == 1 and to_workshop.audience_label() == (
        "Deltagerne på workshoppen »Jobmatch i praksis«"
    )
    to_waiting = messaging.send_message(
        conference,
        audience="waiting",
        subject="Status",
        body="I venter stadig.",
        user=organiser,
        send_token="b",
    )
    assert to_waiting.recipient_count == 2
    run_mail_queue()
    by_subject = {}
    for sent_mail in mail.outbox:
        assert len(sent_mail.to) == 1
        by_subject.setdefault(sent_mail.subject, []).append(sent_mail.to[0])
    assert by_subject == {
        "Lokale til Jobmatch": ["anna@example.dk"],
        "Status": sorted(["carl@example.dk", "dorte@example.dk"]),
    }


def test_wrong_input_gets_danish_messages_and_sends_nothing(client, people, organiser, sign_in):
    conference, _, workshops = people
    sign_in(client, organiser)
    cases = [
        (
            form_data(audience="", subject="", body=""),
            ["Vælg, hvem der skal have beskeden.", "Skriv et emne.", "Skriv beskedens tekst."],
        ),
        (form_data(subject="Hej\r\nBcc: alle@example.dk"), [SINGLE_LINE_MESSAGE]),
        (form_data(subject="x" * 151), ["Emnet må højst være 150 tegn."]),
        (form_data(body="x" * 5001), ["Teksten må højst være 5.000 tegn."]),
        (form_data(audience="workshop"), ["Vælg den workshop, hvis deltagere skal have beskeden."]),
        (form_data(audience="alle"), ["Vælg en af modtagerne."]),
        (form_data(audience="workshop", workshop="999999"), ["Vælg en af konferencens workshops."]),
    ]
    for data, expected in cases:
        for step in ("preview", "send"):
            response = client.post(compose_url(conference), {**data, "step": step, "send_token": "t"})
            assert response.status_code == 200
            soup = BeautifulSoup(response.content, "html.parser")
            summary = soup.select_one("[data-module=error-summary]")
            assert summary is not None, data
            assert [" ".join(li.get_text().split()) for li in summary.select("li")] == expected
    assert not ConferenceMessage.objects.exists() and not DBTaskResult.objects.filter(status="READY").exists()

    # Another conference's workshop is not one of this conference's.
    with pytest.raises(messaging.Refused):
        messaging.send_message(
            conference,
            audience="workshop",
            workshop=None,
            subject="x",
            body="y",
            user=organiser,
            send_token="w",
        )
    assert workshops["jobmatch"].conference_id == conference.pk


def test_at_most_three_messages_an_hour_per_conference(client, people, organiser, sign_in, make_conference):
    conference, _, _ = people
    start = timezone.now()
    for n in range(3):
        messaging.send_message(
            conference,
            audience="confirmed",
            subject=f"Nr. {n}",
            body="x",
            user=organiser,
            send_token=f"t{n}",
            now=start + datetime.timedelta(minutes=n),
        )
    sign_in(client, organiser)
    _, posted = preview(client, conference)
    refused = client.post(compose_url(conference), posted)
    assert refused.status_code == 200
    assert (
        "Der er allerede sendt 3 beskeder til deltagerne i denne konference den seneste time."
        in page_text(refused)
    )
    assert ConferenceMessage.objects.count() == 3
    # An hour after the first, one more may go.
    later = messaging.send_message(
        conference,
        audience="confirmed",
        subject="Nr. 4",
        body="x",
        user=organiser,
        send_token="t4",
        now=start + datetime.timedelta(hours=1, minutes=1),
    )
    assert later.recipient_count == 2


def test_no_recipients_is_said_in_the_preview_and_refused(client, make_conference, organiser, sign_in):
    conference = make_conference(slug="tom")
    sign_in(client, organiser)
    preview = client.post(compose_url(conference), form_data())
    assert "Ingen modtagere." in page_text(preview)
    assert b'value="send"' not in preview.content
    refused = client.post(compose_url(conference), {**form_data(), "step": "send", "send_token": "x"})
    assert "Der er ingen modtagere" in page_text(refused)
    assert not ConferenceMessage.objects.exists()


def test_library_editors_and_others_get_403(client, people, django_user_model, sign_in):
    from cases.moderation import EDITORS, ensure_groups_and_workflow

    ensure_groups_and_workflow()
    conference, _, _ = people
    editor = django_user_model.objects.create_user("redaktoer", "r@kl.dk", "x")
    editor.groups.add(Group.objects.get(name=EDITORS))
    sign_in(client, editor)
    assert client.get("/admin/beskeder/").status_code == 403
    assert client.get(compose_url(conference)).status_code == 403
    assert (
        client.post(compose_url(conference), {**form_data(), "step": "send", "send_token": "x"}).status_code
        == 403
    )
    assert "Beskeder til deltagerne" not in client.get("/admin/").content.decode()
    assert not ConferenceMessage.objects.exists()
    client.logout()
    assert client.get(compose_url(conference)).status_code == 302  # to the sign-in


def test_deleted_registrations_get_no_mail_and_the_purge_leaves_only_the_organisers_text(people, organiser):
    conference, registered, _ = people
    message = messaging.send_message(
        conference, audience="confirmed", subject="Praktisk", body=BODY, user=organiser, send_token="p"
    )
    participants.delete_personal_data(registered["anna"])
    assert not MessageReceipt.objects.filter(registration_id=registered["anna"].pk).exists()
    assert not DBTaskResult.objects.filter(args_kwargs__args__1__0=registered["anna"].pk).exists()
    run_mail_queue()
    assert [m.to for m in mail.outbox if m.subject == "Praktisk"] == [["bo@example.dk"]]

    purge_registrations(now=conference.retention_ends_at + datetime.timedelta(minutes=1))
    assert not MessageReceipt.objects.exists() and not Registration.objects.exists()
    assert not DBTaskResult.objects.filter(task_path="home.mail_queue.send_queued_mail").exists()
    message.refresh_from_db()
    assert (message.subject, message.recipient_count) == ("Praktisk", 2)


def test_the_listings_take_the_same_number_of_queries_however_many_messages(
    client, people, organiser, sign_in, make_conference, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    conference, _, _ = people
    sign_in(client, organiser)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    first = timezone.now() - datetime.timedelta(hours=10)

    def send(n):
        # More than an hour apart, under the hourly limit.
        messaging.send_message(
            conference,
            audience="confirmed",
            subject=f"Nr. {n}",
            body="x",
            user=organiser,
            send_token=f"q{n}",
            now=first + datetime.timedelta(hours=n * 1.5),
        )

    send(0)
    index, compose = queries("/admin/beskeder/"), queries(compose_url(conference))
    for n in range(1, 6):
        send(n)
    make_conference(slug="odense", city="Odense")
    with django_assert_max_num_queries(index):
        client.get("/admin/beskeder/")
    with django_assert_max_num_queries(compose):
        client.get(compose_url(conference))
