"""The library's filters: every facet alone and combined, counts, bad input, pagination."""

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("library")]

GUIDANCE = "Inddragelse og retning er godt for inklusionen"


def get(client, params=()):
    """The index for these parameters, after the redirect that drops empty ones."""
    response = client.get("/gode-erfaringer/?" + urlencode(list(params)), follow=True)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    titles = {a.get_text(strip=True) for a in soup.select(".library-results .card-heading a")}
    count = int(soup.select_one("#results-count").get_text().split()[0])
    return titles, count, soup


@pytest.fixture
def cases(make_case):
    """Three cases beside the guidance article (values: all four; schemes: praktik, løntilskud,
    fleksjob; tags: ledelse, jobmatch, kerneopgave, arbejdsmiljø, MED-udvalg)."""
    make_case("A", values=["tillid"], schemes=["fleksjob"], roles=["ledelse"], tags=["jobmatch"])
    make_case(
        "B",
        values=["tillid", "dialog"],
        schemes=["loentilskud"],
        roles=["kolleger"],
        tags=["mentor"],
        municipality="aarhus",
    )
    make_case(
        "C",
        values=["helhed"],
        schemes=["fleksjob", "virksomhedspraktik"],
        roles=["ledelse", "hr"],
        tags=["jobmatch", "mentor"],
        municipality="aarhus",
    )


# Each facet alone and combined, and the titles it gives.
FACET_CASES = [
    ([], {"A", "B", "C", GUIDANCE}),
    ([("vaerdi", "tillid")], {"A", "B", GUIDANCE}),
    ([("vaerdi", "tillid"), ("vaerdi", "dialog")], {"B", GUIDANCE}),
    ([("ordning", "fleksjob")], {"A", "C", GUIDANCE}),
    ([("ordning", "beskyttet-beskaeftigelse")], set()),
    ([("rolle", "ledelse")], {"A", "C"}),
    ([("rolle", "ledelse"), ("rolle", "hr")], {"C"}),
    ([("tag", "mentor")], {"B", "C"}),
    ([("tag", "jobmatch")], {"A", "C", GUIDANCE}),
    ([("kommune", "aarhus")], {"B", "C"}),
    ([("type", "erfaring")], {"A", "B", "C"}),
    ([("type", "vejledning")], {GUIDANCE}),
    ([("vaerdi", "tillid"), ("ordning", "fleksjob")], {"A", GUIDANCE}),
    ([("vaerdi", "tillid"), ("ordning", "fleksjob"), ("type", "erfaring")], {"A"}),
    ([("tag", "mentor"), ("kommune", "aarhus"), ("rolle", "hr")], {"C"}),
    ([("vaerdi", "helhed"), ("kommune", "faxe")], set()),
]


def test_each_facet_alone_and_combined(client, library, cases, subtests):
    for params, expected in FACET_CASES:
        with subtests.test(params=params):
            titles, count, _ = get(client, params)
            assert titles == expected
            assert count == len(expected)


def test_every_option_count_is_the_number_of_results_it_gives(client, library, cases, subtests):
    for params in (
        [],
        [("vaerdi", "tillid")],
        [("ordning", "fleksjob"), ("kommune", "aarhus")],
        [("type", "erfaring")],
    ):
        with subtests.test(params=params):
            assert_counts_are_results(client, params)


def assert_counts_are_results(client, params):
    _, _, soup = get(client, params)
    checked = 0
    for field in soup.select(".library-filters input[type=checkbox], .library-filters input[type=radio]"):
        label = soup.select_one(f"label[for={field['id']}]").get_text()
        if "(" not in label:
            continue  # »Alle«
        shown = int(label.rsplit("(", 1)[1].rstrip(")"))
        name, value = field["name"], field["value"]
        if field["type"] == "radio":
            chosen = [pair for pair in params if pair[0] != name] + [(name, value)]
        else:
            chosen = list(dict.fromkeys([*params, (name, value)]))
        assert get(client, chosen)[1] == shown, f"{name}={value} with {params}"
        checked += 1
    for option in soup.select("#filter-kommune option"):
        if not option["value"]:
            continue
        shown = int(option.get_text().rsplit("(", 1)[1].rstrip(")"))
        chosen = [pair for pair in params if pair[0] != "kommune"] + [("kommune", option["value"])]
        assert get(client, chosen)[1] == shown
        checked += 1
    assert checked > 10


def test_active_filters_are_removable_tags(client, library, cases):
    _, _, soup = get(client, [("vaerdi", "tillid"), ("ordning", "fleksjob")])
    tags = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".active-filters a.tag")}
    assert tags == {
        "Fjern filteret Værdi: Tillid": "?ordning=fleksjob",
        "Fjern filteret Ordning: Fleksjob": "?vaerdi=tillid",
    }
    assert soup.select_one("#results-count")["role"] == "status"


def test_two_or_more_facets_are_not_indexed(client, library, cases, subtests):
    for params, facet_count in [
        ([], 0),
        ([("vaerdi", "tillid")], 1),
        ([("vaerdi", "tillid"), ("kommune", "faxe")], 2),
    ]:
        with subtests.test(params=params):
            _, _, soup = get(client, params)
            robots = soup.select_one('meta[name="robots"]')
            if facet_count >= 2:
                assert robots["content"] == "noindex"
            else:
                assert robots is None


MALFORMED = [
    [("vaerdi", "findes-ikke")],
    [("vaerdi", "<script>alert(1)</script>")],
    [("vaerdi", "x" * 5000)],
    [("ordning", "")],
    [("rolle", "Ledelse!")],
    [("tag", "ukendt-emneord")],
    [("kommune", "atlantis")],
    [("kommune", "")],
    [("type", "nyhed")],
    [("sorter", "tilfaeldig")],
    [("ukendt", "1")],
    [("vaerdi", f"v{n}") for n in range(200)],
    [("q", "'\"; DROP TABLE wagtailcore_page; --")],
    [("q", "AND OR NOT ( ) * ! : & |")],
    [("q", "\u0000\u200b🙂 æøå")],
]


def test_unknown_or_malformed_values_are_ignored(client, library, cases, subtests):
    for params in MALFORMED:
        with subtests.test(params=params[:3]):
            titles, count, soup = get(client, params)
            if any(name == "q" for name, _ in params):
                continue  # a search: any result count is fine, as long as it answers
            assert titles == {"A", "B", "C", GUIDANCE}
            assert count == 4
            assert not soup.select(".active-filters a.tag")


@pytest.mark.parametrize(
    ("query", "clean"),
    [
        ("q=&vaerdi=tillid&kommune=&type=&sorter=nyeste", "/gode-erfaringer/?vaerdi=tillid"),
        ("ordning=&kommune=", "/gode-erfaringer/"),
        ("vaerdi=tillid&sorter=relevans&q=+", "/gode-erfaringer/?vaerdi=tillid&sorter=relevans"),
    ],
)
def test_an_address_with_empty_parameters_is_sent_on_without_them(client, library, query, clean):
    response = client.get("/gode-erfaringer/?" + query)
    assert response.status_code == 302
    assert response["Location"] == clean
    assert client.get("/gode-erfaringer/?vaerdi=tillid").status_code == 200  # a clean address stays


def test_an_unknown_value_beside_a_known_one_keeps_the_known_one(client, library, cases):
    titles, _, soup = get(client, [("vaerdi", "tillid"), ("vaerdi", "findes-ikke"), ("tag", "findes-ikke")])
    assert titles == {"A", "B", GUIDANCE}
    assert len(soup.select(".active-filters a.tag")) == 1


def test_page_numbers_out_of_range_give_the_nearest_page(client, library, make_case, subtests):
    for _ in range(12):
        make_case()
    for side, shown in [("1", 10), ("2", 3), ("abc", 10), ("999", 3), ("-1", 10), ("", 10)]:
        with subtests.test(side=side):
            titles, count, soup = get(client, [("side", side)])
            assert count == 13
            assert len(titles) == shown


def test_pagination_keeps_the_filters(client, library, make_case):
    for _ in range(12):
        make_case(values=["tillid"])
    _, count, soup = get(client, [("vaerdi", "tillid")])
    assert count == 13
    hrefs = [a["href"] for a in soup.select(".pagination a")]
    assert "?vaerdi=tillid&side=2" in hrefs


def test_a_value_landing_page_for_an_unknown_value_is_a_404(client, library):
    assert client.get("/gode-erfaringer/vaerdi/findes-ikke/").status_code == 404
    assert client.get("/gode-erfaringer/vaerdi/ikke%20en%20slug/").status_code == 404


def titles_in_order(soup):
    return [a.get_text(strip=True) for a in soup.select(".library-results .card-heading a")]


def test_sorting_newest_first_and_by_relevance(client, library, make_case):
    make_case("Jobmatch i køkkenet", body_text="Jobmatch, jobmatch.")
    filler = " ".join(["Kollegerne tog imod den nye medarbejder og fulgte op hver uge."] * 8)
    make_case("Nyest", body_text=f"{filler} Et forløb med jobmatch. {filler}")
    _, _, soup = get(client, [("q", "jobmatch"), ("type", "erfaring")])
    assert titles_in_order(soup) == ["Nyest", "Jobmatch i køkkenet"]
    _, _, soup = get(client, [("q", "jobmatch"), ("type", "erfaring"), ("sorter", "relevans")])
    assert titles_in_order(soup) == ["Jobmatch i køkkenet", "Nyest"]


def test_options_beyond_the_cap_are_dropped_with_a_danish_message(client, library, cases):
    from cases.filters import MAX_SELECTED_OPTIONS

    allowed = [
        ("vaerdi", "tillid"),
        ("vaerdi", "dialog"),
        ("vaerdi", "helhed"),
        ("vaerdi", "anerkendelse"),
        ("ordning", "fleksjob"),
        ("ordning", "loentilskud"),
        ("rolle", "ledelse"),
        ("tag", "jobmatch"),
    ]
    assert len(allowed) == MAX_SELECTED_OPTIONS
    _, _, soup = get(client, allowed)
    assert soup.select_one("#too-many-filters") is None
    assert len(soup.select(".active-filters li")) == MAX_SELECTED_OPTIONS

    # Two roles more: the first eight in the order of the facets are used, so the tag goes.
    _, count, soup = get(client, [*allowed, ("rolle", "hr"), ("rolle", "kolleger")])
    message = soup.select_one("#too-many-filters").get_text(" ", strip=True)
    assert f"Højst {MAX_SELECTED_OPTIONS} filtre ad gangen" in message
    assert "bruger de første 8" in message
    active = [li.get_text(" ", strip=True) for li in soup.select(".active-filters li")]
    assert len(active) == MAX_SELECTED_OPTIONS
    assert any("Roller: HR" in label for label in active)
    assert not any("Emneord" in label for label in active)
    for box in (soup.select_one("#filter-tag-jobmatch"), soup.select_one("#filter-rolle-kolleger")):
        assert box is None or not box.has_attr("checked")


def test_only_the_first_results_are_paged_through_and_the_page_says_so(
    client, library, make_case, monkeypatch
):
    from cases import filters

    for number in range(5):
        make_case(f"Side-test {number}")
    monkeypatch.setattr(filters, "MAX_RESULTS", 4)
    titles, count, soup = get(client, [("side", "99")])
    assert count == 6  # the true number of results is still shown
    assert "Der kan bladres i de første" in soup.select_one("#results-capped").get_text()
    # 4 results at 10 a page: the nearest page there is is page 1, and only 4 are shown.
    assert len(titles) == 4
