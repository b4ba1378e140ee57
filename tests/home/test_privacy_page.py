"""The privacy page says what the code does, and reaches existing installs that never edited it."""

import copy

import pytest
from bs4 import BeautifulSoup

from home import launch_content
from home.models import StandardPage

pytestmark = pytest.mark.django_db


def load(content=None):
    lines = []
    launch_content.load(launch_content.ContentLog(lines.append), content=content)
    return lines


def with_earlier_privacy_text(version=0):
    """launch.json with an earlier privacy text: the first one (before the text was rewritten)
    by default, -1 for the one just before the current text."""
    content = launch_content.read_content(launch_content.CONTENT_FILE)
    earlier = launch_content.read_content(launch_content.SUPERSEDED_FILE)["privatlivspolitik"][version]
    for spec in content["standard_pages"]:
        if spec["slug"] == "privatlivspolitik":
            spec.update(lead=earlier["lead"], body=earlier["body"])
    return content


def privacy_text(client):
    page = StandardPage.objects.get(slug="privatlivspolitik")
    return BeautifulSoup(client.get(page.url).content, "html.parser").get_text(" ")


def test_the_privacy_page_describes_registration_data_as_the_code_handles_it(client, launch_content):
    from conferences.models import ConferencePage
    from conferences.models.pages import DEFAULT_CONSENT_TEXT

    text = privacy_text(client)
    for collected in ("navn", "e-mailadresse", "arbejdsplads", "kommune", "rolle", "kost", "tilgængelighed"):
        assert collected in text
    assert "Konferenceansvarlige" in text  # who sees it
    assert "Sitets øvrige redaktører kan ikke se tilmeldinger" in text
    retention = ConferencePage._meta.get_field("retention_days").default
    reminder = ConferencePage._meta.get_field("reminder_days_before").default
    assert f"normalt {retention} dage efter konferencen" in text
    assert f"senest {retention} dage efter" in DEFAULT_CONSENT_TEXT
    assert f"normalt {reminder} dage før" in text
    assert "Slet mine oplysninger" in text and "anonyme tal" in text and "JSON" in text


def test_an_untouched_earlier_privacy_page_gets_the_new_text_once(client):
    load(with_earlier_privacy_text())
    assert "Konferenceansvarlige" not in privacy_text(client)
    lines = load()
    assert "Opdateret: standardside »Privatlivspolitik« har fået den nye lanceringstekst" in lines
    assert "Konferenceansvarlige" in privacy_text(client)
    assert not any(line.startswith("Opdateret") for line in load())  # the second run changes nothing


def test_a_privacy_page_from_before_shared_cases_gets_the_section_about_them(client):
    load(with_earlier_privacy_text(-1))
    assert "Når du deler din erfaring" not in privacy_text(client)
    load()
    assert "Når du deler din erfaring" in privacy_text(client)


def test_a_privacy_page_an_editor_changed_is_left_alone(client):
    load(with_earlier_privacy_text())
    page = StandardPage.objects.get(slug="privatlivspolitik")
    body = copy.deepcopy(page.body.raw_data)
    body[1]["value"] = "<p>Vores egen tekst.</p>"
    page.body = body
    page.save_revision().publish()
    lines = load()
    assert not any(line.startswith("Opdateret") for line in lines)
    assert "Vores egen tekst." in privacy_text(client)
