"""Messages from the organisers to a conference's participants (conferences/messages.py sends them).

A message holds only what the organiser wrote and to whom in general (all with a seat, the
waiting list or one workshop), who sent it and how many got it. Which registrations got it is a
row per registration (MessageReceipt) that goes with the registration when its personal data is
deleted, so the participant's own page can show it and nothing of the person is left after."""

from django.conf import settings
from django.db import models

from home.validators import validate_single_line

SUBJECT_MAX_LENGTH = 150
BODY_MAX_LENGTH = 5000


class ConferenceMessage(models.Model):
    page_cache_ignore = True
    wagtail_reference_index_ignore = True

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", "Alle med en plads"
        WAITING = "waiting", "Ventelisten"
        WORKSHOP = "workshop", "Deltagerne på én workshop"

    conference = models.ForeignKey(
        "conferences.ConferencePage",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name="konference",
    )
    audience = models.CharField("modtagere", max_length=20, choices=Audience.choices)
    workshop = models.ForeignKey(
        "conferences.Workshop",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name="workshop",
    )
    workshop_title = models.CharField(
        "workshoppens titel", max_length=250, blank=True, help_text="Titlen, da beskeden blev sendt."
    )
    subject = models.CharField("emne", max_length=SUBJECT_MAX_LENGTH, validators=[validate_single_line])
    body = models.TextField("tekst", max_length=BODY_MAX_LENGTH)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="sendt af",
    )
    sent_at = models.DateTimeField("sendt")
    recipient_count = models.PositiveIntegerField("antal modtagere")
    # The preview's one-time key: the same confirmed preview sent twice (a double click, a
    # reload) is one message.
    send_token = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = "besked til deltagerne"
        verbose_name_plural = "beskeder til deltagerne"
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["conference", "sent_at"])]

    def __str__(self):
        return self.subject

    def audience_label(self):
        if self.audience == self.Audience.WORKSHOP:
            return f"Deltagerne på workshoppen »{self.workshop_title}«"
        return self.get_audience_display()


class MessageReceipt(models.Model):
    """That this registration was sent the message: shown on the participant's own page."""

    page_cache_ignore = True
    wagtail_reference_index_ignore = True

    message = models.ForeignKey(
        ConferenceMessage, on_delete=models.CASCADE, related_name="receipts", verbose_name="besked"
    )
    registration = models.ForeignKey(
        "conferences.Registration",
        on_delete=models.CASCADE,
        related_name="message_receipts",
        verbose_name="tilmelding",
    )

    class Meta:
        verbose_name = "modtaget besked"
        verbose_name_plural = "modtagne beskeder"
        constraints = [
            models.UniqueConstraint(fields=["message", "registration"], name="message_receipt_once")
        ]

    def __str__(self):
        return f"Besked {self.message_id} til tilmelding {self.registration_id}"
