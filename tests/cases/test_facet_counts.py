"""The precomputed facet counts (cases/facet_counts.py) give exactly what counting the results
gives: over generated cases, for the library without filters and every single option, and after
each way a page can change (publish, unpublish, new values, delete, move, view restriction, a
value deleted)."""

import pytest
from django.http import QueryDict
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from cases.facet_counts import rebuild
from cases.filters import MULTI_FACETS, LibraryFilter
from cases.generator import generate_cases
from cases.models import CaseIndexPage, CasePage, LibraryFacetPair, Value

pytestmark = [pytest.mark.django_db]


def counted(library, query=""):
    """(precomputed, counted over the results) for the query string."""
    selection = LibraryFilter.from_querydict(QueryDict(query))
    selection.drop_unknown()
    assert selection.counts_precomputed, query
    base, pages, _ = selection.matching_pages(library)
    direct = selection._counts(base, pages)
    # An empty municipality is counted by the query, but never shown as an option.
    direct.pop(("kommune", ""), None)
    return selection._precomputed_counts(library), direct


def every_single_option(library):
    queries = [""]
    for param, (_, model, _) in MULTI_FACETS.items():
        queries += [f"{param}={slug}" for slug in model.objects.values_list("slug", flat=True)]
    municipalities = CasePage.objects.values_list("municipality", flat=True).distinct()
    queries += [f"kommune={key}" for key in municipalities if key]
    queries += ["type=erfaring", "type=vejledning"]
    return queries


def assert_same_counts(library):
    for query in every_single_option(library):
        precomputed, direct = counted(library, query)
        assert precomputed == direct, query


def test_counts_equal_a_direct_count_over_generated_cases(library):
    generate_cases(library, 60, seed=21, publish=False)
    assert_same_counts(library)
    precomputed, _ = counted(library)
    assert precomputed[("total", "")][0] == 61  # and the guidance article


def test_counts_follow_every_change_to_a_page(library, make_case):
    generate_cases(library, 20, seed=22, publish=False)
    case = make_case("Ændres", values=["tillid"], schemes=["fleksjob"], roles=["ledelse"], tags=["nyt-emne"])
    assert_same_counts(library)

    # New values, tags and municipality, published.
    case.values.set(Value.objects.filter(slug__in=["dialog", "helhed"]))
    case.tags.set(["andet-emne"])
    case.municipality = "aarhus"
    case.save_revision().publish()
    assert_same_counts(library)
    precomputed, _ = counted(library, "tag=nyt-emne")
    assert precomputed[("total", "")][0] == 0

    # A draft changes nothing until it is published.
    case.values.set(Value.objects.filter(slug="tillid"))
    case.save_revision()
    assert_same_counts(library)

    case.unpublish()
    assert_same_counts(library)
    case.save_revision().publish()
    assert_same_counts(library)

    # A view restriction on the page hides it; lifting it shows it again.
    restriction = PageViewRestriction.objects.create(page=case, restriction_type="login")
    assert_same_counts(library)
    restriction.delete()
    assert_same_counts(library)

    # Moved to another library: counted there, not here.
    other = library.get_parent().add_child(
        instance=CaseIndexPage(title="Andet bibliotek", slug="andet-bibliotek", live=True)
    )
    CasePage.objects.get(pk=case.pk).move(other, pos="last-child")
    assert_same_counts(library)
    assert_same_counts(CaseIndexPage.objects.get(pk=other.pk))
    assert counted(other)[0][("total", "")][0] == 1

    # A deleted value, tag and page.
    Value.objects.get(slug="helhed").delete()
    Tag.objects.get(slug="andet-emne").delete()
    assert_same_counts(CaseIndexPage.objects.get(pk=other.pk))
    CasePage.objects.get(pk=case.pk).delete()
    assert_same_counts(library)
    assert counted(CaseIndexPage.objects.get(pk=other.pk))[0][("total", "")][0] == 0


def test_rebuild_makes_the_same_counts(library, make_case):
    generate_cases(library, 15, seed=23, publish=False)
    make_case("Med emneord", tags=["jobmatch", "mentor"], municipality="aarhus")
    kept = sorted(LibraryFacetPair.objects.values_list("library_id", "a", "b", "n"))
    LibraryFacetPair.objects.update(n=99)
    rebuild()
    assert sorted(LibraryFacetPair.objects.values_list("library_id", "a", "b", "n")) == kept


def test_deleting_a_restricted_page_takes_it_out_of_the_counts(library, make_case):
    before = counted(library, "vaerdi=dialog")[0][("total", "")][0]
    case = make_case("Begrænset", values=["dialog"])
    PageViewRestriction.objects.create(page=case, restriction_type="login")
    make_case("Åben", values=["dialog"])
    assert counted(library, "vaerdi=dialog")[0][("total", "")][0] == before + 1
    CasePage.objects.get(pk=case.pk).delete()
    assert_same_counts(library)
    assert counted(library, "vaerdi=dialog")[0][("total", "")][0] == before + 1
