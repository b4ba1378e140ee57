"""The library in Chromium: axe-core on each page type, and filtering with the keyboard only."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_content(db):
    from cases import launch_content as library_content
    from home import launch_content
    from home.launch_content import ensure_root

    ensure_root()
    log = launch_content.ContentLog(lambda line: None)
    launch_content.load(log)
    return library_content.load(log, demo=True)


PAGES = [
    "/gode-erfaringer/",
    "/gode-erfaringer/?vaerdi=tillid&ordning=fleksjob&kommune=faxe&type=erfaring",
    "/gode-erfaringer/?q=ledelsen&rolle=ledelse",
    "/gode-erfaringer/?vaerdi=helhed&kommune=aarhus",  # no results
    "/gode-erfaringer/fast-plads-i-koekkenet/",
    "/gode-erfaringer/inddragelse-og-retning-er-godt-for-inklusionen/",
    "/gode-erfaringer/vaerdi/tillid/",
    "/",
]


def test_library_pages_have_no_wcag_violations(
    live_server, demo_content, browser_page, assert_accessible, subtests
):
    for path in PAGES:  # one subtest each: every page is checked and reported on its own
        with subtests.test(path=path):
            browser_page.goto(live_server.url + path)
            assert_accessible(browser_page)


def tab_to(page, predicate_js, limit=120):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate_js}; }})()"):
            return
    pytest.fail(f"not reachable with Tab: {predicate_js}")


def test_a_filter_is_applied_and_removed_with_the_keyboard_only(live_server, demo_content, browser_page):
    page = browser_page
    page.goto(live_server.url + "/gode-erfaringer/")
    total = page.locator("#results-count").inner_text()

    # Check »Tillid« with the space bar, then tab to »Vis resultater« and press Enter.
    tab_to(page, "el.id === 'filter-vaerdi-tillid'")
    page.keyboard.press("Space")
    assert page.locator("#filter-vaerdi-tillid").is_checked()
    tab_to(page, "el.type === 'submit' && el.textContent.trim() === 'Vis resultater'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/gode-erfaringer/?**vaerdi=tillid**")
    filtered = page.locator("#results-count").inner_text()
    assert filtered != total
    assert page.locator("#results-count").get_attribute("role") == "status"
    assert page.locator(".active-filters a.tag").count() == 1

    # Remove it again from its tag.
    tab_to(page, "el.classList.contains('tag')")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "vaerdi=" not in url)
    assert page.locator("#results-count").inner_text() == total
    assert page.locator(".active-filters a.tag").count() == 0


def test_copy_link_button_appears_with_javascript(live_server, demo_content, browser_page):
    page = browser_page
    page.goto(live_server.url + "/gode-erfaringer/fast-plads-i-koekkenet/")
    button = page.locator(".js-copy-link")
    assert button.is_visible()
    button.click()
    # The status is written when the clipboard's promise settles: wait for it, don't race it.
    expect(page.locator(".js-copy-status")).to_have_text(re.compile(r"^Linket er (kopieret|markeret)"))


def test_cards_with_listing_images_have_no_wcag_violations(
    live_server, demo_content, browser_page, assert_accessible, subtests
):
    from cases.models import LibraryPage
    from tests.cases.test_images import make_image

    image = make_image()
    for page in LibraryPage.objects.specific():
        page.listing_image = image
        page.save_revision().publish()
    for path in ("/gode-erfaringer/", "/gode-erfaringer/vaerdi/tillid/", "/"):
        with subtests.test(path=path):
            browser_page.goto(live_server.url + path)
            assert browser_page.locator(".library-card.long .card-image img[alt='']").count() >= 1
            assert_accessible(browser_page)
