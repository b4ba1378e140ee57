"""One site address (SITE_URL), configured once: the Wagtail Site record, the sitemap, the API,
feeds, mails, robots.txt and Wagtail's admin links all use it; never http://localhost/."""

import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Site

from home.site_address import host_and_port

PUBLIC = "https://rummelighed.example.dk"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def public_address(settings):
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = PUBLIC
    settings.ALLOWED_HOSTS = ["*"]
    return PUBLIC


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://rummelighed.dk", ("rummelighed.dk", 443)),
        ("http://127.0.0.1:8011", ("127.0.0.1", 8011)),
        ("http://localhost", ("localhost", 80)),
    ],
)
def test_host_and_port_come_from_the_address(url, expected):
    assert host_and_port(url) == expected


@pytest.mark.django_db
def test_load_site_content_gives_the_site_record_the_configured_address_every_time(
    home_page, public_address, settings
):
    Site.objects.update(hostname="localhost", port=80)
    call_command("load_site_content", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("rummelighed.example.dk", 443, PUBLIC)

    settings.SITE_URL = "http://127.0.0.1:8011"
    out = StringIO()
    call_command("load_site_content", stdout=out)
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8011"
    assert "sitets adresse er nu http://127.0.0.1:8011" in out.getvalue()


@pytest.fixture
def public_site(launch_content, public_address):
    call_command("load_site_content", stdout=StringIO())
    return PUBLIC


@pytest.mark.django_db
def test_sitemap_lists_every_page_on_the_public_address(client, public_site):
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own sitemap
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert f"{PUBLIC}/inkluderende-beskaeftigelsespolitik/" in locations
    assert f"{PUBLIC}/gode-erfaringer/vaerdi/tillid/" in locations
    assert all(location.startswith(PUBLIC + "/") for location in locations), locations


@pytest.mark.django_db
def test_api_urls_use_the_public_address(client, public_site):
    data = client.get("/api/v2/pages/", {"type": "cases.GuidancePage", "fields": "*"}).json()
    [item] = data["items"]
    assert (
        item["meta"]["html_url"]
        == f"{PUBLIC}/gode-erfaringer/inddragelse-og-retning-er-godt-for-inklusionen/"
    )
    assert item["meta"]["detail_url"].startswith(f"{PUBLIC}/api/v2/pages/")


@pytest.mark.django_db
def test_robots_and_security_txt_name_the_public_address(client, public_site):
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in client.get("/robots.txt").content.decode()
    assert (
        f"Canonical: {PUBLIC}/.well-known/security.txt"
        in client.get("/.well-known/security.txt").content.decode()
    )


@pytest.mark.django_db
def test_a_filtered_atom_feed_is_rfc_4287_with_author_and_a_self_link_that_keeps_its_query(
    client, public_site
):
    response = client.get("/gode-erfaringer/feed/atom/", {"vaerdi": "tillid", "type": "vejledning"})
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    # RFC 4287 4.1.1: a feed has an id, a title, an updated date, and an author (none of the
    # entries has its own); it should have a rel="self" link.
    assert feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}title") and feed.findtext(f"{ATOM}updated")
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Forhandlingsfællesskabet"
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"{PUBLIC}/gode-erfaringer/feed/atom/?vaerdi=tillid&type=vejledning"
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        assert (
            entry.findtext(f"{ATOM}id")
            and entry.findtext(f"{ATOM}title")
            and entry.findtext(f"{ATOM}updated")
        )
        assert entry.find(f"{ATOM}link").get("href").startswith(PUBLIC + "/gode-erfaringer/")


@pytest.mark.django_db
def test_rss_links_use_the_public_address(client, public_site):
    response = client.get("/gode-erfaringer/feed/", {"vaerdi": "tillid"})
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    assert channel.findtext("link") == f"{PUBLIC}/gode-erfaringer/?vaerdi=tillid"
    assert all(link.text.startswith(PUBLIC) for link in channel.iter("link"))


@pytest.mark.django_db
def test_registration_mail_links_use_the_public_address(client, public_site, mailoutbox):
    from conferences import launch_content as conference_content
    from conferences import registration as service
    from conferences.models import ConferencePage
    from home.launch_content import ContentLog
    from tests.conferences.conftest import register_data, run_mail_queue

    conference_content.load(ContentLog(lambda line: None))
    conference = ConferencePage.objects.get(slug="aarhus")
    registration = service.register(conference, register_data(conference), form_token="t").registration
    run_mail_queue()
    [message] = mailoutbox
    assert f"{PUBLIC}/konferencer/aarhus/tilmelding/{registration.token}/" in message.body
    assert "localhost" not in message.body


def test_production_refuses_local_addresses_and_a_localhost_sender():
    from tests.test_deploy import PRODUCTION_ENV, _manage

    env = {**PRODUCTION_ENV, "SITE_URL": "http://localhost", "DEFAULT_FROM_EMAIL": "noreply@localhost"}
    result = _manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "home.E002" in result.stderr and "home.E003" in result.stderr
