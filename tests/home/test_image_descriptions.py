"""Every image has a description, its default alt text: the admin does not save one without."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

from home.forms import IMAGE_DESCRIPTION_HELP
from home.launch_content import ensure_root

pytestmark = pytest.mark.django_db

Image = get_image_model()


def png(name="lageret.png"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (80, 45), "#358000").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def collection(db):
    ensure_root()
    return Collection.get_first_root_node()


def test_an_image_without_a_description_is_not_saved(admin_client, collection):
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "Lageret", "file": png(), "collection": collection.pk, "description": " "},
    )
    assert response.status_code == 200
    assert not Image.objects.exists()
    assert (
        "Skriv en beskrivelse af billedet: den læses op for dem, der ikke kan se det."
        in response.content.decode()
    )

    response = admin_client.post(
        "/admin/images/add/",
        {
            "title": "Lageret",
            "file": png(),
            "collection": collection.pk,
            "description": "To kolleger pakker varer på lageret.",
        },
    )
    assert response.status_code == 302
    assert Image.objects.get().description == "To kolleger pakker varer på lageret."


@pytest.mark.parametrize("useless", ["IMG_2041.jpg", "Billede", "foto af"])
def test_a_file_name_or_billede_is_not_a_description(admin_client, collection, useless):
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "Lageret", "file": png(), "collection": collection.pk, "description": useless},
    )
    assert not Image.objects.exists()
    assert "et filnavn eller »billede« siger det ikke" in response.content.decode()


def test_the_description_field_is_labelled_and_explained_in_danish(admin_client, collection):
    soup = BeautifulSoup(admin_client.get("/admin/images/add/").content, "html.parser")
    label = soup.select_one('label[for="id_description"]').get_text(" ", strip=True)
    assert label.startswith("Beskrivelse (alternativ tekst)")
    assert soup.select_one("#id_description").has_attr("required")
    assert IMAGE_DESCRIPTION_HELP in soup.get_text(" ", strip=True)


def test_a_multiple_upload_becomes_an_image_only_once_it_is_described(admin_client, collection):
    response = admin_client.post(
        "/admin/images/multiple/add/", {"files[]": png(), "collection": collection.pk}
    )
    data = response.json()
    assert data["success"]
    assert not Image.objects.exists()  # held as an upload until it has a description
    upload = UploadedFile.objects.get(pk=data["uploaded_file_id"])
    assert "Beskrivelse (alternativ tekst)" in data["form"]

    url = f"/admin/images/multiple/create_from_uploaded_image/{upload.pk}/"
    prefix = f"uploaded-image-{upload.pk}"
    fields = {f"{prefix}-title": "Lageret", f"{prefix}-collection": collection.pk, f"{prefix}-tags": ""}
    refused = admin_client.post(url, {**fields, f"{prefix}-description": ""}).json()
    assert not refused["success"] and not Image.objects.exists()

    saved = admin_client.post(
        url, {**fields, f"{prefix}-description": "To kolleger pakker varer på lageret."}
    )
    assert saved.json()["success"]
    assert Image.objects.get().description == "To kolleger pakker varer på lageret."
