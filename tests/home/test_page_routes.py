"""Each process remembers where an address leads (home.page_routes): fewer queries for pages the
page cache does not answer, and never a page that has since moved, gone or been restricted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [query["sql"] for query in queries]


@pytest.fixture
def page(home_page):
    from home.models import StandardPage

    parent = StandardPage(title="Om os", slug="om-os")
    home_page.add_child(instance=parent)
    parent.save_revision().publish()
    child = StandardPage(title="Kontakt", slug="kontakt")
    parent.add_child(instance=child)
    child.save_revision().publish()
    return child


def test_a_remembered_address_finds_its_page_with_one_query(client, page, home_page):
    client.get(home_page.url)  # the first request makes the site's settings (new content)
    first, cold = _queries(client, page.url)
    second, warm = _queries(client, page.url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert any("wagtailcore_site" in sql for sql in cold)
    assert not any("wagtailcore_site" in sql for sql in warm)
    assert not any("wagtailcore_pageviewrestriction" in sql for sql in warm)
    assert len(warm) <= len(cold) - 5


def test_an_unpublished_page_is_gone_at_once(client, page):
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_a_moved_page_is_found_at_its_new_address_only(client, page):
    old_url = page.url
    assert client.get(old_url).status_code == 200
    page.slug = "kontakt-os"
    page.save_revision().publish()
    page.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(page.url).status_code == 200


def test_a_view_restriction_on_an_ancestor_applies_at_once(client, page):
    from wagtail.models import PageViewRestriction

    assert client.get(page.url).status_code == 200
    PageViewRestriction.objects.create(page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    response = client.get(page.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    # and it stays restricted: a restricted page is never remembered
    assert client.get(page.url).status_code == 302


def test_a_page_changed_without_a_signal_is_routed_afresh(client, page):
    from wagtail.models import Page

    assert client.get(page.url).status_code == 200
    Page.objects.filter(pk=page.pk).update(live=False)
    assert client.get(page.url).status_code == 404
