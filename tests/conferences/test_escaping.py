"""Script and markup typed into any text field are shown as text everywhere: on the site, in
the admin, in mails, and kept verbatim (never as a formula) in exports."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from conferences import participants
from conferences import registration as service
from conferences.models import Workshop

from .conftest import register_data, run_mail_queue, workshop_slot

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("conference_index")]

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
RAW = ("<script>alert(", "<img src=x")
ESCAPED = "&lt;script&gt;alert("


def assert_escaped(html, where, shown=True):
    for raw in RAW:
        assert raw not in html, f"{where}: {raw!r} was not escaped"
    if shown:
        assert ESCAPED in html, f"{where}: the text is not shown at all"


@pytest.fixture
def hostile(make_conference):
    conference = make_conference(programme=[workshop_slot(titles=("Jobmatch",))])
    workshop = Workshop.objects.get(conference=conference)
    registration = service.register(
        conference,
        register_data(
            conference,
            name="Navn " + PAYLOAD,
            organisation="Arbejdsplads " + PAYLOAD,
            dietary_needs="Kost " + PAYLOAD,
            accessibility_needs="Adgang " + PAYLOAD,
            workshops=[workshop.pk],
        ),
        form_token="t",
    ).registration
    participants.request_identity_change(registration, name="Nyt " + PAYLOAD, email="ny@example.dk")
    registration.refresh_from_db()
    return conference, registration


def test_on_the_site(client, hostile):
    conference, registration = hostile
    base = conference.url + f"tilmelding/{registration.token}/"
    for suffix in ("", "ret/", "data/", "slet/", "afmeld/", f"bekraeft/{registration.pending_token}/"):
        response = client.get(base + suffix)
        assert response.status_code == 200, suffix
        assert_escaped(response.content.decode(), base + suffix, shown=suffix not in ("slet/", "afmeld/"))
    # The JSON download is data, not HTML: served as JSON with the text as typed.
    download = client.get(base + "data/json/")
    assert download["Content-Type"].startswith("application/json")
    assert "Navn " + PAYLOAD.replace('"', '\\"') in download.content.decode()


def test_in_the_admin(client, django_user_model, hostile, sign_in):
    conference, registration = hostile
    organiser = django_user_model.objects.create_user("o", "o@kl.dk", "x")
    organiser.groups.add(Group.objects.get(name="Konferenceansvarlige"))
    sign_in(client, organiser)
    client.post(
        f"/admin/tilmeldinger/indtjekning/{conference.pk}/", {"registration": registration.pk, "came": "1"}
    )
    for url in (
        "/admin/tilmeldinger/",
        f"/admin/tilmeldinger/edit/{registration.pk}/",
        f"/admin/tilmeldinger/inspect/{registration.pk}/",
        f"/admin/tilmeldinger/history/{registration.pk}/",
        f"/admin/tilmeldinger/handling/cancel/{registration.pk}/",
        f"/admin/tilmeldinger/indtjekning/{conference.pk}/",
        f"/admin/tilmeldinger/indtjekning/{conference.pk}/udskriv/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), url)


def test_in_mails(hostile):
    conference, registration = hostile
    service.cancel(registration)
    run_mail_queue()
    assert len(mail.outbox) == 3  # confirmed, change confirmation, cancelled
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert_escaped(html, message.subject)
        # The plain-text part is not HTML: it shows what was typed.
        assert PAYLOAD in message.body


def test_in_exports(admin_client, hostile):
    response = admin_client.get("/admin/tilmeldinger/", {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # Danish Excel's CSV: BOM and ;
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["Navn"] == "Navn " + PAYLOAD
    assert cells["Kosthensyn"] == "Kost " + PAYLOAD
    assert cells["Behov for tilgængelighed"] == "Adgang " + PAYLOAD
