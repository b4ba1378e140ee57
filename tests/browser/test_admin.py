import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_logs_in_and_edits_the_policy_under_the_admin_csp(live_server, launch_content, browser_page):
    from home.models import PolicyPage

    user = get_user_model().objects.create_superuser("redaktor", "r@example.dk", "en-lang-adgangskode-42")
    phone = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    policy = PolicyPage.objects.get()
    page = browser_page
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "redaktor")
    page.fill("#id_password", "en-lang-adgangskode-42")
    page.keyboard.press("Enter")
    # Two-step sign-in: the code from the authenticator app.
    page.wait_for_url("**/admin/to-trin/bekraeft/**")
    page.get_by_label("Kode").fill(totp_code(phone))
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(f"{live_server.url}/admin/pages/{policy.pk}/edit/")
    title = page.locator("#id_title")
    title.wait_for()
    assert title.input_value() == "Inkluderende beskæftigelsespolitik"
    # The StreamField editor is drawn by JavaScript: it only appears if the admin's scripts ran.
    editor = "[data-streamfield-stream-container], [data-contentpath='sections']"
    page.locator(editor).first.wait_for()
