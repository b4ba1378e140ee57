"""Deleting participants' personal data when a conference's retention period is over.

Each conference keeps its registrations for `retention_days` after it ends (default 30); then
`manage.py purge_registrations` deletes them, keeping only anonymous counts per role and
municipality (RegistrationCount). Running it again finds nothing left to delete.
"""

import dataclasses
import datetime

from django.db.models import Count, F, Q
from django.utils import timezone

from .forms import FORM_TOKEN_MAX_AGE
from .models import ConferencePage, Registration, RegistrationCount, UsedFormToken
from .participants import forget_log_labels
from .registration import locked
from .tasks import delete_mail_tasks


@dataclasses.dataclass
class Purged:
    conference: ConferencePage
    registrations: int
    came: int
    mails_dropped: int


def conferences_past_retention(now):
    with_registrations = ConferencePage.objects.filter(registrations__isnull=False).distinct()
    return [c for c in with_registrations.order_by("date") if c.retention_ends_at <= now]


def purge_conference(conference):
    """Replace the conference's registrations by anonymous counts, in one transaction that holds
    the conference and then all its registrations (the lock protocol of registration.locked)."""
    with locked(conference.pk) as lock:
        ids = [registration.pk for registration in lock.all_registrations()]
        if not ids:
            return Purged(conference, 0, 0, 0)
        groups = (
            # Submissions the spam trap held and nobody released are deleted but not counted.
            Registration.objects.filter(pk__in=ids)
            .exclude(status=Registration.Status.HELD)
            .values("role", "municipality")
            .annotate(
                registered=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
                waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
                cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
                came=Count("pk", filter=Q(checked_in_at__isnull=False)),
            )
            .order_by()
        )
        came = 0
        for group in groups:
            counts, _ = RegistrationCount.objects.get_or_create(
                conference=conference, role=group["role"], municipality=group["municipality"]
            )
            RegistrationCount.objects.filter(pk=counts.pk).update(
                registered=F("registered") + group["registered"],
                waiting=F("waiting") + group["waiting"],
                cancelled=F("cancelled") + group["cancelled"],
                came=F("came") + group["came"],
                purged_at=timezone.now(),
            )
            came += group["came"]
        mails = delete_mail_tasks(ids)
        Registration.objects.filter(pk__in=ids).delete()  # workshop bookings go with them
        forget_log_labels(ids)
        return Purged(conference, len(ids), came, mails)


def purge_registrations(now=None):
    """Purge every conference whose retention period has ended by `now`; old one-time form
    tokens go too. Returns what was purged, one Purged per conference."""
    now = now or timezone.now()
    purged = [purge_conference(conference) for conference in conferences_past_retention(now)]
    UsedFormToken.objects.filter(used_at__lt=now - datetime.timedelta(seconds=FORM_TOKEN_MAX_AGE)).delete()
    return purged
