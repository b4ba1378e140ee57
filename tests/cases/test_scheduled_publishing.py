"""Scheduled publishing (Wagtail's publish_scheduled) of library pages."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from cases.models import CasePage

pytestmark = pytest.mark.django_db


def test_scheduled_publishing_publishes_a_case(library, make_case):
    from django.utils import timezone
    from wagtail.models import Revision

    case = make_case("Planlagt")
    case.unpublish()
    case = CasePage.objects.get(pk=case.pk)
    case.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = case.save_revision()
    revision.publish()
    assert not CasePage.objects.get(pk=case.pk).live  # scheduled, not yet live
    # An hour later (moved in the database rather than on the clock):
    past = timezone.now() - datetime.timedelta(seconds=1)
    revision = Revision.objects.get(pk=revision.pk)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled", stdout=StringIO())
    assert CasePage.objects.get(pk=case.pk).live
