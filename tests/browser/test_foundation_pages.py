import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/inkluderende-beskaeftigelsespolitik/",
    "/om-sitet/",
    "/inddragelse-og-retning-er-godt-for-inklusionen/",
    "/soeg/?q=inklusion",
    "/findes-ikke/",
]


def test_pages_have_no_wcag_violations(
    live_server, launch_content, browser_page, assert_accessible, subtests
):
    for path in PAGES:  # one subtest each: every page is checked and reported on its own
        with subtests.test(path=path):
            browser_page.goto(live_server.url + path)
            assert_accessible(browser_page)


def test_skip_link_and_main_navigation_work_from_the_keyboard(live_server, launch_content, browser_page):
    page = browser_page
    page.goto(live_server.url + "/om-sitet/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skipnav")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

    # Tab from the top of the page to the policy link in the main navigation and follow it.
    page.goto(live_server.url + "/om-sitet/")
    for _ in range(15):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement.textContent.trim()")
        if text == "Inkluderende beskæftigelsespolitik":
            break
    else:
        pytest.fail("the policy link in the main navigation was not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/inkluderende-beskaeftigelsespolitik/")
    assert page.locator("h1").inner_text() == "Inkluderende beskæftigelsespolitik"


def test_mobile_menu_opens_with_the_keyboard(live_server, launch_content, chromium):
    context = chromium.new_context(viewport={"width": 375, "height": 800}, locale="da-DK")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator("button.js-menu-open").focus()
    page.keyboard.press("Enter")
    drawer_link = page.locator(".mobile-drawer a.nav-link", has_text="Inkluderende beskæftigelsespolitik")
    drawer_link.wait_for(state="visible")
    context.close()
