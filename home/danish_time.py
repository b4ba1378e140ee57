"""Times as people in Denmark read them, whatever time zone a request has activated."""

from zoneinfo import ZoneInfo

from django.conf import settings


def danish_time(moment):
    """An aware moment in Danish local time (settings.TIME_ZONE): organisers read and export
    times as they are on the clock in Denmark, never in UTC."""
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))
