"""The library's pages use a fixed number of SQL queries, whatever the number of cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.generator import generate_cases

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("demo_library")]

INDEX_URLS = [
    "/gode-erfaringer/",
    "/gode-erfaringer/?vaerdi=tillid&ordning=fleksjob&rolle=ledelse&tag=jobmatch&kommune=faxe&type=erfaring",
    "/gode-erfaringer/?q=ledelsen&sorter=relevans&vaerdi=dialog&side=2",
    # The worst combination allowed: eight options (the cap), municipality, type, a search,
    # sorted by relevance, a later page.
    "/gode-erfaringer/?vaerdi=tillid&vaerdi=dialog&vaerdi=helhed&vaerdi=anerkendelse&ordning=fleksjob"
    "&ordning=loentilskud&rolle=ledelse&tag=jobmatch&kommune=faxe&type=erfaring&q=leder&sorter=relevans&side=2",
    "/gode-erfaringer/vaerdi/tillid/",
    "/gode-erfaringer/feed/?vaerdi=tillid",
    "/",
]


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_index_value_page_feed_and_home_use_the_same_queries_with_10_and_300_cases(client, library):
    generate_cases(library, 10, seed=1, publish=False)
    with_10 = {url: count_queries(client, url) for url in INDEX_URLS}
    generate_cases(library, 290, seed=2, publish=False)
    with_300 = {url: count_queries(client, url) for url in INDEX_URLS}
    assert with_10 == with_300
    index_counts = [count for url, count in with_300.items() if url.startswith("/gode-erfaringer/?")]
    assert max([with_300["/gode-erfaringer/"], *index_counts]) <= 20, with_300
    assert max(with_300.values()) <= 25, with_300


def test_index_with_every_facet_stays_within_20_queries(client, library, django_assert_max_num_queries):
    generate_cases(library, 30, seed=3, publish=False)
    url = INDEX_URLS[1]
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_case_page_uses_at_most_25_queries(client, demo_library, django_assert_max_num_queries):
    generate_cases(demo_library, 30, seed=4, publish=False)
    url = "/gode-erfaringer/fast-plads-i-koekkenet/"
    client.get(url)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
    url = "/gode-erfaringer/inddragelse-og-retning-er-godt-for-inklusionen/"
    client.get(url)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
