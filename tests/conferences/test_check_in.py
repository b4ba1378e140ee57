"""Check-in at the door: the QR code in the mail and on the personal page, the page the code
opens (an organiser gets one button, anyone else nothing personal), and the organisers' list
with search and count. The browser walk at phone size is tests/browser/test_check_in.py."""

import datetime
import email
import email.policy
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import ModelLogEntry

from conferences import registration as service
from conferences.check_in import check_in_url, qr_png, qr_svg_data_uri
from conferences.emails import build_registration_mail
from conferences.models import Registration
from conferences.tasks import MailKind
from home.danish_time import danish_time
from tests.conftest import pass_two_step

from .conftest import register_data

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("conference_index")]

LIST = "/admin/tilmeldinger/indtjekning/{}/"


def register(conference, email, **overrides):
    return service.register(
        conference, register_data(conference, email=email, **overrides), form_token=email
    ).registration


@pytest.fixture
def organiser(django_user_model):
    user = django_user_model.objects.create_user("arrangoer", "a@kl.dk", "x", first_name="Ole")
    user.groups.add(Group.objects.get(name="Konferenceansvarlige"))
    return user


@pytest.fixture
def door(make_conference):
    """A conference with two seats: Anna and Åse confirmed, Bo waiting, Cai cancelled."""
    conference = make_conference(capacity=2)
    people = {
        "anna": register(conference, "anna@example.dk", name="Anna Berg", organisation="Jobcenter Nord"),
        "aase": register(
            conference, "aase@example.dk", name="Åse Østergård", organisation="Ældreplejen Vest"
        ),
        "bo": register(conference, "bo@example.dk", name="Bo Ask", organisation="Skolen ved Søen"),
        "cai": register(conference, "cai@example.dk", name="Cai Dahl", organisation="Rådhuset"),
    }
    service.cancel(people["cai"])
    for person in people.values():
        person.refresh_from_db()
    assert people["bo"].status == Registration.Status.WAITING
    assert people["cai"].status == Registration.Status.CANCELLED
    return conference, people


def code_path(registration):
    return f"/indtjekning/{registration.check_in_token}/"


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_each_registration_has_its_own_check_in_key_apart_from_its_personal_link(door):
    conference, people = door
    keys = {person.check_in_token for person in people.values()}
    assert len(keys) == 4 and all(len(key) >= 40 for key in keys)
    anna = people["anna"]
    assert anna.check_in_token != anna.token
    assert check_in_url(anna) == f"http://testserver/indtjekning/{anna.check_in_token}/"
    assert anna.token not in check_in_url(anna)


def test_the_confirmation_mail_shows_the_qr_code_inline_and_the_address_as_text(door):
    conference, people = door
    anna = people["anna"]
    message = build_registration_mail(anna, MailKind.CONFIRMED)
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)

    # mixed: [alternative: [text, related: [html, png]], calendar file]
    assert parsed.get_content_type() == "multipart/mixed"
    alternative, calendar = parsed.get_payload()
    assert calendar.get_content_type() == "text/calendar" and calendar.get_filename() == "aarhus.ics"
    plain, related = alternative.get_payload()
    assert related.get_content_type() == "multipart/related"
    html_part, image = related.get_payload()
    html = html_part.get_content()
    cid = image["Content-ID"].strip("<>")
    assert image.get_content_type() == "image/png"
    assert image.get_content_disposition() == "inline"
    # The picture is the QR code of the check-in address, nothing else.
    assert image.get_content() == qr_png(check_in_url(anna))[0]
    soup = BeautifulSoup(html, "html.parser")
    img = soup.find("img", src=f"cid:{cid}")
    assert img["alt"] == "QR-kode til din indtjekning ved indgangen"
    assert check_in_url(anna) in soup.get_text()
    # Those who see no pictures get the address and what to do in the plain text.
    body = plain.get_content()
    assert "Når du kommer: vis QR-koden ved indgangen" in body
    assert check_in_url(anna) in body


@pytest.mark.parametrize("kind", [MailKind.REMINDER, MailKind.ALREADY_REGISTERED, MailKind.PROMOTED])
def test_every_mail_that_confirms_a_seat_carries_the_qr_code(door, kind):
    anna = door[1]["anna"]
    message = build_registration_mail(anna, kind)
    assert check_in_url(anna) in message.body
    assert b"image/png" in message.message().as_bytes()


def test_no_qr_code_for_someone_without_a_seat(door):
    conference, people = door
    for person, kind in ((people["bo"], MailKind.WAITING), (people["cai"], MailKind.CANCELLED)):
        message = build_registration_mail(person, kind)
        assert "/indtjekning/" not in message.body
        assert b"image/png" not in message.message().as_bytes()
    page = Client().get(f"{conference.url}tilmelding/{people['bo'].token}/")
    assert "QR-kode" not in page.content.decode()


def test_the_personal_page_shows_the_qr_code_with_alt_text(door):
    conference, people = door
    anna = people["anna"]
    page = Client().get(f"{conference.url}tilmelding/{anna.token}/")
    soup = BeautifulSoup(page.content, "html.parser")
    img = soup.find("img", class_="check-in-qr")
    assert img["alt"] == "QR-kode til din indtjekning ved indgangen"
    uri, size = qr_svg_data_uri(check_in_url(anna))
    assert img["src"] == uri and uri.startswith("data:image/svg+xml")
    assert img["width"] == img["height"] == str(size)
    assert "Vis QR-koden ved indgangen" in text(page)


def test_someone_not_signed_in_learns_nothing_from_a_code(door):
    conference, people = door
    anna = people["anna"]
    anonymous = Client()
    real = anonymous.get(code_path(anna))
    made_up = anonymous.get("/indtjekning/ikke-en-rigtig-kode/")
    for response in (real, made_up):
        assert response.status_code == 200
        page = text(response)
        assert "Denne QR-kode bruges ved indgangen til konferencen" in page
        for person in people.values():
            assert person.name not in page and person.organisation not in page
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    login = BeautifulSoup(real.content, "html.parser").find("a", string="Log ind")["href"]
    assert login == f"/admin/login/?next=%2Findtjekning%2F{anna.check_in_token}%2F"
    # A POST without being signed in checks no one in.
    assert anonymous.post(code_path(anna)).status_code == 200
    anna.refresh_from_db()
    assert anna.checked_in_at is None


def test_someone_signed_in_without_the_right_is_refused_without_a_name(door, django_user_model):
    conference, people = door
    anna = people["anna"]
    editor = django_user_model.objects.create_user("redaktoer", "r@example.dk", "x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = pass_two_step(Client(), editor)
    for response in (client.get(code_path(anna)), client.post(code_path(anna))):
        assert response.status_code == 403
        assert "Ingen adgang til indtjekning" in text(response)
        assert "Anna" not in text(response) and "Jobcenter" not in text(response)
    anna.refresh_from_db()
    assert anna.checked_in_at is None


def test_an_organiser_who_has_not_passed_two_step_is_sent_through_it_and_back(door, organiser):
    anna = door[1]["anna"]
    client = Client()
    client.force_login(organiser)  # password only; organisers must use two-step sign-in
    response = client.get(code_path(anna))
    assert response.status_code == 302
    assert response["Location"] == f"/admin/to-trin/opsaet/?next={code_path(anna)}"
    assert client.post(code_path(anna)).status_code == 302
    anna.refresh_from_db()
    assert anna.checked_in_at is None

    pass_two_step(Client(), organiser)  # now has an app: asked for the code instead
    response = client.get(code_path(anna))
    assert response["Location"] == f"/admin/to-trin/bekraeft/?next={code_path(anna)}"


def test_an_organiser_gets_one_button_and_checks_in_once(door, organiser):
    conference, people = door
    anna = people["anna"]
    client = pass_two_step(Client(enforce_csrf_checks=True), organiser)

    page = client.get(code_path(anna))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Anna Berg"
    assert "Jobcenter Nord" in text(page)
    [button] = soup.select("main button")
    assert button.get_text(strip=True) == "Tjek Anna Berg ind"
    form = button.find_parent("form")
    assert form["method"] == "post"
    csrf = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]

    # Without the CSRF token nothing happens.
    assert client.post(code_path(anna)).status_code == 403
    anna.refresh_from_db()
    assert anna.checked_in_at is None

    done = client.post(code_path(anna), {"csrfmiddlewaretoken": csrf})
    assert done.status_code == 302 and done["Location"] == f"{code_path(anna)}?besked=ind"
    anna.refresh_from_db()
    first = anna.checked_in_at
    assert first is not None
    clock = f"{danish_time(first):%H.%M}"
    assert clock != f"{first.astimezone(datetime.UTC):%H.%M}"  # Danish time, not UTC
    shown = text(client.get(done["Location"]))
    assert f"Anna Berg er tjekket ind kl. {clock}." in shown and "allerede" not in shown

    # A second scan says so, with the first time; a second tap changes nothing.
    again = client.get(code_path(anna))
    assert f"Anna Berg er allerede tjekket ind kl. {clock}." in text(again)
    assert not BeautifulSoup(again.content, "html.parser").select("main button")
    client.post(code_path(anna), {"csrfmiddlewaretoken": csrf})
    anna.refresh_from_db()
    assert anna.checked_in_at == first

    # The history says who did it and how, once.
    [entry] = ModelLogEntry.objects.filter(action="conferences.check_in", object_id=str(anna.pk))
    assert entry.user == organiser and entry.data["via"] == "qr"
    history = text(client.get(f"/admin/tilmeldinger/history/{anna.pk}/"))
    assert "Tjekket ind af arrangøren ved at scanne QR-koden" in history
    assert "Arrangør: Ole" in history


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        ("bo", "Bo Ask står på ventelisten (nr. 1) og har ingen plads"),
        ("cai", "Cai Dahl er afmeldt og har ingen plads"),
    ],
)
def test_someone_without_a_seat_cannot_be_checked_in_and_the_organiser_is_told_why(
    door, organiser, who, reason
):
    person = door[1][who]
    client = pass_two_step(Client(), organiser)
    page = client.get(code_path(person))
    assert reason in text(page)
    assert "Kan ikke tjekkes ind" in text(page)
    assert not BeautifulSoup(page.content, "html.parser").select("main button")
    client.post(code_path(person))
    person.refresh_from_db()
    assert person.checked_in_at is None
    assert not ModelLogEntry.objects.filter(action="conferences.check_in").exists()


def test_a_code_whose_registration_is_deleted_is_unknown_to_the_organiser(door, organiser):
    conference, people = door
    anna = people["anna"]
    Client().post(f"{conference.url}tilmelding/{anna.token}/slet/")
    assert not Registration.objects.filter(pk=anna.pk).exists()
    client = pass_two_step(Client(), organiser)
    for path in (code_path(anna), "/indtjekning/" + "x" * 200 + "/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "QR-koden passer ikke til nogen tilmelding" in text(response)


def test_the_list_counts_searches_by_name_or_workplace_and_checks_in(door, organiser):
    conference, people = door
    client = pass_two_step(Client(), organiser)
    url = LIST.format(conference.pk)

    page = client.get(url)
    assert "0 af 2 tjekket ind" in text(page)
    names = [h.get_text(strip=True) for h in BeautifulSoup(page.content, "html.parser").select("li h2")]
    assert names == ["Anna Berg", "Åse Østergård"]  # confirmed only, by name

    # Search is done by the server (no script needed), in any case, also æøå.
    for query, found in (
        ("åse", ["Åse Østergård"]),
        ("ÆLDREPLEJEN", ["Åse Østergård"]),
        ("jobcenter nord", ["Anna Berg"]),
    ):
        result = client.get(url, {"q": query})
        assert [
            h.get_text(strip=True) for h in BeautifulSoup(result.content, "html.parser").select("li h2")
        ] == found
        assert "1 deltager fundet" in text(result)
    nothing = client.get(url, {"q": "Bo Ask"})  # waiting: not on the door list
    assert "Ingen bekræftede deltagere passer på søgningen" in text(nothing)

    done = client.post(url, {"registration": people["aase"].pk, "came": "1", "q": "åse"}, follow=True)
    assert done.redirect_chain[-1][0] == f"{url}?q=%C3%A5se#r{people['aase'].pk}"
    shown = text(done)
    assert "1 af 2 tjekket ind" in shown
    assert re.search(r"Åse Østergård er tjekket ind kl\. \d\d\.\d\d\.", shown)
    soup = BeautifulSoup(done.content, "html.parser")
    assert [b.get_text(strip=True) for b in soup.select("main li button")] == [
        "Fortryd indtjekning af Åse Østergård"
    ]
    entry = ModelLogEntry.objects.get(action="conferences.check_in")
    assert entry.user == organiser and entry.data["via"] == "list"

    # A second tap on an old page keeps the first time.
    people["aase"].refresh_from_db()
    first = people["aase"].checked_in_at
    again = client.post(url, {"registration": people["aase"].pk, "came": "1"}, follow=True)
    assert "Åse Østergård er allerede tjekket ind kl." in text(again)
    people["aase"].refresh_from_db()
    assert people["aase"].checked_in_at == first

    undone = client.post(url, {"registration": people["aase"].pk, "came": "0"}, follow=True)
    assert "Åse Østergård er ikke længere tjekket ind." in text(undone)
    assert "0 af 2 tjekket ind" in text(undone)
    people["aase"].refresh_from_db()
    assert people["aase"].checked_in_at is None
    assert ModelLogEntry.objects.get(action="conferences.check_in_undone").user == organiser

    refused = client.post(url, {"registration": people["bo"].pk, "came": "1"}, follow=True)
    assert "Bo Ask står på ventelisten" in text(refused)


def test_a_viewer_sees_the_list_without_buttons(door, django_user_model):
    conference, _ = door
    viewer = django_user_model.objects.create_user("v", "v@example.dk", "x")
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_registration")
    )
    client = pass_two_step(Client(), viewer)
    page = client.get(LIST.format(conference.pk))
    assert "Anna Berg" in text(page)
    assert not BeautifulSoup(page.content, "html.parser").select("main li button")
    assert client.post(LIST.format(conference.pk), {"registration": "1", "came": "1"}).status_code == 403


def test_purging_after_the_retention_period_counts_who_came_and_forgets_the_codes(door, organiser):
    from conferences.retention import purge_registrations

    conference, people = door
    client = pass_two_step(Client(), organiser)
    client.post(code_path(people["anna"]))
    purge_registrations(now=conference.retention_ends_at + datetime.timedelta(minutes=1))
    counts = conference.registration_counts.get()
    assert (counts.registered, counts.came) == (2, 1)
    response = client.get(code_path(people["anna"]))
    assert response.status_code == 404 and "Anna" not in text(response)
