"""Keep cached pages true to each conference's registration state.

Pages show a conference's state (open, full, waiting list, …), never its registrations. So a
registration does not renew the whole page cache (home.page_cache) on every save; only when
it makes a conference full or frees its last seat, the cache is renewed, once the change is
committed (a page rendered before the commit would show the old state). The state's changes
with time alone (registration opens at 9:00) cut the pages' cache lifetime instead.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from home import page_cache

from .models import ConferencePage, Registration


def _full_key(conference_id):
    return f"page-cache:conference-full:{conference_id}"


def renew_if_fullness_changed(conference_id):
    """Renew the page cache when the conference's "full" differs from what it was last seen as."""
    found = (
        ConferencePage.objects.filter(pk=conference_id)
        .with_seat_counts()
        .values_list("capacity", "confirmed_count")
        .first()
    )  # one query: this runs after every registration that takes or frees a seat
    if found is None:
        return
    capacity, confirmed = found
    full = confirmed >= capacity
    if cache.get(_full_key(conference_id)) != full:
        cache.set(_full_key(conference_id), full, timeout=None)
        page_cache.invalidate()


def _on_registration_change(sender, instance, **kwargs):
    if kwargs.get("created") and instance.status == Registration.Status.WAITING:
        return  # a new place on the waiting list neither takes nor frees a seat
    conference_id = instance.conference_id
    transaction.on_commit(lambda: renew_if_fullness_changed(conference_id), robust=True)


def connect():
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_on_registration_change, sender=Registration, dispatch_uid=f"fullness-on-{name}")
    page_cache.expire_at_next(ConferencePage.next_state_change)
