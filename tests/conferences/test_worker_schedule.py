"""Scheduled publishing needs no cron: the background worker runs publish_scheduled every
minute, so a scheduled page goes live within two minutes of its time (here with short
intervals, as `manage.py worker --every publish_scheduled=2`)."""

import datetime
import time

import pytest
from django.utils import timezone

from conferences.models import ConferencePage
from home.background import Worker, configured_jobs
from tests.worker_processes import database_url, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def schedule(page, seconds):
    page.unpublish()
    page = ConferencePage.objects.get(pk=page.pk)
    page.go_live_at = timezone.now() + datetime.timedelta(seconds=seconds)
    page.save_revision().publish()
    page = ConferencePage.objects.get(pk=page.pk)
    assert not page.live and page.go_live_at is not None
    return page


def is_live(page):
    return ConferencePage.objects.get(pk=page.pk).live


def test_the_worker_publishes_every_minute_by_default():
    [publish] = [job for job in configured_jobs() if job.name == "publish_scheduled"]
    assert publish.every <= datetime.timedelta(minutes=1)


def test_a_scheduled_page_goes_live_when_the_worker_next_runs_publish_scheduled(make_conference, client):
    page = schedule(make_conference(), seconds=2)
    worker = Worker(jobs=configured_jobs({"publish_scheduled": 1}), worker_id="w")
    worker.run_until_idle()
    assert not is_live(page)  # not yet time
    assert client.get(page.url).status_code == 404

    time.sleep(2.5)
    worker.run_until_idle()
    assert is_live(page)
    assert client.get(page.url).status_code == 200


@pytest.mark.postgres
def test_a_scheduled_page_goes_live_under_a_running_worker(make_conference, workers):
    page = schedule(make_conference(), seconds=3)
    started = time.monotonic()
    workers(database_url(), "--every", "publish_scheduled=2")
    wait_for(lambda: is_live(page), 60, "the page live")
    assert time.monotonic() - started < 120
