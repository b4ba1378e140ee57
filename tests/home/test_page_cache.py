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


def stored_pages():
    from django.core.cache import cache

    from home.page_cache import PAGE_KEY_PREFIX

    return sum(PAGE_KEY_PREFIX in key for key in cache._cache)


@pytest.mark.django_db
def test_a_hit_carries_the_headers_of_the_rendered_page(client, launch_content, page_cache):
    first = client.get("/om-sitet/")
    second = client.get("/om-sitet/")
    assert second["X-Page-Cache"] == "hit"
    headers = ("Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options", "Referrer-Policy")
    for header in headers:
        assert second[header] == first[header]


@pytest.mark.django_db
def test_declared_parameters_are_keyed_sorted_and_without_empty_ones(client, launch_content, page_cache):
    first = client.get("/soeg/?q=inklusion&side=1")
    assert first["X-Page-Cache"] == "miss"
    same = client.get("/soeg/?side=1&sorter=&q=inklusion")
    assert same["X-Page-Cache"] == "hit"
    assert same.content == first.content
    assert client.get("/soeg/?q=arbejdsplads")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_host_and_scheme_are_part_of_the_key(client, launch_content, page_cache):
    client.get("/om-sitet/")
    assert client.get("/om-sitet/", HTTP_HOST="andet.example")["X-Page-Cache"] == "miss"
    assert client.get("/om-sitet/", secure=True)["X-Page-Cache"] == "miss"
    assert client.get("/om-sitet/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_parameter_no_page_reads_is_answered_uncached(client, launch_content, page_cache):
    client.get("/om-sitet/")
    stored = stored_pages()
    for number in range(3):
        response = client.get(f"/om-sitet/?vilkaarlig={number}")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert stored_pages() == stored


@pytest.mark.django_db
def test_tracking_tags_are_sent_on_to_the_address_without_them(client, launch_content, page_cache):
    response = client.get("/soeg/?utm_source=nyhedsbrev&q=inklusion&fbclid=abc&utm_medium=mail")
    assert response.status_code == 301
    assert response["Location"] == "/soeg/?q=inklusion"
    assert client.get("/om-sitet/?utm_campaign=x")["Location"] == "/om-sitet/"


@pytest.mark.django_db
def test_unique_tracking_tags_do_not_grow_the_cache(client, launch_content, page_cache):
    client.get("/")
    stored = stored_pages()
    for number in range(1500):
        assert client.get(f"/?utm_source=u{number}").status_code == 301
    assert stored_pages() == stored
    assert client.get("/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_lost_generation_never_brings_back_old_pages(client, launch_content, page_cache):
    """Redis may evict the generation (or restart without it): pages stored before must not be
    served under the new one, even with content changed without the signal that renews it."""
    from django.core.cache import cache

    from home.page_cache import GENERATION_KEY

    client.get("/om-sitet/")
    cache.delete(GENERATION_KEY)
    StandardPage.objects.filter(slug="om-sitet").update(title="Skiftet uden signal")
    response = client.get("/om-sitet/")
    assert response["X-Page-Cache"] == "miss"
    assert "Skiftet uden signal" in response.content.decode()


@pytest.mark.django_db
def test_a_response_that_varies_on_a_header_outside_the_key_is_not_stored(page_cache):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from home.page_cache import AnonymousPageCacheMiddleware

    rendered = []

    def view(request):
        rendered.append(request)
        response = HttpResponse(f"Til {request.headers.get('User-Agent', '')}")
        response["Vary"] = "User-Agent"
        return response

    middleware = AnonymousPageCacheMiddleware(view)
    for agent in ("a", "b"):
        response = middleware(RequestFactory().get("/side/", HTTP_USER_AGENT=agent))
        assert response.content.decode() == f"Til {agent}"
    assert len(rendered) == 2


@pytest.mark.django_db
def test_the_api_answers_json_whatever_the_browser_accepts_and_is_cached(client, launch_content, page_cache):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    first = client.get("/api/v2/pages/", HTTP_ACCEPT=browser)
    assert first["Content-Type"] == "application/json"
    assert "Accept" in first["Vary"]
    second = client.get("/api/v2/pages/", HTTP_ACCEPT="application/json")
    assert second["X-Page-Cache"] == "hit"
    assert second.json() == first.json()
    assert client.get("/api/v2/pages/?format=api", HTTP_ACCEPT=browser).status_code == 404


@pytest.mark.django_db
def test_a_cached_page_is_sent_before_django_builds_a_request(
    client, launch_content, page_cache, django_assert_num_queries
):
    from home.page_cache import CachedPages

    from .wsgi_helpers import django_application, wsgi_get

    django_calls = []
    django = django_application(django_calls)
    site = CachedPages(django)
    status, headers, rendered = wsgi_get(site, "/om-sitet/")
    assert (status, headers["X-Page-Cache"]) == ("200 OK", "miss")
    with django_assert_num_queries(0):
        status, headers, body = wsgi_get(site, "/om-sitet/?utm_source=x")
        assert status.startswith("301")
        status, headers, body = wsgi_get(site, "/om-sitet/")
    assert (status, headers["X-Page-Cache"], body) == ("200 OK", "hit", rendered)
    assert headers["Content-Security-Policy"] and headers["Permissions-Policy"]
    assert django_calls == ["/om-sitet/", "/om-sitet/"]  # the hit never reached Django
    # A signed-in editor's request is Django's, always.
    wsgi_get(site, "/om-sitet/", HTTP_COOKIE="sessionid=abc")
    assert django_calls[-1] == "/om-sitet/" and len(django_calls) == 3
