"""Editors' uploads: a document is not public until the page that uses it is published, is served
as a download unless it is a PDF, and only harmless file types can be uploaded."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images.tests.utils import get_test_image_file

from home.models import StandardPage

pytestmark = pytest.mark.django_db

Document = get_document_model()


@pytest.fixture
def page(home_page):
    page = StandardPage(title="Om sitet", slug="om-sitet")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def _upload(name, content=b"indhold"):
    document = Document(title=name)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def _use(page, document):
    page.body = [("document", {"document": document, "title": ""})]
    return page.save_revision()


def test_a_new_upload_is_not_public_until_the_page_using_it_is_published(client, page):
    document = _upload("budget-udkast.docx")
    assert client.get(document.url).status_code == 404
    assert client.get("/api/v2/documents/").json()["meta"]["total_count"] == 0

    _use(page, document)  # a draft only
    assert client.get(document.url).status_code == 404

    page.get_latest_revision().publish()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert [item["id"] for item in client.get("/api/v2/documents/").json()["items"]] == [document.pk]


def test_a_draft_that_drops_a_document_leaves_it_public_until_published(client, page):
    document = _upload("politik.docx")
    _use(page, document).publish()
    page.body = []
    page.save_revision()  # the live page still links the document
    assert client.get(document.url).status_code == 200
    page.get_latest_revision().publish()
    assert client.get(document.url).status_code == 404


def test_editors_can_open_documents_before_they_are_published(client, page, django_user_model, sign_in):
    document = _upload("udkast.docx")
    editor = django_user_model.objects.create_superuser("r", "r@example.dk", "x")
    sign_in(client, editor)
    assert client.get(document.url).status_code == 200


def test_a_pdf_opens_in_the_browser_and_everything_else_downloads(client, page):
    pdf, text = _upload("politik.pdf", b"%PDF-1.4\n"), _upload("noter.txt", b"<script>alert(1)</script>")
    page.body = [("document", {"document": pdf, "title": ""}), ("document", {"document": text, "title": ""})]
    page.save_revision().publish()
    assert client.get(pdf.url)["Content-Disposition"].startswith("inline")
    response = client.get(text.url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def _admin_upload(client, name):
    data = {
        "title": name,
        "file": ContentFile(b"<html><script>alert(1)</script>", name=name),
        "collection": 1,
    }
    return client.post("/admin/documents/add/", data)


@pytest.mark.parametrize("name", ["side.html", "billede.svg", "script.js", "arkiv.zip", "makro.docm"])
def test_files_a_browser_would_run_cannot_be_uploaded(admin_client, page, name):
    response = _admin_upload(admin_client, name)
    assert response.status_code == 200  # the form again, with an error
    assert not Document.objects.exists()
    assert _admin_upload(admin_client, "notat.docx").status_code == 302  # the same upload as .docx
    assert Document.objects.count() == 1


def test_the_api_lists_only_images_that_published_pages_use(client, page):
    from wagtail.images import get_image_model

    Image = get_image_model()
    image = Image.objects.create(title="Nyt billede", file=get_test_image_file())
    assert client.get("/api/v2/images/").json()["meta"]["total_count"] == 0
    assert client.get(f"/api/v2/images/{image.pk}/").status_code == 404
    page.body = [("image", {"image": image, "caption": ""})]
    page.save_revision().publish()
    assert client.get("/api/v2/images/").json()["meta"]["total_count"] == 1
