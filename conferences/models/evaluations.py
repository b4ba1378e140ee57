"""The anonymous evaluation after a conference.

An answer (Evaluation with its SessionRatings) is stored without any link to the person who
gave it: no registration, no token, no time of day (only the date), and a random primary key,
so the order of answers says nothing either. What is stored about the person is only that they
have answered (EvaluationReceipt, one per registration, unique in the database), which is what
refuses a second answer. The receipt goes with the registration when its data is deleted; the
answers stay as anonymous results."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

RATING_CHOICES = [
    (1, "1 – meget utilfreds"),
    (2, "2 – utilfreds"),
    (3, "3 – hverken eller"),
    (4, "4 – tilfreds"),
    (5, "5 – meget tilfreds"),
]
RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Evaluation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conference = models.ForeignKey(
        "conferences.ConferencePage",
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name="konference",
    )
    overall_rating = models.PositiveSmallIntegerField(
        "samlet vurdering", choices=RATING_CHOICES, validators=RATING_VALIDATORS
    )
    comment = models.TextField("kommentar", blank=True, max_length=3000)
    submitted_on = models.DateField("besvaret den")

    class Meta:
        verbose_name = "evaluering"
        verbose_name_plural = "evalueringer"
        # Random keys: the listing order is by date, then by key, never by when within the day.
        ordering = ["submitted_on", "id"]

    def __str__(self):
        return f"Evaluering af {self.conference} ({self.submitted_on:%d.%m.%Y})"

    def session_ratings_summary(self):
        """»Velkomst: 4; Jobmatch i praksis: 5« (prefetch session_ratings in a listing)."""
        return "; ".join(f"{r.session_title}: {r.rating}" for r in self.session_ratings.all())

    session_ratings_summary.short_description = "programpunkter"


class SessionRating(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="session_ratings", verbose_name="evaluering"
    )
    block_id = models.CharField("programpunktets id", max_length=64)
    session_title = models.CharField(
        "programpunkt", max_length=250, help_text="Titlen, da svaret blev givet."
    )
    rating = models.PositiveSmallIntegerField(
        "vurdering", choices=RATING_CHOICES, validators=RATING_VALIDATORS
    )

    class Meta:
        verbose_name = "vurdering af programpunkt"
        verbose_name_plural = "vurderinger af programpunkter"
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "block_id"], name="session_rating_once_per_answer")
        ]

    def __str__(self):
        return f"{self.session_title}: {self.rating}"


class EvaluationReceipt(models.Model):
    """That a participant has answered: nothing about what."""

    registration = models.OneToOneField(
        "conferences.Registration",
        on_delete=models.CASCADE,
        related_name="evaluation_receipt",
        verbose_name="tilmelding",
    )

    class Meta:
        verbose_name = "besvarelse modtaget"
        verbose_name_plural = "besvarelser modtaget"

    def __str__(self):
        return "Evaluering besvaret"


class EvaluationMailing(models.Model):
    """The mail with materials and the evaluation link, sent once per conference by its organisers."""

    conference = models.OneToOneField(
        "conferences.ConferencePage",
        on_delete=models.CASCADE,
        related_name="evaluation_mailing",
        verbose_name="konference",
    )
    sent_at = models.DateTimeField("sendt")
    recipients = models.PositiveIntegerField("modtagere")

    class Meta:
        verbose_name = "udsendelse af evaluering"
        verbose_name_plural = "udsendelser af evaluering"

    def __str__(self):
        return f"Evaluering sendt til {self.recipients} ({self.sent_at:%d.%m.%Y})"
