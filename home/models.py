import dataclasses

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, BaseStreamBlock, FeaturedLinkBlock, PolicySectionBlock
from .sections import policy_values, speaker_appearances
from .validators import single_line


def validate_site_url(value):
    """A link in the footer: a path on this site (/…) or an https:// address."""
    if not (value.startswith("/") or value.startswith("https://")):
        raise ValidationError("Skriv en sti på sitet (der starter med /) eller en https://-adresse.")


def phone_href(phone):
    """A tel: link for a phone number as people write it, e.g. »33 70 13 00« → tel:33701300."""
    return "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+")


@dataclasses.dataclass(frozen=True)
class Contact:
    """Whom to ask: a name (a person or an office), an e-mail address and a phone number."""

    name: str = ""
    email: str = ""
    phone: str = ""

    def __bool__(self):
        return bool(self.name or self.email or self.phone)

    @property
    def phone_href(self):
        return phone_href(self.phone)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Who runs the site: shown in the footer, editable under Indstillinger."""

    # The footer links both pages on every page: fetched with the settings, not one query each.
    select_related = ["about_page", "privacy_page"]

    organisation_name = models.CharField(
        "ansvarlig organisation",
        max_length=200,
        help_text="Den ene organisation, der udgiver sitet, og som adressen, telefonen og e-mailen "
        "nedenfor hører til, fx »Forhandlingsfællesskabet«. Vises i sidefoden og sidehovedet.",
    )
    partners = models.CharField(
        "i samarbejde med",
        max_length=200,
        blank=True,
        help_text="Valgfrit: andre organisationer bag sitet, fx »KL«. Vises i sidefoden som »i samarbejde "
        "med …«, adskilt fra kontaktoplysningerne, som kun hører til den ansvarlige organisation.",
    )
    address = models.CharField(
        "adresse", max_length=250, blank=True, help_text="Fx »Islands Brygge 32D, 1. sal, 2300 København S«."
    )
    phone = models.CharField("telefon", max_length=40, blank=True, help_text="Fx »33 70 13 00«.")
    email = models.EmailField("e-mail", blank=True, help_text="Den adresse borgere kan skrive til.")
    accessibility_statement_url = models.CharField(
        "tilgængelighedserklæring",
        max_length=500,
        default="/tilgaengelighedserklaering/",
        validators=[validate_site_url],
        help_text="Adressen på tilgængelighedserklæringen. /was sender videre hertil.",
    )
    about_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="om sitet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Siden, der fortæller, hvad sitet er, og hvem der står bag. Sidefoden linker til den.",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="privatlivspolitik",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Siden med privatlivspolitik og cookies.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading="Kontakt",
        ),
        FieldPanel("partners"),
        FieldPanel("accessibility_statement_url"),
        FieldPanel("about_page"),
        FieldPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = "sidefod og kontakt"

    @property
    def phone_href(self):
        return phone_href(self.phone)

    def contact(self):
        return Contact(self.organisation_name, self.email, self.phone)


class HomePage(Page):
    introduction = RichTextField(
        "indledning",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Et par sætninger om, hvad sitet er, og hvem det er til.",
    )
    featured = StreamField(
        [("page", FeaturedLinkBlock())],
        verbose_name="fremhævet indhold",
        blank=True,
        help_text="Sider, der skal vises øverst på forsiden, i den rækkefølge de står her.",
    )
    policy_page = models.ForeignKey(
        "home.PolicyPage",
        verbose_name="politik",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Politikken, forsiden linker til.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("featured"),
        PageChooserPanel("policy_page", "home.PolicyPage"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "forside"

    def search_result_label(self):
        return "Forside"

    @classmethod
    def clean_subpage_models(cls):
        """The page types allowed under the home page: those that name it in their own
        parent_page_types (standard pages, the policy, and the sections other apps own: the
        library, the conferences). Home so never names the apps built on it."""
        if cls._clean_subpage_models is None:
            cls._clean_subpage_models = [
                model
                for model in get_page_models()
                if getattr(model, "parent_page_types", None) is not None
                and cls in model.clean_parent_page_models()
            ]
        return cls._clean_subpage_models


class StandardPage(Page):
    lead = models.TextField(
        "indledning", blank=True, help_text="En til tre sætninger, der siger, hvad siden handler om."
    )
    body = StreamField(BaseStreamBlock(), verbose_name="indhold", blank=True)

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "standardside"

    def search_result_label(self):
        return "Side"


class PolicyPage(Page):
    """A policy as its issuer approved it, with its sections and values."""

    issuing_organisation = models.CharField("udstedt af", max_length=200, help_text="Fx »Faxe Kommune«.")
    approved_by = models.CharField("godkendt af", max_length=200, help_text="Fx »Byrådet«.")
    approved_on = models.DateField("godkendt den")
    lead = models.TextField("indledning", help_text="Politikkens sigte i en til tre sætninger.")
    sections = StreamField(
        [("section", PolicySectionBlock())],
        verbose_name="afsnit",
        help_text="Politikkens afsnit i den rækkefølge, de står i politikken.",
    )
    values_heading = models.CharField("overskrift over værdierne", max_length=200, default="Værdier")
    values_intro = models.TextField(
        "tekst over værdierne",
        blank=True,
        help_text="Vises over værdierne. Værdierne selv redigeres under Værdier.",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="politikken som PDF",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Valgfri: den officielle udgave som dokument.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("issuing_organisation"), FieldPanel("approved_by"), FieldPanel("approved_on")],
            heading="Godkendelse",
        ),
        FieldPanel("lead"),
        FieldPanel("sections"),
        MultiFieldPanel([FieldPanel("values_heading"), FieldPanel("values_intro")], heading="Værdier"),
        FieldPanel("document"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("sections"),
        index.SearchField("values_intro"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "politik"

    def search_result_label(self):
        return f"Politik · {self.issuing_organisation} · godkendt {date_format(self.approved_on, 'j. F Y')}"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["values"] = policy_values()
        return context


class WorkerProcess(models.Model):
    """A running background worker (manage.py worker), alive while its heartbeat is fresh
    (home/background.py). Tasks and jobs it holds go to others once it stops beating."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.IntegerField(null=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "baggrundsworker"
        verbose_name_plural = "baggrundsworkere"

    def __str__(self):
        return self.worker_id


class BackgroundJob(models.Model):
    """A scheduled job (publish_scheduled, reminders, purges): when it last ran and which worker
    holds it now. The row is the job's lock: a worker takes it in a transaction on this row."""

    name = models.CharField(max_length=64, primary_key=True)
    held_by = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    succeeded = models.BooleanField(null=True)
    error = models.CharField(max_length=255, blank=True)  # the exception's class, never its message

    class Meta:
        verbose_name = "planlagt opgave"
        verbose_name_plural = "planlagte opgaver"

    def __str__(self):
        return self.name


class SentMail(models.Model):
    """A mail handed to the SMTP server, by its Message-ID (no address, no content): a task run
    again after a crash finds it here and does not send it twice (home/mail_delivery.py)."""

    class State(models.TextChoices):
        SENDING = "sending", "sendes"
        COMMITTING = "committing", "afsluttes hos mailserveren"
        SENT = "sent", "sendt"

    message_id = models.CharField(max_length=255, primary_key=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.SENDING)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "afsendt mail"
        verbose_name_plural = "afsendte mails"

    def __str__(self):
        return self.message_id


class Speaker(index.Indexed, models.Model):
    """A person who speaks at a conference or tells a case story: one profile, reused wherever
    the person appears. Where that is, the apps that use profiles say through the
    "speaker_appearances" hook (home.sections), so home never needs to know them."""

    name = models.CharField("navn", max_length=200, help_text="Fornavn og efternavn, fx »Mette Hansen«.")
    job_title = models.CharField("titel", max_length=200, blank=True, help_text="Fx »HR-konsulent«.")
    organisation = models.CharField(
        "organisation", max_length=200, blank=True, help_text="Fx »Aarhus Kommune«."
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="foto",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Valgfrit: et portræt. Billedets beskrivelse læses op som alternativ tekst.",
    )
    photo_alt = models.CharField(
        "fotoets alternative tekst",
        max_length=250,
        blank=True,
        help_text="Hvad portrættet viser, fx »Mette Hansen smiler foran rådhuset«. Tom: billedets "
        "beskrivelse bruges.",
    )
    bio = models.TextField(
        "kort præsentation",
        max_length=600,
        blank=True,
        help_text="Et par sætninger om personens arbejde og erfaring (højst 600 tegn).",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("job_title"),
        FieldPanel("organisation"),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading="Foto"),
        FieldPanel("bio"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("organisation"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        verbose_name = "oplægsholder"
        verbose_name_plural = "oplægsholdere"
        ordering = ["name"]

    def __str__(self):
        return ", ".join(part for part in (self.name, self.organisation) if part)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("speaker", args=[self.pk])

    def clean(self):
        super().clean()
        self.name = single_line(self.name)

    @property
    def byline(self):
        """»Mette Hansen, HR-konsulent, Aarhus Kommune«."""
        return ", ".join(part for part in (self.name, self.job_title, self.organisation) if part)

    @property
    def photo_alt_text(self):
        if self.photo_alt:
            return self.photo_alt
        return getattr(self.photo, "description", "") or ""

    def appearances(self):
        """Where the person appears on the site, from every app that uses profiles."""
        return speaker_appearances(self)
