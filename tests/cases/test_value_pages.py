"""The values' landing pages in the library: linked from the policy and back, in the sitemap."""

import pytest
from bs4 import BeautifulSoup

from cases.models import CasePage, Value

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("demo_library")]


def test_policy_values_link_to_their_landing_pages_and_back(client, demo_library):
    policy_html = BeautifulSoup(client.get("/inkluderende-beskaeftigelsespolitik/").content, "html.parser")
    links = [a["href"] for a in policy_html.select(".policy-values .value-card a")]
    assert links == [
        f"/gode-erfaringer/vaerdi/{slug}/" for slug in ("dialog", "anerkendelse", "tillid", "helhed")
    ]

    value_html = BeautifulSoup(client.get("/gode-erfaringer/vaerdi/tillid/").content, "html.parser")
    assert value_html.h1.get_text() == "Tillid"
    assert "Faxe Kommune udviser tillid til borgers evne" in value_html.get_text()
    assert value_html.find("a", href="/inkluderende-beskaeftigelsespolitik/#vaerdier")
    listed = {a.get_text(strip=True) for a in value_html.select(".library-results .card-heading a")}
    expected = set(CasePage.objects.filter(values__slug="tillid").values_list("title", flat=True))
    assert listed == expected | {"Inddragelse og retning er godt for inklusionen"}


def test_policy_page_value_links_cost_one_query(client, library, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    values = list(Value.objects.all())
    with CaptureQueriesContext(connection) as queries:
        urls = [value.url for value in values]
    assert len(queries) <= 2  # the index, and at most the site root paths once
    assert urls[0] == "/gode-erfaringer/vaerdi/dialog/"


def test_value_pages_are_in_the_sitemap(client, library):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/gode-erfaringer/vaerdi/tillid/</loc>" in xml
    assert "/gode-erfaringer/inddragelse-og-retning-er-godt-for-inklusionen/</loc>" in xml
