"""After the conference in Chromium: a participant answers the evaluation from their link once
(a second answer is refused), and an organiser sends the mail, reads the results and exports them."""

import csv
import datetime
import io
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from conferences import registration as service
from conferences.models import ConferencePage, Evaluation, Registration

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def held(launch_content):
    """The Aarhus launch conference with a timed programme and two participants, then held."""
    from conferences import launch_content as conference_content
    from home.launch_content import ContentLog
    from tests.browser.test_programme import timed_programme
    from tests.conferences.conftest import register_data

    conference_content.load(ContentLog(lambda line: None))
    conference = ConferencePage.objects.get(slug="aarhus")
    conference.start_time, conference.end_time = datetime.time(10, 0), datetime.time(15, 0)
    conference.programme = timed_programme()
    conference.save_revision().publish()
    for name in ("mette", "ole"):
        service.register(
            conference, register_data(conference, name=name, email=f"{name}@example.dk"), form_token=name
        )
    ConferencePage.objects.filter(pk=conference.pk).update(
        date=timezone.localdate() - datetime.timedelta(days=2),
        registration_opens=timezone.now() - datetime.timedelta(days=30),
        registration_closes=timezone.now() - datetime.timedelta(days=5),
    )
    return ConferencePage.objects.get(pk=conference.pk)


def test_a_participant_answers_the_evaluation_once(live_server, held, browser_page, assert_accessible):
    page = browser_page
    registration = Registration.objects.get(email="mette@example.dk")
    url = live_server.url + held.route_url("evaluation", registration.token)
    page.goto(url)
    # The same link open in a second tab, as people do with a mail they opened twice.
    second_tab = page.context.new_page()
    second_tab.goto(url)
    assert_accessible(page)
    # Sending without the one required answer keeps the person on the form with a clear message.
    page.get_by_role("button", name="Send evaluering").click()
    page.get_by_role("alert").get_by_text("Vælg, hvordan konferencen var alt i alt.").wait_for()
    assert_accessible(page)

    page.get_by_role("group", name="Hvordan var konferencen alt i alt?").get_by_label("4 – tilfreds").check()
    talk = page.get_by_role(
        "group", name="Når inklusion er besluttet og prioriteret (oplæg, kl. 10.00–10.45)"
    )
    talk.get_by_label("5 – meget tilfreds").check()
    assert page.get_by_role("group", name="Kaffe", exact=False).count() == 0  # breaks are not rated
    page.get_by_label("Vil du fortælle os mere? (valgfrit)").fill("Mere tid til debat.")
    page.get_by_role("button", name="Send evaluering").click()
    page.wait_for_url("**/evaluering/?tak=1")
    page.get_by_role("status").get_by_text("Tak for dit svar").wait_for()
    assert_accessible(page)
    assert list(Evaluation.objects.values_list("overall_rating", "comment")) == [(4, "Mere tid til debat.")]

    # The form in the other tab sent after that: refused, with the reason, and nothing stored.
    second_tab.get_by_label("1 – meget utilfreds").first.check()
    with second_tab.expect_response(url) as refused:
        second_tab.get_by_role("button", name="Send evaluering").click()
    assert refused.value.status == 409
    second_tab.get_by_text("Du har allerede svaret på evalueringen.").wait_for()
    assert_accessible(second_tab)
    assert list(Evaluation.objects.values_list("overall_rating", "comment")) == [(4, "Mere tid til debat.")]

    # The link again: the thank-you instead of a form.
    page.goto(url)
    assert page.get_by_role("button", name="Send evaluering").count() == 0


def test_an_organiser_sends_the_mail_reads_the_results_and_exports_them(
    live_server, held, signed_in, assert_accessible
):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from conferences.evaluations import submit

    # A live-server test starts from an emptied database: the group its migrations made is gone.
    import_module("conferences.migrations.0003_konferenceansvarlige_group").create_group(apps, None)
    import_module("conferences.migrations.0010_anonymous_evaluations").organisers_see_evaluations(apps, None)
    talk = held.rated_sessions()[0]
    for email, overall, rating in (("mette@example.dk", 4, 5), ("ole@example.dk", 3, 4)):
        submit(Registration.objects.get(email=email), overall, "", {talk.block_id: rating})
    organiser = get_user_model().objects.create_user("arrangoer", "a@kl.dk", "en-lang-adgangskode-42")
    organiser.groups.add(Group.objects.get(name="Konferenceansvarlige"))

    page = signed_in(organiser)
    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="Evaluering").first.click()
    page.wait_for_url("**/admin/evaluering/")
    assert_accessible(page)
    page.get_by_role("link", name="Resultater").click()
    assert "2 svar. Samlet vurdering i gennemsnit: 3,5 af 5." in page.inner_text("main")
    page.get_by_role("button", name="Send mail med materialer og evaluering").click()
    # wait_for: the message is on the page the POST redirects to.
    page.get_by_text("Mailen med materialer og evaluering er lagt i kø til 2 deltagere.").wait_for()
    assert page.get_by_role("button", name="Send mail med materialer og evaluering").count() == 0
    # Axe on the results as they stand after sending (Wagtail's message fades in, and axe would
    # read its colours half-way).
    page.reload()
    assert "Sendt" in page.inner_text("main") and "til 2 deltagere" in page.inner_text("main")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Eksportér til CSV").click()
    with open(download_info.value.path(), encoding="utf-8-sig") as exported:
        rows = list(csv.DictReader(io.StringIO(exported.read())))
    assert sorted((row["Samlet vurdering"], row["Programpunkter"]) for row in rows) == [
        ("3", f"{talk.title}: 4"),
        ("4", f"{talk.title}: 5"),
    ]
    assert all(row["By"] == "Aarhus" for row in rows)
