"""Cached pages follow each conference's registration state, but not every registration; and a
registration costs no more writes than it needs."""

import datetime
import re

import pytest
from django.utils import timezone

from conferences import registration as service
from conferences.models import ConferencePage

from .conftest import form_token, register_data

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("conference_index")]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_BROWSER_SECONDS = 60


def register(conference, number, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        data = register_data(conference, email=f"deltager{number}@example.dk")
        result = service.register(conference, data, form_token=form_token())
    return result.registration


def s_maxage(response):
    return int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1))


def test_registrations_renew_cached_pages_only_when_the_conference_fills_or_frees_a_seat(
    client, make_conference, page_cache, django_capture_on_commit_callbacks
):
    conference = make_conference(capacity=3, waiting_list_enabled=False)
    client.get(conference.url)  # the first render also creates the site's settings row
    register(conference, 1, django_capture_on_commit_callbacks)  # the first one learns the state
    first = client.get(conference.url)
    assert first["X-Page-Cache"] == "miss"
    assert "Tilmelding åben" in first.content.decode()
    assert client.get(conference.url)["X-Page-Cache"] == "hit"

    register(conference, 2, django_capture_on_commit_callbacks)
    assert client.get(conference.url)["X-Page-Cache"] == "hit"  # still open: nothing to renew

    last_seat = register(conference, 3, django_capture_on_commit_callbacks)
    full = client.get(conference.url)
    assert full["X-Page-Cache"] == "miss"
    assert "Fuldt booket" in full.content.decode()
    assert client.get(conference.url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        service.cancel(last_seat)
    reopened = client.get(conference.url)
    assert reopened["X-Page-Cache"] == "miss"
    assert "Tilmelding åben" in reopened.content.decode()


def test_no_page_is_cached_past_the_moment_registration_opens(client, make_conference, page_cache):
    opens = timezone.now() + datetime.timedelta(seconds=90)
    conference = make_conference(registration_opens=opens)
    response = client.get(conference.url)
    assert "Tilmelding ikke åben endnu" in response.content.decode()
    assert 80 <= s_maxage(response) <= 90
    assert "max-age=60" in response["Cache-Control"]
    home = client.get("/")  # the home page lists the conference with its state too
    assert s_maxage(home) <= 90


def test_a_page_is_cached_in_full_when_no_state_change_is_near(client, make_conference, page_cache):
    conference = make_conference()  # opened yesterday, closes in 30 days
    assert s_maxage(client.get(conference.url)) == 600


def test_a_change_due_now_is_not_cached(client, make_conference, page_cache, monkeypatch):
    conference = make_conference()
    due_now = classmethod(lambda cls, now=None: timezone.now())
    monkeypatch.setattr(ConferencePage, "next_state_change", due_now)
    from home import page_cache as cache_module

    cache_module.invalidate()
    assert client.get(conference.url)["X-Page-Cache"] == "miss"
    assert client.get(conference.url)["X-Page-Cache"] == "miss"


def test_next_state_change_is_the_soonest_future_moment_of_any_live_conference(make_conference):
    now = timezone.now()
    make_conference(slug="aarhus", registration_opens=now - datetime.timedelta(days=1))
    soon = now + datetime.timedelta(hours=5)
    make_conference(slug="kbh", registration_opens=soon)
    assert ConferencePage.next_state_change(now) == soon
    ConferencePage.objects.get(slug="kbh").unpublish()
    aarhus = ConferencePage.objects.get(slug="aarhus")
    assert ConferencePage.next_state_change(now) == aarhus.registration_closes


def test_registrations_stay_out_of_wagtails_reference_index(conference, django_capture_on_commit_callbacks):
    from wagtail.models import ReferenceIndex

    before = ReferenceIndex.objects.count()
    register(conference, 1, django_capture_on_commit_callbacks)
    assert ReferenceIndex.objects.count() == before
