"""Editors' accounts: password rules, idle sessions, password reset, two-step sign-in."""

import datetime
import re
from unittest import mock

import pytest
import segno
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from tests.conferences.conftest import run_mail_queue
from tests.conftest import totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "korrekt-hest-batteri-42"


@pytest.fixture
def organiser(django_user_model):
    user = django_user_model.objects.create_user("arrangoer", "a@example.dk", PASSWORD)
    user.groups.add(Group.objects.get(name="Konferenceansvarlige"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redaktoer", "r@example.dk", PASSWORD)
    user.groups.add(Group.objects.get(name="Redaktører"))
    return user


def _password_login(client, username):
    client.get("/admin/login/")
    return client.post("/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"})


# --- Passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("aaaaaaaaaaaa", "gentager de samme tegn"),
        ("abababababab", "gentager de samme tegn"),
        ("Kaffe1111111", "gentager de samme tegn"),
        ("Rummelighed2026", "sitets navn"),
        ("rUMMELIGHED!2026", "sitets navn"),
        ("Rumm3l1gh3d2026", "sitets navn"),
        ("dehgilemmur2026", "sitets navn"),
        ("RummeligPraksis1", "sitets navn"),
    ],
)
def test_weak_passwords_are_refused_with_a_danish_reason(password, message):
    with pytest.raises(ValidationError) as raised:
        validate_password(password)
    assert any(message in text for text in raised.value.messages), raised.value.messages


@pytest.mark.parametrize("password", [PASSWORD, "rummelighed-kaffe-hest-blå", "Tre små grise på taget!"])
def test_strong_passwords_pass(password):
    validate_password(password)


# --- Idle sessions ----------------------------------------------------------------------------


def test_an_admin_session_ends_after_eight_idle_hours_and_each_request_extends_it(client, editor, sign_in):
    sign_in(client, editor)
    start = timezone.now()
    with mock.patch(
        "django.utils.timezone.now", return_value=start + datetime.timedelta(hours=7, minutes=59)
    ):
        assert client.get("/admin/").status_code == 200
    with mock.patch(
        "django.utils.timezone.now", return_value=start + datetime.timedelta(hours=15, minutes=58)
    ):
        assert client.get("/admin/").status_code == 200  # 7 h 59 after the last request
    with mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(hours=24)):
        response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# --- Password reset ---------------------------------------------------------------------------


def test_password_reset_mail_is_queued_not_sent_in_the_request_and_its_link_works(client, editor):
    response = client.post("/admin/password_reset/", {"email": "R@example.dk"})
    assert response.status_code == 302
    assert mail.outbox == []
    task = DBTaskResult.objects.get(backend_name="mail")
    assert task.args_kwargs["args"] == [editor.pk]  # no link, no token in the database

    assert run_mail_queue() == 1
    [message] = mail.outbox
    assert message.to == ["r@example.dk"]
    assert message.subject == "Nulstil din adgangskode til Rummelighed i praksis"
    link = re.search(r"http://testserver(/admin/password_reset/confirm/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = "en-helt-ny-og-lang-sætning"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(new)


def test_an_unknown_address_gets_the_same_page_and_no_mail(client, editor):
    response = client.post("/admin/password_reset/", {"email": "ukendt@example.dk"})
    assert response.status_code == 302
    assert not DBTaskResult.objects.exists()


def test_password_reset_is_limited_per_account_without_telling(client, editor, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password-reset-account": "2/h"}
    for number in range(4):
        # From four addresses: the account's limit holds whoever asks.
        response = client.post(
            "/admin/password_reset/", {"email": editor.email}, REMOTE_ADDR=f"203.0.113.{number}"
        )
        assert response.status_code == 302
    assert DBTaskResult.objects.count() == 2


def test_password_reset_is_limited_per_address(client, editor, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password-reset": "3/h"}
    for number in range(3):
        assert client.post("/admin/password_reset/", {"email": f"x{number}@example.dk"}).status_code == 302
    limited = client.post("/admin/password_reset/", {"email": "x9@example.dk"})
    assert limited.status_code == 429
    assert "Prøv igen" in limited.content.decode()


# --- Two-step sign-in -------------------------------------------------------------------------


def test_an_organiser_must_set_up_two_step_sign_in_before_anything_else(client, organiser):
    response = _password_login(client, "arrangoer")
    assert response.status_code == 302
    page = client.get("/admin/tilmeldinger/")
    assert page.status_code == 302
    assert page["Location"].startswith("/admin/to-trin/opsaet/")

    setup = client.get(page["Location"])
    html = setup.content.decode()
    assert "Opsæt to-trinsbekræftelse" in html
    device = TOTPDevice.objects.get(user=organiser, confirmed=False)
    # The QR code is the app's otpauth:// address for this device.
    assert segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2) in html
    assert "Rummelighed%20i%20praksis" in device.config_url

    wrong = client.post(page["Location"], {"code": "000000"})
    assert "Koden passer ikke" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # as if the organiser had waited the few seconds django-otp asks for
    done = client.post(page["Location"], {"code": totp_code(device)})
    assert "To-trinsbekræftelse er slået til" in done.content.decode()
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/tilmeldinger/").status_code == 200


def test_next_time_the_code_or_a_reserve_code_is_asked_for(client, organiser, sign_in):
    sign_in(client, organiser)
    device = TOTPDevice.objects.get(user=organiser)
    codes = client.post("/admin/to-trin/reservekoder/")
    reserve = re.findall(r"<li><code>(\w+)</code></li>", codes.content.decode())
    client.logout()

    _password_login(client, "arrangoer")
    verify = client.get("/admin/")
    assert verify["Location"].startswith("/admin/to-trin/bekraeft/")
    assert "Har du mistet din telefon?" in client.get(verify["Location"]).content.decode()
    assert client.post(verify["Location"], {"code": totp_code(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()

    # A lost phone: a reserve code works, once.
    _password_login(client, "arrangoer")
    assert client.post("/admin/to-trin/bekraeft/", {"code": reserve[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=organiser).count() == 9
    client.logout()
    _password_login(client, "arrangoer")
    again = client.post("/admin/to-trin/bekraeft/", {"code": reserve[0]})
    assert "Koden passer ikke" in again.content.decode()
    assert client.get("/admin/")["Location"].startswith("/admin/to-trin/bekraeft/")


def test_an_editor_may_choose_two_step_sign_in_but_need_not(client, editor):
    _password_login(client, "redaktoer")
    assert client.get("/admin/").status_code == 200
    assert "Opsæt to-trinsbekræftelse" in client.get("/admin/to-trin/").content.decode()


def test_superusers_must_use_it_too(client, django_user_model):
    django_user_model.objects.create_superuser("chef", "c@example.dk", PASSWORD)
    _password_login(client, "chef")
    assert client.get("/admin/")["Location"].startswith("/admin/to-trin/opsaet/")


def test_an_administrator_can_reset_a_lost_phone(client, organiser, sign_in):
    sign_in(client, organiser)
    client.logout()
    call_command("reset_two_factor", "arrangoer", stdout=None)
    assert not TOTPDevice.objects.filter(user=organiser).exists()
    _password_login(client, "arrangoer")
    assert client.get("/admin/")["Location"].startswith("/admin/to-trin/opsaet/")


def test_the_sign_in_fixture_satisfies_the_requirement(client, organiser, sign_in):
    sign_in(client, organiser)
    assert client.get("/admin/tilmeldinger/").status_code == 200
