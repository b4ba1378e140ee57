"""An organiser (a member of Konferenceansvarlige, signed in with two steps) is refused moving
someone up for want of a seat, follows the message to the conference's page editor and raises
the capacity there, in Chromium: the first on the waiting list gets the seat and a mail, the
history says the system did it, and the next in line stays first. axe on the message, the
listing and the history."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import PageLogEntry

from conferences import registration as service
from conferences.models import ConferencePage, Registration
from conferences.organiser_access import GROUP_NAME
from tests.conferences.conftest import register_data, run_mail_queue
from tests.conftest import totp_code

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "en-lang-adgangskode-42"


@pytest.fixture
def full_conference(launch_content):
    from conferences import launch_content as conference_content
    from home.launch_content import ContentLog

    conference_content.load(ContentLog(lambda line: None))
    conference = ConferencePage.objects.get(slug="aarhus")
    conference.capacity = 1
    conference.save_revision().publish()
    for name in ("Anna Berg", "Bo Holm", "Cai Dahl"):  # Anna has the seat; Bo, then Cai, wait
        email = name.split()[0].lower() + "@example.dk"
        service.register(conference, register_data(conference, name=name, email=email), form_token=email)
    run_mail_queue()
    mail.outbox.clear()
    return conference


def sign_in_with_two_steps(page, live_server, username):
    """The admin's sign-in as a person does it: password, then the code from the phone's app."""
    user = get_user_model().objects.get(username=username)
    phone = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/to-trin/bekraeft/**")
    page.get_by_label("Kode").fill(totp_code(phone))
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/admin/")


def test_an_organiser_raises_the_capacity_and_the_first_on_the_waiting_list_is_confirmed_and_mailed(
    live_server, full_conference, browser_page, assert_accessible
):
    # A member of Konferenceansvarlige, not a superuser: the conference page is theirs to publish.
    organiser = get_user_model().objects.create_user("arrangoer", "a@kl.dk", PASSWORD)
    organiser.groups.add(Group.objects.get(name=GROUP_NAME))
    page = browser_page
    sign_in_with_two_steps(page, live_server, "arrangoer")
    bo = Registration.objects.get(name="Bo Holm")

    # Moving Bo up is refused (no free seat); the message leads to the seats in one click.
    page.goto(f"{live_server.url}/admin/tilmeldinger/handling/promote/{bo.pk}/")
    page.get_by_role("button", name="Ja, giv en plads").click()
    page.wait_for_url("**/admin/tilmeldinger/")
    assert "Der er ingen ledig plads, så Bo Holm kan ikke rykke op" in page.locator(".messages").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Ret pladserne på konferencesiden").click()
    page.wait_for_url(f"**/admin/pages/{full_conference.pk}/edit/")

    page.locator("#id_capacity").fill("2")
    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name="Udgiv").click()
    page.wait_for_url(f"**/admin/pages/{full_conference.get_parent().pk}/")

    bo, cai = (Registration.objects.get(name=name) for name in ("Bo Holm", "Cai Dahl"))
    assert (bo.status, bo.seat) == ("confirmed", 2)
    assert cai.waiting_list_position() == 1
    published = PageLogEntry.objects.filter(page=full_conference, action="wagtail.publish").latest(
        "timestamp"
    )
    assert published.user == organiser

    page.goto(f"{live_server.url}/admin/tilmeldinger/?conference={full_conference.pk}")
    rows = page.locator("tbody tr").all_inner_texts()
    bo_row = next(text for text in rows if "Bo Holm" in text)
    cai_row = next(text for text in rows if "Cai Dahl" in text)
    assert "Bekræftet" in bo_row and "Venteliste" in cai_row
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/tilmeldinger/history/{bo.pk}/")
    history = page.locator("main").inner_text()
    assert (
        "Rykket op fra ventelisten automatisk til plads nr. 2, fordi antallet af pladser blev sat op"
        in history
    )
    assert "Systemet (automatisk)" in history
    assert_accessible(page)

    run_mail_queue()
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        ("bo@example.dk", "Du har fået en plads til Rummelighed i praksis i Aarhus")
    ]
