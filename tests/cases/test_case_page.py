"""A case story's page: its facts, value and tag links, related cases and the copy-link button."""

import pytest
from bs4 import BeautifulSoup

from cases.models import CasePage

pytestmark = pytest.mark.django_db


def test_case_page_shows_dates_value_links_tags_related_and_copy_link(client, demo_library):
    case = CasePage.objects.get(slug="fast-plads-i-koekkenet")
    soup = BeautifulSoup(client.get(case.url).content, "html.parser")
    facts = soup.select_one(".library-facts").get_text(" ", strip=True)
    assert "Udgivet" in facts and "Sidst gennemgået" in facts
    assert soup.find("a", href="/gode-erfaringer/vaerdi/tillid/")
    assert soup.find("a", href="/gode-erfaringer/?tag=jobmatch")
    related = soup.select(".related-cases a")
    assert 1 <= len(related) <= 3
    share = soup.select_one("#share-url")
    assert share["readonly"] is not None and share["value"].endswith(case.url)
    button = soup.select_one(".js-copy-link")
    assert button.has_attr("hidden")  # shown by static/js/copy-link.js
    assert not soup.select("script:not([src])"), "no inline scripts (CSP)"
    assert not soup.select("[style]"), "no inline styles (CSP)"
    assert "d-print-none" in soup.select_one(".copy-link")["class"]


def test_related_cases_are_the_editors_choice_else_the_closest(library, make_case):
    from cases.models import RelatedCase

    a = make_case("A", values=["tillid", "dialog"], tags=["jobmatch"])
    close = make_case("Tæt på", values=["tillid", "dialog"], tags=["jobmatch"])
    near = make_case("Lidt på", values=["tillid"])
    far = make_case("Langt fra", values=["helhed"])
    assert a.related_cases() == [close, near]
    assert far not in a.related_cases()

    RelatedCase.objects.create(page=a, case=far, sort_order=0)
    a = CasePage.objects.get(pk=a.pk)
    assert a.related_cases() == [far]
