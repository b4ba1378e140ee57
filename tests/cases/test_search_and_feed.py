"""Free-text search in the library, and the RSS/Atom feeds of a filtered view."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("library")]

ATOM = "{http://www.w3.org/2005/Atom}"


def result_titles(client, query):
    html = client.get("/gode-erfaringer/", query).content
    return {
        a.get_text(strip=True)
        for a in BeautifulSoup(html, "html.parser").select(".library-results .card-heading a")
    }


def test_search_finds_words_in_the_story(client, library, make_case):
    make_case("Køkkenet", body_text="Kokken fik ansvaret for salaterne.")
    make_case("Parken", body_text="Holdet plantede træer.")
    assert result_titles(client, {"q": "salaterne"}) == {"Køkkenet"}
    assert result_titles(client, {"q": "salaterne", "type": "vejledning"}) == set()


@pytest.mark.postgres
def test_search_finds_inflected_danish_words_on_postgresql(client, library, make_case):
    make_case("Praktik på rådhuset", body_text="Forløbene styrkede fællesskabet på arbejdspladserne.")
    make_case("Parken", body_text="Holdet plantede træer.")
    titles = result_titles(client, {"q": "arbejdsplads", "type": "erfaring"})
    assert titles == {"Praktik på rådhuset"}


def parse_rss(client, query=""):
    response = client.get("/gode-erfaringer/feed/" + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    return [item.findtext("title") for item in root.iter("item")], root


def test_feed_is_valid_rss_with_exactly_the_filtered_items(client, library, make_case):
    make_case("Tillid i Faxe", values=["tillid"], schemes=["fleksjob"])
    make_case("Dialog i Faxe", values=["dialog"], schemes=["fleksjob"])
    make_case("Tillid i Aarhus", values=["tillid"], municipality="aarhus")

    titles, root = parse_rss(client, "?vaerdi=tillid&ordning=fleksjob&type=erfaring")
    assert titles == ["Tillid i Faxe"]
    assert "Tillid" in root.findtext("channel/title")
    assert root.findtext("channel/link").endswith(
        "/gode-erfaringer/?vaerdi=tillid&ordning=fleksjob&type=erfaring"
    )
    item = next(root.iter("item"))
    assert item.findtext("link").endswith("/gode-erfaringer/erfaring-") is False
    assert "/gode-erfaringer/" in item.findtext("link")
    assert [category.text for category in item.iter("category")] == ["Tillid"]

    titles, _ = parse_rss(client)
    assert titles == [
        "Tillid i Aarhus",
        "Dialog i Faxe",
        "Tillid i Faxe",
        "Inddragelse og retning er godt for inklusionen",
    ]


def test_atom_feed_is_valid_xml_and_ignores_bad_parameters(client, library, make_case):
    make_case("Tillid i Faxe", values=["tillid"])
    response = client.get("/gode-erfaringer/feed/atom/?vaerdi=tillid&kommune=atlantis&side=x&type=erfaring")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    assert [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")] == ["Tillid i Faxe"]


def test_index_links_the_feed_of_the_current_view(client, library):
    soup = BeautifulSoup(client.get("/gode-erfaringer/?vaerdi=tillid").content, "html.parser")
    alternate = soup.select_one('link[rel="alternate"][type="application/rss+xml"]')
    assert alternate["href"] == "/gode-erfaringer/feed/?vaerdi=tillid"
    assert soup.find("a", href="/gode-erfaringer/feed/?vaerdi=tillid")
