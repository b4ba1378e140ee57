from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from cases.models import Value
from home.models import HomePage, PolicyPage, SiteSettings


def _snapshot():
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "slug", "title", "live")),
        "revisions": Revision.objects.count(),
        "values": list(Value.objects.values_list("slug", "name", "description")),
        "settings": list(SiteSettings.objects.values_list("organisation_name", "email")),
    }


@pytest.mark.django_db
def test_content_is_published_and_every_page_answers(client, admin_client):
    out = StringIO()
    call_command("load_site_content", stdout=out)
    assert "Oprettet: politik »Inkluderende beskæftigelsespolitik«" in out.getvalue()

    live_pages = Page.objects.live().filter(depth__gte=2).specific()
    assert live_pages.count() >= 6
    for page in live_pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        edit = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert edit.status_code == 200, f"edit view of {page.url}"

    before = _snapshot()
    out = StringIO()
    call_command("load_site_content", stdout=out)
    assert "intet ændret" in out.getvalue()
    assert _snapshot() == before


@pytest.mark.django_db
def test_policy_holds_every_section_and_the_four_values(client, launch_content):
    policy = PolicyPage.objects.get()
    assert [block.value["heading"] for block in policy.sections] == [
        "Indledning",
        "Formål",
        "Målgruppe",
        "Vision",
    ]
    assert policy.approved_by == "Byrådet"
    assert policy.approved_on.isoformat() == "2011-06-22"

    html = client.get(policy.url).content.decode()
    for heading in ("Indledning", "Formål", "Målgruppe", "Vision", "Værdier"):
        assert f">{heading}</h2>" in html
    for name, sentence in [
        ("Dialog", "Dialogen mellem omsorg og beskæftigelse skal være velkoordineret"),
        ("Anerkendelse", "Borgernes ressourcer skal anerkendes"),
        ("Tillid", "Faxe Kommune udviser tillid til borgers evne"),
        ("Helhed", "Faxe Kommunes indsats fremstå som koordineret og sammenhængende"),
    ]:
        assert name in html
        assert sentence in html
    assert "22. juni 2011" in html
    assert "Sidst opdateret" in html


@pytest.mark.django_db
def test_home_page_is_the_site_root_and_links_the_policy(client, launch_content):
    assert isinstance(launch_content, HomePage)
    html = client.get("/").content.decode()
    assert 'lang="da"' in html
    assert 'href="/inkluderende-beskaeftigelsespolitik/"' in html
    assert "Inddragelse og retning er godt for inklusionen" in html
    # Wagtail's welcome page is gone.
    assert not Page.objects.filter(title__startswith="Welcome").exists()
