import pytest


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
