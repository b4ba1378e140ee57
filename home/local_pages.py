"""Each app process's own copy of its most requested cached pages, so a warm page needs no call
to Redis at all (home.page_cache.CachedPages).

A copy is served only while it belongs to the shared cache's current generation as this process
knows it. Every new generation is announced on a Redis channel (home.page_cache.invalidate), and
a thread in each process listens: a publication on any app process makes every other process
drop its copies within the time a Redis message takes (milliseconds). While the thread is not
listening (starting, Redis away, the connection lost) the process knows no generation and every
request goes to Redis, as without this module; when Redis cannot be reached, pages are rendered
from the database.

Kept copies: PAGE_CACHE_LOCAL_PAGES pages per process (0 turns this off), each until the moment
its entry in Redis expires. Only with the Redis cache backend (home.cache_backends).
"""

import logging
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

CHANNEL = "page-cache:generations"
RETRY_SECONDS = 1.0


class LocalPages:
    def __init__(self):
        self.generation = None  # the shared generation as last announced; None: not known
        self._pages = OrderedDict()  # key → (generation, expires at, page)
        self._lock = threading.RLock()
        self._watcher = None
        self._pid = None

    def _backend(self):
        backend = caches["default"]
        return backend if hasattr(backend, "pubsub") else None

    def active(self):
        """True when copies may be kept; starts the listening thread in this process if needed
        (after gunicorn forks a worker, the parent's thread is not in the child)."""
        if settings.PAGE_CACHE_LOCAL_PAGES <= 0 or self._backend() is None:
            return False
        if self._pid != os.getpid() or self._watcher is None or not self._watcher.is_alive():
            with self._lock:
                if self._pid != os.getpid() or self._watcher is None or not self._watcher.is_alive():
                    self._pid = os.getpid()
                    self.forget()
                    self._watcher = threading.Thread(
                        target=self._listen, name="page-cache-generations", daemon=True
                    )
                    self._watcher.start()
        return True

    def forget(self, generation=None):
        """Know `generation` as the current one (None: none), and drop every copy."""
        with self._lock:
            self.generation = generation
            self._pages.clear()

    def get(self, key):
        generation = self.generation
        if generation is None:
            return None
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            if found[0] != generation or found[1] <= time.time():
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return found[2]

    def put(self, key, generation, expires_at, page):
        if generation != self.generation or expires_at <= time.time():
            return
        with self._lock:
            self._pages[key] = (generation, expires_at, page)
            self._pages.move_to_end(key)
            while len(self._pages) > settings.PAGE_CACHE_LOCAL_PAGES:
                self._pages.popitem(last=False)

    def _listen(self):
        from .page_cache import GENERATION_KEY

        while True:
            pubsub = None
            try:
                backend = self._backend()
                if backend is None:  # the cache is no longer Redis (settings changed in tests)
                    self.forget()
                    return
                pubsub = backend.pubsub()
                pubsub.subscribe(CHANNEL)
                # Subscribed before reading the generation: no announcement can fall in between.
                while (message := pubsub.get_message(timeout=5)) is None or message["type"] != "subscribe":
                    pass
                self.forget(backend.get(GENERATION_KEY))
                while True:
                    message = pubsub.get_message(timeout=30)
                    if message is not None and message["type"] == "message":
                        self.forget(message["data"].decode())
            except Exception as error:  # noqa: BLE001 - any failure: know nothing, try again
                self.forget()
                logger.info("Page cache: not listening for new generations (%s)", error)
                time.sleep(RETRY_SECONDS)
            finally:
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except Exception:  # noqa: BLE001, S110 - closing a broken connection
                        pass


local_pages = LocalPages()
