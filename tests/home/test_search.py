import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.content_per_module("launch_content")


@pytest.mark.django_db
def test_search_finds_the_policy(client, launch_content):
    response = client.get("/soeg/", {"q": "beskæftigelsespolitik"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Inkluderende beskæftigelsespolitik</a>" in html
    assert 'role="status"' in html


@pytest.mark.django_db
def test_search_without_query_shows_the_form(client, launch_content):
    html = client.get("/soeg/").content.decode()
    assert 'name="q"' in html
    assert "resultater" not in html


@pytest.mark.django_db
def test_search_counts_results(client, launch_content):
    html = client.get("/soeg/", {"q": "zzzyyyxxx"}).content.decode()
    assert "0 resultater" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "x" * 5000,
        "'\"; DROP TABLE wagtailcore_page; --",
        "<script>alert(1)</script>",
        "AND OR NOT ( ) * ! : & |",
        "\u0000\u200b🙂 æøå ÆØÅ",
        "   ",
    ],
)
def test_odd_search_queries_never_fail(client, launch_content, query):
    response = client.get("/soeg/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page_number", ["abc", "-1", "0", "99999", "1.5", ""])
def test_bad_page_numbers_give_a_normal_page(client, launch_content, page_number):
    response = client.get("/soeg/", {"q": "inklusion", "side": page_number})
    assert response.status_code == 200


@pytest.mark.django_db
def test_search_rejects_post(client, launch_content):
    assert client.post("/soeg/", {"q": "x"}).status_code == 405


KL_ARTICLE = "Inddragelse og retning er godt for inklusionen"


def site_search_titles(client, query):
    soup = BeautifulSoup(client.get("/soeg/", {"q": query}).content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("ol.search-results h2 a")]


def library_titles(client, query):
    soup = BeautifulSoup(client.get("/gode-erfaringer/", {"q": query}).content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".library-results .card-heading a")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "jobcentre",  # the article says »jobcentret« and »jobcenter«
        "tillidsrepræsentanter",  # the article says »tillidsrepræsentanterne«
        "Tillidsrepræsentanter jobcentre",
    ],
)
def test_one_search_finds_the_kl_article_by_other_forms_of_its_words_on_the_site_and_in_the_library(
    client, launch_content, query
):
    assert KL_ARTICLE in site_search_titles(client, query)
    assert library_titles(client, query) == [KL_ARTICLE]


def test_the_library_and_the_site_search_use_one_search_function():
    import cases.filters
    import home.search
    import home.views

    assert cases.filters.matching_ids is home.search.matching_ids
    assert home.views.matching_ids is home.search.matching_ids


@pytest.mark.django_db
def test_results_say_what_each_result_is_so_two_conferences_never_look_alike(client, launch_content):
    from conferences import launch_content as conference_content
    from home.launch_content import ContentLog

    conference_content.load(ContentLog(lambda line: None), year=2028)
    soup = BeautifulSoup(client.get("/soeg/", {"q": "rummelighed konference"}).content, "html.parser")
    results = {
        li.h2.get_text(strip=True): li.select_one("p.small-text").get_text(strip=True)
        for li in soup.select("ol.search-results > li")
    }
    assert results["Rummelighed i praksis, København"] == "Konference · København · mandag 8. maj 2028"
    assert results["Rummelighed i praksis, Aarhus"] == "Konference · Aarhus · fredag 2. juni 2028"

    soup = BeautifulSoup(client.get("/soeg/", {"q": "inklusionen"}).content, "html.parser")
    labels = [p.get_text(strip=True) for p in soup.select("ol.search-results p.small-text")]
    assert "Vejledning · Forhandlingsfællesskabet og KL" in labels


@pytest.mark.django_db
def test_a_case_result_names_its_municipality(client, launch_content):
    from cases import launch_content as library_content
    from home.launch_content import ContentLog

    library_content.load(ContentLog(lambda line: None), demo=True)
    soup = BeautifulSoup(client.get("/soeg/", {"q": "erfaring"}).content, "html.parser")
    labels = [p.get_text(strip=True) for p in soup.select("ol.search-results p.small-text")]
    assert any(label.startswith("Erfaring · ") and " Kommune" in label for label in labels), labels


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/om-sitet/", "/gode-erfaringer/", "/soeg/?q=politik"])
def test_every_page_has_the_dkfds_header_search_with_the_search_icon(client, launch_content, path):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    form = soup.select_one("header .navigation-menu.contains-search form.search-form[role=search]")
    assert form is not None and form["action"] == "/soeg/" and form["method"] == "get"
    field = form.select_one("input[type=search][name=q]")
    assert soup.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Søg på sitet"
    assert form.select_one("button.button-search use")["href"].endswith("#search")
    assert "#magnify" not in str(soup)


@pytest.mark.django_db
def test_each_conference_page_has_its_own_title(client, launch_content):
    from conferences import launch_content as conference_content
    from home.launch_content import ContentLog

    conference_content.load(ContentLog(lambda line: None), year=2028)
    titles = {
        slug: BeautifulSoup(client.get(f"/konferencer/{slug}/").content, "html.parser").title.get_text()
        for slug in ("koebenhavn", "aarhus")
    }
    assert titles["koebenhavn"] == "Rummelighed i praksis, København, 8. maj 2028 | Rummelighed i praksis"
    assert titles["aarhus"] == "Rummelighed i praksis, Aarhus, 2. juni 2028 | Rummelighed i praksis"
