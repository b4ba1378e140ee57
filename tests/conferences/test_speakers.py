"""Speakers as reusable profiles: on programme items, on case stories, and their own page that
lists where they appear; the migration that turned inline speakers into profiles."""

import importlib

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.utils import timezone

from home.models import Speaker


def text(node):
    return " ".join(node.get_text().split())


def publish_case(library, speaker):
    from cases.launch_content import publish_library_page
    from cases.models import CasePage
    from home.launch_content import ContentLog

    case = CasePage(
        title="Mentorer på plejecentret",
        slug="mentorer",
        lead="Kort om erfaringen.",
        municipality="aarhus",
        workplace="Plejecenter Egebo",
        sector="aeldre-og-sundhed",
        target_group="Ledige",
        body=[{"type": "situation", "value": "<p>Lederen tog ansvar.</p>"}],
        last_reviewed=timezone.localdate(),
        contact_speaker=speaker,
    )
    return publish_library_page(
        library, case, ContentLog(lambda line: None), values=["tillid"], schemes=(), tags=()
    )


@pytest.mark.django_db
def test_one_profile_on_a_programme_item_and_a_case_story_lists_both(client, conference, library):
    speaker = Speaker.objects.get(name="Anne Berg")
    speaker.bio = "Anne Berg har arbejdet med inklusion i 20 år."
    speaker.save()
    case = publish_case(library, speaker)

    case_html = BeautifulSoup(client.get(case.url).content, "html.parser")
    told_by = case_html.find(id="speaker-heading").parent
    assert text(told_by) == "Fortalt af Anne Berg, Direktør, KL"

    response = client.get(told_by.a["href"])
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert text(page.h1) == "Anne Berg"
    assert "Anne Berg har arbejdet med inklusion i 20 år." in text(page)
    appearances = page.find(id="appearances-heading").parent.select("li")
    listed = {(text(li.p), li.a.get_text(), li.a["href"]) for li in appearances}
    block_id = conference.programme[0].id
    assert listed == {
        (f"Oplæg · Aarhus · {conference.date:%d.%m.%Y}", "Velkomst", f"{conference.url}#punkt-{block_id}"),
        ("Erfaring · Aarhus Kommune · Plejecenter Egebo", "Mentorer på plejecentret", case.url),
    }
    # The link leads to the item in the timetable.
    timetable = BeautifulSoup(client.get(conference.url).content, "html.parser")
    assert text(timetable.find(id=f"punkt-{block_id}").h3) == "Velkomst"


@pytest.mark.django_db
def test_a_speaker_on_nothing_published_says_so_and_an_unknown_one_is_404(client, conference):
    conference.unpublish()
    speaker = Speaker.objects.get(name="Anne Berg")
    html = client.get(speaker.get_absolute_url()).content.decode()
    assert "Anne Berg medvirker ikke i noget udgivet endnu." in html
    assert client.get("/oplaegsholdere/999999/").status_code == 404


@pytest.mark.django_db
def test_the_migration_turns_inline_speakers_into_shared_profiles(conference):
    """Programmes written before profiles existed had each speaker inline; the migration makes
    one profile per person and points every item (and revision) at it."""
    from conferences.models import ConferencePage

    inline = {"name": "Ole Dam", "job_title": "TR", "organisation": "FOA"}
    old_programme = [
        {
            "type": "item",
            "id": "a1",
            "value": {
                "start": "10:00",
                "end": None,
                "title": "Velkomst",
                "description": "",
                "speakers": [inline],
            },
        },
        {
            "type": "workshop_slot",
            "id": "s1",
            "value": {
                "start": "13:00",
                "end": None,
                "title": "Workshops",
                "workshops": [
                    {"title": "Jobmatch", "description": "", "speakers": [dict(inline)], "capacity": 20}
                ],
            },
        },
    ]
    import json

    ConferencePage.objects.filter(pk=conference.pk).update(programme=json.dumps(old_programme))
    revision = conference.latest_revision
    revision.content["programme"] = json.dumps(old_programme)
    revision.save()

    migration = importlib.import_module("conferences.migrations.0009_programme_speakers_rooms_materials")
    migration.speakers_to_profiles(apps, None)

    ole = Speaker.objects.get(name="Ole Dam", job_title="TR", organisation="FOA")
    page = ConferencePage.objects.get(pk=conference.pk)
    sessions = page.programme_sessions()
    assert [(s.title, [p.pk for p in s.speakers]) for s in sessions] == [
        ("Velkomst", [ole.pk]),
        ("Jobmatch", [ole.pk]),
    ]
    from_revision = revision.__class__.objects.get(pk=revision.pk).as_object()
    assert [p.pk for p in from_revision.programme[0].value["speakers"]] == [ole.pk]
