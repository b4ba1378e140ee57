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
    content = launch_content.read_content(launch_content.CONTENT_FILE)
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


def test_index_exists_once(library):
    library_content.load(quiet())
    assert CaseIndexPage.objects.count() == 1
