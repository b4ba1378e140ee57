"""Registration limits that fit a municipality: colleagues behind one municipal connection can
all register when the invitation goes out, while a flood from one address, or mail after mail
to one e-mail address, is stopped with a Danish 429 page."""

import itertools
import time

import pytest
from django.core import signing

from conferences.forms import FORM_TOKEN_SALT
from conferences.models import Registration

from .test_abuse import form_url

_nonces = itertools.count()


def token_issued_seconds_ago(seconds):
    """A fresh form token as the server would have issued it `seconds` ago."""

    class Then(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time() - seconds))

    return Then(salt=FORM_TOKEN_SALT).sign(f"limits-{next(_nonces)}")


pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("conference_index")]

MUNICIPAL_CONNECTION = "192.0.2.50"


def post(client, conference, answers, email, address=MUNICIPAL_CONNECTION, **changes):
    data = {**answers, "email": email, "form_token": token_issued_seconds_ago(20), **changes}
    return client.post(form_url(conference), data, REMOTE_ADDR=address)


@pytest.fixture
def production_limits(settings):
    """The limits config/settings/base.py sets when the environment sets none."""
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "registration": "150/10m",
        "registration-burst": "40/m",
        "registration-email": "5/h",
    }


def test_a_hundred_colleagues_behind_one_connection_can_register(
    client, make_conference, answers, production_limits, settings, monkeypatch
):
    # The burst limit is per minute; here 100 registrations take seconds, so the test spreads
    # them as people would (a minute apart in groups of 25) by moving django-ratelimit's clock.
    import django_ratelimit.core as core

    now = [time.time()]
    monkeypatch.setattr(core.time, "time", lambda: now[0])
    conference = make_conference(capacity=500)
    for i in range(100):
        if i % 25 == 0:
            now[0] += 61
        response = post(client, conference, answers, f"kollega{i}@aarhus.dk")
        assert response.status_code == 302, i
    assert Registration.objects.filter(status="confirmed").count() == 100


def test_form_errors_do_not_count_against_the_connection(client, conference, answers, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration": "3/h"}
    for i in range(6):  # a person correcting mistakes
        assert post(client, conference, answers, f"ikke-en-adresse-{i}").status_code == 400
    for i in range(3):
        assert post(client, conference, answers, f"p{i}@example.dk").status_code == 302
    limited = post(client, conference, answers, "p9@example.dk")
    assert limited.status_code == 429
    assert "fra din forbindelse" in limited.content.decode()
    assert not Registration.objects.filter(email="p9@example.dk").exists()


def test_a_flood_from_one_address_is_stopped_by_the_burst_limit(client, conference, answers, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration-burst": "5/h"}
    for i in range(5):  # every POST counts here, accepted or not
        assert post(client, conference, answers, f"spam{i}").status_code == 400
    limited = post(client, conference, answers, "person@example.dk")
    assert limited.status_code == 429
    assert "For mange forsøg" in limited.content.decode()
    # Another connection is not held back.
    assert post(client, conference, answers, "person@example.dk", address="192.0.2.99").status_code == 302


def test_one_email_address_gets_only_so_many_registrations_from_any_connection(
    client, conference, answers, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration-email": "2/h"}
    for address in ("192.0.2.1", "192.0.2.2"):
        assert post(client, conference, answers, "Mette@Example.dk", address=address).status_code == 302
    limited = post(client, conference, answers, "mette@example.dk ", address="192.0.2.3")
    assert limited.status_code == 429
    html = limited.content.decode()
    assert "mange tilmeldinger med denne e-mailadresse" in html and "Prøv igen om 60 minutter" in html
    assert post(client, conference, answers, "anden@example.dk", address="192.0.2.3").status_code == 302
