"""A case a municipal employee shared through »Del din erfaring« (cases/submissions.py)."""

import secrets

from django.db import models
from django.utils import timezone

from home.municipalities import MUNICIPALITY_CHOICES

from .taxonomy import Scheme, Value


def new_resume_token():
    """256 random bits: the link in the contributor's mail that opens their saved form."""
    return secrets.token_urlsafe(32)


class CaseSubmission(models.Model):
    """What the contributor wrote, and who they are. When they send it, it becomes a draft case
    page under the library, in the library's moderation workflow; their contact details stay
    here, never on the page, and are deleted SUBMISSION_CONTACT_RETENTION_DAYS after the
    decision (name and role are kept when they agreed to be named)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "gemt, ikke sendt"
        NEW = "new", "ny"
        IN_REVIEW = "in_review", "under behandling"
        PUBLISHED = "published", "udgivet"
        DECLINED = "declined", "afvist"

    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.DRAFT)
    held = models.BooleanField(
        "tilbageholdt af spamfilteret",
        default=False,
        help_text="Det skjulte felt var udfyldt: ingen side og ingen mail, før en redaktør opretter kladden.",
    )
    # The signed form's random part: the same form sent twice is one submission.
    form_nonce = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    resume_token = models.CharField(max_length=64, unique=True, default=new_resume_token, editable=False)

    # The case, in the parts of a case page.
    title = models.CharField("titel", max_length=200, blank=True)
    lead = models.TextField("kort resumé", blank=True)
    workplace = models.CharField("arbejdsplads", max_length=200, blank=True)
    municipality = models.CharField("kommune", max_length=40, choices=MUNICIPALITY_CHOICES, blank=True)
    sector = models.CharField("område", max_length=40, blank=True)
    target_group = models.CharField("målgruppe", max_length=200, blank=True)
    situation = models.TextField("udgangspunktet", blank=True)
    action = models.TextField("det gjorde vi", blank=True)
    results = models.TextField("resultater", blank=True)
    documentation = models.TextField("sådan blev det dokumenteret", blank=True)
    lessons = models.TextField("det lærte vi", blank=True)
    values = models.ManyToManyField(Value, verbose_name="værdier", blank=True, related_name="+")
    schemes = models.ManyToManyField(Scheme, verbose_name="ordninger", blank=True, related_name="+")
    tags = models.CharField("emneord", max_length=500, blank=True)
    images = models.ManyToManyField(
        "wagtailimages.Image", verbose_name="billeder", blank=True, related_name="+"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="PDF",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # The contributor: seen by editors and moderators only.
    contributor_name = models.CharField("navn", max_length=200, blank=True)
    contributor_role = models.CharField("stilling", max_length=200, blank=True)
    contributor_email = models.EmailField("e-mail", max_length=254, blank=True)
    contributor_phone = models.CharField("telefon", max_length=40, blank=True)
    may_contact = models.BooleanField("må kontaktes", default=False)
    may_name = models.BooleanField("må nævnes ved navn", default=False)

    page = models.OneToOneField(
        "cases.CasePage",
        verbose_name="erfaringens side",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
    )
    created_at = models.DateTimeField("oprettet", default=timezone.now)
    updated_at = models.DateTimeField("sidst gemt", default=timezone.now)
    submitted_at = models.DateTimeField("indsendt", null=True, blank=True)
    decided_at = models.DateTimeField("afgjort", null=True, blank=True)
    decline_reason = models.TextField("begrundelse for afvisning", blank=True)
    contact_deleted_at = models.DateTimeField("kontaktoplysninger slettet", null=True, blank=True)

    # Its files are the contributor's until a published page uses them: the submission's own
    # link to them must not count as a use (home/uploads.py reads Wagtail's reference index).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "indsendt erfaring"
        verbose_name_plural = "indsendte erfaringer"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="cases_submission_status_idx")]

    def __str__(self):
        return self.title or "(uden titel)"

    @property
    def is_sent(self):
        return self.status != self.Status.DRAFT
