"""iCalendar (.ics) files for conferences: one event per conference, times in Europe/Copenhagen."""

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


def calendar_bytes(conferences):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Konferencer om rummelighed")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for conference in conferences:
        calendar.add_component(conference_event(conference))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(conferences, filename):
    response = HttpResponse(calendar_bytes(conferences), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
