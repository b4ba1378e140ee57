"""Generated input against the registration form and the participant change form: never a 500,
and nothing stored from a submission the form refuses."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conferences.choices import WORKPLACE_MUNICIPALITY_CHOICES, ParticipantRole
from tests.conferences.conftest import make_conference  # noqa: F401 - a fixture

text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300)
long_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=990, max_size=1100)
emails = st.one_of(st.emails(), text)
answer = st.one_of(st.none(), text, long_text)


def maybe(strategy):
    """A value, or None for a field left out of the submission."""
    return st.one_of(st.none(), strategy)


@pytest.fixture
def unlimited(settings):
    """Thousands of posts a minute from one address: far past the real rate limits."""
    settings.RATE_LIMITS = {group: "1000000/m" for group in settings.RATE_LIMITS}


@pytest.fixture
def fuzz_conference(make_conference, unlimited):  # noqa: F811 - the imported fixture
    from tests.conferences.conftest import workshop_slot

    return make_conference(capacity=3, programme=[workshop_slot(capacity=2)])


def _state():
    from django_tasks_db.models import DBTaskResult

    from conferences.models import Registration, UsedFormToken, WorkshopBooking

    return (
        list(Registration.objects.order_by("pk").values()),
        list(WorkshopBooking.objects.order_by("pk").values()),
        UsedFormToken.objects.count(),
        DBTaskResult.objects.count(),
    )


@pytest.mark.django_db
@given(
    name=maybe(text),
    email=maybe(emails),
    organisation=maybe(text),
    municipality=maybe(st.one_of(st.sampled_from([key for key, _ in WORKPLACE_MUNICIPALITY_CHOICES]), text)),
    role=maybe(st.one_of(st.sampled_from(ParticipantRole.values), text)),
    dietary=maybe(answer),
    accessibility=maybe(answer),
    consent=maybe(st.sampled_from(["on", "", "off", "1"])),
    workshop=maybe(st.one_of(st.integers(-5, 10**6).map(str), text)),
    token=st.sampled_from(["valid", "forged", "missing"]),
)
def test_the_registration_form_never_fails(
    client,
    fuzz_conference,
    name,
    email,
    organisation,
    municipality,
    role,
    dietary,
    accessibility,
    consent,
    workshop,
    token,
):
    from conferences.forms import RegistrationForm, issue_form_token

    form = RegistrationForm(conference=fuzz_conference)
    slot = form.workshop_slots[0]["name"]
    data = {
        "name": name,
        "email": email,
        "organisation": organisation,
        "municipality": municipality,
        "role": role,
        "dietary_needs": dietary,
        "accessibility_needs": accessibility,
        "consent": consent,
        slot: workshop,
    }
    data = {key: value for key, value in data.items() if value is not None}
    if token != "missing":
        data["form_token"] = issue_form_token() if token == "valid" else "forged"
    valid = RegistrationForm(data, conference=fuzz_conference).is_valid()
    before = _state()
    response = client.post(fuzz_conference.url + "tilmelding/", data)
    assert response.status_code in (302, 400, 409), response.status_code
    if not valid:
        assert response.status_code == 400
        assert _state() == before


@pytest.fixture
def fuzz_registration(fuzz_conference):
    from conferences import registration as service
    from tests.conferences.conftest import register_data

    workshop = fuzz_conference.workshops.first()
    return service.register(
        fuzz_conference, register_data(fuzz_conference, workshops=[workshop.pk]), form_token="fuzz"
    ).registration


@pytest.mark.django_db
@given(
    name=maybe(text),
    email=maybe(emails),
    dietary=maybe(answer),
    accessibility=maybe(answer),
    workshop=maybe(st.one_of(st.integers(-5, 10**6).map(str), text)),
    extra=st.booleans(),
)
def test_the_participant_change_form_never_fails(
    client, fuzz_registration, name, email, dietary, accessibility, workshop, extra
):
    from conferences.forms import ParticipantChangeForm

    registration = fuzz_registration
    registration.refresh_from_db()
    form = ParticipantChangeForm(registration=registration)
    slot = form.workshop_slots[0]["name"]
    data = {
        "name": name,
        "email": email,
        "dietary_needs": dietary,
        "accessibility_needs": accessibility,
        slot: workshop,
    }
    data = {key: value for key, value in data.items() if value is not None}
    if extra:
        data["status"] = "confirmed"
    valid = not extra and ParticipantChangeForm(data, registration=registration).is_valid()
    before = _state()
    url = registration.conference.url + f"tilmelding/{registration.token}/ret/"
    response = client.post(url, data)
    assert response.status_code in (302, 400), response.status_code
    if not valid:
        assert response.status_code == 400
        assert _state() == before
