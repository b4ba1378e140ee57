"""»Del din erfaring« in Chromium: a municipal employee shares a case from a phone with a photo,
saves half-way and resumes from the mailed link; an editor finds it in the workflow; a moderator
publishes it; the contributor's mails arrive; axe finds nothing on any of the form's states."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from playwright.sync_api import expect

from tests.browser_fixtures import WCAG_TAGS
from tests.cases.sharing import png_bytes, run_mail_queue

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "da-DK"}


@pytest.fixture
def library_content(db):
    from cases import launch_content as library_content
    from cases.moderation import ensure_groups_and_workflow
    from home import launch_content
    from home.launch_content import ensure_root

    ensure_root()
    log = launch_content.ContentLog(lambda line: None)
    launch_content.load(log)
    library = library_content.load(log)
    ensure_groups_and_workflow()  # a transactional test's flush removed what the migration made
    return library


def staff(group_name, username):
    user = User.objects.create_user(username, email=f"{username}@example.dk", password="not-used-in-tests")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def signed_in_elsewhere(chromium, live_server, user):
    """A new browser with user's admin session (Django's force_login: two-step sign-in is not
    what this test is about)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = chromium.new_context(locale="da-DK")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def check_axe(page, state):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{state}: {page.url}\n{results.generate_report()}"


def one_mail_to(address, subject_part):
    found = [m for m in mail.outbox if m.to == [address] and subject_part in m.subject]
    assert len(found) == 1, [(m.to, m.subject) for m in mail.outbox]
    return found[0]


def test_a_case_shared_from_a_phone_reaches_the_public_only_through_a_moderator(
    live_server, library_content, chromium, signed_in
):
    from cases.moderation import EDITORS, MODERATORS

    editor = staff(EDITORS, "redaktoer")
    moderator = staff(MODERATORS, "moderator")
    context = chromium.new_context(**PHONE)
    phone = context.new_page()
    phone.set_default_timeout(15_000)

    # The library leads to the form.
    phone.goto(live_server.url + "/gode-erfaringer/")
    phone.get_by_role("link", name="Del din erfaring").click()
    phone.wait_for_url("**/del-din-erfaring/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Del din erfaring")
    check_axe(phone, "tom formular")

    # Sent empty: every missing part is named, and the summary links to it.
    phone.get_by_role("button", name="Send erfaringen").click()
    expect(phone.get_by_role("heading", name=re.compile(r"Der er \d+ fejl i formularen"))).to_be_visible()
    expect(phone.locator(".alert-error")).to_contain_text("Skriv en overskrift på erfaringen.")
    check_axe(phone, "fejl")

    # Half-way on the bus: title and address, then »Gem og fortsæt senere«.
    phone.get_by_label("Overskrift").fill("Fast plads i kantinen efter løntilskud")
    phone.get_by_label("Din e-mail").fill("mette@faxe.dk")
    phone.get_by_role("button", name="Gem og fortsæt senere").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Din erfaring er gemt")
    check_axe(phone, "gemt")

    run_mail_queue()
    saved = one_mail_to("mette@faxe.dk", "gemt")
    link = re.search(r"http://\S+/del-din-erfaring/\S+/", saved.body).group(0)
    phone.goto(link.replace("http://testserver", live_server.url))
    expect(phone.get_by_label("Overskrift")).to_have_value("Fast plads i kantinen efter løntilskud")

    phone.get_by_label("Kort resumé").fill("Et forløb i løntilskud blev til en fast stilling i kantinen.")
    phone.get_by_label("Arbejdsplads").fill("Kantinen, Rådhuset")
    phone.get_by_label("Kommune", exact=True).select_option("faxe")
    phone.get_by_label("Område").select_option("administration")
    phone.get_by_label("Fleksjob").check()
    phone.get_by_label("Målgruppe").fill("Ledige over 50 år")
    phone.get_by_label("Udgangspunktet").fill("Kantinen manglede hænder.")
    phone.get_by_label("Det gjorde vi").fill("Lederen og TR lavede en plan med jobcentret.")
    phone.get_by_label("Resultater", exact=True).fill("Forløbet blev til en fast stilling.")
    phone.get_by_label("Det lærte vi").fill("Tag kollegerne med fra første dag.")
    phone.get_by_label("Tillid").check()
    phone.get_by_label("Billede 1 (valgfrit)").set_input_files(
        {"name": "kantinen.png", "mimeType": "image/png", "buffer": png_bytes((120, 90))}
    )
    phone.get_by_label("Beskrivelse af billede 1").fill("Kokken og den nye kollega ved gryderne")
    phone.get_by_label("Dit navn").fill("Mette Hansen")
    phone.get_by_label("Din stilling").fill("Køkkenleder")
    phone.get_by_label("Redaktionen må kontakte mig om erfaringen.").check()
    phone.get_by_role("button", name="Send erfaringen").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tak for din erfaring")
    check_axe(phone, "modtaget")
    context.close()

    run_mail_queue()
    one_mail_to("mette@faxe.dk", "Tak for din erfaring")
    one_mail_to("redaktoer@example.dk", "Ny erfaring til gennemgang")

    # Not public yet.
    from cases.models import CasePage

    case = CasePage.objects.get()
    anonymous = chromium.new_context(locale="da-DK").new_page()
    assert anonymous.goto(f"{live_server.url}/gode-erfaringer/{case.slug}/").status == 404

    # The editor finds it among the incoming cases and in the workflow.
    page = signed_in(editor)
    page.goto(live_server.url + "/admin/indsendte-erfaringer/")
    row = page.get_by_role("row", name=re.compile("Fast plads i kantinen"))
    expect(row).to_contain_text("ny")
    row.get_by_role("link", name="Fast plads i kantinen efter løntilskud").click()
    expect(page.locator("main")).to_contain_text("mette@faxe.dk")
    page.get_by_role("link", name=re.compile("Åbn erfaringens side")).click()
    page.wait_for_url(f"**/admin/pages/{case.pk}/edit/")
    expect(page.locator("body")).to_contain_text("Godkendelse ved moderator")

    # The moderator, in a browser of their own, approves it: »Godkend og udgiv«.
    page = signed_in_elsewhere(chromium, live_server, moderator)
    page.goto(f"{live_server.url}/admin/pages/{case.pk}/edit/")
    page.get_by_role("button", name="Flere handlinger").click()
    page.get_by_role("button", name="Godkend og udgiv").click()
    expect(page.locator(".messages")).to_contain_text("er godkendt og udgivet")

    case.refresh_from_db()
    assert case.live
    run_mail_queue()
    published = one_mail_to("mette@faxe.dk", "er udgivet")
    url = re.search(r"http://\S+/gode-erfaringer/\S+/", published.body).group(0)
    response = anonymous.goto(url.replace("http://testserver", live_server.url))
    assert response.status == 200
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("Fast plads i kantinen efter løntilskud")
    expect(anonymous.locator("main")).not_to_contain_text("mette@faxe.dk")
    expect(anonymous.get_by_role("img", name="Kokken og den nye kollega ved gryderne").first).to_be_visible()
