"""Every page type and state of the public site, rendered by the site itself, and the site's own
stylesheet, checked by the W3C's Nu Html Checker (npm vnu-jar, run with Java). Any error fails.

Run by `make lint` (pytest -m nu_checker); deselected from `make test`. The pages are rendered
with the test client into one folder and the checker runs once over all of them, so the whole
check costs one Java start.
"""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

pytestmark = [pytest.mark.nu_checker, pytest.mark.django_db]

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
STYLESHEETS = [Path(settings.BASE_DIR) / "static" / "css" / "site.css"]


def _token_issued_a_minute_ago():
    from conferences.forms import FORM_TOKEN_SALT

    class Then(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(timezone.now().timestamp()) - 60)

    return Then(salt=FORM_TOKEN_SALT).sign("nu-checker")


@pytest.fixture
def site(db):
    from cases import launch_content as library_content
    from conferences import launch_content as conference_content
    from conferences.models import ConferencePage
    from home import launch_content

    launch_content.ensure_root()
    log = launch_content.ContentLog(lambda line: None)
    launch_content.load(log)
    library_content.load(log, demo=True)
    conference_content.load(log)
    # A past conference: closed registration and the archive.
    index = ConferencePage.objects.get(slug="aarhus").get_parent()
    now = timezone.now()
    past = ConferencePage(
        title="Rummelighed i praksis",
        slug="odense",
        theme="Rummelighed på arbejdspladsen",
        organisers="KL",
        city="Odense",
        date=timezone.localdate() - datetime.timedelta(days=40),
        registration_opens=now - datetime.timedelta(days=90),
        registration_closes=now - datetime.timedelta(days=42),
        retention_days=60,  # the evaluation is still open
    )
    index.add_child(instance=past)
    # Its timetable with a speaker profile, materials and an evaluation answer.
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from home.models import Speaker

    speaker = Speaker.objects.create(
        name="Anne Berg", job_title="Direktør", organisation="KL", bio="Om Anne."
    )
    slides = Document.objects.create(title="Slides", file=ContentFile(b"%PDF-1.4\n", name="slides.pdf"))
    past.programme = [
        {
            "type": "item",
            "value": {
                "start": datetime.time(10, 0),
                "end": datetime.time(10, 45),
                "title": "Velkomst",
                "kind": "talk",
                "room": "Store sal",
                "speakers": [speaker.pk],
                "materials": {
                    "slides": slides.pk,
                    "video_url": "https://video.example.dk/v",
                    "transcript": "Tekst.",
                },
            },
        },
        {"type": "item", "value": {"start": datetime.time(10, 45), "title": "Kaffe", "kind": "break"}},
        {
            "type": "workshop_slot",
            "value": {
                "start": datetime.time(11, 0),
                "title": "Workshops",
                "workshops": [
                    {"title": "Jobmatch", "room": "Lokale 2", "speakers": [speaker.pk], "capacity": 20}
                ],
            },
        },
    ]
    past.save_revision().publish()


def rendered_pages(client):
    """(name, HTML) for every page type and state a visitor can meet."""
    from conferences import held
    from conferences import registration as service
    from conferences.models import ConferencePage
    from tests.conferences.conftest import FORM_ANSWERS, register_data

    aarhus = ConferencePage.objects.get(slug="aarhus")
    confirmed = service.register(aarhus, register_data(aarhus), form_token="a").registration
    waiting_conference = ConferencePage.objects.get(slug="koebenhavn")
    ConferencePage.objects.filter(pk=waiting_conference.pk).update(capacity=1)
    service.register(
        waiting_conference, register_data(waiting_conference, email="a@example.dk"), form_token="b"
    )
    waiting = service.register(
        waiting_conference, register_data(waiting_conference, email="b@example.dk"), form_token="c"
    ).registration
    held.hold(aarhus, register_data(aarhus, email="held@example.dk"), form_token="d")
    from conferences import participants

    participants.request_identity_change(confirmed, name="Mette Hansen", email="ny@example.dk")
    confirmed.refresh_from_db()

    base = f"/konferencer/aarhus/tilmelding/{confirmed.token}/"
    from conferences import evaluations
    from conferences.models import Registration
    from home.models import Speaker

    odense = ConferencePage.objects.get(slug="odense")
    participant, answered = (
        Registration.objects.create(
            conference=odense,
            status="confirmed",
            seat=seat,
            name="Ole",
            email=f"ole{seat}@example.dk",
            organisation="FOA",
            municipality="odense",
            role="leder",
            consent_text="Ja",
            consented_at=timezone.now(),
        )
        for seat in (1, 2)
    )
    evaluations.submit(answered, 4, "Godt.", {odense.rated_sessions()[0].block_id: 5})
    evaluation = f"/konferencer/odense/tilmelding/{participant.token}/evaluering/"
    gets = {
        "home": "/",
        "standard": "/om-sitet/",
        "privacy": "/privatlivspolitik/",
        "statement": "/tilgaengelighedserklaering/",
        "policy": "/inkluderende-beskaeftigelsespolitik/",
        "library": "/gode-erfaringer/",
        "library-filtered": "/gode-erfaringer/?vaerdi=tillid&ordning=fleksjob&type=erfaring",
        "library-search": "/gode-erfaringer/?q=jobcentre&sorter=relevans",
        "library-empty": "/gode-erfaringer/?vaerdi=helhed&kommune=aarhus",
        "case": "/gode-erfaringer/fast-plads-i-koekkenet/",
        "guidance": "/gode-erfaringer/inddragelse-og-retning-er-godt-for-inklusionen/",
        "value": "/gode-erfaringer/vaerdi/tillid/",
        "conferences": "/konferencer/",
        "conference": "/konferencer/aarhus/",
        "conference-waiting-list": "/konferencer/koebenhavn/",
        "conference-past": "/konferencer/odense/",
        "registration-form": "/konferencer/aarhus/tilmelding/",
        "registration-form-waiting-list": "/konferencer/koebenhavn/tilmelding/",
        "registration-form-closed": "/konferencer/odense/tilmelding/",
        "registration-received": "/konferencer/aarhus/tilmelding/tak/",
        "registration-held": "/konferencer/aarhus/tilmelding/afventer/",
        "registration-deleted": "/konferencer/aarhus/tilmelding/slettet/",
        "participant": base,
        "participant-waiting": f"/konferencer/koebenhavn/tilmelding/{waiting.token}/",
        "participant-cancel": base + "afmeld/",
        "participant-change": base + "ret/",
        "participant-confirm-change": base + f"bekraeft/{confirmed.pending_token}/",
        "participant-confirm-change-expired": base + "bekraeft/forkert/",
        "participant-data": base + "data/",
        "participant-delete": base + "slet/",
        "share-form": "/del-din-erfaring/",
        "share-saved": "/del-din-erfaring/gemt/",
        "share-received": "/del-din-erfaring/tak/",
        "evaluation": evaluation,
        "evaluation-answered": f"/konferencer/odense/tilmelding/{answered.token}/evaluering/?tak=1",
        "evaluation-not-yet": base + "evaluering/",
        "speaker": Speaker.objects.get(name="Anne Berg").get_absolute_url(),
        "search": "/soeg/",
        "search-results": "/soeg/?q=rummelighed",
        "search-no-results": "/soeg/?q=zzzyyyxxx",
        "not-found": "/findes-ikke/",
    }
    gets["check-in-code-anonymous"] = f"/indtjekning/{confirmed.check_in_token}/"
    for name, path in gets.items():
        response = client.get(path)
        assert response.status_code in (200, 404, 410), (name, path, response.status_code)
        yield name, response.content.decode()

    yield from check_in_pages(aarhus, confirmed, waiting)

    form = "/konferencer/aarhus/tilmelding/"
    posts = {
        "registration-form-errors": (form, {**FORM_ANSWERS, "email": "mette@", "consent": ""}),
        "bad-request": (form, {**FORM_ANSWERS, "is_staff": "1", "form_token": _token_issued_a_minute_ago()}),
        "participant-change-errors": (base + "ret/", {"name": "", "email": "x"}),
        "share-form-errors": ("/del-din-erfaring/", {"contributor_email": "mette@", "handling": "send"}),
        "evaluation-errors": (evaluation, {"overall_rating": "", "comment": ""}),
    }
    for name, (path, data) in posts.items():
        response = client.post(path, data)
        assert response.status_code in (400, 409), (name, response.status_code)
        yield name, response.content.decode()

    for template in ("403.html", "403_csrf.html", "429.html", "429_login.html", "500.html", "503.html"):
        yield template.removesuffix(".html"), render_to_string(template)

    # The organisers' printable check-in list is a page of its own (not the admin's layout).
    from django.contrib.auth import get_user_model

    from tests.conftest import pass_two_step

    pass_two_step(client, get_user_model().objects.create_superuser("nu", "nu@example.dk", "x"))
    response = client.get(f"/admin/tilmeldinger/indtjekning/{aarhus.pk}/udskriv/")
    assert response.status_code == 200
    yield "check-in-print", response.content.decode()


def check_in_pages(conference, confirmed, waiting):
    """(name, HTML) for the organisers' check-in pages at the door, signed in past two-step."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from tests.conftest import pass_two_step

    organiser = get_user_model().objects.create_user("doerarrangoer", "d@kl.dk", "x")
    organiser.groups.add(Group.objects.get(name="Konferenceansvarlige"))
    client = pass_two_step(Client(), organiser)
    pages = {
        "check-in-list": f"/admin/tilmeldinger/indtjekning/{conference.pk}/",
        "check-in-list-search": f"/admin/tilmeldinger/indtjekning/{conference.pk}/?q=mette",
        "check-in-code": f"/indtjekning/{confirmed.check_in_token}/",
        "check-in-code-waiting": f"/indtjekning/{waiting.check_in_token}/",
        "check-in-code-unknown": "/indtjekning/findes-ikke/",
    }
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code in (200, 404), (name, path, response.status_code)
        yield name, response.content.decode()
    client.post(f"/indtjekning/{confirmed.check_in_token}/")
    yield (
        "check-in-code-done",
        client.get(f"/indtjekning/{confirmed.check_in_token}/?besked=ind").content.decode(),
    )
    yield "check-in-list-done", client.get(pages["check-in-list"]).content.decode()


def _describe(message):
    where = f"{Path(message.get('url', '')).name}:{message.get('lastLine', '?')}"
    extract = " ".join(message.get("extract", "").split())
    return f"{where}: {message['message']} »{extract}«"


def test_every_page_type_and_the_stylesheets_are_valid_html_and_css(site, tmp_path):
    java = shutil.which("java")
    assert java, "Java mangler: make lint installerer Debians default-jre-headless"
    assert VNU_JAR.exists(), f"{VNU_JAR} mangler: make deps installerer npm-pakken vnu-jar"
    files = []
    for name, html in rendered_pages(Client()):
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    assert len(files) >= 40
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            java,
            "-Xss8m",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--also-check-css",
            "--format",
            "json",
            "--stdout",
        ]
        + [str(path) for path in [*files, *STYLESHEETS]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    errors = [_describe(m) for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert not errors, "The Nu Html Checker found errors:\n" + "\n".join(errors)
    assert result.returncode == 0, result.stderr
