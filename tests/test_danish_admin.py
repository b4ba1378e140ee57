"""The Wagtail admin is Danish for editors, moderators and conference organisers.

A member of each group (the groups the data migrations in cases/ and conferences/ create)
walks the screens that group works in and reads them as a person would: the visible text,
what a screen reader says (aria-label, title, alt, the value of a button), and the admin's menu,
which is drawn by JavaScript from JSON in the page. Any English string on the list in
tests/admin_language.py fails the test; each screen must also show the Danish that says what it
is. The screens a group may not use are refused.

Users are signed in with Django's test client (force_login), so that a second sign-in factor
for staff changes only `sign_in`.
"""

import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PillowImage

from cases.models import Value
from tests.admin_language import english_in, readable_text
from tests.conftest import pass_two_step

pytestmark = pytest.mark.django_db

EDITORS, MODERATORS, ORGANISERS = "Redaktører", "Moderatorer", "Konferenceansvarlige"


def test_the_check_finds_english_and_ignores_danish():
    english = '<nav aria-label="Actions"></nav><p>There are no pages</p><input type="submit" value="Search">'
    assert english_in(readable_text(english)) == ["There are no", "Actions", "Search"]
    sidebar = (
        '<script id="wagtail-sidebar-props" type="application/json">'
        '{"label": "Images", "url": "/admin/images/"}</script>'
    )
    assert english_in(readable_text(sidebar)) == ["Images"]
    danish = (
        "<p>Der er ingen sider.</p><div data-side-panel-toggle-counter hidden>None</div>"
        '<a href="/admin/documents/" title="Dokumenter">Billeder</a>'
    )
    assert english_in(readable_text(danish)) == []


def sign_in(client, group_name, username):
    """A member of the group, signed in (staff sign-in factors are not what this test is about)."""
    user = User.objects.create_user(username, email=f"{username}@example.dk", password="ikke-brugt-her")
    user.groups.add(Group.objects.get(name=group_name))
    pass_two_step(client, user)
    return user


def _png():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 36), "#004993").save(buffer, "PNG")
    return SimpleUploadedFile("arbejdsplads.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def admin_content(db):
    """The site as `make run` loads it, plus what each group works on: an image, a document,
    a case story submitted for approval, and a registration for the first conference."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from cases import launch_content as library_content
    from cases.models import CaseIndexPage, CasePage
    from cases.moderation import ensure_groups_and_workflow
    from conferences import launch_content as conference_content
    from conferences.models import Registration
    from home import launch_content
    from home.launch_content import ensure_root

    ensure_root()
    log = launch_content.ContentLog(lambda line: None)
    launch_content.load(log)
    library_content.load(log, demo=True)
    conferences = conference_content.load(log)
    ensure_groups_and_workflow()

    library = CaseIndexPage.objects.get()
    case = CasePage.objects.live().order_by("pk").first()
    submitted = CasePage(
        title="Jobmatch på lageret",
        slug="jobmatch-paa-lageret",
        lead="En ny medarbejder i fleksjob fandt sin plads på lageret.",
        municipality="faxe",
        workplace="Lageret Nord",
        sector="teknik-og-miljoe",
        target_group="Ledige i fleksjob",
    )
    library.add_child(instance=submitted)
    editor = User.objects.create_user("forfatter", email="forfatter@example.dk")
    submitted.save_revision(user=editor)
    library.get_workflow().start(submitted, editor)
    submitted.refresh_from_db()

    image = get_image_model().objects.create(
        title="Lageret", description="To kolleger pakker varer på lageret.", file=_png()
    )
    document = get_document_model().objects.create(
        title="Politik for inkluderende beskæftigelse",
        file=SimpleUploadedFile("politik.txt", b"Politikken."),
    )
    now = timezone.now()
    registration = Registration.objects.create(
        conference=conferences[0],
        status=Registration.Status.CONFIRMED,
        seat=1,
        name="Mette Hansen",
        email="mette@example.dk",
        organisation="Hjemmeplejen Syd",
        municipality="Aarhus",
        role="leder",
        consent_text="Jeg giver samtykke.",
        consented_at=now,
        created_at=now,
        confirmed_at=now,
    )
    return {
        "library": library,
        "case": case,
        "submitted": submitted,
        "image": image,
        "document": document,
        "conference": conferences[0],
        "registration": registration,
    }


def page_screens(content):
    library, case, submitted = content["library"], content["case"], content["submitted"]
    return [
        ("/admin/", ["Rummelighed i praksis", "Sider", "Billeder"]),
        ("/admin/pages/", ["Sider", "Titel", "Opdateret"]),
        (f"/admin/pages/{library.pk}/", ["Gode erfaringer", "Tilføj underside", "Sidens status nu:"]),
        (f"/admin/pages/{case.pk}/edit/", ["Redigerer Erfaring", "Indhold", "Promovering", "Forhåndsvis"]),
        (f"/admin/pages/{submitted.pk}/edit/", ["Til godkendelse", "Vælg et billede"]),
        (f"/admin/pages/add/cases/casepage/{library.pk}/", ["Ny: Erfaring", "Sidens titel", "Gem kladde"]),
        (f"/admin/pages/{case.pk}/history/", ["Historik"]),
        ("/admin/pages/search/?q=tillid", ["Søg", "sider"]),
        ("/admin/images/", ["Billeder", "Tilføj et billede", "Lageret"]),
        (f"/admin/images/{content['image'].pk}/", ["Lageret", "Fokuspunkt", "Beskrivelse"]),
        ("/admin/images/multiple/add/", ["Tilføj billeder", "Eller vælg fra din computer"]),
        ("/admin/documents/", ["Dokumenter", "Tilføj et dokument"]),
        (f"/admin/documents/edit/{content['document'].pk}/", ["Politik for inkluderende beskæftigelse"]),
        ("/admin/documents/multiple/add/", ["Tilføj dokumenter"]),
        ("/admin/snippets/cases/value/", ["Værdier", "Tillid"]),
        ("/admin/reports/workflow/", ["Arbejdsgange", "Jobmatch på lageret"]),
        ("/admin/reports/site-history/", ["Sitets historik", "Handling"]),
        ("/admin/reports/erfaringer-til-gennemgang/", ["Erfaringer til gennemgang"]),
        ("/admin/account/", ["Konto", "Profil"]),
        # the choosers the editor opens from a page (modals: their HTML comes as JSON)
        ("/admin/images/chooser/", ["Vælg et billede", "Upload", "Lageret"]),
        ("/admin/documents/chooser/", ["Vælg et dokument"]),
        (f"/admin/choose-page/{library.pk}/", ["Vælg en side", "Gode erfaringer"]),
        (f"/admin/pages/{submitted.pk}/workflow_history/", ["Arbejdsgangens historik"]),
    ]


def walk(client, screens):
    """Request each screen; collect what fails (status, English, missing Danish)."""
    problems = []
    for url, danish in screens:
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: svarede {response.status_code}")
            continue
        html = response.content.decode()
        if response["Content-Type"] == "application/json":  # a modal: its HTML in JSON
            html = json.loads(html)["html"]
        text = readable_text(html)
        if english := english_in(text):
            problems.append(f"{url}: engelsk {english}")
        if missing := [phrase for phrase in danish if phrase not in text]:
            problems.append(f"{url}: mangler {missing}")
    return problems


def refused(client, urls):
    """Screens the group may not use: each one is refused (a redirect to the dashboard with a
    Danish message, or 403/404)."""
    problems = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 200:
            problems.append(f"{url}: blev vist")
    return problems


def test_an_editor_walks_the_admin_in_danish(client, admin_content):
    sign_in(client, EDITORS, "redaktoer")
    problems = walk(client, page_screens(admin_content))
    registration = admin_content["registration"]
    problems += refused(client, ["/admin/tilmeldinger/", f"/admin/tilmeldinger/inspect/{registration.pk}/"])
    assert not problems, "\n".join(problems)


def test_a_moderator_walks_the_admin_in_danish(client, admin_content):
    sign_in(client, MODERATORS, "moderator")
    submitted = admin_content["submitted"]
    task_state = submitted.current_workflow_task_state
    screens = page_screens(admin_content) + [
        ("/admin/", ["Venter på din godkendelse", "Jobmatch på lageret", "Godkend med kommentar"]),
        (f"/admin/pages/{submitted.pk}/edit/", ["Godkend og udgiv", "Bed om ændringer"]),
        (f"/admin/snippets/cases/value/edit/{Value.objects.first().pk}/", ["Værdi", "Gem"]),
        ("/admin/reports/locked/", ["Låste sider"]),
        ("/admin/reports/aging-pages/", ["Sider efter alder", "System"]),
        (f"/admin/pages/workflow/action/{submitted.pk}/approve/{task_state.pk}/", ["Godkend med kommentar"]),
    ]
    problems = walk(client, screens)
    problems += refused(client, ["/admin/tilmeldinger/", "/admin/anonyme-tal/"])
    assert not problems, "\n".join(problems)


def test_an_organiser_walks_the_admin_in_danish_and_edits_only_the_conferences(client, admin_content):
    from conferences.organiser_access import ensure_organiser_access

    ensure_organiser_access()  # the conference section was loaded after the migration ran
    sign_in(client, ORGANISERS, "arrangoer")
    registration, conference = admin_content["registration"], admin_content["conference"]
    index = conference.get_parent()
    screens = [
        ("/admin/", ["Kommende konferencer", "Tilmeldinger", "Indtjekning", "Sider"]),
        ("/admin/tilmeldinger/", ["Tilmeldinger", "Mette Hansen", "Hent CSV"]),
        (f"/admin/tilmeldinger/inspect/{registration.pk}/", ["Mette Hansen", "Afmeldt", "–"]),
        (f"/admin/tilmeldinger/edit/{registration.pk}/", ["Mette Hansen", "Gem"]),
        ("/admin/tilmeldinger/indtjekning/", ["Indtjekning"]),
        (f"/admin/tilmeldinger/indtjekning/{conference.pk}/", ["Mette Hansen"]),
        ("/admin/anonyme-tal/", ["Anonyme tal"]),
        ("/admin/reports/site-history/", ["Sitets historik"]),
        ("/admin/account/", ["Konto"]),
        # the page editor of their conference section, and what it opens
        (f"/admin/pages/{index.pk}/", ["Konferencer", "Rummelighed i praksis", "Tilføj underside"]),
        (
            f"/admin/pages/{conference.pk}/edit/",
            ["Redigerer", "Tilmelding", "Pladser", "Venteliste", "Program", "Udgiv", "Forhåndsvis"],
        ),
        (f"/admin/pages/add/conferences/conferencepage/{index.pk}/", ["Sidens titel", "Gem kladde"]),
        (f"/admin/pages/{conference.pk}/history/", ["Historik"]),
        ("/admin/documents/", ["Dokumenter", "Tilføj et dokument"]),
        ("/admin/documents/multiple/add/", ["Tilføj dokumenter"]),
        ("/admin/documents/chooser/", ["Vælg et dokument"]),
        ("/admin/images/chooser/", ["Vælg et billede", "Upload"]),
        ("/admin/snippets/home/speaker/", ["Oplægsholdere"]),
    ]
    problems = walk(client, screens)
    library, case, submitted = admin_content["library"], admin_content["case"], admin_content["submitted"]
    home = library.get_parent()
    problems += refused(
        client,
        [
            # the library and the home page: not in their explorer, not in their editor
            f"/admin/pages/{library.pk}/",
            f"/admin/pages/{library.pk}/edit/",
            f"/admin/pages/{case.pk}/edit/",
            f"/admin/pages/{submitted.pk}/edit/",
            f"/admin/pages/add/cases/casepage/{library.pk}/",
            f"/admin/pages/{home.pk}/edit/",
            f"/admin/documents/edit/{admin_content['document'].pk}/",
            f"/admin/images/{admin_content['image'].pk}/",
            "/admin/reports/erfaringer-til-gennemgang/",
            "/admin/snippets/cases/value/",
            # nor anyone's groups, users, workflows or settings
            "/admin/groups/",
            "/admin/users/",
            "/admin/workflows/list/",
            "/admin/sites/",
        ],
    )
    assert not problems, "\n".join(problems)

    # What lists files and pages shows theirs only: not the library's document or image.
    assert "Politik for inkluderende" not in client.get("/admin/documents/").content.decode()
    assert "Lageret" not in json.loads(client.get("/admin/images/chooser/").content)["html"]
    explorer = readable_text(client.get("/admin/pages/search/?q=erfaringer").content.decode())
    assert "Gode erfaringer" not in explorer
    dashboard = readable_text(client.get("/admin/").content.decode())
    assert "Erfaringer til gennemgang" not in dashboard  # nor the library's review report in the menu


def test_an_inspected_registration_shows_a_dash_for_what_is_empty(client, admin_content):
    sign_in(client, ORGANISERS, "arrangoer")
    registration = admin_content["registration"]
    soup = BeautifulSoup(client.get(f"/admin/tilmeldinger/inspect/{registration.pk}/").content, "html.parser")
    values = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in soup.find_all("dt")
    }
    assert values["Afmeldt"] == "–"
    assert values["Kosthensyn"] == "–"
    assert values["Navn"] == "Mette Hansen"


def test_the_editors_javascript_speaks_danish(client, admin_content):
    """Buttons the editor draws in the browser (»Fold alle sammen«) come from the JavaScript
    catalogue, which must hold the project's Danish."""
    sign_in(client, EDITORS, "redaktoer")
    catalogue = client.get("/admin/jsi18n/").content.decode()
    translations = json.loads(re.search(r"const newcatalog = (\{.*?\});", catalogue, re.S).group(1))
    assert translations["Collapse all"] == "Fold alle sammen"
    assert translations["Expand all"] == "Fold alle ud"
    assert translations["Changes have been autosaved."] == "Ændringerne er gemt automatisk."
