"""An organiser writes to one workshop's participants in Chromium: the form (with its error
summary), the preview with the number of recipients, sending; then the mail that arrives (one,
to the one participant, addressed to them alone) and the participants' own pages."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.core import mail

from conferences import registration as service
from conferences.models import ConferenceMessage, ConferencePage, Registration, Workshop

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "Workshoppen er flyttet til lokale 4.\n\nTag gerne en kollega med."


@pytest.fixture
def conference(launch_content):
    """The Aarhus launch conference with two workshops that take sign-up; Anna on »Jobmatch i
    praksis«, Bo on the other."""
    from conferences import launch_content as conference_content
    from home.launch_content import ContentLog
    from tests.browser.test_programme import timed_programme
    from tests.conferences.conftest import register_data, run_mail_queue

    conference_content.load(ContentLog(lambda line: None))
    page = ConferencePage.objects.get(slug="aarhus")
    page.start_time, page.end_time = datetime.time(10, 0), datetime.time(15, 0)
    programme = timed_programme()
    programme[2]["value"]["workshops"][1]["capacity"] = 30
    page.programme = programme
    page.save_revision().publish()
    jobmatch = Workshop.objects.get(conference=page, title="Jobmatch i praksis")
    other = Workshop.objects.get(conference=page, title="Når forløbet skal stoppes")
    for name, workshop in (("anna", jobmatch), ("bo", other)):
        data = register_data(page, name=name.title(), email=f"{name}@example.dk", workshops=[workshop.pk])
        service.register(page, data, form_token=name)
    run_mail_queue()
    mail.outbox.clear()
    return ConferencePage.objects.get(pk=page.pk)


def test_an_organiser_sends_a_message_to_one_workshop(live_server, conference, signed_in, assert_accessible):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from tests.conferences.conftest import run_mail_queue

    # A live-server test starts from an emptied database: the group its migrations made is gone.
    import_module("conferences.migrations.0003_konferenceansvarlige_group").create_group(apps, None)
    organiser = get_user_model().objects.create_user("arrangoer", "a@kl.dk", "en-lang-adgangskode-42")
    organiser.groups.add(Group.objects.get(name="Konferenceansvarlige"))

    page = signed_in(organiser)
    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="Beskeder til deltagerne").first.click()
    page.wait_for_url("**/admin/beskeder/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Skriv til deltagerne i {conference.get_admin_display_title()}").click()
    page.wait_for_url(f"**/admin/beskeder/{conference.pk}/")
    assert_accessible(page)

    # Nothing filled in: the error summary names each field, and its links lead to them.
    page.get_by_role("button", name="Se beskeden, før den sendes").click()
    summary = page.get_by_role("alert")
    summary.get_by_role("link", name="Vælg, hvem der skal have beskeden.").wait_for()
    summary.get_by_role("link", name="Skriv et emne.").click()
    assert page.evaluate("document.activeElement.id") == "id_subject"
    assert_accessible(page)

    page.get_by_role("group", name="Hvem skal have beskeden?").get_by_label(
        "Deltagerne på én workshop"
    ).check()
    page.get_by_label("Workshop", exact=True).select_option(label="Jobmatch i praksis")
    page.get_by_role("textbox", name="Emne").fill("Nyt lokale til Jobmatch")
    page.get_by_role("textbox", name="Tekst").fill(BODY)
    page.get_by_role("button", name="Se beskeden, før den sendes").click()
    page.get_by_text("Sendes til 1 person.").wait_for()
    main = page.inner_text("main")
    assert "Kære [deltagerens navn]" in main and "Tag gerne en kollega med." in main
    assert "Deltagerne på workshoppen »Jobmatch i praksis«" in main
    assert_accessible(page)
    assert not ConferenceMessage.objects.exists()

    page.get_by_role("button", name="Send beskeden til 1 person").click()
    page.get_by_text("er lagt i mailkøen til 1 person.").wait_for()
    page.reload()  # axe on the page as it stands (Wagtail's message fades in)
    assert "Nyt lokale til Jobmatch" in page.inner_text("main")
    assert_accessible(page)

    # The mail that arrives: one, to Anna alone, with the text as written.
    assert run_mail_queue() == 1
    [arrived] = mail.outbox
    assert arrived.to == ["anna@example.dk"] and arrived.cc == [] and arrived.bcc == []
    assert arrived.subject == "Nyt lokale til Jobmatch"
    assert BODY in arrived.body.replace("\r\n", "\n")
    assert "bo@example.dk" not in arrived.message().as_string()

    # Anna's own page shows it; Bo's does not.
    anna = Registration.objects.get(email="anna@example.dk")
    page.goto(live_server.url + conference.route_url("registration_detail", anna.token))
    message = page.get_by_role("article", name="Nyt lokale til Jobmatch")
    message.get_by_text("Tag gerne en kollega med.").wait_for()
    assert_accessible(page)
    bo = Registration.objects.get(email="bo@example.dk")
    page.goto(live_server.url + conference.route_url("registration_detail", bo.token))
    assert page.get_by_text("Nyt lokale til Jobmatch").count() == 0
    assert page.get_by_role("heading", name="Beskeder fra arrangørerne").count() == 0
