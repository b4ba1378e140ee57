"""generate_cases inserts in bulk: the pages, taxonomy, search index and revisions it writes are
what Wagtail itself would have written for the same pages."""

import pytest
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from cases.generator import generate_cases
from cases.models import CasePage

pytestmark = pytest.mark.django_db

INDEX_FIELDS = ("title", "autocomplete", "body", "title_text", "body_text")


def test_generated_cases_are_valid_live_children_with_a_published_revision(client, library):
    generate_cases(library, 25, seed=5)
    generate_cases(library, 5, seed=6)
    library.refresh_from_db()
    assert library.numchild == library.get_children().count() >= 30
    assert Page.find_problems() == ([], [], [], [], [])  # treebeard: paths, depths and numchild agree
    for case in CasePage.objects.filter(slug__startswith="genereret-"):
        case.full_clean()
        assert case.live and case.url_path == f"{library.url_path}{case.slug}/"
        assert case.value_list and case.tag_list and list(case.roles.all())
        assert case.live_revision_id == case.latest_revision_id
        published = case.live_revision.as_object()
        assert published.body.get_prep_value() == case.body.get_prep_value()
    case = CasePage.objects.filter(slug__startswith="genereret-").last()
    assert client.get(case.url).status_code == 200


def test_generated_cases_are_found_by_the_library_search(client, library):
    case = generate_cases(library, 3, seed=7, publish=False)[0]
    word = case.workplace.split()[0]
    html = client.get("/gode-erfaringer/", {"q": word}).content.decode()
    assert case.title in html


@pytest.mark.postgres
def test_the_bulk_search_index_entries_equal_modelsearchs_own(library):
    cases = generate_cases(library, 4, seed=8, publish=False)
    for case in cases:
        bulk = IndexEntry.objects.filter(object_id=str(case.pk)).values(*INDEX_FIELDS).get()
        get_search_backend().add(CasePage.objects.get(pk=case.pk))
        assert IndexEntry.objects.filter(object_id=str(case.pk)).values(*INDEX_FIELDS).get() == bulk
