"""Editors' tools: snippet listings with search and export, the review report, generate_cases."""

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.models import CasePage
from cases.reports import cases_due_for_review

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "search", "found", "not_found"),
    [
        ("value", "Tillid", "Tillid", "Helhed"),
        ("scheme", "Fleksjob", "Fleksjob", "Løntilskud"),
        ("role", "HR", "HR", "Kolleger"),
    ],
)
def test_snippets_list_search_and_export(admin_client, library, model, search, found, not_found):
    url = f"/admin/snippets/cases/{model}/"
    assert admin_client.get(url).status_code == 200
    html = admin_client.get(url, {"q": search}).content.decode()
    assert (
        found in html and not_found not in BeautifulSoup(html, "html.parser").select_one("table").get_text()
    )
    export = admin_client.get(url, {"export": "csv"})
    assert export.status_code == 200
    assert found in export.getvalue().decode()
    assert admin_client.get(url, {"export": "xlsx"}).status_code == 200


def test_review_report_lists_cases_not_reviewed_for_12_months_oldest_first(admin_client, library, make_case):
    today = timezone.localdate()
    make_case("Ny", last_reviewed=today)
    make_case("Lige under et år", last_reviewed=today - datetime.timedelta(days=364))
    old = make_case("Gammel", last_reviewed=today - datetime.timedelta(days=400))
    oldest = make_case("Ældst", last_reviewed=today - datetime.timedelta(days=800))
    assert list(cases_due_for_review()) == [oldest, old]

    response = admin_client.get("/admin/reports/erfaringer-til-gennemgang/")
    assert response.status_code == 200
    titles = [a.get_text(strip=True) for a in BeautifulSoup(response.content, "html.parser").select("td a")]
    assert [title for title in titles if title in {"Ny", "Gammel", "Ældst", "Lige under et år"}] == [
        "Ældst",
        "Gammel",
    ]
    export = admin_client.get("/admin/reports/erfaringer-til-gennemgang/", {"export": "csv"})
    assert "Ældst" in export.getvalue().decode()


def test_review_report_is_in_the_reports_menu(admin_client, library):
    html = admin_client.get("/admin/").content.decode()
    assert "Erfaringer til gennemgang" in html


def test_generate_cases_creates_valid_live_cases_with_a_progress_bar(client, library):
    out = StringIO()
    call_command("generate_cases", "5", "--seed", "7", stdout=out)
    assert "5/5" in out.getvalue() and "[" in out.getvalue()
    cases = CasePage.objects.live()
    assert cases.count() == 5
    for case in cases:
        case.full_clean()
        assert case.value_list and case.tag_list
        assert client.get(case.url).status_code == 200
    call_command("generate_cases", "3", stdout=StringIO())
    assert CasePage.objects.count() == 8


def test_generate_cases_needs_the_library(db):
    with pytest.raises(CommandError):
        call_command("generate_cases", "3", stdout=StringIO())


def test_wagtails_accessibility_checker_runs_on_library_pages(admin_client, demo_library):
    html = admin_client.get("/gode-erfaringer/fast-plads-i-koekkenet/").content.decode()
    assert 'id="checker-axe-configuration"' in html


def _editor(client, username="redaktoer"):
    from django.contrib.auth.models import Group, User

    from cases.moderation import EDITORS, ensure_groups_and_workflow

    ensure_groups_and_workflow()
    user = User.objects.create_user(username, password="not-used-in-tests")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return user


def _autosave(client, library, **fields):
    """What Wagtail's autosave sends a moment after an editor starts typing a new page."""
    from .forms import case_form_data

    url = f"/admin/pages/add/cases/casepage/{library.pk}/"
    return client.post(url, case_form_data(**fields), HTTP_ACCEPT="application/json")


def test_an_abandoned_autosaved_draft_is_named_with_a_way_back_to_it(client, library):
    from .forms import case_form_data

    _editor(client)
    first = _autosave(client, library)
    assert first.status_code == 200 and first.json()["success"]
    draft = CasePage.objects.get(slug="ny-erfaring")
    assert not draft.live  # the editor walked away from it

    # Starting over with the same title: Wagtail alone says only »The slug … is already in use«.
    again = _autosave(client, library)
    assert again.status_code == 400
    assert "Du har allerede en kladde med adressenavnet »ny-erfaring«" in again.json()["error_message"]

    response = client.post(
        f"/admin/pages/add/cases/casepage/{library.pk}/", {**case_form_data(), "action-submit": "1"}
    )
    assert response.status_code == 200
    assert CasePage.objects.filter(slug="ny-erfaring").count() == 1
    page = BeautifulSoup(response.content, "html.parser")
    message = page.select_one(".messages").get_text(" ", strip=True)
    assert "Du har allerede en kladde med adressenavnet »ny-erfaring«: »Ny erfaring«" in message
    assert "Arbejd videre i kladden" in message and "fx »ny-erfaring-2«" in message
    assert (
        page.select_one(f'.messages a[href="/admin/pages/{draft.pk}/edit/"]').get_text(strip=True)
        == "Åbn kladden"
    )
    slug_error = page.select_one('[data-contentpath="slug"] .error-message').get_text(" ", strip=True)
    assert slug_error == "Din kladde »Ny erfaring« har allerede dette adressenavn. Brug fx »ny-erfaring-2«."


def test_a_slug_taken_by_someone_elses_page_is_explained_with_a_free_one(client, library, make_case):
    from .forms import case_form_data

    make_case("Tillid i køkkenet")  # slug erfaring-N, published by the content loader
    taken = CasePage.objects.get(title="Tillid i køkkenet")
    _editor(client)
    response = client.post(
        f"/admin/pages/add/cases/casepage/{library.pk}/",
        {**case_form_data(title="Ny side", slug=taken.slug), "action-submit": "1"},
    )
    message = BeautifulSoup(response.content, "html.parser").select_one(".messages").get_text(" ", strip=True)
    assert f"Adressenavnet »{taken.slug}« bruges allerede af siden »Tillid i køkkenet« (udgivet)" in message
    assert f"fx »{taken.slug}-2«" in message
