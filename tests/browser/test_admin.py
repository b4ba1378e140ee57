import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_logs_in_and_edits_the_policy_under_the_admin_csp(live_server, launch_content, browser_page):
    from home.models import PolicyPage

    get_user_model().objects.create_superuser("redaktor", "r@example.dk", "en-lang-adgangskode-42")
    policy = PolicyPage.objects.get()
    page = browser_page
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "redaktor")
    page.fill("#id_password", "en-lang-adgangskode-42")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(f"{live_server.url}/admin/pages/{policy.pk}/edit/")
    title = page.locator("#id_title")
    title.wait_for()
    assert title.input_value() == "Inkluderende beskæftigelsespolitik"
    # The StreamField editor is drawn by JavaScript: it only appears if the admin's scripts ran.
    editor = "[data-streamfield-stream-container], [data-contentpath='sections']"
    page.locator(editor).first.wait_for()
