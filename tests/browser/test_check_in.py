"""Check-in at the door on a phone (390 × 844) in Chromium: the organiser searches the list and
checks people in with one thumb, and scans a participant's QR code, signing in on the way. Every
button is inside the screen, at least 44 px high and named in the accessibility tree; axe-core
finds nothing on any page."""

import re
from importlib import import_module

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conferences import registration as service
from conferences.models import ConferencePage
from tests.conferences.conftest import register_data
from tests.conftest import totp_code

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
PASSWORD = "en-lang-adgangskode-42"
MIN_TARGET = 44  # px: WCAG 2.5.5's target size, what a thumb needs


@pytest.fixture
def door(launch_content):
    """The Aarhus conference of the launch content with three confirmed participants."""
    from conferences import launch_content as conference_content
    from home.launch_content import ContentLog

    conference_content.load(ContentLog(lambda line: None))
    conference = ConferencePage.objects.get(slug="aarhus")
    people = {}
    for name, workplace in (
        ("Anna Berg", "Jobcenter Nord"),
        ("Bo Holm", "Skolen ved Søen"),
        ("Åse Østergård", "Ældreplejen Vest"),
    ):
        email = name.split()[0].lower().replace("å", "aa") + "@example.dk"
        data = register_data(conference, name=name, email=email, organisation=workplace)
        people[name] = service.register(conference, data, form_token=email).registration
    return conference, people


@pytest.fixture
def organiser(door):
    from django.apps import apps

    # A live-server test starts from an emptied database: the group its migration made is gone.
    import_module("conferences.migrations.0003_konferenceansvarlige_group").create_group(apps, None)
    user = get_user_model().objects.create_user("arrangoer", "a@kl.dk", PASSWORD, first_name="Ole")
    user.groups.add(Group.objects.get(name="Konferenceansvarlige"))
    return user


def assert_thumb_sized_and_on_screen(page, button):
    """The button is inside the phone's screen (no sideways scrolling, no scrolling down to it)
    and big enough to hit with a thumb."""
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert box["height"] >= MIN_TARGET and box["width"] >= MIN_TARGET, box


def assert_no_sideways_scrolling(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_organiser_searches_the_list_and_checks_people_in_on_a_phone(
    live_server, door, organiser, signed_in, assert_accessible
):
    conference, people = door
    page = signed_in(organiser)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/admin/tilmeldinger/indtjekning/{conference.pk}/")

    count = page.locator("#antal-tjekket-ind")
    expect(count).to_have_text("0 af 3 tjekket ind")
    search = page.get_by_role("searchbox", name="Navn eller arbejdsplads")
    expect(search).to_be_visible()
    for name in people:
        assert_thumb_sized_and_on_screen(
            page, page.get_by_role("button", name=f"Tjek {name} ind", exact=True)
        )
    assert_thumb_sized_and_on_screen(page, page.get_by_role("button", name="Søg"))
    assert_no_sideways_scrolling(page)
    assert_accessible(page)

    # Search by workplace, æøå and any case: done by the server, the first screen shows the person.
    page.evaluate("window.scrollTo(0, 0)")
    search.fill("SØEN")
    search.press("Enter")
    page.wait_for_url(re.compile(r"\?q=S%C3%98EN$"))
    expect(page.locator("main li h2")).to_have_text(["Bo Holm"])  # the people, not »Papir til dagen«
    button = page.get_by_role("button", name="Tjek Bo Holm ind", exact=True)
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], "the button needs no scrolling after a search"
    assert_thumb_sized_and_on_screen(page, button)
    assert_accessible(page)

    button.click()
    page.wait_for_load_state()
    expect(count).to_have_text("1 af 3 tjekket ind")
    expect(page.get_by_role("status").first).to_have_text(
        re.compile(r"Bo Holm er tjekket ind kl\. \d\d\.\d\d\.")
    )
    expect(search).to_have_value("SØEN")  # still the same search, for the next in the queue
    undo = page.get_by_role("button", name="Fortryd indtjekning af Bo Holm")
    assert_thumb_sized_and_on_screen(page, undo)
    assert_no_sideways_scrolling(page)
    assert_accessible(page)

    people["Bo Holm"].refresh_from_db()
    assert people["Bo Holm"].checked_in_at is not None


def test_an_organiser_scans_a_qr_code_signs_in_and_checks_the_person_in_with_one_button(
    live_server, door, organiser, browser_page, assert_accessible
):
    conference, people = door
    anna = people["Anna Berg"]
    phone = TOTPDevice.objects.create(user=organiser, name="Telefon", confirmed=True)
    page = browser_page
    page.set_viewport_size(PHONE)

    # The participant's own page shows the code.
    page.goto(f"{live_server.url}/konferencer/aarhus/tilmelding/{anna.token}/")
    qr = page.get_by_role("img", name="QR-kode til din indtjekning ved indgangen")
    expect(qr).to_be_visible()
    assert page.evaluate("img => img.naturalWidth > 0 && img.complete", qr.element_handle())
    box = qr.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert_accessible(page)

    # The camera opens the code's address; not signed in yet, the phone shows nothing personal.
    code_url = f"{live_server.url}/indtjekning/{anna.check_in_token}/"
    page.goto(code_url)
    expect(page.locator("h1")).to_have_text("Indtjekning til konferencen")
    assert "Anna" not in page.content() and "Jobcenter" not in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Log ind").click()
    page.wait_for_url("**/admin/login/**")
    page.fill("#id_username", "arrangoer")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/to-trin/bekraeft/**")
    page.get_by_label("Kode").fill(totp_code(phone))
    page.keyboard.press("Enter")
    page.wait_for_url(code_url)

    # Signed in: the person, and one button.
    expect(page.locator("h1")).to_have_text("Anna Berg")
    buttons = page.locator("main").get_by_role("button")
    expect(buttons).to_have_count(1)
    button = page.get_by_role("button", name="Tjek Anna Berg ind", exact=True)
    assert_thumb_sized_and_on_screen(page, button)
    assert_no_sideways_scrolling(page)
    assert_accessible(page)

    button.click()
    page.wait_for_url(code_url + "?besked=ind")
    anna.refresh_from_db()
    clock = anna.checked_in_clock()
    expect(page.get_by_role("status")).to_have_text(f"Anna Berg er tjekket ind kl. {clock}.")
    expect(page.locator("main").get_by_role("button")).to_have_count(0)
    assert_accessible(page)

    # The same code scanned again: already done, at the first time.
    page.goto(code_url)
    expect(page.get_by_role("status")).to_have_text(f"Anna Berg er allerede tjekket ind kl. {clock}.")
    assert_accessible(page)

    # The list counts her.
    page.get_by_role("link", name="Til deltagerlisten").click()
    expect(page.locator("#antal-tjekket-ind")).to_have_text("1 af 3 tjekket ind")
    expect(page.get_by_role("button", name="Fortryd indtjekning af Anna Berg")).to_be_visible()
