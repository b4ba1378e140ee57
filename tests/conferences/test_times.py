"""A conference whose time is not fixed yet: the launch content knows only the date."""

import datetime

import icalendar
import pytest
from django.core.exceptions import ValidationError

from conferences.models import ConferencePage

pytestmark = pytest.mark.content_per_module("conference_index")


@pytest.fixture
def untimed(make_conference):
    return make_conference(slug="koebenhavn", city="København", start_time=None, end_time=None)


@pytest.mark.django_db
def test_page_form_and_summary_say_the_time_follows(client, untimed):
    page = client.get(untimed.url).content.decode()
    assert "Tidspunkt følger" in page
    assert "Kl. None" not in page
    form = client.get(untimed.url + "tilmelding/").content.decode()
    assert "tidspunkt følger" in form


@pytest.mark.django_db
def test_calendar_file_is_an_all_day_event(client, untimed):
    response = client.get(untimed.url + "kalender/")
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == untimed.date
    assert event.decoded("dtend") == untimed.date + datetime.timedelta(days=1)


@pytest.mark.django_db
def test_registration_state_uses_the_whole_day(untimed):
    day_start = datetime.datetime.combine(untimed.date, datetime.time(0, 0), tzinfo=untimed.tz)
    assert untimed.starts_at == day_start
    assert untimed.ends_at == day_start + datetime.timedelta(days=1)
    assert untimed.registration_state(day_start + datetime.timedelta(hours=20)).key == "closed"


@pytest.mark.django_db
def test_editors_give_both_times_or_neither(untimed):
    page = ConferencePage.objects.get(pk=untimed.pk)
    page.start_time = datetime.time(10, 0)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "end_time" in error.value.message_dict
    page.end_time = datetime.time(15, 0)
    page.full_clean()
    assert page.time_label == "kl. 10.00–15.00"


@pytest.mark.django_db
def test_launch_conferences_invent_no_times(launch_content):
    from conferences import launch_content as conference_content
    from home.launch_content import ContentLog

    conferences = conference_content.load(ContentLog(lambda line: None))
    for conference in conferences:
        assert conference.start_time is None and conference.end_time is None
        assert all(block.value["start"] is None for block in conference.programme)
