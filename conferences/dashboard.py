"""The numbers on the admin dashboard's conference panel, in a fixed number of queries."""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import ConferencePage, Registration, Workshop

DAYS = 14


def upcoming_conference_stats(now=None):
    """For each live conference that has not ended: seats taken and capacity, waiting-list
    length, submissions held by the spam trap, each sign-up workshop's fill, and registrations
    per day for the last two weeks (held ones not counted).
    Three queries, however many conferences and workshops there are."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    conferences = [
        c
        for c in ConferencePage.objects.live()
        .filter(date__gte=today)
        .annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status="confirmed")),
            waiting_count=Count("registrations", filter=Q(registrations__status="waiting")),
            held_count=Count("registrations", filter=Q(registrations__status="held")),
        )
        .order_by("date", "start_time")
        if c.ends_at > now
    ]
    ids = [c.pk for c in conferences]
    workshops = {}
    for workshop in (
        Workshop.objects.filter(conference_id__in=ids, active=True, capacity__isnull=False)
        .with_seat_counts()
        .order_by("sort_order")
    ):
        workshops.setdefault(workshop.conference_id, []).append(workshop)

    days = [today - datetime.timedelta(days=offset) for offset in range(DAYS - 1, -1, -1)]
    per_day = {}
    since = timezone.make_aware(datetime.datetime.combine(days[0], datetime.time()))
    for row in (
        Registration.objects.filter(conference_id__in=ids, created_at__gte=since)
        .exclude(status=Registration.Status.HELD)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("conference_id", "day")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_day[(row["conference_id"], row["day"])] = row["n"]

    stats = []
    for conference in conferences:
        counts = [(day, per_day.get((conference.pk, day), 0)) for day in days]
        peak = max((n for _, n in counts), default=0) or 1
        stats.append(
            {
                "conference": conference,
                "seats_taken": conference.confirmed_count,
                "capacity": conference.capacity,
                "waiting": conference.waiting_count,
                "held": conference.held_count,
                "workshops": workshops.get(conference.pk, []),
                "per_day": [(day, n, round(100 * n / peak)) for day, n in counts],
                "last_two_weeks": sum(n for _, n in counts),
            }
        )
    return stats
