"""After the conference: the mail with materials and the evaluation link, the participant's
anonymous answer (once), and the results the organisers see and export.

An answer is stored without a link to the person (conferences.models.evaluations); only the
fact that a registration has answered is kept, and that is what refuses a second answer."""

import enum
from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone

from .models import (
    Evaluation,
    EvaluationMailing,
    EvaluationReceipt,
    Registration,
    SessionRating,
)
from .tasks import MailKind, queue_registration_mail


class Refusal(enum.Enum):
    NOT_YET = "Evalueringen åbner, når konferencen er slut."
    CLOSED = "Evalueringen er lukket."
    NOT_A_PARTICIPANT = "Evalueringen er for deltagerne, der havde en plads på konferencen."
    ALREADY_ANSWERED = (
        "Du har allerede svaret på evalueringen. Der er ét svar pr. deltager, og dit første svar er gemt."
    )
    ALREADY_SENT = "Mailen med materialer og evaluering er allerede sendt til deltagerne."


class Refused(Exception):
    def __init__(self, refusal):
        super().__init__(refusal.value)
        self.refusal = refusal


def refusal_for(registration, now=None):
    """Why this registration cannot answer the evaluation now, or None when it can."""
    now = now or timezone.now()
    conference = registration.conference
    if now < conference.ends_at:
        return Refusal.NOT_YET
    if now >= conference.retention_ends_at:
        return Refusal.CLOSED
    if registration.status != Registration.Status.CONFIRMED:
        return Refusal.NOT_A_PARTICIPANT
    if EvaluationReceipt.objects.filter(registration=registration).exists():
        return Refusal.ALREADY_ANSWERED
    return None


def submit(registration, overall_rating, comment, session_ratings, now=None):
    """Store one anonymous answer for the registration's conference and mark the registration
    as having answered, in one transaction: the receipt is unique per registration in the
    database, so two submits at once store one answer. `session_ratings` maps a programme
    item's block id to a rating (items the person did not rate are left out)."""
    now = now or timezone.now()
    refusal = refusal_for(registration, now)
    if refusal:
        raise Refused(refusal)
    conference = registration.conference
    titles = {session.block_id: session.title for session in conference.rated_sessions()}
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(registration=registration)
            evaluation = Evaluation.objects.create(
                conference=conference,
                overall_rating=overall_rating,
                comment=comment,
                submitted_on=timezone.localdate(now),
            )
            SessionRating.objects.bulk_create(
                SessionRating(
                    evaluation=evaluation, block_id=block_id, session_title=titles[block_id], rating=rating
                )
                for block_id, rating in session_ratings.items()
                if block_id in titles and rating
            )
    except IntegrityError as error:
        raise Refused(Refusal.ALREADY_ANSWERED) from error
    return evaluation


def send_invitations(conference, now=None):
    """Queue the mail with the materials and the personal evaluation link to every participant
    who had a seat. Once per conference, and only after it has ended. Returns the count."""
    now = now or timezone.now()
    if now < conference.ends_at:
        raise Refused(Refusal.NOT_YET)
    if now >= conference.retention_ends_at:
        raise Refused(Refusal.CLOSED)
    try:
        with transaction.atomic():
            mailing = EvaluationMailing.objects.create(conference=conference, sent_at=now, recipients=0)
            recipients = list(
                Registration.objects.filter(conference=conference, status=Registration.Status.CONFIRMED)
            )
            for registration in recipients:
                queue_registration_mail(registration, MailKind.EVALUATION)
            mailing.recipients = len(recipients)
            mailing.save(update_fields=["recipients"])
    except IntegrityError as error:
        raise Refused(Refusal.ALREADY_SENT) from error
    return len(recipients)


class Results:
    """What the answers say, for the organisers and the past conference's page: a fixed
    number of queries whatever the number of answers."""

    def __init__(self, conference):
        self.conference = conference
        answers = Evaluation.objects.filter(conference=conference)
        summary = answers.aggregate(count=Count("id"), average=Avg("overall_rating"))
        self.count = summary["count"]
        self.average = summary["average"]
        counts = Counter(dict(answers.values_list("overall_rating").annotate(n=Count("id")).order_by()))
        self.distribution = [(rating, counts.get(rating, 0)) for rating in range(5, 0, -1)]
        rows = (
            SessionRating.objects.filter(evaluation__conference=conference)
            .values("block_id", "session_title")
            .annotate(count=Count("id"), average=Avg("rating"))
            .order_by()
        )
        by_block = {row["block_id"]: row for row in rows}
        order = [session.block_id for session in conference.rated_sessions()]
        self.sessions = sorted(
            by_block.values(),
            key=lambda row: order.index(row["block_id"]) if row["block_id"] in order else len(order),
        )
        self.comments = list(answers.exclude(comment="").values_list("comment", flat=True))


def export_rows(conferences):
    """One row per answer: the conference, the overall rating, each rated session, the comment."""
    rows = []
    ratings = {}
    for rating in SessionRating.objects.filter(evaluation__conference__in=conferences).order_by("id"):
        ratings.setdefault(rating.evaluation_id, []).append(rating)
    for evaluation in (
        Evaluation.objects.filter(conference__in=conferences)
        .select_related("conference")
        .order_by("conference__date", "submitted_on", "id")
    ):
        conference = evaluation.conference
        rows.append(
            {
                "Konference": conference.title,
                "By": conference.city,
                "Dato": conference.date.isoformat(),
                "Besvaret": evaluation.submitted_on.isoformat(),
                "Samlet vurdering": evaluation.overall_rating,
                "Programpunkter": "; ".join(
                    f"{r.session_title}: {r.rating}" for r in ratings.get(evaluation.pk, [])
                ),
                "Kommentar": evaluation.comment,
            }
        )
    return rows
