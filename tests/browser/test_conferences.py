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
    page.get_by_label("Kommune", exact=True).select_option(label="Aarhus Kommune")
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


def test_an_organiser_releases_a_held_submission_from_the_dashboard(
    live_server, conferences, browser_page, assert_accessible, signed_in
):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from conferences import held
    from tests.conferences.conftest import register_data

    # A live-server test starts from an emptied database: the group its migration made is gone.
    import_module("conferences.migrations.0003_konferenceansvarlige_group").create_group(apps, None)
    held.hold(conferences, register_data(conferences, name="Bo Holm", email="bo@example.dk"), form_token="h")
    organiser = get_user_model().objects.create_user("arrangoer", "a@kl.dk", "en-lang-adgangskode-42")
    organiser.groups.add(Group.objects.get(name="Konferenceansvarlige"))

    page = signed_in(organiser)
    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="1 tilmelding tilbageholdt af spamfilteret").click()
    page.wait_for_url("**/admin/tilmeldinger/?**status=held**")
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == 1 and "Tilbageholdt (spamfilter)" in rows.first.inner_text()

    registration = Registration.objects.get(email="bo@example.dk")
    page.goto(f"{live_server.url}/admin/tilmeldinger/handling/release/{registration.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, godkend").click()
    page.wait_for_url("**/admin/tilmeldinger/")
    assert page.get_by_text("Bo Holm er godkendt, har fået plads nr. 1 og besked på mail.").is_visible()
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_an_organiser_gets_the_paper_for_the_day(
    live_server, conferences, browser_page, assert_accessible, signed_in, tmp_path
):
    """From the admin's menu to the check-in page, the printable list with its workshop column,
    the catering summary and the name badges PDF, which is downloaded and read back."""
    import io
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from pypdf import PdfReader

    from conferences import registration as service
    from conferences.models import Workshop
    from tests.conferences.conftest import register_data, workshop_slot

    import_module("conferences.migrations.0003_konferenceansvarlige_group").create_group(apps, None)
    conferences.programme = [*conferences.programme.raw_data, workshop_slot(titles=("Jobmatch i praksis",))]
    conferences.save_revision().publish()
    workshop = Workshop.objects.get(conference=conferences, title="Jobmatch i praksis")
    for name, email, diet, workshops in (
        ("Søren Ærø", "s@example.dk", "Vegetar", [workshop.pk]),
        ("Anna Berg", "a@example.dk", "Glutenfri", []),
    ):
        data = register_data(conferences, name=name, email=email, municipality="faxe", dietary_needs=diet)
        data["workshops"] = workshops
        service.register(conferences, data, form_token=email)
    organiser = get_user_model().objects.create_user("arrangoer", "a@kl.dk", "en-lang-adgangskode-42")
    organiser.groups.add(Group.objects.get(name="Konferenceansvarlige"))

    page = signed_in(organiser)
    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="Indtjekning").first.click()
    page.wait_for_url("**/admin/tilmeldinger/indtjekning/")
    assert_accessible(page)
    page.get_by_role("row").filter(has_text=conferences.get_admin_display_title()).get_by_role(
        "link", name="Tjek ind"
    ).click()
    page.wait_for_url(f"**/indtjekning/{conferences.pk}/")
    assert_accessible(page)

    page.get_by_role("link", name="Udskriv listen").first.click()
    page.wait_for_url("**/udskriv/")
    assert_accessible(page)
    assert page.get_by_role("columnheader", name="Workshop").is_visible()
    row = page.get_by_role("row").filter(has_text="Søren Ærø")
    assert "Faxe Kommune" in row.inner_text()
    assert "kl. 13.00: Jobmatch i praksis" in row.inner_text()
    page.go_back()

    page.get_by_role("link", name="Forplejning: kosthensyn og tilgængelighed i tal").click()
    page.wait_for_url("**/forplejning/**")
    assert_accessible(page)
    diet = page.get_by_role("table").filter(has_text="Kosthensyn").first
    assert diet.get_by_role("row").filter(has_text="Vegetar").get_by_role("cell").first.inner_text() == "1"
    assert "Søren" not in page.content()
    page.go_back()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent navneskilte til alle (PDF, A4)").click()
    download = download_info.value
    assert download.suggested_filename.startswith(
        "navneskilte-aarhus-"
    ) and download.suggested_filename.endswith(".pdf")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Søren Ærø" in text and "Anna Berg" in text and "Faxe Kommune" in text
    assert "Workshop kl. 13.00: Jobmatch i praksis" in text
    assert text.index("Anna Berg") < text.index("Søren Ærø")
