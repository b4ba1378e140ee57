import pytest

from home.models import StandardPage

pytestmark = pytest.mark.content_per_module("launch_content")


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_BROWSER_SECONDS = 60


@pytest.mark.django_db
def test_anonymous_pages_are_served_from_the_cache_without_queries(
    client, launch_content, page_cache, django_assert_num_queries
):
    first = client.get("/om-sitet/")
    assert first["X-Page-Cache"] == "miss"
    assert "public" in first["Cache-Control"]
    assert "s-maxage=600" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = client.get("/om-sitet/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


@pytest.mark.django_db
def test_publishing_invalidates_cached_pages(client, launch_content, page_cache):
    assert "Ny overskrift" not in client.get("/om-sitet/").content.decode()
    page = StandardPage.objects.get(slug="om-sitet")
    page.title = "Ny overskrift"
    page.save_revision().publish()
    response = client.get("/om-sitet/")
    assert response["X-Page-Cache"] == "miss"
    assert "Ny overskrift" in response.content.decode()


@pytest.mark.django_db
def test_unpublishing_removes_the_page_from_the_cache(client, launch_content, page_cache):
    assert client.get("/om-sitet/").status_code == 200
    StandardPage.objects.get(slug="om-sitet").unpublish()
    assert client.get("/om-sitet/").status_code == 404


@pytest.mark.django_db
def test_moving_a_page_invalidates(client, launch_content, page_cache):
    client.get("/om-sitet/")
    about = StandardPage.objects.get(slug="om-sitet")
    privacy = StandardPage.objects.get(slug="privatlivspolitik")
    about.move(privacy, pos="last-child")
    moved = client.get("/om-sitet/")
    assert moved.status_code == 301  # Wagtail leaves a redirect behind
    assert moved["Location"].endswith("/privatlivspolitik/om-sitet/")
    assert client.get("/privatlivspolitik/om-sitet/").status_code == 200


@pytest.mark.django_db
def test_logged_in_editors_always_get_fresh_pages(admin_client, launch_content, page_cache):
    admin_client.get("/om-sitet/")
    assert "X-Page-Cache" not in admin_client.get("/om-sitet/")


@pytest.mark.django_db
def test_pages_with_a_csrf_token_are_never_cached(client, launch_content, page_cache):
    response = client.get("/admin/login/")
    assert "X-Page-Cache" not in response
    # A public view that renders a form with a token is not stored either.
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    from home.page_cache import AnonymousPageCacheMiddleware

    def view(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    middleware = AnonymousPageCacheMiddleware(view)
    for cookies in ({}, {"csrftoken": "a" * 32}):  # first visit, and a visitor who has the cookie
        request = RequestFactory().get("/konferencer/x/tilmelding/")
        request.COOKIES.update(cookies)
        response = middleware(request)
        assert "X-Page-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_site_settings_change_invalidates_the_footer(client, launch_content, page_cache):
    from home.models import SiteSettings

    client.get("/")
    settings_row = SiteSettings.objects.get()
    settings_row.phone = "12345678"
    settings_row.save()
    assert "12345678" in client.get("/").content.decode()
