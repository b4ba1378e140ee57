"""Each process's copy of warm pages (home.local_pages): a warm page needs no call to Redis, and a
new generation from any process, or Redis going away, stops the copies at once. Each test runs
a redis-server of its own."""

import time

import pytest
from django.core.cache import caches

from home.local_pages import CHANNEL, local_pages
from home.page_cache import GENERATION_KEY, CachedPages
from tests.redis_server import RedisServer

from .wsgi_helpers import django_application, wsgi_get

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("launch_content")]


def eventually(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def site(redis_server, settings):
    settings.CACHES = {
        name: {
            "BACKEND": "home.cache_backends.FailSafeRedisCache",
            "LOCATION": redis_server.url(number),
            "FALLBACK": fallback,
            "RETRY_SECONDS": 0.2,
        }
        for number, (name, fallback) in enumerate((("default", "none"), ("limits", "local")))
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_LOCAL_PAGES = 50
    local_pages.forget()
    calls = []
    return CachedPages(django_application(calls)), calls


def redis_commands(redis):
    return {
        name: stats["calls"]
        for name, stats in redis.info("commandstats").items()
        if not name.startswith(("cmdstat_config", "cmdstat_info"))  # the test's own
    }


def test_a_warm_page_is_sent_from_the_process_copy_without_calling_redis(launch_content, site, redis_server):
    application, calls = site
    wsgi_get(application, "/om-sitet/")
    shared = caches["default"].get(GENERATION_KEY)
    assert eventually(lambda: local_pages.generation == shared)
    status, headers, body = wsgi_get(application, "/om-sitet/")  # from Redis, and kept
    assert headers["X-Page-Cache"] == "hit"
    redis = redis_server.client()
    redis.config_resetstat()
    again = wsgi_get(application, "/om-sitet/")
    assert again == (status, headers, body)
    assert redis_commands(redis) == {}
    assert calls == ["/om-sitet/"]


def test_a_generation_announced_by_another_process_stops_the_copies(launch_content, site, redis_server):
    application, calls = site
    wsgi_get(application, "/om-sitet/")
    assert eventually(lambda: local_pages.generation is not None)
    wsgi_get(application, "/om-sitet/")
    assert wsgi_get(application, "/om-sitet/")[1]["X-Page-Cache"] == "hit"
    # Another app process publishes: it sets the generation and announces it.
    other = redis_server.client()
    caches["default"].set(GENERATION_KEY, "fra-en-anden-proces", timeout=None)
    assert other.publish(CHANNEL, "fra-en-anden-proces") == 1  # this process listens
    assert eventually(lambda: local_pages.generation == "fra-en-anden-proces")
    assert wsgi_get(application, "/om-sitet/")[1]["X-Page-Cache"] == "miss"
    assert calls == ["/om-sitet/", "/om-sitet/"]


def test_with_redis_stopped_no_copy_is_sent(launch_content, site, redis_server):
    application, calls = site
    wsgi_get(application, "/om-sitet/")
    assert eventually(lambda: local_pages.generation is not None)
    wsgi_get(application, "/om-sitet/")
    redis_server.stop()
    assert eventually(lambda: local_pages.generation is None)
    status, headers, _ = wsgi_get(application, "/om-sitet/")
    assert status == "200 OK"
    assert headers.get("X-Page-Cache") != "hit"
    assert calls == ["/om-sitet/", "/om-sitet/"]
