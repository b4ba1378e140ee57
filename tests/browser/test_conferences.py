"""Conferences in Chromium: registering from the conference page, and axe on every step."""

import pytest

from conferences.models import ConferencePage, Registration

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def conferences(launch_content):
    from conferences import launch_content as conference_content
    from home.launch_content import ContentLog

    conference_content.load(ContentLog(lambda line: None))
    return ConferencePage.objects.get(slug="aarhus")


def fill_in_the_form(page):
    page.get_by_label("Navn", exact=True).fill("Mette Hansen")
    page.get_by_label("E-mail", exact=True).fill("mette@example.dk")
    page.get_by_label("Arbejdsplads eller organisation").fill("Hjemmeplejen Syd")
    page.get_by_label("Kommune", exact=True).select_option("Aarhus")
    page.get_by_label("Tillidsrepræsentant eller arbejdsmiljørepræsentant").check()
    page.get_by_label("Kosthensyn (valgfrit)").fill("Vegetar")
    page.get_by_label("Jeg giver samtykke").check()


def test_a_person_registers_from_the_conference_page(
    live_server, conferences, browser_page, assert_accessible
):
    page = browser_page
    page.goto(live_server.url + "/konferencer/")
    assert_accessible(page)
    page.get_by_role("link", name="Rummelighed i praksis, Aarhus").click()
    page.wait_for_url("**/konferencer/aarhus/")
    assert_accessible(page)

    page.get_by_role("link", name="Tilmeld dig").click()
    page.wait_for_url("**/konferencer/aarhus/tilmelding/")
    fill_in_the_form(page)
    page.get_by_role("button", name="Tilmeld mig").click()
    page.wait_for_url("**/tilmelding/tak/")
    assert page.locator("h1").inner_text() == "Tjek din e-mail"
    assert_accessible(page)

    registration = Registration.objects.get()
    assert (registration.email, registration.role, registration.status) == (
        "mette@example.dk",
        "repraesentant",
        "confirmed",
    )
    page.goto(live_server.url + f"/konferencer/aarhus/tilmelding/{registration.token}/")
    assert "Du har en plads." in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Afmeld mig").click()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, afmeld mig").click()
    page.wait_for_url("**/?afmeldt=1")
    assert "Du er afmeldt" in page.content()
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_the_form_with_errors_focuses_the_summary_and_links_to_the_fields(
    live_server, conferences, browser_page, assert_accessible
):
    page = browser_page
    page.goto(live_server.url + "/konferencer/aarhus/tilmelding/")
    assert_accessible(page)
    page.get_by_label("E-mail", exact=True).fill("mette@")
    page.get_by_role("button", name="Tilmeld mig").click()
    page.wait_for_load_state()
    summary = page.locator("[data-module=error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.dataset.module") == "error-summary"
    assert_accessible(page)

    page.get_by_role("link", name="Skriv en gyldig e-mailadresse, fx navn@kommune.dk.").click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    assert not Registration.objects.exists()
