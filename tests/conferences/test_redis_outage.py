"""Redis is not a single point of failure (issue 13): with the Redis the site uses stopped or
full, every public page and the registration form still answer, from the database, and caching
resumes when Redis is back. Each test starts and stops a redis-server of its own."""

import time

import pytest
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from conferences.models import Registration
from tests.redis_server import RedisServer

from .conftest import form_token

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("demo_library")]

RETRY_SECONDS = 0.3


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


def use_redis(settings, pages_url, limits_url):
    """The production caches (config/settings/base.py with REDIS_URL and RATE_LIMIT_REDIS_URL)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "home.cache_backends.FailSafeRedisCache",
            "LOCATION": pages_url,
            "FALLBACK": "none",
            "RETRY_SECONDS": RETRY_SECONDS,
        },
        "limits": {
            "BACKEND": "home.cache_backends.FailSafeRedisCache",
            "LOCATION": limits_url,
            "FALLBACK": "local",
            "RETRY_SECONDS": RETRY_SECONDS,
        },
    }
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def site_on_redis(redis_server, settings):
    use_redis(settings, redis_server.url(0), redis_server.url(1))
    return redis_server


def public_urls(conference):
    """Every published page, and the site's other public GETs."""
    from cases.models import CaseIndexPage, Value

    urls = [page.url for page in Page.objects.live().public().specific() if page.url]
    return [
        *urls,
        f"{CaseIndexPage.objects.get().url}?vaerdi={Value.objects.first().slug}",
        "/soeg/?q=inklusion",
        "/sitemap.xml",
        "/api/v2/pages/",
        conference.url + "tilmelding/",
    ]


def register(client, conference, answers, email):
    return client.post(
        conference.url + "tilmelding/", {**answers, "email": email, "form_token": form_token()}
    )


def test_with_redis_stopped_every_page_and_the_registration_form_answer_and_caching_resumes(
    client, demo_library, make_conference, answers, site_on_redis
):
    conference = make_conference()
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"

    site_on_redis.stop()
    urls = public_urls(conference)
    assert len(urls) > 10
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get("X-Page-Cache") != "hit", url
    assert conference.title in client.get(conference.url).content.decode()

    response = register(client, conference, answers, "under-nedbrud@example.dk")
    assert response.status_code == 302
    assert response["Location"] == conference.url + "tilmelding/tak/"
    assert Registration.objects.filter(email="under-nedbrud@example.dk").exists()
    assert DBTaskResult.objects.exists()  # the confirmation is queued

    site_on_redis.start()  # empty, as a Redis that lost its data
    time.sleep(RETRY_SECONDS + 0.1)
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_rate_limits_hold_while_redis_is_stopped(
    client, demo_library, make_conference, answers, settings, site_on_redis
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration": "2/h"}
    conference = make_conference()
    site_on_redis.stop()
    assert register(client, conference, answers, "en@example.dk").status_code == 302
    assert register(client, conference, answers, "to@example.dk").status_code == 302
    limited = register(client, conference, answers, "tre@example.dk")
    assert limited.status_code == 429
    assert "For mange forsøg" in limited.content.decode()
    assert Registration.objects.count() == 2
    # Pages are not limited: they still answer.
    assert client.get(conference.url).status_code == 200


def test_content_changed_while_redis_is_away_is_not_hidden_by_old_pages_when_it_returns(
    client, demo_library, settings, redis_server
):
    """Redis unreachable (not restarted: it keeps its data) while content is published: the
    pages it holds must not be served once it answers again."""
    from home.models import StandardPage

    use_redis(settings, redis_server.url(0), redis_server.url(1))
    client.get("/om-sitet/")
    assert client.get("/om-sitet/")["X-Page-Cache"] == "hit"
    # Point the site at a port where nothing listens, publish, and come back.
    use_redis(settings, "redis://127.0.0.1:1/0", "redis://127.0.0.1:1/1")
    page = StandardPage.objects.get(slug="om-sitet")
    page.title = "Om sitet, rettet under nedbrud"
    page.save_revision().publish()
    assert "rettet under nedbrud" in client.get("/om-sitet/").content.decode()
    use_redis(settings, redis_server.url(0), redis_server.url(1))
    response = client.get("/om-sitet/")
    assert response["X-Page-Cache"] == "miss"
    assert "rettet under nedbrud" in response.content.decode()


def test_a_full_redis_without_eviction_gives_no_500(
    client, demo_library, make_conference, answers, settings, tmp_path
):
    """One Redis at its maxmemory with `noeviction` refuses every write (`OOM command not
    allowed`): pages are rendered uncached and registrations counted in the process."""
    import redis

    server = RedisServer(tmp_path, "--maxmemory", "2mb", "--maxmemory-policy", "noeviction").start()
    try:
        use_redis(settings, server.url(0), server.url(1))
        conference = make_conference()
        filler = server.client(2)
        with pytest.raises(redis.exceptions.OutOfMemoryError):  # noqa: PT012 - fill until refused
            for number in range(10_000):
                filler.set(f"filler:{number}", b"x" * 50_000)
        for url in ("/", "/om-sitet/", conference.url, conference.url + "tilmelding/"):
            assert client.get(url).status_code == 200, url
        assert register(client, conference, answers, "fuld@example.dk").status_code == 302
        assert Registration.objects.filter(email="fuld@example.dk").exists()
    finally:
        server.stop()


def test_a_warm_page_is_one_redis_command(client, demo_library, site_on_redis):
    client.get("/om-sitet/")
    redis = site_on_redis.client()
    redis.config_resetstat()
    assert client.get("/om-sitet/")["X-Page-Cache"] == "hit"
    commands = {
        name: stats["calls"]
        for name, stats in redis.info("commandstats").items()
        if not name.startswith(("cmdstat_config", "cmdstat_info"))  # the test's own
    }
    assert commands == {"cmdstat_mget": 1}


def test_unique_tracking_tags_and_unknown_parameters_do_not_grow_the_cache(
    client, demo_library, site_on_redis
):
    redis = site_on_redis.client()
    client.get("/")
    stored = redis.dbsize()
    for number in range(300):
        response = client.get(f"/?utm_source=kampagne-{number}")
        assert response.status_code == 301
        assert response["Location"] == "/"
        assert client.get(f"/?x={number}").status_code == 200
    assert redis.dbsize() == stored
    assert client.get("/")["X-Page-Cache"] == "hit"
