"""After the conference: the mail with materials and the evaluation link, one anonymous answer
per participant, the organisers' results and export, and the past conference's page."""

import csv
import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document

from conferences import evaluations
from conferences import registration as service
from conferences.models import ConferencePage, Evaluation, EvaluationReceipt, Registration, SessionRating

from .conftest import register_data, run_mail_queue, workshop_slot

pytestmark = pytest.mark.django_db


def programme_with_materials():
    slides = Document.objects.create(
        title="Slides om inklusion", file=ContentFile(b"%PDF-1.4\n", name="slides.pdf")
    )
    return [
        {
            "type": "item",
            "value": {
                "start": datetime.time(10, 0),
                "end": datetime.time(10, 45),
                "title": "Velkomst",
                "kind": "talk",
                "speakers": [],
                "materials": {
                    "slides": slides.pk,
                    "video_url": "https://video.example.dk/velkomst",
                    "transcript": "Velkommen til dagen om rummelighed.",
                },
            },
        },
        {
            "type": "item",
            "value": {
                "start": datetime.time(10, 45),
                "end": datetime.time(11, 0),
                "title": "Kaffe",
                "kind": "break",
            },
        },
        workshop_slot(capacity=20, titles=("Jobmatch i praksis",)),
    ]


@pytest.fixture
def held(make_conference):
    """A conference with two participants with a seat and one who cancelled, then held: its
    date moved three days back (as if the time had passed)."""
    conference = make_conference(programme=programme_with_materials())
    people = {}
    for name in ("a", "b", "c"):
        service.register(
            conference,
            register_data(conference, name=name.upper(), email=f"{name}@example.dk"),
            form_token=name,
        )
        people[name] = Registration.objects.get(email=f"{name}@example.dk")
    service.cancel(people["c"])
    mail.outbox.clear()
    run_mail_queue()
    mail.outbox.clear()
    day = timezone.localdate() - datetime.timedelta(days=3)
    ConferencePage.objects.filter(pk=conference.pk).update(
        date=day,
        registration_opens=timezone.now() - datetime.timedelta(days=40),
        registration_closes=timezone.now() - datetime.timedelta(days=10),
    )
    conference = ConferencePage.objects.get(pk=conference.pk)
    for person in people.values():
        person.refresh_from_db()
    return conference, people


def evaluation_url(conference, registration):
    return conference.route_url("evaluation", registration.token)


def answer(conference, registration, **fields):
    sessions = {s.title: s for s in conference.rated_sessions()}
    data = {
        "overall_rating": "4",
        f"session_{sessions['Velkomst'].block_id}": "5",
        f"session_{sessions['Jobmatch i praksis'].block_id}": "3",
        "comment": "Godt med eksempler fra arbejdspladserne.",
    }
    data.update(fields)
    return data


def test_the_mail_after_the_day_has_the_materials_and_the_personal_evaluation_link(held):
    conference, people = held
    assert evaluations.send_invitations(conference) == 2
    run_mail_queue()
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.dk", "b@example.dk"]
    message = next(m for m in mail.outbox if m.to == ["a@example.dk"])
    assert message.subject == "Tak for i dag: materialer og evaluering fra Rummelighed i praksis i Aarhus"
    personal_link = conference.route_url("evaluation", people["a"].token, absolute=True)
    assert personal_link.startswith("http") and personal_link in message.body
    assert "Slides (PDF): " in message.body and "/dokumenter/" in message.body
    assert "Video: https://video.example.dk/velkomst" in message.body
    html = message.alternatives[0][0]
    assert 'href="https://video.example.dk/velkomst"' in html

    # Once per conference: a second send is refused and queues nothing.
    with pytest.raises(evaluations.Refused) as refused:
        evaluations.send_invitations(conference)
    assert refused.value.refusal is evaluations.Refusal.ALREADY_SENT


def test_a_participant_answers_once_and_the_answer_is_not_linked_to_them(client, held):
    conference, people = held
    url = evaluation_url(conference, people["a"])
    page = BeautifulSoup(client.get(url).content, "html.parser")
    legends = [" ".join(legend.get_text().split()) for legend in page.select("form legend")]
    # Breaks are not rated; the workshop is, with the slot's time.
    assert legends == [
        "Hvordan var konferencen alt i alt?",
        "Programpunkterne",
        "Velkomst (oplæg, kl. 10.00–10.45)",
        "Jobmatch i praksis (workshop, kl. 13.00–14.00)",
    ]

    response = client.post(url, answer(conference, people["a"]))
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    assert "Tak for dit svar" in thanks

    evaluation = Evaluation.objects.get()
    assert (evaluation.overall_rating, evaluation.comment) == (4, "Godt med eksempler fra arbejdspladserne.")
    assert sorted(SessionRating.objects.values_list("session_title", "rating")) == [
        ("Jobmatch i praksis", 3),
        ("Velkomst", 5),
    ]
    # Nothing in the answer points at the person: no field refers to a registration, and its
    # row holds neither name, e-mail nor token.
    assert not any(field.related_model is Registration for field in Evaluation._meta.get_fields())
    row = str(Evaluation.objects.values().get())
    for personal in ("A", "a@example.dk", people["a"].token):
        assert f"'{personal}'" not in row
    assert EvaluationReceipt.objects.filter(registration=people["a"]).exists()

    second = client.post(url, answer(conference, people["a"], overall_rating="1", comment="Igen"))
    assert second.status_code == 409
    assert "Du har allerede svaret på evalueringen" in second.content.decode()
    assert Evaluation.objects.count() == 1

    # Another participant answers with only the required question.
    assert (
        client.post(
            evaluation_url(conference, people["b"]), {"overall_rating": "5", "comment": ""}
        ).status_code
        == 302
    )
    assert Evaluation.objects.count() == 2


def test_the_evaluation_refuses_before_the_end_the_cancelled_and_bad_input(client, held, make_conference):
    conference, people = held
    cancelled = client.get(evaluation_url(conference, people["c"])).content.decode()
    assert "Evalueringen er for deltagerne, der havde en plads på konferencen." in cancelled
    assert client.post(evaluation_url(conference, people["c"]), {"overall_rating": "5"}).status_code == 409

    missing = client.post(evaluation_url(conference, people["a"]), {"overall_rating": "", "comment": ""})
    assert missing.status_code == 400
    assert "Vælg, hvordan konferencen var alt i alt." in missing.content.decode()
    assert client.post(evaluation_url(conference, people["a"]), {"overall_rating": "9"}).status_code == 400
    assert (
        client.post(evaluation_url(conference, people["a"]), {"overall_rating": "5", "name": "x"}).status_code
        == 400
    )
    assert not Evaluation.objects.exists()

    coming = make_conference(slug="koebenhavn", city="København")
    service.register(coming, register_data(coming, email="d@example.dk"), form_token="d")
    registration = Registration.objects.get(email="d@example.dk")
    early = client.post(evaluation_url(coming, registration), {"overall_rating": "5"})
    assert early.status_code == 409
    assert "Evalueringen åbner, når konferencen er slut." in early.content.decode()
    assert client.get(coming.route_url("evaluation", "ukendt")).status_code == 404


@pytest.fixture
def organiser(django_user_model):
    user = django_user_model.objects.create_user("arrangoer", "a@kl.dk", "x")
    user.groups.add(Group.objects.get(name="Konferenceansvarlige"))
    return user


def test_organisers_send_the_mail_see_the_results_and_export_them(client, held, organiser, sign_in):
    conference, people = held
    for person, rating in (("a", "4"), ("b", "2")):
        client.post(
            evaluation_url(conference, people[person]),
            answer(conference, people[person], overall_rating=rating),
        )
    sign_in(client, organiser)

    overview = client.get("/admin/evaluering/").content.decode()
    assert conference.get_admin_display_title() in overview

    results_url = f"/admin/evaluering/{conference.pk}/"
    response = client.post(results_url)
    assert response.status_code == 302
    assert Registration.objects.filter(conference=conference).count() == 3
    run_mail_queue()
    assert len(mail.outbox) == 2

    page = BeautifulSoup(client.get(results_url).content, "html.parser")
    text = " ".join(page.get_text().split())
    assert "2 svar. Samlet vurdering i gennemsnit: 3,0 af 5." in text
    assert "Sendt" in text and "til 2 deltagere" in text
    sessions = [
        [" ".join(td.get_text().split()) for td in tr.select("td")]
        for tr in page.select("table")[1].select("tbody tr")
    ]
    assert sessions == [["Velkomst", "5,0", "2"], ["Jobmatch i praksis", "3,0", "2"]]

    export = client.get(f"/admin/evalueringer/?conference={conference.pk}&export=csv")
    assert export.status_code == 200
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert sorted(row["Samlet vurdering"] for row in rows) == ["2", "4"]
    assert {row["Programpunkter"] for row in rows} == {"Velkomst: 5; Jobmatch i praksis: 3"}
    assert all(row["Kommentar"] == "Godt med eksempler fra arbejdspladserne." for row in rows)
    assert "a@example.dk" not in content
    xlsx = client.get(f"/admin/evalueringer/?conference={conference.pk}&export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_editors_without_the_group_see_no_evaluation(client, held, django_user_model, sign_in):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("redaktoer", "r@kl.dk", "x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in(client, editor)
    conference, _ = held
    for url in ("/admin/evaluering/", f"/admin/evaluering/{conference.pk}/", "/admin/evalueringer/"):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(f"/admin/evaluering/{conference.pk}/").status_code in (302, 403)
    assert not Evaluation.objects.exists()


def test_a_past_conference_shows_afholdt_materials_and_the_evaluation_summary(client, held):
    conference, people = held
    for person, rating in (("a", "4"), ("b", "5")):
        client.post(
            evaluation_url(conference, people[person]),
            answer(conference, people[person], overall_rating=rating),
        )
    page = BeautifulSoup(client.get(conference.url).content, "html.parser")
    text = " ".join(page.get_text().split())
    assert page.select_one(".badge").get_text() == "Afholdt"
    assert not page.find("a", string="Tilmeld dig")
    materials = page.find(id="materials-heading").parent
    assert [a.get_text() for a in materials.select("li > a")][:1] == ["Velkomst"]
    assert "2 deltagere har evalueret dagen: i gennemsnit 4,5 af 5." in text
    item = " ".join(materials.select_one("li").get_text().split())
    assert (
        item == "Velkomst: slides fra Velkomst (PDF), video fra Velkomst (udskriften står ved programpunktet)"
    )
    transcript = page.select_one(".programme-transcript")
    assert "Velkommen til dagen om rummelighed." in transcript.get_text()

    index = BeautifulSoup(client.get(conference.get_parent().url).content, "html.parser")
    past = index.find(id="archive-heading").parent
    assert conference.city in past.get_text() and "Afholdt" in past.get_text()
    assert conference.city not in index.find(id="upcoming-heading").parent.get_text()


def test_the_answers_listing_and_the_results_use_a_constant_number_of_queries(
    client, held, organiser, sign_in
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    conference, _ = held
    talk = conference.rated_sessions()[0]
    sign_in(client, organiser)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add_answers(count):
        for _ in range(count):
            evaluation = Evaluation.objects.create(
                conference=conference, overall_rating=4, comment="Godt.", submitted_on=timezone.localdate()
            )
            SessionRating.objects.create(
                evaluation=evaluation, block_id=talk.block_id, session_title=talk.title, rating=5
            )

    urls = (
        "/admin/evalueringer/",
        f"/admin/evaluering/{conference.pk}/",
        "/admin/evaluering/",
        conference.url,
    )
    add_answers(2)
    [queries(url) for url in urls]  # warm: the first request reads settings and the site once
    few = [queries(url) for url in urls]
    add_answers(12)
    [queries(url) for url in urls]  # new content: each process finds the pages afresh once
    assert [queries(url) for url in urls] == few


def test_my_data_says_whether_i_answered_the_evaluation_but_not_what(client, held):
    conference, people = held

    def my_data(person):
        page = client.get(conference.route_url("registration_data", person.token))
        rows = BeautifulSoup(page.content, "html.parser").select("table tr")
        text = {row.th.get_text(strip=True): " ".join(row.td.get_text().split()) for row in rows}
        download = client.get(conference.route_url("registration_data_json", person.token))
        return text.get("Evaluering"), json.loads(download.content)["evaluering"]

    # Before the mail with the evaluation, it does not concern anyone yet.
    assert my_data(people["a"]) == (None, None)

    evaluations.send_invitations(conference)
    client.post(evaluation_url(conference, people["a"]), answer(conference, people["a"], comment="Hemmeligt"))

    shown, exported = my_data(people["a"])
    assert shown.startswith("Du har svaret.") and "uden forbindelse til dig" in shown
    assert exported["besvaret"] is True and "uden forbindelse til dig" in exported["om_svaret"]
    assert "Hemmeligt" not in shown and "Hemmeligt" not in str(exported)
    assert my_data(people["b"]) == ("Du har ikke svaret.", {"besvaret": False, "om_svaret": None})
