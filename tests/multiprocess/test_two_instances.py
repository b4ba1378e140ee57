import secrets
import urllib.request

import pytest
from django_otp.oath import TOTP

pytestmark = [pytest.mark.postgres]


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local test server
        return response.status, response.headers, response.read().decode()


def test_a_page_published_on_one_instance_is_fresh_on_the_other(two_instances, chromium):
    first, second = two_instances.urls
    # Both instances have the page in the shared cache.
    for url in (first, second, second):
        status, headers, body = _get(url + "/om-sitet/")
        assert status == 200
        assert "<h1>Om sitet</h1>" in body
    assert headers["X-Page-Cache"] == "hit"

    password = secrets.token_urlsafe(16)
    phone_key = secrets.token_hex(20)
    two_instances.manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "from django_otp.plugins.otp_totp.models import TOTPDevice; "
        f"user = get_user_model().objects.create_superuser('udgiver', 'u@example.dk', '{password}'); "
        f"TOTPDevice.objects.create(user=user, name='Telefon', key='{phone_key}', confirmed=True)",
    )
    from home.models import StandardPage  # noqa: F401 - the page type being edited

    context = chromium.new_context(locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(first + "/admin/login/")
    page.fill("#id_username", "udgiver")
    page.fill("#id_password", password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/to-trin/bekraeft/**")  # two-step sign-in, required for superusers
    page.get_by_label("Kode").fill(f"{TOTP(bytes.fromhex(phone_key)).token():06d}")
    page.keyboard.press("Enter")
    page.wait_for_url(first + "/admin/")
    page.goto(first + "/admin/pages/search/?q=Om+sitet")
    page.get_by_role("link", name="Om sitet", exact=True).first.click()
    page.locator("#id_title").fill("Om sitet og redaktionen")
    page.locator("button[data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url("**/admin/pages/**")
    context.close()

    status, headers, body = _get(second + "/om-sitet/")
    assert status == 200
    assert "<h1>Om sitet og redaktionen</h1>" in body
    assert headers["X-Page-Cache"] == "miss"
