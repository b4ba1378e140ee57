"""Content that reads right: the KL article leads to the conferences, /was/ works, the
accessibility statement follows the EU model, the footer names one publisher with its own
details, conferences name whom to ask, and mails come from the configured sender."""

import copy

import pytest
from bs4 import BeautifulSoup

from home.launch_content import ContentLog
from home.models import SiteSettings

pytestmark = pytest.mark.django_db

KL_ARTICLE = "/gode-erfaringer/inddragelse-og-retning-er-godt-for-inklusionen/"


def quiet():
    return ContentLog(lambda line: None)


@pytest.fixture
def site(launch_content):
    from conferences import launch_content as conference_content

    conference_content.load(quiet())
    return launch_content


def soup_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def test_the_kl_articles_vil_du_hoere_mere_links_to_the_conferences(client, site):
    from conferences.models import ConferenceIndexPage

    heading = soup_of(client, KL_ARTICLE).find("h2", string="Vil du høre mere…")
    link = heading.find_next("p").find("a")
    assert link.get_text() == "Se konferencerne og tilmeld dig"
    assert link["href"] == ConferenceIndexPage.objects.get().url
    assert "Aarhus" in soup_of(client, link["href"]).get_text()


def test_an_install_with_the_old_article_text_gets_the_link_but_an_edited_article_is_kept(launch_content):
    from cases import launch_content as library_content
    from cases.models import GuidancePage

    GuidancePage.objects.all().delete()
    content = library_content.read_content(library_content.CONTENT_FILE)
    old = copy.deepcopy(content)
    old["guidance"]["body"] = content["guidance"]["superseded_bodies"][0]
    library_content.load(quiet(), content=old)
    assert "/konferencer/" not in str(GuidancePage.objects.get().body.raw_data)

    library_content.load(quiet())
    assert "/konferencer/" in str(GuidancePage.objects.get().body.raw_data)

    page = GuidancePage.objects.get()
    page.body = [{"type": "paragraph", "value": "<p>Redaktørens egen tekst.</p>"}]
    page.save_revision().publish()
    library_content.load(quiet())
    assert "Redaktørens egen tekst" in str(GuidancePage.objects.get().body.raw_data)


@pytest.mark.parametrize("path", ["/was", "/was/"])
def test_was_with_and_without_slash_leads_to_the_statement(client, site, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/tilgaengelighedserklaering/"


def test_the_accessibility_statement_follows_the_eu_model(client, site):
    soup = soup_of(client, "/tilgaengelighedserklaering/")
    main = soup.main
    headings = [h.get_text(strip=True) for h in main.find_all("h2")]
    for section in (
        "Overholdelsesstatus",
        "Ikke-tilgængeligt indhold",
        "Udarbejdelse af denne erklæring",
        "Feedback og kontaktoplysninger",
        "Håndhævelsesprocedure",
    ):
        assert section in headings
    text = main.get_text(" ", strip=True)
    assert "delvist i overensstemmelse" in text
    assert "udarbejdet den 1. december 2026" in text and "senest gennemgået den" in text
    feedback = main.find("h2", string="Feedback og kontaktoplysninger").find_next("ul")
    assert feedback.find("a", href="tel:33701300") and feedback.find("a", href="mailto:oao@oao.dk")


def test_the_statement_links_to_the_official_address_from_the_settings(client, site):
    site_settings = SiteSettings.objects.get()
    site_settings.accessibility_statement_url = "https://www.was.digst.dk/rummelighed-i-praksis"
    site_settings.phone = "70 10 10 10"
    site_settings.save()
    main = soup_of(client, "/tilgaengelighedserklaering/").main
    assert main.find("a", href="https://www.was.digst.dk/rummelighed-i-praksis")
    assert main.find("a", href="tel:70101010")  # the contact follows the settings too


def test_an_install_with_the_old_statement_gets_the_new_one(launch_content):
    from home import launch_content as home_content
    from home.models import StandardPage

    content = home_content.read_content(home_content.CONTENT_FILE)
    superseded = home_content.read_content(home_content.SUPERSEDED_FILE)
    page = StandardPage.objects.get(slug="tilgaengelighedserklaering")
    old = superseded["tilgaengelighedserklaering"][0]
    page.lead, page.body = old["lead"], old["body"]
    page.save_revision().publish()

    home_content.load(quiet(), content=content)
    assert "Overholdelsesstatus" in str(StandardPage.objects.get(pk=page.pk).body.raw_data)


def test_the_footer_names_the_publisher_with_its_own_details_and_the_partner_apart(client, site):
    footer = soup_of(client, "/").footer
    contact_column, about_column = footer.select(".footer-col")
    assert contact_column.h2.get_text(strip=True) == "Forhandlingsfællesskabet"
    assert "Islands Brygge 32D" in contact_column.get_text()
    assert "KL" not in contact_column.get_text()  # no organisation at another's address
    assert "udgives af Forhandlingsfællesskabet i samarbejde med KL" in about_column.get_text(" ", strip=True)
    links = {a.get_text(strip=True): a["href"] for a in about_column.find_all("a")}
    assert links["Om sitet"] == "/om-sitet/"
    assert soup_of(client, links["Om sitet"]).h1.get_text(strip=True) == "Om sitet"


def test_settings_with_the_old_launch_organisation_are_updated_but_an_editors_are_kept(launch_content):
    from home import launch_content as home_content

    site_settings = SiteSettings.objects.get()
    site_settings.organisation_name = "Forhandlingsfællesskabet og KL"
    site_settings.partners = ""
    site_settings.about_page = None
    site_settings.save()
    home_content.load(quiet())
    site_settings = SiteSettings.objects.get()
    assert (site_settings.organisation_name, site_settings.partners) == ("Forhandlingsfællesskabet", "KL")
    assert site_settings.about_page.slug == "om-sitet"

    site_settings.organisation_name = "KL"
    site_settings.save()
    home_content.load(quiet())
    assert SiteSettings.objects.get().organisation_name == "KL"


def test_each_conference_shows_whom_to_ask(client, site):
    section = soup_of(client, "/konferencer/aarhus/").find("h2", string="Spørgsmål om konferencen").parent
    assert "Forhandlingsfællesskabets sekretariat" in section.get_text()
    assert section.find("a", href="mailto:oao@oao.dk") and section.find("a", href="tel:33701300")


def test_a_conference_without_its_own_contact_falls_back_to_the_sites(client, site):
    from conferences.models import ConferencePage

    ConferencePage.objects.filter(slug="aarhus").update(contact_name="", contact_email="", contact_phone="")
    section = soup_of(client, "/konferencer/aarhus/").find("h2", string="Spørgsmål om konferencen").parent
    assert "Forhandlingsfællesskabet" in section.get_text()
    assert section.find("a", href="mailto:oao@oao.dk")


def test_mails_come_from_the_configured_sender_and_name_the_contact(site, settings, mailoutbox):
    from conferences import registration as service
    from conferences.models import ConferencePage
    from tests.conferences.conftest import register_data, run_mail_queue

    settings.DEFAULT_FROM_EMAIL = "Rummelighed i praksis <konference@rummelighed.example.dk>"
    conference = ConferencePage.objects.get(slug="aarhus")
    service.register(conference, register_data(conference), form_token="t")
    run_mail_queue()
    [message] = mailoutbox
    assert message.from_email == "Rummelighed i praksis <konference@rummelighed.example.dk>"
    assert message.reply_to == ["oao@oao.dk"]
    assert "Spørgsmål: Forhandlingsfællesskabets sekretariat, oao@oao.dk, tlf. 33 70 13 00" in message.body
