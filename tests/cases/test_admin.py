"""Editors' tools: snippet listings with search and export, the review report, generate_cases."""

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command

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
    today = datetime.date.today()
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
