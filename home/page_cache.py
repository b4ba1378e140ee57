"""Whole-page cache for anonymous visitors, on the shared cache (Redis in production).

A page is cached only when nothing in it is personal: an anonymous GET, no session cookie,
no CSRF token used while rendering, no cookie set, and not marked private. Every cached
page carries a Cache-Control a CDN may honour too.

Invalidation is by generation: any saved or deleted content (a row of an app in
settings.PAGE_CACHE_CONTENT_APPS: pages, snippets, images, documents, site settings,
redirects) bumps one counter, and the old generation's keys are
never read again and expire. Publishing is rare next to reading, so one counter is both
simple and always correct, including the library's filtered views, value pages and feeds.

Two things change what a page shows without content being saved, and both are handled
where they happen: a model with `page_cache_ignore = True` (a registration, say) does not
bump the counter on every save; its app calls `invalidate()` when what the pages show
changes (a conference becomes full). And time: an app registers a function with
`expire_at_next(...)` that says when pages next change on their own (registration opens
at 9:00), and no page is cached, by us or a CDN, past that moment.

The signal handlers are connected by home's app config (HomeConfig.ready), so the cache is
renewed on publishing whichever other apps are installed.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.cache import patch_cache_control

GENERATION_KEY = "page-cache:generation"
SKIPPED_PREFIXES = ("/admin/", "/dokumenter/", "/static/", "/media/")


def generation():
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def invalidate():
    """Start a new generation: every page is rendered afresh on its next request."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _on_content_change(sender, **kwargs):
    from wagtail.models import BaseLogEntry

    if (
        sender._meta.app_label in settings.PAGE_CACHE_CONTENT_APPS
        and not getattr(sender, "page_cache_ignore", False)
        # The admin's history of what happened (a registration's log, say) is on no page.
        and not issubclass(sender, BaseLogEntry)
    ):
        invalidate()


def connect():
    """Renew the cache whenever content is saved or deleted (called by HomeConfig.ready)."""
    post_save.connect(_on_content_change, dispatch_uid="page_cache_save")
    post_delete.connect(_on_content_change, dispatch_uid="page_cache_delete")


_next_change_sources = []


def expire_at_next(source):
    """Register `source()`: the next aware datetime when pages change with time alone, or None."""
    if source not in _next_change_sources:
        _next_change_sources.append(source)


def _next_change(generation_number):
    """The next time-driven change as a Unix time (0: none), remembered per generation."""
    key = f"page-cache:{generation_number}:next-change"
    remembered = cache.get(key)
    if remembered is not None and (remembered == 0 or remembered > time.time()):
        return remembered
    moments = [moment for moment in (source() for source in _next_change_sources) if moment]
    next_change = min(moment.timestamp() for moment in moments) if moments else 0
    cache.set(key, next_change, settings.PAGE_CACHE_SECONDS)
    return next_change


def _lifetime(generation_number):
    """Seconds a page may be kept: PAGE_CACHE_SECONDS, cut short at the next time-driven change."""
    next_change = _next_change(generation_number)
    if not next_change:
        return settings.PAGE_CACHE_SECONDS
    return max(0, min(settings.PAGE_CACHE_SECONDS, int(next_change - time.time())))


def _cache_key(request, generation_number):
    digest = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"page-cache:{generation_number}:{digest}"


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(SKIPPED_PREFIXES)
    )


def _carries_csrf_token(request, response):
    # A visitor who already has the CSRF cookie gets no Set-Cookie, but the form still holds
    # a token derived from their secret: serving it to others would break their forms.
    return request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or b"csrfmiddlewaretoken" in response.content


def _cacheable_response(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not _carries_csrf_token(request, response)
        and not getattr(response, "_private_page", False)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        generation_number = generation()
        key = _cache_key(request, generation_number)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _cacheable_response(request, response):
            lifetime = _lifetime(generation_number)
            patch_cache_control(
                response,
                public=True,
                max_age=min(settings.PAGE_CACHE_BROWSER_SECONDS, lifetime),
                s_maxage=lifetime,
            )
            if lifetime >= 1:  # else a change is due this second: not worth keeping
                cache.set(key, response, lifetime)
            response["X-Page-Cache"] = "miss"
        return response
