import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

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


def test_the_preview_panel_shows_the_page_and_the_checker_finds_a_skipped_heading_level(
    live_server, launch_content, signed_in
):
    """Editing a page with an h4 straight after an h2: the preview panel shows the page (the
    admin may frame its own previews) and Wagtail's accessibility checker reports the skipped
    level in Danish."""
    from home.models import StandardPage

    page_under_test = StandardPage(
        title="Sådan kom vi i gang",
        slug="saadan-kom-vi-i-gang",
        lead="Et forløb i tre trin.",
        body=[
            {"type": "heading", "value": {"text": "Før den første dag", "level": "h2"}},
            {"type": "heading", "value": {"text": "Den første uge", "level": "h4"}},
            {"type": "paragraph", "value": "<p>Lederen tog imod og viste rundt.</p>"},
        ],
    )
    launch_content.add_child(instance=page_under_test)
    page_under_test.save_revision().publish()
    editor = get_user_model().objects.create_superuser("redaktor", "r@example.dk", "en-lang-adgangskode-42")
    page = signed_in(editor)

    page.goto(f"{live_server.url}/admin/pages/{page_under_test.pk}/edit/")
    page.locator('[data-side-panel-toggle="preview"]').click()
    frame = page.frame_locator("#w-preview-iframe")
    expect(frame.locator("h1")).to_have_text("Sådan kom vi i gang", timeout=20_000)
    expect(frame.locator("h4")).to_have_text("Den første uge")

    page.locator('[data-side-panel-toggle="checks"]').click()
    checks = page.locator('[data-side-panel="checks"]')
    expect(checks.locator("[data-content-checker-count]")).not_to_have_text("0", timeout=20_000)
    expect(checks.locator("[data-checks-panel]")).to_contain_text("Forkert rækkefølge af overskrifter")
    expect(checks.locator("[data-checks-panel]")).to_contain_text("Spring ikke overskriftsniveauer over")


def start_page(page, live_server, parent, title):
    """Open »add a standard page« under parent and type a title once Wagtail watches for edits
    (what is typed before that counts as the form's starting point, and is never autosaved)."""
    page.goto(f"{live_server.url}/admin/pages/add/home/standardpage/{parent.pk}/")
    page.locator("html[data-watching-edits]").wait_for(state="attached", timeout=20_000)
    page.locator("#id_title").press_sequentially(title, delay=20)


def test_an_editor_who_abandoned_an_autosaved_page_is_shown_the_way_back_to_it(
    live_server, launch_content, signed_in
):
    from django.contrib.auth.models import Group

    from cases.moderation import EDITORS, ensure_groups_and_workflow
    from home.models import StandardPage

    ensure_groups_and_workflow()  # the data migration's groups, gone after a transactional flush
    editor = get_user_model().objects.create_user("redaktor", "r@example.dk", "en-lang-adgangskode-42")
    editor.groups.add(Group.objects.get(name=EDITORS))
    page = signed_in(editor)
    page.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits',"
        " () => { document.documentElement.dataset.watchingEdits = 'yes'; });"
    )

    # Autosave turns the new page into a draft; the editor then leaves it.
    start_page(page, live_server, launch_content, "Nyt om rummelighed")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"), timeout=20_000)
    draft = StandardPage.objects.get(slug="nyt-om-rummelighed")
    assert not draft.live

    # Starting again with the same title: saving explains what to do, in Danish.
    start_page(page, live_server, launch_content, "Nyt om rummelighed")
    expect(page.locator("#id_slug")).to_have_value("nyt-om-rummelighed")  # made from the title
    page.get_by_role("button", name="Gem kladde").click()
    message = page.locator(".messages")
    expect(message).to_contain_text("Du har allerede en kladde med adressenavnet »nyt-om-rummelighed«")
    expect(message).to_contain_text("fx »nyt-om-rummelighed-2«")
    message.get_by_role("link", name="Åbn kladden").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{draft.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value("Nyt om rummelighed")
