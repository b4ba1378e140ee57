"""The »Del din erfaring« form: every answer checked on the server, each error in Danish on its field.

The same form saves a half-done case (only an e-mail address is needed, for the link that
resumes it) and sends a finished one (every part of a good case is needed)."""

import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError

from home.municipalities import MUNICIPALITY_CHOICES

from .models import SECTOR_CHOICES, Scheme, Value
from .uploads import checked_pdf, reencoded_image

FORM_TOKEN_SALT = "cases.share-form"  # noqa: S105 - a namespace for signing, not a secret
FORM_TOKEN_MAX_AGE = 7 * 24 * 60 * 60  # a form on a phone may stay open for days
HONEYPOT_FIELD = "hjemmeside_felt"
SEND, SAVE = "send", "gem"
SHORT, LONG = 200, 5000
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
LINE_BREAKS = re.compile(r"[\r\n\t]+")
PHONE = re.compile(r"^\+?[0-9][0-9 ]{6,18}[0-9]$")
_NOT_A_DESCRIPTION = re.compile(
    r"^(\S+\.(jpe?g|png|gif|webp)|(et )?(billede|foto|image)( af)?)$", re.IGNORECASE
)


def issue_form_token():
    return signing.TimestampSigner(salt=FORM_TOKEN_SALT).sign(secrets.token_urlsafe(16))


def read_form_token(value):
    """The token's random part, or None when it is missing, forged or too old."""
    if not isinstance(value, str) or len(value) > 200:
        return None
    try:
        return signing.TimestampSigner(salt=FORM_TOKEN_SALT).unsign(value, max_age=FORM_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None


def sent_too_fast(value, now=None):
    """Sent sooner than SUBMISSION_MIN_FILL_SECONDS after the form was shown: no person is that fast."""
    if read_form_token(value) is None:
        return False
    _, timestamp, _ = value.rsplit(":", 2)
    return (now or time.time()) - signing.b62_decode(timestamp) < settings.SUBMISSION_MIN_FILL_SECONDS


def trap_filled(data):
    return bool(str(data.get(HONEYPOT_FIELD, "")).strip())


class Text(forms.CharField):
    """Text without control characters; single-line fields also lose line breaks."""

    def __init__(self, *args, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, required=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not self.multiline:
            value = LINE_BREAKS.sub(" ", value)
        return CONTROL_CHARACTERS.sub("", value).strip()


def text(label, help_text, limit=SHORT, **attrs):
    return Text(
        label=label,
        help_text=help_text,
        max_length=limit,
        error_messages={"max_length": f"Højst {limit} tegn."},
        widget=forms.TextInput(attrs=attrs),
    )


def long_text(label, help_text, rows=6):
    return Text(
        label=label,
        help_text=help_text,
        max_length=LONG,
        multiline=True,
        error_messages={"max_length": f"Højst {LONG} tegn. Skriv kortere, eller læg detaljerne i en PDF."},
        widget=forms.Textarea(attrs={"rows": rows}),
    )


FILE_ERRORS = {
    "invalid": "Filen kunne ikke modtages. Vælg den igen.",
    "missing": "Filen kunne ikke modtages. Vælg den igen.",
    "empty": "Filen er tom. Vælg en anden fil.",
    "max_length": "Filnavnet er for langt. Omdøb filen, og vælg den igen.",
}


def image_field(number):
    return forms.FileField(
        label=f"Billede {number} (valgfrit)",
        required=False,
        help_text="Et foto fra arbejdspladsen i JPEG, PNG, WebP eller GIF, højst "
        f"{settings.SUBMISSION_IMAGE_MAX_BYTES // (1024 * 1024)} MB. "
        "Spørg dem, der er med på billedet, om lov.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        error_messages=FILE_ERRORS,
    )


def alt_field(number):
    return text(
        f"Beskrivelse af billede {number}",
        "Hvad viser billedet, for en der ikke kan se det? Fx »To kolleger pakker varer på lageret«.",
        250,
    )


# Fields a case cannot be sent without, with the message a person meets when one is empty.
REQUIRED_TO_SEND = {
    "title": "Skriv en overskrift på erfaringen.",
    "lead": "Skriv et kort resumé.",
    "workplace": "Skriv arbejdspladsens navn.",
    "municipality": "Vælg kommunen.",
    "sector": "Vælg området.",
    "target_group": "Skriv, hvem forløbet var for.",
    "situation": "Fortæl om udgangspunktet.",
    "action": "Fortæl, hvad I gjorde.",
    "results": "Fortæl om resultaterne.",
    "lessons": "Fortæl, hvad I lærte.",
    "values": "Vælg mindst én af de fire værdier.",
    "contributor_name": "Skriv dit navn.",
    "contributor_role": "Skriv din stilling.",
    "contributor_email": "Skriv din e-mailadresse.",
}


class ShareCaseForm(forms.Form):
    title = text(
        "Overskrift", "Én sætning om, hvad der lykkedes, fx »Fast plads i køkkenet efter praktikken«."
    )
    lead = Text(
        label="Kort resumé",
        help_text="To til fire sætninger: hvem, hvad og hvad det førte til. Vises øverst og i oversigten.",
        max_length=600,
        multiline=True,
        error_messages={"max_length": "Højst 600 tegn."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    workplace = text(
        "Arbejdsplads",
        "Arbejdspladsens navn, fx »Plejecenter Egebo, hjemmeplejen«.",
        autocomplete="organization",
    )
    municipality = forms.ChoiceField(
        label="Kommune",
        required=False,
        choices=[("", "Vælg kommune"), *MUNICIPALITY_CHOICES],
        help_text="Kommunen, arbejdspladsen hører til.",
        error_messages={"invalid_choice": "Vælg en kommune fra listen."},
    )
    sector = forms.ChoiceField(
        label="Område",
        required=False,
        choices=[("", "Vælg område"), *SECTOR_CHOICES],
        help_text="Det kommunale område, arbejdspladsen hører under.",
        error_messages={"invalid_choice": "Vælg et område fra listen."},
    )
    schemes = forms.ModelMultipleChoiceField(
        label="Ordning (valgfrit)",
        required=False,
        queryset=Scheme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Den ordning, personen var ansat i eller kom gennem. Vælg gerne flere.",
        error_messages={
            "invalid_choice": "Vælg ordninger fra listen.",
            "invalid_pk_value": "Vælg ordninger fra listen.",
            "invalid_list": "Vælg ordninger fra listen.",
        },
    )
    target_group = text("Målgruppe", "Hvem forløbet var for, fx »Ledige over 50 år i virksomhedspraktik«.")
    situation = long_text("Udgangspunktet", "Arbejdspladsen, personen og situationen, før I begyndte.")
    action = long_text(
        "Det gjorde vi", "Hvem gjorde hvad? Fx lederen, kollegerne, HR, jobcentret, TR eller MED-udvalget."
    )
    results = long_text("Resultater", "Hvad kom der ud af det for personen, kollegerne og arbejdet?")
    documentation = long_text(
        "Sådan blev det dokumenteret (valgfrit)",
        "Fx »Opfølgningssamtaler hver 4. uge og en trivselsmåling i teamet«.",
        rows=3,
    )
    lessons = long_text("Det lærte vi", "Dit bedste råd til en anden arbejdsplads, der vil gøre det samme.")
    values = forms.ModelMultipleChoiceField(
        label="Hvilke værdier viser erfaringen?",
        required=False,
        queryset=Value.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Politikkens fire værdier. Vælg dem, erfaringen viser; mindst én.",
        error_messages={
            "invalid_choice": "Vælg værdier fra listen.",
            "invalid_pk_value": "Vælg værdier fra listen.",
            "invalid_list": "Vælg værdier fra listen.",
        },
    )
    tags = text("Emneord (valgfrit)", "Få ord adskilt af komma, fx »kerneopgave, jobmatch«.", 500)
    image_1 = image_field(1)
    image_1_alt = alt_field(1)
    image_2 = image_field(2)
    image_2_alt = alt_field(2)
    document = forms.FileField(
        label="PDF (valgfrit)",
        required=False,
        help_text="Fx en evaluering eller et forløbsskema, højst "
        f"{settings.SUBMISSION_PDF_MAX_BYTES // (1024 * 1024)} MB. Fjern personoplysninger først.",
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        error_messages=FILE_ERRORS,
    )
    contributor_name = text("Dit navn", "Vi viser det kun, hvis du siger ja nedenfor.", autocomplete="name")
    contributor_role = text(
        "Din stilling", "Fx »Teamleder« eller »Jobkonsulent«.", autocomplete="organization-title"
    )
    contributor_email = forms.EmailField(
        label="Din e-mail",
        required=False,
        max_length=254,
        help_text="Vi sender linket til at gemme og fortsætte, kvitteringen og svaret hertil. "
        "Den vises aldrig på sitet.",
        error_messages={
            "invalid": "Skriv en gyldig e-mailadresse, fx navn@kommune.dk.",
            "max_length": "E-mailadressen må højst være 254 tegn.",
            "null_characters_not_allowed": "Skriv en gyldig e-mailadresse, fx navn@kommune.dk.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    contributor_phone = text(
        "Dit telefonnummer (valgfrit)",
        "Hvis redaktionen må ringe med spørgsmål. Vises aldrig på sitet.",
        20,
        autocomplete="tel",
        inputmode="tel",
    )
    may_contact = forms.BooleanField(label="Redaktionen må kontakte mig om erfaringen.", required=False)
    may_name = forms.BooleanField(
        label="Mit navn og min stilling må stå på siden med erfaringen.", required=False
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    handling = forms.ChoiceField(
        choices=[(SEND, SEND), (SAVE, SAVE)],
        required=False,
        error_messages={"invalid_choice": "Vælg »Send erfaringen« eller »Gem og fortsæt senere«."},
    )

    IMAGES = (("image_1", "image_1_alt"), ("image_2", "image_2_alt"))
    GROUPS = (
        ("Erfaringen", ("title", "lead", "workplace", "municipality", "sector", "target_group")),
        ("Fortællingen", ("situation", "action", "results", "documentation", "lessons")),
        ("Værdier, ordninger og emneord", ("values", "schemes", "tags")),
    )

    def __init__(self, *args, saved_images=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_images = list(saved_images)
        if self.saved_images:
            # A resumed form: the images saved earlier can be removed to make room for others.
            self.fields["remove_images"] = forms.MultipleChoiceField(
                label="Fjern gemte billeder (valgfrit)",
                required=False,
                choices=[(str(image.pk), image.description) for image in self.saved_images],
                widget=forms.CheckboxSelectMultiple,
                help_text="Sæt kryds ved de billeder, der ikke skal med.",
                error_messages={"invalid_choice": "Vælg billeder fra listen."},
            )

    @property
    def sending(self):
        return self.cleaned_data.get("handling") != SAVE

    def clean_form_token(self):
        nonce = read_form_token(self.cleaned_data.get("form_token"))
        if nonce is None:
            raise ValidationError(
                "Formularen er for gammel eller ufuldstændig. Tjek dine svar, og send den igen."
            )
        return nonce

    def clean_contributor_email(self):
        return (self.cleaned_data.get("contributor_email") or "").strip().lower()

    def clean_contributor_phone(self):
        phone = self.cleaned_data.get("contributor_phone", "")
        if phone and not PHONE.match(phone):
            raise ValidationError("Skriv telefonnummeret med cifre, fx 12 34 56 78 eller +45 12 34 56 78.")
        return phone

    def clean_tags(self):
        tags = [" ".join(tag.split()) for tag in self.cleaned_data.get("tags", "").split(",")]
        tags = [tag for tag in tags if tag]
        if len(tags) > 10:
            raise ValidationError("Højst 10 emneord.")
        if any(len(tag) > 60 for tag in tags):
            raise ValidationError("Hvert emneord må højst være 60 tegn.")
        return tags

    def clean_remove_images(self):
        return [int(pk) for pk in self.cleaned_data.get("remove_images") or []]

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        return checked_pdf(upload) if upload else None

    def clean(self):
        data = super().clean()
        self.images = []
        for file_field, alt_field_name in self.IMAGES:
            upload = data.get(file_field)
            if not upload:
                continue
            try:
                content = reencoded_image(upload)
            except ValidationError as error:
                self.add_error(file_field, error)
                continue
            alt = data.get(alt_field_name, "")
            if len(alt) < 5 or _NOT_A_DESCRIPTION.match(alt):
                self.add_error(
                    alt_field_name, "Beskriv, hvad billedet viser: den læses op for dem, der ikke kan se det."
                )
                continue
            self.images.append((content, alt))
        kept = len(self.saved_images) - len(data.get("remove_images") or [])
        if kept + len(self.images) > settings.SUBMISSION_MAX_IMAGES:
            self.add_error("image_1", f"Højst {settings.SUBMISSION_MAX_IMAGES} billeder i alt.")
        if not data.get("contributor_email") and "contributor_email" not in self.errors:
            self.add_error(
                "contributor_email", "Skriv din e-mailadresse, så vi kan sende dig linket og svaret."
            )
        if self.sending:
            for name, message in REQUIRED_TO_SEND.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    # Presentation: DKFDS hints and errors tied to their fields.

    def prepare_for_display(self):
        for name, field in self.fields.items():
            described_by = [f"id_{name}-hint"] if field.help_text else []
            if self.is_bound and self.errors.get(name):
                described_by.append(f"id_{name}-error")
                field.widget.attrs["aria-invalid"] = "true"
            multiple = isinstance(field.widget, forms.CheckboxSelectMultiple)
            if described_by and not multiple:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
            elif isinstance(field.widget, forms.TextInput | forms.Textarea | forms.EmailInput):
                field.widget.attrs.setdefault("class", "form-input")
        return self

    def error_summary(self):
        """(anchor id, message) for every error, in the order the fields appear."""
        first = "id_title"
        items = [(first, message) for message in self.errors.get("form_token", [])]
        items += [(first, message) for message in self.non_field_errors()]
        for name, field in self.fields.items():
            if name in ("form_token", "handling"):
                continue
            anchor = (
                f"id_{name}_0" if isinstance(field.widget, forms.CheckboxSelectMultiple) else f"id_{name}"
            )
            items += [(anchor, message) for message in self.errors.get(name, [])]
        return items


def unexpected_fields(form, data, files):
    """Names in the submitted data that the form does not have."""
    known = set(form.fields) | {"csrfmiddlewaretoken", HONEYPOT_FIELD}
    return sorted((set(data) | set(files)) - known)
