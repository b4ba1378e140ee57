"""Scheduled jobs of the background worker that belong to no app of their own
(settings.BACKGROUND_JOBS lists every job; home/background.py runs them)."""

import datetime
import io

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone


def publish_scheduled():
    """Wagtail's publish_scheduled: publish pages whose go-live time has come, unpublish
    expired ones."""
    call_command("publish_scheduled", stdout=io.StringIO())


def forget_old_access_logs(now=None):
    """django-axes' logs of admin sign-ins (address, browser, username) are kept
    ACCESS_LOG_RETENTION_DAYS days. Returns how many rows were deleted."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    deleted = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    deleted += AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    deleted += AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return deleted


def clean_up_task_rows(now=None):
    """Finished task rows, records of sent mail and heartbeats of workers long gone are kept
    TASK_ROWS_RETENTION_DAYS days. Returns how many rows were deleted."""
    from django_tasks_db.models import DBTaskResult

    from .models import SentMail, WorkerProcess

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.TASK_ROWS_RETENTION_DAYS)
    finished = DBTaskResult.objects.filter(status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=cutoff)
    deleted = finished.delete()[0]
    deleted += SentMail.objects.filter(created_at__lt=cutoff).delete()[0]
    deleted += WorkerProcess.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()[0]
    return deleted
