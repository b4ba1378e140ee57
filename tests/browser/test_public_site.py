"""The public site as a person meets it in Chromium, through the real stylesheets: the spam trap
is neither seen nor read aloud, search is reachable from every page, the library's filters work on
a phone, headings fit a small screen, buttons do not touch, and axe finds nothing on the new states."""

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from conferences.models import ConferencePage, Registration

pytestmark = pytest.mark.django_db(transaction=True)

WORD_BREAKS = (Path(__file__).parent / "word_breaks.js").read_text()
KL_ARTICLE = "Inddragelse og retning er godt for inklusionen"


@pytest.fixture
def site(db):
    """The launch content with the demo cases and the two conferences, as `make run` has it."""
    from cases import launch_content as library_content
    from conferences import launch_content as conference_content
    from home import launch_content

    launch_content.ensure_root()
    log = launch_content.ContentLog(lambda line: None)
    home = launch_content.load(log)
    library_content.load(log, demo=True)
    conference_content.load(log)
    return home


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def fill_in_the_registration(page):
    page.get_by_label("Navn", exact=True).fill("Mette Hansen")
    page.get_by_label("E-mail", exact=True).fill("mette@example.dk")
    page.get_by_label("Arbejdsplads eller organisation").fill("Hjemmeplejen Syd")
    page.get_by_label("Kommune", exact=True).select_option(label="Aarhus Kommune")
    page.get_by_label("Leder", exact=True).check()
    page.get_by_label("Jeg giver samtykke").check()


def test_the_spam_trap_is_not_rendered_nor_in_the_accessibility_tree_and_a_person_is_registered(
    live_server, site, browser_page, assert_accessible
):
    page = browser_page
    page.goto(live_server.url + "/konferencer/aarhus/tilmelding/")
    assert page.evaluate("[...document.styleSheets].every(sheet => sheet.cssRules.length > 0)")

    trap = page.locator("input[name=kommentar_felt]")
    assert trap.count() == 1
    assert not trap.is_visible()
    assert trap.bounding_box() is None  # no box at all: nothing to see, click or type into
    # Not in the accessibility tree: no text box of that name, and nothing in the form's tree.
    assert page.get_by_role("textbox", name="Lad dette felt være tomt").count() == 0
    assert "Lad dette felt" not in page.locator("form.registration-form").aria_snapshot()
    # The first thing in the form a person meets is »Om dig«.
    first_label = page.locator("form.registration-form label:visible").first
    assert first_label.inner_text() == "Navn"
    assert_accessible(page)

    fill_in_the_registration(page)
    page.get_by_role("button", name="Tilmeld mig").click()
    page.wait_for_url("**/tilmelding/tak/")
    registration = Registration.objects.get()
    assert (registration.email, registration.status, registration.seat) == (
        "mette@example.dk",
        "confirmed",
        1,
    )


def test_fact_lists_are_laid_out_by_the_stylesheet(live_server, site, browser_page):
    page = browser_page
    for path in ("/konferencer/aarhus/", "/gode-erfaringer/fast-plads-i-koekkenet/"):
        page.goto(live_server.url + path)
        facts = page.locator("dl").first
        assert facts.evaluate("dl => getComputedStyle(dl).display") == "grid", path
        term, description = facts.locator("dt").first, facts.locator("dd").first
        # The term stands beside its description on a wide screen.
        assert abs(term.bounding_box()["y"] - description.bounding_box()["y"]) < 2, path
        assert description.bounding_box()["x"] > term.bounding_box()["x"], path


def test_a_held_submission_page_passes_axe(live_server, site, browser_page, assert_accessible):
    browser_page.goto(live_server.url + "/konferencer/aarhus/tilmelding/afventer/")
    expect(browser_page.locator("h1")).to_have_text("Din tilmelding afventer godkendelse")
    assert_accessible(browser_page)


@pytest.mark.parametrize(
    "start",
    ["/", "/gode-erfaringer/fast-plads-i-koekkenet/", "/konferencer/aarhus/"],
)
def test_search_is_reachable_from_the_header_on_every_page(
    live_server, site, browser_page, assert_accessible, start
):
    page = browser_page
    page.goto(live_server.url + start)
    field = page.get_by_role("search", name="Søg på sitet").get_by_role("searchbox", name="Søg på sitet")
    field.fill("jobcentre")
    page.get_by_role("search", name="Søg på sitet").get_by_role("button", name="Søg").click()
    page.wait_for_url("**/soeg/?q=jobcentre")
    expect(page.get_by_role("link", name=KL_ARTICLE)).to_be_visible()
    assert_accessible(page)


def test_search_from_the_header_on_a_phone(live_server, site, phone, assert_accessible):
    phone.goto(live_server.url + "/konferencer/aarhus/")
    field = phone.get_by_role("searchbox", name="Søg på sitet")
    expect(field).to_be_visible()
    field.fill("tillidsrepræsentanter")
    field.press("Enter")
    phone.wait_for_url("**/soeg/?q=**")
    expect(phone.get_by_role("link", name=KL_ARTICLE)).to_be_visible()
    assert_accessible(phone)


def in_viewport(page, locator):
    box = locator.bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


def test_the_library_filter_on_a_phone_shows_the_first_result_after_applying(
    live_server, site, phone, assert_accessible
):
    page = phone
    page.goto(live_server.url + "/gode-erfaringer/")
    toggle = page.get_by_role("button", name=re.compile("^Find erfaringer"))
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#library-filters")).to_be_hidden()
    # Closed filters: the count and the first result are on the first screen.
    assert in_viewport(page, page.locator("#results-count"))
    assert in_viewport(page, page.locator(".library-results .card-heading").first)
    assert_accessible(page)

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Tillid \(")).check()
    page.get_by_role("button", name="Vis resultater").click()
    page.wait_for_url(re.compile(r"vaerdi=tillid"))

    query = parse_qsl(urlsplit(page.url).query, keep_blank_values=True)
    assert query == [("vaerdi", "tillid")]  # no q=, kommune=, type= or sorter=nyeste
    assert urlsplit(page.url).fragment == "resultater"
    expect(toggle).to_have_text(re.compile(r"1 filtre valgt"))
    count = page.locator("#results-count")
    assert in_viewport(page, count), page.locator("#results-count").bounding_box()
    assert in_viewport(page, page.locator(".library-results .card-heading").first)


def test_an_address_with_empty_filters_is_cleaned_without_javascript(live_server, site, browser_page):
    page = browser_page
    page.goto(live_server.url + "/gode-erfaringer/?q=&vaerdi=tillid&kommune=&type=&sorter=nyeste")
    assert urlsplit(page.url).query == "vaerdi=tillid"


LAUNCH_PAGES = [
    "/",
    "/om-sitet/",
    "/privatlivspolitik/",
    "/tilgaengelighedserklaering/",
    "/inkluderende-beskaeftigelsespolitik/",
    "/gode-erfaringer/",
    "/gode-erfaringer/inddragelse-og-retning-er-godt-for-inklusionen/",
    "/gode-erfaringer/tillidsrepraesentanten-var-med/",
    "/gode-erfaringer/vaerdi/anerkendelse/",
    "/konferencer/",
    "/konferencer/koebenhavn/",
    "/konferencer/aarhus/tilmelding/",
]


def test_no_heading_breaks_inside_a_word_on_a_320_px_screen(live_server, site, chromium):
    context = chromium.new_context(viewport={"width": 320, "height": 700}, locale="da-DK")
    page = context.new_page()
    broken = {}
    for path in LAUNCH_PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        found = page.evaluate(WORD_BREAKS, "h1, h2, h3, h4, .card-heading, legend, .accordion-button")
        if found:
            broken[path] = found
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, (
            f"{path} is wider than the screen"
        )
    context.close()
    assert not broken


def registration_pages(conference, registration):
    base = f"/konferencer/{conference.slug}/tilmelding/{registration.token}/"
    return [base, base + "afmeld/", base + "slet/", base + "ret/", base + "data/"]


@pytest.mark.parametrize("width", [320, 1280])
def test_buttons_never_touch(live_server, site, chromium, width):
    from conferences import registration as service
    from tests.conferences.conftest import register_data

    conference = ConferencePage.objects.get(slug="aarhus")
    registration = service.register(conference, register_data(conference), form_token="t").registration
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
    page = context.new_page()
    touching = []
    for path in [*registration_pages(conference, registration), "/", "/konferencer/aarhus/"]:
        page.goto(live_server.url + path)
        boxes = [box for box in (b.bounding_box() for b in page.locator("main .button:visible").all()) if box]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                gap_x = max(b["x"] - (a["x"] + a["width"]), a["x"] - (b["x"] + b["width"]))
                gap_y = max(b["y"] - (a["y"] + a["height"]), a["y"] - (b["y"] + b["height"]))
                if max(gap_x, gap_y) < 8:
                    touching.append((path, a, b))
    context.close()
    assert not touching


def test_delete_and_cancel_confirmations_use_the_warning_button(live_server, site, browser_page):
    from conferences import registration as service
    from tests.conferences.conftest import register_data

    conference = ConferencePage.objects.get(slug="aarhus")
    registration = service.register(conference, register_data(conference), form_token="t").registration
    base = live_server.url + f"/konferencer/aarhus/tilmelding/{registration.token}/"
    for suffix, name in (("slet/", "Ja, slet mine oplysninger"), ("afmeld/", "Ja, afmeld mig")):
        browser_page.goto(base + suffix)
        button = browser_page.get_by_role("button", name=name)
        assert "button-warning" in button.get_attribute("class")
        # DKFDS' warning colour, not the primary blue.
        assert button.evaluate("b => getComputedStyle(b).backgroundColor") != browser_page.locator(
            "header .button-search"
        ).evaluate("b => getComputedStyle(b).backgroundColor")


@pytest.mark.parametrize(
    "path",
    ["/tilgaengelighedserklaering/", "/konferencer/aarhus/", "/soeg/?q=rummelighed", "/soeg/?q=zzzyyy"],
)
def test_new_page_states_pass_axe(live_server, site, browser_page, assert_accessible, path):
    browser_page.goto(live_server.url + path)
    assert_accessible(browser_page)


def test_cards_have_no_empty_band_above_their_heading(live_server, site, browser_page):
    page = browser_page
    page.goto(live_server.url + "/")
    for card in page.locator(".card").all():
        content = card.locator(".card-content").bounding_box()
        first = card.locator(".card-content > *").first.bounding_box()
        assert first["y"] - content["y"] <= 25, "an empty band above the card's first line"
