import pytest

from home.models import SiteSettings

pytestmark = pytest.mark.content_per_module("launch_content")


@pytest.mark.django_db
def test_footer_shows_contact_from_site_settings(client, launch_content):
    html = client.get("/").content.decode()
    assert '<h2 class="h4">Forhandlingsfællesskabet</h2>' in html
    assert "Islands Brygge 32D" in html
    assert 'href="mailto:oao@oao.dk"' in html
    assert 'href="tel:33701300"' in html
    assert ">Tilgængelighedserklæring</a>" in html
    assert 'href="/privatlivspolitik/">Privatlivspolitik (cookies)</a>' in html

    site_settings = SiteSettings.objects.get()
    site_settings.email = "kontakt@example.dk"
    site_settings.save()
    assert 'href="mailto:kontakt@example.dk"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_was_redirects_to_the_accessibility_statement_in_settings(client, launch_content):
    response = client.get("/was")
    assert response.status_code == 302
    assert response["Location"] == "/tilgaengelighedserklaering/"
    assert client.get(response["Location"]).status_code == 200

    site_settings = SiteSettings.objects.get()
    site_settings.accessibility_statement_url = "https://www.was.digst.dk/example"
    site_settings.save()
    assert client.get("/was")["Location"] == "https://www.was.digst.dk/example"


@pytest.mark.django_db
def test_page_skeleton_has_skip_link_navigation_breadcrumbs_and_one_main(client, launch_content):
    html = client.get("/om-sitet/").content.decode()
    assert '<a class="skipnav" href="#main-content">' in html
    assert html.count("<main") == 1
    assert 'aria-label="Hovedmenu"' in html
    assert 'aria-label="Brødkrumme"' in html
    from bs4 import BeautifulSoup

    crumbs = BeautifulSoup(html, "html.parser").select("nav.breadcrumbs li")
    assert [crumb.get_text(strip=True) for crumb in crumbs] == ["Forside", "Om sitet"]
    assert crumbs[-1]["aria-current"] == "page"
    assert crumbs[-1].find("a") is None


@pytest.mark.django_db
def test_main_navigation_lists_pages_shown_in_menus(client, launch_content):
    html = client.get("/").content.decode()
    assert 'href="/" class="nav-link" aria-current="page"><span>Forside</span>' in html
    assert "<span>Inkluderende beskæftigelsespolitik</span>" in html
    # Pages not marked for menus stay out of it.
    assert 'class="nav-link"><span>Om sitet</span>' not in html


@pytest.mark.django_db
def test_sitemap_and_robots(client, launch_content):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/inkluderende-beskaeftigelsespolitik/" in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()


@pytest.mark.django_db
def test_unknown_url_is_a_danish_404(client, launch_content):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_500_page_renders_without_database_or_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Der skete en fejl" in html
    assert 'lang="da"' in html


@pytest.mark.django_db
def test_breadcrumbs_for_a_view_under_a_page(rf, launch_content):
    from django.template import Context, Template

    from home.models import StandardPage

    page = StandardPage.objects.get(slug="om-sitet")
    page.breadcrumb_title = "Om sitet og os"
    html = Template('{% load navigation %}{% breadcrumbs subpage="Kontakt" %}').render(
        Context({"request": rf.get("/om-sitet/kontakt/"), "page": page})
    )
    assert 'href="/om-sitet/">Om sitet og os</a>' in html
    assert "Kontakt" in html
    assert html.count('aria-current="page"') == 1
