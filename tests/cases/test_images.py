"""Image renditions are made when an image is saved, so no listing or page makes them in a request."""

import io
import logging

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.core.management import call_command
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.images.models import Rendition

from cases.generator import generate_cases
from home.images import BODY_IMAGE, CARD_IMAGE, RENDITIONS
from tests.cases.test_query_counts import count_queries

pytestmark = pytest.mark.django_db


def make_image(title="Foto fra plejecentret", size=(1200, 800), description=""):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, "#336699").save(buffer, "PNG")
    image = get_image_model()(title=title, description=description, file=ImageFile(buffer, name="foto.png"))
    image.save()
    return image


def specs(image):
    return set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))


def test_saving_an_image_makes_every_rendition_the_site_uses(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image()
    assert specs(image) == set(RENDITIONS)
    card = image.get_rendition(CARD_IMAGE)
    assert (card.width, card.height) == (640, 360)
    assert image.get_rendition(BODY_IMAGE).width == 800


def test_a_broken_image_file_is_logged_and_the_save_stands(django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image()
    image.file.storage.delete(image.file.name)  # the file vanished from the storage
    image.renditions.all().delete()
    with caplog.at_level(logging.ERROR, logger="home.images"):
        with django_capture_on_commit_callbacks(execute=True):
            image.title = "Nyt navn"
            image.save()
    assert get_image_model().objects.get(pk=image.pk).title == "Nyt navn"
    assert "Could not make renditions" in caplog.text


def test_the_command_makes_renditions_for_images_saved_before_the_rule():
    image = make_image()  # on_commit never runs inside the test's transaction
    assert specs(image) == set()
    output = io.StringIO()
    call_command("pregenerate_renditions", stdout=output)
    assert specs(image) == set(RENDITIONS)
    assert "1 billeder" in output.getvalue()
    call_command("pregenerate_renditions", stdout=io.StringIO())  # again: nothing new
    assert Rendition.objects.filter(image=image).count() == len(RENDITIONS)


def test_a_listing_of_20_cases_with_images_makes_no_rendition_in_the_request(client, library):
    generate_cases(library, 40, seed=11, publish=False)
    from cases.models import CasePage

    with_images = CasePage.objects.exclude(listing_image=None).count()
    assert with_images > 20
    renditions_before = Rendition.objects.count()
    response = client.get("/gode-erfaringer/")
    html = response.content.decode()
    assert response.status_code == 200
    assert Rendition.objects.count() == renditions_before
    assert html.count('class="card library-card long"') >= 5
    card_images = BeautifulSoup(html, "html.parser").select(".library-card .card-image img")
    assert len(card_images) == html.count('class="card library-card long"')
    assert all(img["alt"].startswith("Ensfarvet testbillede nr.") for img in card_images)
    assert "/media/images/" in html and ".webp" in html
    # The images cost the same few queries whatever the number of cards.
    urls = ("/gode-erfaringer/", "/gode-erfaringer/vaerdi/tillid/", "/")
    with_40 = {url: count_queries(client, url) for url in urls}
    generate_cases(library, 40, seed=12, publish=False)
    assert {url: count_queries(client, url) for url in urls} == with_40


def test_a_case_page_with_an_image_block_makes_no_rendition_in_the_request(
    client, make_case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image()
    case = make_case("Med billede")
    case.body.append(("image", {"image": image, "alt_text": "Kolleger ved et møde", "caption": ""}))
    case.save_revision().publish()
    renditions_before = Rendition.objects.count()
    response = client.get(case.url)
    assert response.status_code == 200
    assert 'alt="Kolleger ved et møde"' in response.content.decode()
    assert Rendition.objects.count() == renditions_before


def test_editors_choose_the_listing_image_on_both_library_page_types():
    from cases.models import CasePage, GuidancePage

    for model in (CasePage, GuidancePage):
        fields = [getattr(panel, "field_name", None) for panel in model.content_panels]
        assert "listing_image" in fields, model


def test_an_image_uploaded_in_the_admin_has_its_renditions_at_once(
    admin_client, library, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from wagtail.models import Collection

    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 900), "#8a2be2").save(buffer, "JPEG")
    upload = SimpleUploadedFile("fra-plejecentret.jpg", buffer.getvalue(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Fra plejecentret",
                "description": "En beboer og en medarbejder dækker bord i fællesstuen.",
                "file": upload,
                "collection": Collection.get_first_root_node().pk,
            },
        )
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Fra plejecentret")
    assert specs(image) == set(RENDITIONS)


def test_a_card_image_is_read_by_its_description(client, make_case):
    """The card's photo says what it shows (its required description); an image saved before
    descriptions were required is decorative rather than read out by its title."""
    images = {
        "Jobmatch på lageret": make_image("IMG_2041", description="To kolleger pakker varer på lageret."),
        "Fast plads i køkkenet": make_image("IMG_2042"),
    }
    for title, image in images.items():
        case = make_case(title)
        case.listing_image = image
        case.save_revision().publish()
    soup = BeautifulSoup(client.get("/gode-erfaringer/").content, "html.parser")
    alts = {
        card.select_one(".card-heading").get_text(strip=True): card.select_one(".card-image img")["alt"]
        for card in soup.select(".library-card.long")
    }
    assert alts == {
        "Jobmatch på lageret": "To kolleger pakker varer på lageret.",
        "Fast plads i køkkenet": "",
    }
