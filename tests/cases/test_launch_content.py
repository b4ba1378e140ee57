"""The library's launch content: index, schemes, guidance article, demo cases, redirects."""

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page

from cases import launch_content as library_content
from cases.models import CaseIndexPage, CasePage, GuidancePage, Scheme, Value
from home import launch_content
from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db

ARTICLE = "inddragelse-og-retning-er-godt-for-inklusionen"


def quiet():
    return launch_content.ContentLog(lambda line: None)


def test_index_is_in_the_main_navigation_and_holds_the_guidance_article(client, library):
    assert library.url == "/gode-erfaringer/"
    assert library.show_in_menus
    home_html = BeautifulSoup(client.get("/").content, "html.parser")
    menu = [a.get_text(strip=True) for a in home_html.select(".navigation-menu nav a.nav-link")]
    assert menu[:2] == ["Forside", "Gode erfaringer"]

    guidance = GuidancePage.objects.get()
    assert guidance.url == f"/gode-erfaringer/{ARTICLE}/"
    assert guidance.first_published_at.date() == datetime.date(2017, 3, 20)
    assert guidance.source_publisher == "Forhandlingsfællesskabet og KL"
    assert guidance.source_date == datetime.date(2017, 3, 20)
    assert [block.value["title"] for block in guidance.key_points][0] == (
        "Inklusion er besluttet og prioriteret centralt"
    )
    html = client.get(guidance.url).content.decode()
    assert "Ledelsen tager ansvar for hvert enkelt forløb" in html
    assert "20. marts 2017" in html
    assert set(Scheme.objects.values_list("slug", flat=True)) >= {
        "virksomhedspraktik",
        "loentilskud",
        "fleksjob",
        "beskyttet-beskaeftigelse",
    }


def test_the_old_article_address_redirects_permanently(client, library):
    response = client.get(f"/{ARTICLE}/")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/gode-erfaringer/{ARTICLE}/")


def test_the_home_page_features_the_article_and_shows_the_library(client, library):
    home = HomePage.objects.get()
    featured = [block.value["page"].specific for block in home.featured]
    assert [type(page) for page in featured] == [GuidancePage, type(home.policy_page)]
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    section = soup.select_one("section[aria-labelledby=cases-heading]")
    assert section.find("a", href="/gode-erfaringer/")
    assert section.find("a", href="/gode-erfaringer/vaerdi/tillid/")


def test_an_existing_install_with_the_article_as_standard_page_is_converted(client, db):
    """Before the library, the article was a StandardPage under the home page, featured there."""
    content = launch_content.read_content()
    article = {
        "title": "Inddragelse og retning er godt for inklusionen",
        "slug": ARTICLE,
        "lead": "Gammel standardside.",
        "first_published_at": "2017-03-20T09:00:00+01:00",
        "body": [],
    }
    content["standard_pages"] = [article, *content["standard_pages"]]
    content["home"]["featured_slugs"] = [ARTICLE, "inkluderende-beskaeftigelsespolitik"]
    launch_content.ensure_root()
    home = launch_content.load(quiet(), content=content)
    old = StandardPage.objects.get(slug=ARTICLE)
    assert client.get(f"/{ARTICLE}/").status_code == 200

    out = StringIO()
    call_command("load_site_content", stdout=out)
    assert not StandardPage.objects.filter(pk=old.pk).exists()
    guidance = GuidancePage.objects.get(slug=ARTICLE)
    assert guidance.first_published_at.date() == datetime.date(2017, 3, 20)
    home = HomePage.objects.get(pk=home.pk)
    assert [block.value["page"].pk for block in home.featured][0] == guidance.pk
    response = client.get(f"/{ARTICLE}/")
    assert response.status_code == 301
    assert response["Location"].endswith(guidance.url)
    assert client.get("/").status_code == 200

    # Idempotent: a second run changes nothing.
    before = list(Page.objects.order_by("path").values_list("path", "slug", "live"))
    out = StringIO()
    call_command("load_site_content", stdout=out)
    assert "intet ændret" in out.getvalue()
    assert list(Page.objects.order_by("path").values_list("path", "slug", "live")) == before


def test_demo_cases_cover_every_scheme_and_value_and_are_marked_as_examples(client, demo_library):
    cases = CasePage.objects.live()
    assert cases.count() >= 8
    assert set(Scheme.objects.filter(library_pages__in=cases).values_list("slug", flat=True)) == set(
        Scheme.objects.values_list("slug", flat=True)
    )
    assert set(Value.objects.filter(library_pages__in=cases).values_list("slug", flat=True)) == {
        "dialog",
        "anerkendelse",
        "tillid",
        "helhed",
    }
    for case in cases:
        assert case.lead.startswith("Eksempel:")
        html = client.get(case.url).content.decode()
        assert "illustrativt eksempel" in html
        assert "(opdigtet)" in case.workplace


def test_demo_content_is_idempotent(demo_library):
    before = list(Page.objects.order_by("path").values_list("path", "slug", "title", "live"))
    library_content.load(quiet(), demo=True)
    assert list(Page.objects.order_by("path").values_list("path", "slug", "title", "live")) == before


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


def test_scheduled_publishing_publishes_a_case(library, make_case):
    from django.utils import timezone
    from wagtail.models import Revision

    case = make_case("Planlagt")
    case.unpublish()
    case = CasePage.objects.get(pk=case.pk)
    case.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = case.save_revision()
    revision.publish()
    assert not CasePage.objects.get(pk=case.pk).live  # scheduled, not yet live
    # An hour later (moved in the database rather than on the clock):
    past = timezone.now() - datetime.timedelta(seconds=1)
    revision = Revision.objects.get(pk=revision.pk)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled", stdout=StringIO())
    assert CasePage.objects.get(pk=case.pk).live


def test_index_exists_once(library):
    library_content.load(quiet())
    assert CaseIndexPage.objects.count() == 1


def test_value_pages_are_in_the_sitemap(client, library):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/gode-erfaringer/vaerdi/tillid/</loc>" in xml
    assert "/gode-erfaringer/inddragelse-og-retning-er-godt-for-inklusionen/</loc>" in xml
