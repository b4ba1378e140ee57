"""Cases with the same title sent at the same moment on PostgreSQL: each becomes its own draft
under the library, with its own address, and nobody gets an error page."""

import pytest
from django.utils import timezone

from cases import submissions
from cases.models import CasePage, CaseSubmission
from tests.conferences.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TITLE = "Fast plads i kantinen efter løntilskud"


def test_cases_with_one_title_sent_at_once_all_become_drafts_with_their_own_address(library):
    sent = [
        CaseSubmission.objects.create(
            title=TITLE,
            lead="Et forløb i løntilskud blev til en fast stilling.",
            workplace=f"Kantinen {number}",
            sector="administration",
            target_group="Ledige over 50 år",
            municipality="faxe",
            status=CaseSubmission.Status.NEW,
            submitted_at=timezone.now(),
        )
        for number in range(8)
    ]

    pages = race(
        [lambda submission=submission: submissions.create_draft_page(submission) for submission in sent]
    )

    assert len(pages) == 8 and None not in pages
    slugs = list(CasePage.objects.filter(title=TITLE).values_list("slug", flat=True))
    assert len(slugs) == 8 == len(set(slugs))
    assert CaseSubmission.objects.filter(page__isnull=False).count() == 8
