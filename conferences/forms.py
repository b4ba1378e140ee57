"""The registration form: every answer checked on the server, each error in Danish on its field."""

import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from wagtail.admin.forms import WagtailAdminModelForm

from home.validators import validate_single_line

from .choices import WORKPLACE_MUNICIPALITY_CHOICES, ParticipantRole
from .models import ConferenceMessage, Workshop
from .models.messages import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH

FORM_TOKEN_SALT = "conferences.registration-form"  # noqa: S105 - a namespace for signing, not a secret
FORM_TOKEN_MAX_AGE = 24 * 60 * 60  # a form left open for more than a day is sent again
TEXT_LIMIT = 1000
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def issue_form_token():
    """A one-time token for a rendered form, signed and timestamped by the server."""
    return signing.TimestampSigner(salt=FORM_TOKEN_SALT).sign(secrets.token_urlsafe(16))


def read_form_token(value):
    """The token's random part, or None when it is missing, forged or too old."""
    try:
        return signing.TimestampSigner(salt=FORM_TOKEN_SALT).unsign(value or "", max_age=FORM_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None


def form_token_age(value, now=None):
    """Seconds since the form with this token was rendered; None for a missing or forged token."""
    if read_form_token(value) is None:
        return None
    _, timestamp, _ = value.rsplit(":", 2)
    return (now or time.time()) - signing.b62_decode(timestamp)


# The honeypot: a field people never see (the `hidden` attribute keeps it out of sight and out
# of the accessibility tree, whatever the stylesheets do) and bots fill in.
HONEYPOT_FIELD = "kommentar_felt"


def sent_too_fast(data):
    """A form sent sooner than settings.REGISTRATION_MIN_FILL_SECONDS after it was rendered: no
    person can fill it in that fast, so it is dropped."""
    age = form_token_age(data.get("form_token"))
    return age is not None and age < settings.REGISTRATION_MIN_FILL_SECONDS


def trap_filled(data):
    """The hidden field has something in it: probably a bot, possibly a person's browser. Such a
    submission is held for the organisers, not dropped (conferences/held.py)."""
    return bool(data.get(HONEYPOT_FIELD, "").strip())


def unexpected_fields(form, data, allowed=()):
    """Names in the submitted data that the form does not have."""
    known = set(form.fields) | {"csrfmiddlewaretoken", *allowed}
    return sorted(set(data) - known)


# The choice in each workshop slot that books none, when the conference allows it.
NO_WORKSHOP = "ingen"


def _messages(required, **extra):
    return {"required": required, **extra}


class CleanTextMixin:
    """Strip surrounding space and control characters that have no place in a name or a note."""

    def to_python(self, value):
        value = super().to_python(value)
        return CONTROL_CHARACTERS.sub("", value).strip() if isinstance(value, str) else value


class TextField(CleanTextMixin, forms.CharField):
    pass


def name_field():
    return TextField(
        label="Navn",
        max_length=200,
        error_messages=_messages("Skriv dit navn.", max_length="Navnet må højst være 200 tegn."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


def email_field():
    return forms.EmailField(
        label="E-mail",
        max_length=254,
        help_text="Vi sender bekræftelsen og dit personlige link hertil.",
        error_messages=_messages(
            "Skriv din e-mailadresse.",
            invalid="Skriv en gyldig e-mailadresse, fx navn@kommune.dk.",
            max_length="E-mailadressen må højst være 254 tegn.",
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


def dietary_needs_field():
    return TextField(
        label="Kosthensyn (valgfrit)",
        required=False,
        max_length=TEXT_LIMIT,
        help_text="Fx vegetar, glutenfri eller allergier.",
        error_messages={"max_length": f"Højst {TEXT_LIMIT} tegn."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def accessibility_needs_field():
    return TextField(
        label="Behov for tilgængelighed (valgfrit)",
        required=False,
        max_length=TEXT_LIMIT,
        help_text="Fx tegnsprogstolk, teleslynge, kørestolsplads eller andet, vi skal sørge for.",
        error_messages={"max_length": f"Højst {TEXT_LIMIT} tegn."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DkfdsFormMixin:
    """Workshop fields per slot, and the presentation helpers the DKFDS templates use."""

    def add_workshop_fields(self, conference):
        self.workshop_slots = []
        for title, start, workshops in conference.signup_workshops_by_slot():
            name = f"workshop_{workshops[0].slot_id}"
            options = {str(w.pk): w for w in workshops}
            choices = [(key, w.title) for key, w in options.items()]
            required = "Vælg en workshop."
            if conference.workshop_optional:
                choices.append((NO_WORKSHOP, "Ingen workshop"))
                required = "Vælg en workshop eller »Ingen workshop«."
            self.fields[name] = forms.ChoiceField(
                label=f"{title} kl. {start:%H.%M}",
                choices=choices,
                widget=forms.RadioSelect,
                error_messages=_messages(required, invalid_choice="Vælg en af workshopperne på listen."),
            )
            self.workshop_slots.append(
                {
                    "name": name,
                    "slot_id": workshops[0].slot_id,
                    "workshops": options,
                    "notes": {key: self._seat_note(w) for key, w in options.items()},
                }
            )

    def _seat_note(self, workshop):
        left = workshop.capacity - workshop.seats_taken
        if left > 0:
            return "1 ledig plads" if left == 1 else f"{left} ledige pladser"
        return "fuldt – venteliste" if self.conference.waiting_list_enabled else "fuldt booket"

    def add_workshop_full_error(self, workshop, message=None):
        for slot in self.workshop_slots:
            if str(workshop.pk) in slot["workshops"]:
                self.add_error(
                    slot["name"],
                    message or f"Workshoppen »{workshop.title}« er fuldt booket. Vælg en anden workshop.",
                )
                return

    def error_id(self, name):
        return f"id_{name}-error"

    def hint_id(self, name):
        return f"id_{name}-hint"

    def prepare_for_display(self):
        """Tie each field's hint and error to it with aria-describedby."""
        for name, field in self.fields.items():
            described_by = []
            if field.help_text:
                described_by.append(self.hint_id(name))
            if self.is_bound and self.errors.get(name):
                described_by.append(self.error_id(name))
                field.widget.attrs["aria-invalid"] = "true"
            if described_by and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-describedby"] = " ".join(described_by)
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-input"
            if not isinstance(field.widget, forms.RadioSelect | forms.CheckboxInput | forms.HiddenInput):
                field.widget.attrs.setdefault("class", css)
        return self

    def error_summary(self):
        """(anchor id, message) for every error, in the order the fields appear."""
        first = f"id_{next(iter(self.fields))}"
        items = [(first, message) for message in self.errors.get("form_token", [])]
        items += [(first, message) for message in self.non_field_errors()]
        for name in self.fields:
            if name == "form_token":
                continue
            for message in self.errors.get(name, []):
                widget = self.fields[name].widget
                anchor = f"id_{name}_0" if isinstance(widget, forms.RadioSelect) else f"id_{name}"
                items.append((anchor, message))
        return items


class RegistrationForm(DkfdsFormMixin, forms.Form):
    name = name_field()
    email = email_field()
    organisation = TextField(
        label="Arbejdsplads eller organisation",
        max_length=200,
        help_text="Fx »Hjemmeplejen Syd, Aarhus Kommune«.",
        error_messages=_messages("Skriv din arbejdsplads eller organisation.", max_length="Højst 200 tegn."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    municipality = forms.ChoiceField(
        label="Kommune",
        choices=[("", "Vælg kommune"), *WORKPLACE_MUNICIPALITY_CHOICES],
        help_text="Den kommune, du arbejder i. Vælg »Ikke ansat i en kommune« nederst, hvis det passer.",
        error_messages=_messages(
            "Vælg den kommune, du arbejder i.", invalid_choice="Vælg en kommune fra listen."
        ),
    )
    role = forms.ChoiceField(
        label="Din rolle",
        choices=ParticipantRole.choices,
        widget=forms.RadioSelect,
        error_messages=_messages("Vælg din rolle.", invalid_choice="Vælg en af rollerne på listen."),
    )
    dietary_needs = dietary_needs_field()
    accessibility_needs = accessibility_needs_field()
    consent = forms.BooleanField(
        label="Jeg giver samtykke til behandlingen af mine oplysninger, som beskrevet ovenfor.",
        error_messages=_messages("Du skal give samtykke, før vi kan tage imod din tilmelding."),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    TEXT_FIELDS = ("name", "email", "organisation", "municipality", "dietary_needs", "accessibility_needs")

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.add_workshop_fields(conference)

    def clean_form_token(self):
        nonce = read_form_token(self.cleaned_data.get("form_token"))
        if nonce is None:
            raise forms.ValidationError(
                "Formularen er for gammel eller ufuldstændig. Tjek dine svar, og send den igen."
            )
        return nonce

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def registration_data(self):
        """The cleaned answers in the shape conferences.registration.register() takes."""
        data = {key: self.cleaned_data[key] for key in self.TEXT_FIELDS}
        data["role"] = self.cleaned_data["role"]
        chosen = [self.cleaned_data[slot["name"]] for slot in self.workshop_slots]
        data["workshops"] = [int(choice) for choice in chosen if choice != NO_WORKSHOP]
        data["consent_text"] = self.conference.consent_text
        return data


class ParticipantChangeForm(DkfdsFormMixin, forms.Form):
    """What a participant may change from their own link. Name and address changes are
    confirmed from a mail to the (new) address before they take effect."""

    name = name_field()
    email = email_field()
    dietary_needs = dietary_needs_field()
    accessibility_needs = accessibility_needs_field()

    def __init__(self, *args, registration, **kwargs):
        self.registration = registration
        self.conference = registration.conference
        bookings = {b.slot_id: b.workshop_id for b in registration.workshop_bookings.all()}
        initial = {
            "name": registration.name,
            "email": registration.email,
            "dietary_needs": registration.dietary_needs,
            "accessibility_needs": registration.accessibility_needs,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields[
            "email"
        ].help_text = "Ændrer du adressen, sender vi en mail dertil med et link, som bekræfter ændringen."
        self.add_workshop_fields(self.conference)
        for slot in self.workshop_slots:
            if slot["slot_id"] in bookings:
                self.initial[slot["name"]] = str(bookings[slot["slot_id"]])
            elif self.conference.workshop_optional:
                self.initial[slot["name"]] = NO_WORKSHOP

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def workshop_choices(self):
        """{slot_id: workshop id, or None for »Ingen workshop«} as
        conferences.participants.change_registration() takes it."""
        choices = {slot["slot_id"]: self.cleaned_data[slot["name"]] for slot in self.workshop_slots}
        return {slot: None if choice == NO_WORKSHOP else int(choice) for slot, choice in choices.items()}


ADDRESS_TAKEN = "Der er allerede en aktiv tilmelding til konferencen med denne e-mailadresse."


class RegistrationAdminForm(WagtailAdminModelForm):
    """The organisers' edit form: the one-address rule is checked here with a Danish message
    (the database constraint names fields the form does not have, so Django skips it)."""

    def clean_email(self):
        from .models import Registration

        email = self.cleaned_data["email"].strip().lower()
        instance = self.instance
        if instance.is_active and (
            Registration.objects.active_with_email(instance.conference_id, email)
            .exclude(pk=instance.pk)
            .exists()
        ):
            raise forms.ValidationError(ADDRESS_TAKEN)
        return email


RATING_FORM_CHOICES = [
    ("5", "5 – meget tilfreds"),
    ("4", "4 – tilfreds"),
    ("3", "3 – hverken eller"),
    ("2", "2 – utilfreds"),
    ("1", "1 – meget utilfreds"),
]
COMMENT_LIMIT = 3000


class EvaluationForm(DkfdsFormMixin, forms.Form):
    """The anonymous evaluation: an overall rating, one optional rating per programme item
    (not the breaks) and free text. Field names for items are »session_<block id>«."""

    overall_rating = forms.TypedChoiceField(
        label="Hvordan var konferencen alt i alt?",
        choices=RATING_FORM_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=_messages("Vælg, hvordan konferencen var alt i alt."),
    )
    comment = forms.CharField(
        label="Vil du fortælle os mere? (valgfrit)",
        help_text="Hvad var godt, og hvad kan gøres bedre? Skriv ikke navne eller andet, der kan "
        "pege på dig eller andre.",
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"Skriv højst {COMMENT_LIMIT} tegn."},
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = sessions
        for session in sessions:
            self.fields[self.session_field(session)] = forms.TypedChoiceField(
                label=f"{session.title} ({session.kind_label.lower()}, {session.time_label})",
                choices=RATING_FORM_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                help_text="Valgfrit: spring over, hvis du ikke var med.",
            )
        self.order_fields(["overall_rating", *(self.session_field(s) for s in sessions), "comment"])

    @staticmethod
    def session_field(session):
        return f"session_{session.block_id}"

    def clean_comment(self):
        return CONTROL_CHARACTERS.sub("", self.cleaned_data["comment"]).strip()

    def session_ratings(self):
        return {
            session.block_id: self.cleaned_data[self.session_field(session)]
            for session in self.sessions
            if self.cleaned_data.get(self.session_field(session))
        }

    def session_fields(self):
        return [self[self.session_field(session)] for session in self.sessions]


class MessageForm(forms.Form):
    """An organiser's message to a conference's participants (conferences/messaging.py)."""

    audience = forms.ChoiceField(
        label="Hvem skal have beskeden?",
        choices=ConferenceMessage.Audience.choices,
        widget=forms.RadioSelect,
        error_messages=_messages(
            "Vælg, hvem der skal have beskeden.", invalid_choice="Vælg en af modtagerne."
        ),
    )
    workshop = forms.ModelChoiceField(
        label="Workshop",
        queryset=Workshop.objects.none(),
        required=False,
        empty_label="Vælg workshop",
        help_text="Kun når beskeden er til deltagerne på én workshop: dem med en plads på workshoppen.",
        error_messages={"invalid_choice": "Vælg en af konferencens workshops."},
    )
    subject = forms.CharField(
        label="Emne",
        max_length=SUBJECT_MAX_LENGTH,
        validators=[validate_single_line],
        help_text=f"Mailens emnelinje på én linje, højst {SUBJECT_MAX_LENGTH} tegn, "
        "fx »Praktisk om parkering ved Musikhuset«.",
        error_messages=_messages(
            "Skriv et emne.", max_length=f"Emnet må højst være {SUBJECT_MAX_LENGTH} tegn."
        ),
    )
    body = TextField(
        label="Tekst",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=f"Højst {BODY_MAX_LENGTH:,} tegn. ".replace(",", ".")
        + "Mailen begynder med »Kære« og deltagerens navn og slutter med konferencens detaljer "
        "og deltagerens personlige link.",
        error_messages=_messages(
            "Skriv beskedens tekst.",
            max_length=f"Teksten må højst være {BODY_MAX_LENGTH:,} tegn.".replace(",", "."),
        ),
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        workshops = Workshop.objects.filter(conference=conference, active=True, capacity__isnull=False)
        self.fields["workshop"].queryset = workshops.order_by("sort_order")
        if not workshops.exists():
            del self.fields["workshop"]
            self.fields["audience"].choices = [
                choice for choice in self.fields["audience"].choices if choice[0] != "workshop"
            ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("audience") == ConferenceMessage.Audience.WORKSHOP and not cleaned.get("workshop"):
            if "workshop" not in self.errors:
                self.add_error("workshop", "Vælg den workshop, hvis deltagere skal have beskeden.")
        return cleaned

    def error_summary(self):
        """(anchor id, message) for every error, in the order the fields appear."""
        items = []
        for name, field in self.fields.items():
            for message in self.errors.get(name, []):
                anchor = f"id_{name}_0" if isinstance(field.widget, forms.RadioSelect) else f"id_{name}"
                items.append((anchor, message))
        return items
