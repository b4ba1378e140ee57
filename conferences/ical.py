"""iCalendar (.ics) files for conferences: one event per conference and one per programme item
whose time is set (a talk, a debate, a break, each workshop of a slot), times in
Europe/Copenhagen."""

import datetime

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils.html import strip_tags

from home.site_address import host_and_port

PRODID = "-//Rummelighed i praksis//Konferencer//DA"


def conference_event(conference):
    event = icalendar.Event()
    event.add("uid", f"konference-{conference.pk}@{host_and_port()[0]}")
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    if conference.has_times:
        event.add("dtstart", conference.starts_at)
        event.add("dtend", conference.ends_at)
    else:
        # An all-day event until the editors fix the time.
        event.add("dtstart", conference.date)
        event.add("dtend", conference.date + datetime.timedelta(days=1))
    event.add("summary", f"{conference.title} – {conference.city}")
    event.add("location", conference.location)
    url = conference.route_url(absolute=True)
    description = [conference.theme, f"Arrangører: {conference.organisers}"]
    if conference.introduction:
        description.append(strip_tags(conference.introduction).strip())
    if url:
        description.append(url)
        event.add("url", url)
    event.add("description", "\n\n".join(part for part in description if part))
    return event


def session_event(session):
    """A programme item as its own event, so participants can plan by it. Its UID is the item's
    block id, so an edited item replaces itself in the participant's calendar."""
    conference = session.conference
    event = icalendar.Event()
    event.add("uid", f"programpunkt-{session.block_id}@{host_and_port()[0]}")
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("dtstart", session.starts_at)
    if session.ends_at:
        event.add("dtend", session.ends_at)
    event.add("summary", f"{session.title} ({session.kind_label.lower()})")
    location = ", ".join(part for part in (session.room, conference.location) if part)
    if location:
        event.add("location", location)
    description = [f"{conference.title}, {conference.city}"]
    if session.speakers:
        description.append("Med " + "; ".join(speaker.byline for speaker in session.speakers))
    if session.description:
        description.append(session.description)
    url = conference.route_url(absolute=True)
    if url:
        event.add("url", f"{url}#{session.anchor}")
    event.add("description", "\n\n".join(description))
    return event


def calendar_bytes(conferences, with_programme=True):
    """The conferences as a calendar; with_programme adds an event per timed programme item (a
    conference's own file and the mail attachment have them; the feed of all conferences not)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Konferencer om rummelighed")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for conference in conferences:
        calendar.add_component(conference_event(conference))
        for session in conference.programme_sessions() if with_programme else ():
            if session.start is not None:
                calendar.add_component(session_event(session))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(conferences, filename, with_programme=True):
    response = HttpResponse(
        calendar_bytes(conferences, with_programme), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
