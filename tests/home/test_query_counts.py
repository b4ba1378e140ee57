"""SQL queries per page type of home and the search, pinned (the library's and the conferences'
are pinned in tests/cases and tests/conferences)."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("launch_content")]

PAGES = {
    "/": 21,
    "/inkluderende-beskaeftigelsespolitik/": 16,
    "/om-sitet/": 14,
    "/soeg/?q=inklusion": 16,
}


@pytest.mark.parametrize(("path", "limit"), PAGES.items())
def test_page_types_use_a_pinned_number_of_queries(
    client, launch_content, django_assert_max_num_queries, path, limit
):
    client.get(path)  # warm Wagtail's per-process caches
    with django_assert_max_num_queries(limit):
        assert client.get(path).status_code == 200
