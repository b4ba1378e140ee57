import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings

from home.security import client_ip

LOCKOUT = {
    "AXES_ENABLED": True,
    "AUTHENTICATION_BACKENDS": [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ],
}


def _login(client, password, ip="203.0.113.7"):
    client.get("/admin/login/")
    return client.post("/admin/login/", {"username": "redaktor", "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "redaktor", "r@example.dk", "korrekt-hest-batteri-42", is_superuser=True
    )


@pytest.mark.django_db
@override_settings(**LOCKOUT)
def test_admin_login_locks_out_after_repeated_failures(client, editor):
    for _ in range(4):
        assert _login(client, "forkert").status_code == 200
    assert _login(client, "forkert").status_code == 429  # the fifth failure locks
    locked = _login(client, "korrekt-hest-batteri-42")
    assert locked.status_code == 429
    assert "Login midlertidigt spærret" in locked.content.decode()


@pytest.mark.django_db
@override_settings(**LOCKOUT)
def test_guesses_spread_over_many_addresses_still_lock_the_username(client, editor):
    # 48 guesses from 12 addresses used to lock nothing: each address stayed under the limit.
    for number in range(4):
        assert _login(client, "forkert", ip=f"198.51.100.{number}").status_code == 200
    assert _login(client, "forkert", ip="198.51.100.99").status_code == 429
    # Locked everywhere, even from an address that never failed, even with the right password.
    assert _login(client, "korrekt-hest-batteri-42", ip="192.0.2.1").status_code == 429


@pytest.mark.django_db
@override_settings(**LOCKOUT)
def test_one_address_guessing_many_usernames_is_locked_out(client, editor):
    for number in range(5):
        client.get("/admin/login/")
        client.post(
            "/admin/login/", {"username": f"bruger{number}", "password": "x"}, REMOTE_ADDR="203.0.113.7"
        )
    assert _login(client, "korrekt-hest-batteri-42", ip="203.0.113.7").status_code == 429
    # The same person from elsewhere is not affected by that address's guesses.
    assert _login(client, "korrekt-hest-batteri-42", ip="192.0.2.1").status_code == 302


@pytest.mark.django_db
@override_settings(**LOCKOUT)
def test_a_successful_login_does_not_forgive_earlier_failures(client, editor, django_user_model):
    # Otherwise anyone with an account could reset the count for the usernames they guess.
    django_user_model.objects.create_user("angriber", "x@example.dk", "angribers-egen-kode-1")
    for _ in range(3):
        _login(client, "forkert")
    client.get("/admin/login/")
    accomplice = {"username": "angriber", "password": "angribers-egen-kode-1"}
    assert client.post("/admin/login/", accomplice, REMOTE_ADDR="203.0.113.7").status_code == 302
    client.logout()
    for _ in range(2):
        _login(client, "forkert")
    assert _login(client, "korrekt-hest-batteri-42").status_code == 429


@pytest.mark.django_db
def test_admin_login_posts_are_rate_limited_per_address(client, settings):
    # An hour's window: a minute boundary cannot reset the count mid-test.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "admin-login": "3/h"}
    from django.core.cache import cache

    cache.clear()
    for _ in range(3):
        assert _login(client, "forkert", ip="192.0.2.50").status_code == 200
    limited = _login(client, "forkert", ip="192.0.2.50")
    assert limited.status_code == 429
    assert limited["Retry-After"] == "3600"
    html = limited.content.decode()
    assert "For mange forsøg" in html
    assert "Prøv igen om 60 minutter" in html
    assert _login(client, "forkert", ip="192.0.2.51").status_code == 200


def test_client_ip_ignores_forwarding_headers_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_HEADER = ""
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.1"


def test_client_ip_takes_the_entry_the_trusted_proxy_added(settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    # The client could have forged 6.6.6.6; the proxy appended the address it saw.
    assert client_ip(request) == "203.0.113.9"


def test_password_validators_require_twelve_characters_and_refuse_common_ones():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("kort-kode1")
    with pytest.raises(ValidationError):
        validate_password("password1234")
    validate_password("lang-og-usædvanlig-kode-77")
