"""A participant changes their registration and deletes their data in Chromium; axe on each page."""

import pytest

from conferences import registration as service
from conferences.models import ConferencePage, Registration
from tests.conferences.conftest import register_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registration(launch_content):
    from conferences import launch_content as conference_content
    from home.launch_content import ContentLog

    conference_content.load(ContentLog(lambda line: None))
    conference = ConferencePage.objects.get(slug="aarhus")
    return service.register(conference, register_data(conference), form_token="browser").registration


def test_a_participant_changes_their_registration_and_deletes_their_data(
    live_server, registration, browser_page, assert_accessible
):
    page = browser_page
    manage = live_server.url + f"/konferencer/aarhus/tilmelding/{registration.token}/"
    page.goto(manage)
    assert "Du har en plads." in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Ret din tilmelding").click()
    page.wait_for_url("**/ret/")
    assert_accessible(page)
    page.get_by_label("Navn", exact=True).fill("")
    page.get_by_role("button", name="Gem ændringer").click()
    page.wait_for_load_state()
    assert page.locator("[data-module=error-summary]").is_visible()
    assert_accessible(page)  # the form with its errors shown

    page.get_by_label("Navn", exact=True).fill("Mette Hansen")
    page.get_by_label("Kosthensyn (valgfrit)").fill("Vegetar")
    page.get_by_label("Behov for tilgængelighed (valgfrit)").fill("Teleslynge")
    page.get_by_role("button", name="Gem ændringer").click()
    page.wait_for_url("**/?besked=rettet")
    assert "Din tilmelding er ændret" in page.content()
    registration.refresh_from_db()
    assert (registration.dietary_needs, registration.accessibility_needs) == ("Vegetar", "Teleslynge")

    page.get_by_role("link", name="Se alle de oplysninger, vi har om dig").click()
    page.wait_for_url("**/data/")
    assert "Vegetar" in page.content() and "mette@example.dk" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Slet mine oplysninger").click()
    page.wait_for_url("**/slet/")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, slet mine oplysninger").click()
    page.wait_for_url("**/tilmelding/slettet/")
    assert page.locator("h1").inner_text() == "Dine oplysninger er slettet"
    assert_accessible(page)
    assert not Registration.objects.exists()

    # The link no longer works.
    assert page.request.get(manage).status == 404
