"""What a page's <head> tells browsers, search engines and link previews: one description,
Open Graph title, description and image, and the site icon."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

CONTENT_PAGES = [
    "/",
    "/om-sitet/",
    "/inkluderende-beskaeftigelsespolitik/",
    "/gode-erfaringer/",
    "/gode-erfaringer/inddragelse-og-retning-er-godt-for-inklusionen/",
    "/gode-erfaringer/vaerdi/tillid/",
    "/konferencer/",
    "/konferencer/aarhus/",
]


@pytest.fixture
def site(launch_content):
    from conferences import launch_content as conference_content
    from home.launch_content import ContentLog

    conference_content.load(ContentLog(lambda line: None))
    return launch_content


def head(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser").head


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_every_content_page_has_exactly_one_description_and_open_graph_tags(client, site, path):
    tags = head(client, path)
    descriptions = tags.find_all("meta", attrs={"name": "description"})
    assert len(descriptions) == 1, path
    assert len(descriptions[0]["content"]) > 40
    og = {meta["property"]: meta["content"] for meta in tags.find_all("meta", property=True)}
    assert og["og:title"] and og["og:description"] and og["og:image"].startswith("http://testserver/")
    assert og["og:url"] == "http://testserver" + path


def test_a_page_without_search_description_is_described_by_its_lead(client, site):
    from home.models import StandardPage

    page = StandardPage.objects.get(slug="om-sitet")
    assert not page.search_description
    description = head(client, "/om-sitet/").find("meta", attrs={"name": "description"})["content"]
    assert description == page.lead


def test_the_value_page_has_its_own_description_once(client, site):
    from cases.models import Value

    tags = head(client, "/gode-erfaringer/vaerdi/tillid/")
    [description] = tags.find_all("meta", attrs={"name": "description"})
    assert description["content"] == Value.objects.get(slug="tillid").description


def test_a_library_page_with_a_listing_image_shares_it_in_the_share_size(client, site):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from cases.models import GuidancePage

    image = Image.objects.create(title="Kantinen", file=get_test_image_file(size=(1600, 900)))
    page = GuidancePage.objects.get()
    page.listing_image = image
    page.save_revision().publish()
    og_image = head(client, page.url).find("meta", property="og:image")["content"]
    assert og_image.startswith("http://testserver/media/") and "1200x630" in og_image


def test_favicon_ico_is_served_at_the_root_and_every_page_links_an_icon(client, site):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    icons = [link["href"] for link in head(client, "/").find_all("link", rel="icon")]
    assert "/favicon.ico" in icons and any(href.endswith(".svg") for href in icons)
