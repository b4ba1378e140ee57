"""Generated input against »Del din erfaring«: never a 500, every refusal in Danish, and nothing
stored from a submission the form refuses."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import event, given
from hypothesis import strategies as st

from home.municipalities import MUNICIPALITY_CHOICES
from tests.cases.sharing import pdf_bytes, png_bytes

pytestmark = pytest.mark.content_per_module("library")

text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300)
long_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=4990, max_size=5100)
answer = st.one_of(text, long_text)
number_or_text = st.one_of(st.integers(-5, 10**6).map(str), text)
files = st.one_of(
    st.binary(max_size=2000),
    st.just(png_bytes()),
    st.just(pdf_bytes()),
    st.just(pdf_bytes(b"/JS (x)")),
    st.just(b"%PDF-1.4 truncated"),
)
ENGLISH = ("This field", "Enter a valid", "Ensure this value", "Null characters", "Select a valid")


COMPLETE = {
    "title": "Fast plads i kantinen",
    "lead": "Et forløb blev til en fast stilling.",
    "workplace": "Kantinen",
    "municipality": "faxe",
    "sector": "administration",
    "target_group": "Ledige",
    "situation": "Før.",
    "action": "Det gjorde vi.",
    "results": "Resultatet.",
    "lessons": "Det lærte vi.",
    "contributor_name": "Mette Hansen",
    "contributor_role": "Leder",
    "contributor_email": "mette@faxe.dk",
    "handling": "send",
}


FREE_TEXT = {
    "title",
    "lead",
    "workplace",
    "target_group",
    "situation",
    "action",
    "results",
    "documentation",
    "lessons",
    "tags",
    "contributor_name",
    "contributor_role",
}


def library_value_id():
    from cases.models import Value

    return Value.objects.order_by("pk").values_list("pk", flat=True).first()


def maybe(strategy):
    """A value, or None for a field left out of the submission."""
    return st.one_of(st.none(), strategy)


@pytest.fixture
def unlimited(settings):
    """Thousands of posts a minute from one address: far past the real rate limits."""
    settings.RATE_LIMITS = {group: "1000000/m" for group in settings.RATE_LIMITS}


def _state():
    from django_tasks_db.models import DBTaskResult
    from wagtail.models import Page

    from cases.models import CaseSubmission

    return CaseSubmission.objects.count(), Page.objects.count(), DBTaskResult.objects.count()


@pytest.mark.django_db
@given(
    answers=st.fixed_dictionaries(
        {},
        optional={
            "title": text,
            "lead": answer,
            "workplace": text,
            "municipality": st.one_of(st.sampled_from([key for key, _ in MUNICIPALITY_CHOICES]), text),
            "sector": st.one_of(st.just("administration"), text),
            "target_group": text,
            "situation": answer,
            "action": answer,
            "results": answer,
            "documentation": answer,
            "lessons": answer,
            "values": st.lists(number_or_text, max_size=5),
            "schemes": st.lists(number_or_text, max_size=5),
            "tags": text,
            "image_1_alt": text,
            "contributor_name": text,
            "contributor_role": text,
            "contributor_email": st.one_of(st.emails(), text),
            "contributor_phone": text,
            "may_contact": st.sampled_from(["on", "", "1", "nej"]),
            "may_name": st.sampled_from(["on", "", "1", "nej"]),
            "handling": st.one_of(st.sampled_from(["send", "gem"]), text),
            "hjemmeside_felt": text,
        },
    ),
    image=maybe(files),
    document=maybe(files),
    token=st.sampled_from(["valid", "forged", "missing"]),
    extra=st.booleans(),
    complete=st.booleans(),
)
def test_the_share_form_never_fails(
    client, library, unlimited, answers, image, document, token, extra, complete
):
    from cases.forms import issue_form_token
    from cases.models import CasePage

    # Half the time generated free text replaces parts of a complete, valid case, sent with a
    # valid token and only the form's own fields, so that the path that stores a case and makes
    # its draft page meets generated text too.
    if complete:
        free_text = {key: value for key, value in answers.items() if key in FREE_TEXT}
        data = {**COMPLETE, "values": [str(library_value_id())], **free_text}
        token, extra = "valid", False
    else:
        data = dict(answers)
    if token != "missing":
        data["form_token"] = issue_form_token() if token == "valid" else "forged"
    if image is not None:
        data["image_1"] = SimpleUploadedFile("foto.png", image, content_type="image/png")
    if document is not None:
        data["document"] = SimpleUploadedFile("bilag.pdf", document, content_type="application/pdf")
    if extra:
        data["status"] = "published"
    before = _state()
    response = client.post("/del-din-erfaring/", data)
    assert response.status_code in (302, 400), response.status_code
    event(f"status {response.status_code}")
    if response.status_code == 400:
        assert _state() == before
        body = response.content.decode()
        assert not any(phrase in body for phrase in ENGLISH), body
    else:
        assert not extra and token == "valid"
        assert not CasePage.objects.live().filter(submission__isnull=False).exists()
