"""The conference programme in Chromium: the timetable on a phone and on a desktop (axe), and
the calendar file a participant downloads from it holds the programme items."""

import datetime

import icalendar
import pytest

from conferences.models import ConferencePage
from home.models import Speaker

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def timed_programme():
    anne = Speaker.objects.create(name="Anne Berg", job_title="Direktør", organisation="KL")
    ole = Speaker.objects.create(name="Ole Dam", job_title="Tillidsrepræsentant", organisation="FOA")
    return [
        {
            "type": "item",
            "value": {
                "start": "10:00",
                "end": "10:45",
                "title": "Når inklusion er besluttet og prioriteret",
                "kind": "talk",
                "room": "Store sal",
                "description": "Retningslinjer i HovedMED.",
                "speakers": [anne.pk],
            },
        },
        {
            "type": "item",
            "value": {"start": "10:45", "end": "11:00", "title": "Kaffe", "kind": "break", "room": ""},
        },
        {
            "type": "workshop_slot",
            "value": {
                "start": "11:00",
                "end": "12:00",
                "title": "Workshops (vælg én)",
                "workshops": [
                    {"title": "Jobmatch i praksis", "room": "Lokale 2", "speakers": [ole.pk], "capacity": 30},
                    {
                        "title": "Når forløbet skal stoppes",
                        "room": "Lokale 3",
                        "speakers": [],
                        "capacity": None,
                    },
                ],
            },
        },
        {
            "type": "item",
            "value": {"start": "12:00", "end": "12:45", "title": "Debat: fællesskabet", "kind": "debate"},
        },
    ]


@pytest.fixture
def conference(launch_content):
    from conferences import launch_content as conference_content
    from home.launch_content import ContentLog

    conference_content.load(ContentLog(lambda line: None))
    page = ConferencePage.objects.get(slug="aarhus")
    page.start_time, page.end_time = datetime.time(10, 0), datetime.time(15, 0)
    page.venue_name = "Musikhuset"
    page.programme = timed_programme()
    page.save_revision().publish()
    return ConferencePage.objects.get(pk=page.pk)


def open_page(chromium, live_server, conference, viewport):
    context = chromium.new_context(viewport=viewport, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + conference.url)
    return context, page


def test_the_timetable_reads_by_time_on_a_phone_and_in_columns_on_a_desktop(
    chromium, live_server, conference, assert_accessible
):
    for viewport in (PHONE, DESKTOP):
        context, page = open_page(chromium, live_server, conference, viewport)
        assert_accessible(page)
        programme = page.get_by_role("region", name="Program")
        items = programme.get_by_role("list").first.locator(":scope > li")
        assert items.count() == 4
        first = items.nth(0)
        assert " ".join(first.locator(".programme-time").inner_text().split()) == "Kl. 10.00–10.45"
        assert (
            first.get_by_role("heading", level=3).inner_text() == "Når inklusion er besluttet og prioriteret"
        )
        assert "Oplæg" in first.inner_text() and "Lokale: Store sal" in first.inner_text()
        assert first.get_by_role("link", name="Anne Berg").is_visible()
        assert "Pause" in items.nth(1).inner_text()
        workshop = items.nth(2).get_by_role("listitem").filter(has_text="Jobmatch i praksis")
        assert "Lokale: Lokale 2" in workshop.inner_text() and "30 pladser" in workshop.inner_text()
        assert "Debat" in items.nth(3).inner_text()

        time_box = first.locator(".programme-time").bounding_box()
        title_box = first.get_by_role("heading", level=3).bounding_box()
        if viewport is PHONE:
            # A list by time: the time above the title, nothing beside it, no sideways scrolling.
            assert time_box["y"] + time_box["height"] <= title_box["y"]
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        else:
            # The times in their own column, level with the item they belong to.
            assert time_box["x"] + time_box["width"] <= title_box["x"]
            assert abs(time_box["y"] - title_box["y"]) < 20
        context.close()


def test_the_calendar_file_from_the_page_holds_the_programme_items(chromium, live_server, conference):
    context, page = open_page(chromium, live_server, conference, DESKTOP)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Læg konferencen i din kalender (.ics)").click()
    path = download_info.value.path()
    with open(path, "rb") as ics:
        events = icalendar.Calendar.from_ical(ics.read()).walk("VEVENT")
    context.close()
    by_summary = {str(event["summary"]): event for event in events}
    assert set(by_summary) == {
        "Rummelighed i praksis – Aarhus",
        "Når inklusion er besluttet og prioriteret (oplæg)",
        "Kaffe (pause)",
        "Jobmatch i praksis (workshop)",
        "Når forløbet skal stoppes (workshop)",
        "Debat: fællesskabet (debat)",
    }
    talk = by_summary["Når inklusion er besluttet og prioriteret (oplæg)"]
    start = talk.decoded("dtstart")
    assert (start.date(), start.time(), str(start.tzinfo)) == (
        conference.date,
        datetime.time(10, 0),
        "Europe/Copenhagen",
    )
    assert talk.decoded("dtend").time() == datetime.time(10, 45)
    assert str(talk["location"]).startswith("Store sal, Musikhuset")
    workshop = by_summary["Jobmatch i praksis (workshop)"]
    assert str(workshop["location"]).startswith("Lokale 2, ")
    assert workshop.decoded("dtstart").time() == datetime.time(11, 0)
    assert "Med Ole Dam, Tillidsrepræsentant, FOA" in str(workshop["description"])
