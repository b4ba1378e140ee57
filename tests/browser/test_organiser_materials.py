"""An organiser (Konferenceansvarlige, not a superuser) puts the slides of a talk on the
programme in Wagtail's page editor, in Chromium: uploads the PDF from the item's document
chooser (into the collection »Konferencer«), publishes, and the public page links to it at the
programme item. axe on the public page (the editor is Wagtail's own)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.documents import get_document_model

from conferences.models import ConferencePage
from conferences.organiser_access import COLLECTION_NAME, GROUP_NAME

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
FIRST_ITEM = "Når inklusion er besluttet og prioriteret"


@pytest.fixture
def conference(launch_content):
    from conferences import launch_content as conference_content
    from home.launch_content import ContentLog

    conference_content.load(ContentLog(lambda line: None))
    return ConferencePage.objects.get(slug="aarhus")


def test_an_organiser_uploads_slides_to_a_programme_item_and_they_are_on_the_public_page(
    live_server, conference, signed_in, assert_accessible, tmp_path
):
    organiser = get_user_model().objects.create_user("arrangoer", "a@kl.dk", "x")
    organiser.groups.add(Group.objects.get(name=GROUP_NAME))
    page = signed_in(organiser)
    slides_file = tmp_path / "inklusion.pdf"
    slides_file.write_bytes(PDF)

    page.goto(f"{live_server.url}/admin/pages/{conference.pk}/edit/", timeout=30_000)  # a long form
    assert page.locator("#programme-0-value-title").input_value() == FIRST_ITEM
    materials = page.locator("#block_group-programme-0-value-materials-section")
    materials.get_by_role("button", name="Vis/skjul afsnit").click()
    chooser = page.locator("#programme-0-value-materials-slides-chooser")
    chooser.get_by_role("button", name="Vælg et dokument").click()

    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Upload").click()
    modal.get_by_label("Titel").fill("Slides: inklusion i HovedMED")
    modal.locator("input[type=file]").set_input_files(str(slides_file))
    modal.get_by_role("button", name="Upload").click()
    modal.wait_for(state="hidden")
    assert chooser.locator("[data-chooser-title]").inner_text() == "Slides: inklusion i HovedMED"

    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name="Udgiv").click()
    page.wait_for_url(f"**/admin/pages/{conference.get_parent().pk}/")

    document = get_document_model().objects.get(title="Slides: inklusion i HovedMED")
    assert document.collection.name == COLLECTION_NAME

    page.goto(live_server.url + conference.url)
    link = page.get_by_role("link", name="Slides: Slides: inklusion i HovedMED (PDF)")
    assert link.get_attribute("href") == document.url
    item_with_slides = page.locator("li.programme-item").filter(has=link)
    assert item_with_slides.get_by_role("heading").inner_text() == FIRST_ITEM
    assert_accessible(page)
    assert page.request.get(live_server.url + document.url).body() == PDF
