"""Redis caches that a stopped or full Redis cannot turn into a 500.

Every operation on Redis that fails (connection refused or timed out, `OOM command not allowed`
under `maxmemory`) is logged once and answered by a fallback instead of raising, and Redis is
left alone for RETRY_SECONDS (5 by default) so an outage costs each request nothing; the first
operation after that tries Redis again, and caching resumes by itself when it answers.

Two fallbacks, chosen per cache with FALLBACK in its CACHES entry:

- "none" (the page cache): every read misses and every write is dropped, so pages are rendered
  from the database as if nothing were cached. Nothing is kept in the process: another process
  could renew the cache meanwhile, and a page kept here would then be stale.
- "local" (rate-limit counters): the counts go to a cache in this process's memory. Each process
  counts for itself while Redis is away, so a client may get up to (number of processes) times
  its limit; the limits still hold, where none would be without the fallback.
"""

import logging
import time
from urllib.parse import urlsplit

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

REDIS_ERRORS = (redis.RedisError, OSError)


def client_options(timeout_seconds=0.5):
    """Redis client options for a cache that must fail fast: short timeouts, and one immediate
    retry (a pooled connection that Redis closed on a restart is reopened, not reported) instead
    of redis-py's default retries with back-off."""
    return {
        "socket_connect_timeout": timeout_seconds,
        "socket_timeout": timeout_seconds,
        "retry": Retry(NoBackoff(), 1),
    }


class _Miss:
    """What a cache without Redis answers: nothing is there, nothing is kept."""

    def get(self, key, default=None, version=None):
        return default

    def get_many(self, keys, version=None):
        return {}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return None

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return list(data)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return False

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return False

    def delete(self, key, version=None):
        return False

    def delete_many(self, keys, version=None):
        return None

    def has_key(self, key, version=None):
        return False

    def incr(self, key, delta=1, version=None):
        raise ValueError(f"Key '{key}' not found")

    def clear(self):
        return None


class ReusedRedisCacheClient(RedisCacheClient):
    """Django's client makes a new redis.Redis (and its table of response callbacks) for every
    operation, a fifth of a cached page's time; one per connection pool is enough (redis-py
    clients are thread-safe: each command takes a connection from the pool)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class FailSafeRedisCache(RedisCache):
    """Django's RedisCache, with a fallback when Redis fails (see the module's docstring)."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**client_options(), **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient
        self.retry_seconds = float(params.get("RETRY_SECONDS", 5))
        if params.get("FALLBACK", "none") == "local":
            self.fallback = LocMemCache(f"fail-safe-{server}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        else:
            self.fallback = _Miss()
        self._unavailable_until = 0.0
        address = urlsplit(self._cache._servers[0])  # never the password in a log line
        self.where = f"{address.hostname}:{address.port or 6379}{address.path}"

    @property
    def available(self):
        """False while Redis is being left alone after a failure."""
        return time.monotonic() >= self._unavailable_until

    def _call(self, name, *args, **kwargs):
        if self.available:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except REDIS_ERRORS as error:
                if self._unavailable_until:
                    logger.info("Redis still unavailable (%s): %s", self.where, error)
                else:
                    logger.warning("Redis unavailable (%s), working without it: %s", self.where, error)
                self._unavailable_until = time.monotonic() + self.retry_seconds
            else:
                if self._unavailable_until:
                    logger.warning("Redis available again (%s)", self.where)
                    self._unavailable_until = 0.0
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def clear(self):
        return self._call("clear")

    # Publish/subscribe, for home.local_pages (not part of Django's cache API).

    def publish(self, channel, message):
        """Send message on channel; False when Redis cannot be reached."""
        if not self.available:
            return False
        try:
            self._cache.get_client(None, write=True).publish(channel, message)
        except REDIS_ERRORS:
            return False
        return True

    def pubsub(self):
        """A redis-py PubSub on this cache's server (its errors are the caller's)."""
        return self._cache.get_client(None, write=True).pubsub()
