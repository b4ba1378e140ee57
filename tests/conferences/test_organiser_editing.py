"""Konferenceansvarlige edit their conference in Wagtail's page editor and publish it themselves:
more seats go to the waiting list when they publish, their slides go to their own collection and
onto the programme, and nothing outside the conference section is theirs."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, PageLogEntry, Site

from conferences import registration as service
from conferences.models import ConferencePage, Registration
from conferences.organiser_access import COLLECTION_NAME, GROUP_NAME
from tests.conftest import pass_two_step

from .conftest import conference_edit_data, register_data, run_mail_queue

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("conference_index")]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def organiser(django_user_model, client):
    """A member of Konferenceansvarlige (the group the data migrations make), signed in."""
    user = django_user_model.objects.create_user("arrangoer", "arrangoer@kl.dk", "x")
    user.groups.add(Group.objects.get(name=GROUP_NAME))
    pass_two_step(client, user)
    return user


@pytest.fixture
def waiting(make_conference):
    """One seat: Anna has it; Bo, then Cai, wait."""
    conference = make_conference(capacity=1)
    people = {}
    for name in ("Anna Berg", "Bo Holm", "Cai Dahl"):
        email = name.split()[0].lower() + "@example.dk"
        data = register_data(conference, name=name, email=email)
        people[name.split()[0].lower()] = service.register(conference, data, form_token=email).registration
    run_mail_queue()
    mail.outbox.clear()
    return conference, people


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_the_group_owns_the_conference_section_and_its_collection_and_nothing_else(conference_index):
    group = Group.objects.get(name=GROUP_NAME)
    pages = set(
        GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename")
    )
    assert pages == {(conference_index.pk, f"{action}_page") for action in ("add", "change", "publish")}
    collections = GroupCollectionPermission.objects.filter(group=group).select_related("collection")
    assert {(p.collection.name, p.collection.depth) for p in collections} == {(COLLECTION_NAME, 2)}
    assert {p.permission.codename for p in collections} == {
        f"{action}_{model}" for action in ("add", "change", "choose") for model in ("document", "image")
    }


def test_an_organiser_publishes_more_seats_and_the_longest_waiting_gets_one(client, organiser, waiting):
    conference, people = waiting

    # A draft changes nothing for the participants: the published page still has one seat.
    response = client.post(edit_url(conference), conference_edit_data(conference, capacity="3"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ConferencePage.objects.get(pk=conference.pk).capacity == 1
    assert Registration.objects.get(pk=people["bo"].pk).status == "waiting"

    response = client.post(
        edit_url(conference), conference_edit_data(conference, capacity="2", **{"action-publish": "1"})
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ConferencePage.objects.get(pk=conference.pk).capacity == 2
    bo, cai = (Registration.objects.get(pk=people[key].pk) for key in ("bo", "cai"))
    assert (bo.status, bo.seat) == ("confirmed", 2)
    assert cai.waiting_list_position() == 1
    published = PageLogEntry.objects.filter(page=conference, action="wagtail.publish").latest("timestamp")
    assert published.user == organiser

    run_mail_queue()
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        ("bo@example.dk", "Du har fået en plads til Rummelighed i praksis i Aarhus")
    ]


def test_organisers_may_not_edit_the_home_page_or_the_sites_settings(client, organiser, conference_index):
    home = conference_index.get_parent().specific
    site = Site.objects.get(is_default_site=True)
    for url in (
        edit_url(home),
        reverse("wagtailadmin_pages:add_subpage", args=[home.pk]),
        f"/admin/settings/home/sitesettings/{site.pk}/",
        "/admin/groups/",
        "/admin/users/",
        "/admin/workflows/list/",
        "/admin/sites/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), f"{url}: {response.status_code}"
        assert not response.has_header("Location") or response["Location"] != url

    client.post(edit_url(home), {"title": "Overtaget", "slug": home.slug, "action-publish": "1"})
    home.refresh_from_db()
    assert home.title != "Overtaget"


def test_a_conference_with_registrations_is_unpublished_not_deleted(
    client, organiser, waiting, make_conference
):
    conference, _ = waiting
    delete = reverse("wagtailadmin_pages:delete", args=[conference.pk])
    assert client.get(delete).status_code == 302
    client.post(delete)
    assert ConferencePage.objects.filter(pk=conference.pk).exists()
    assert Registration.objects.filter(conference=conference).count() == 3

    page = BeautifulSoup(client.get(edit_url(conference)).content, "html.parser")
    assert page.find("a", href=reverse("wagtailadmin_pages:unpublish", args=[conference.pk]))

    empty = make_conference(slug="odense", city="Odense")  # no registrations yet: theirs to delete
    assert client.get(reverse("wagtailadmin_pages:delete", args=[empty.pk])).status_code == 200


def test_an_organiser_uploads_slides_to_the_conference_collection_and_puts_them_on_the_programme(
    client, organiser, conference
):
    Document = get_document_model()
    library_file = Document.objects.create(
        title="Bibliotekets politik",
        file=SimpleUploadedFile("politik.pdf", PDF),
        collection=Collection.get_first_root_node(),
    )
    collection = Collection.objects.get(name=COLLECTION_NAME)

    upload = client.get(reverse("wagtaildocs:add"))
    assert upload.status_code == 200
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Slides fra velkomsten",
            "file": SimpleUploadedFile("velkomst.pdf", PDF, content_type="application/pdf"),
            "collection": str(collection.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    slides = Document.objects.get(title="Slides fra velkomsten")
    assert slides.collection == collection

    chooser = client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]
    assert "Slides fra velkomsten" in chooser
    assert "Bibliotekets politik" not in chooser  # the library's files are not theirs
    assert client.get(reverse("wagtaildocs:edit", args=[library_file.pk])).status_code in (302, 403)

    response = client.post(
        edit_url(conference), conference_edit_data(conference, slides=slides.pk, **{"action-publish": "1"})
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    public = BeautifulSoup(client.get(conference.url).content, "html.parser")
    link = public.find("a", href=slides.url)
    assert link is not None
    assert link.get_text(" ", strip=True) == "Slides: Slides fra velkomsten (PDF)"
    assert b"".join(client.get(slides.url).streaming_content) == PDF
