"""Whole-page cache for anonymous visitors, on the shared cache (Redis in production).

A page is cached only when nothing in it is personal: an anonymous GET, no session cookie,
no CSRF token used while rendering, no cookie set, and not marked private. Every cached
page carries a Cache-Control a CDN may honour too.

A hit is answered before anything else runs, with one Redis round trip: MGET of the current
generation and the page, which is stored (headers and body) together with the generation it was
rendered in. In production `CachedPages` wraps the WSGI application (config/wsgi.py) and sends it
before Django builds a request; AnonymousPageCacheMiddleware, first in MIDDLEWARE, finds the same
key the same way (for the test client, say) and stores what Django renders, with the headers the
other middleware added (security headers, the content security policy). No URL resolution, page
lookup or database on a hit.

Invalidation is by generation: any saved or deleted content (a row of an app in
settings.PAGE_CACHE_CONTENT_APPS: pages, snippets, images, documents, site settings,
redirects) starts a new generation, a random token, and a page stored in an older one is never
served again and expires. Publishing is rare next to reading, so one generation is both
simple and always correct, including the library's filtered views, value pages and feeds. The
token is random, not a counter: if Redis loses it (evicted, restarted empty), the next one
cannot match pages stored before. If Redis cannot be reached when content changes, the process
starts the new generation on its next request once Redis answers again.

The key is the scheme, host, path and the query parameters pages read: names the apps declare
with `key_query_parameters(...)`, sorted by name, empty ones dropped. A request with any other
parameter is rendered and not stored, so made-up parameters cannot fill the cache; one whose
only other parameters are tracking tags (`utm_source`, `fbclid`, …), which no page reads, is
sent on (301) to the same address without them, which is then served from the cache.

A response that varies (`Vary`) on a request header the key does not hold is not stored.

Two things change what a page shows without content being saved, and both are handled
where they happen: a model with `page_cache_ignore = True` (a registration, say) does not
bump the counter on every save; its app calls `invalidate()` when what the pages show
changes (a conference becomes full). And time: an app registers a function with
`expire_at_next(...)` that says when pages next change on their own (registration opens
at 9:00), and no page is cached, by us or a CDN, past that moment.

The signal handlers are connected by home's app config (HomeConfig.ready), so the cache is
renewed on publishing whichever other apps are installed. Redis being away is handled by the
cache backend (home.cache_backends): every read misses and pages are rendered from the database.
"""

import hashlib
import logging
import secrets
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import get_path_info, get_script_name, get_str_from_wsgi
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.http.cookie import parse_cookie
from django.utils.cache import cc_delim_re, patch_cache_control

from .local_pages import CHANNEL as LOCAL_PAGES_CHANNEL
from .local_pages import local_pages

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
PAGE_KEY_PREFIX = "page-cache:page:"
SKIPPED_PREFIXES = ("/admin/", "/dokumenter/", "/static/", "/media/")
# Added by newsletters, ads and social networks for analytics; no page reads them.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid"}
)
TRACKING_PREFIXES = ("utm_",)

_key_parameters = set()
_invalidation_pending = False


def key_query_parameters(*names):
    """Declare query parameters that pages read (`?side=`, the library's filters): the page cache
    keeps a page per value. A request with an undeclared parameter is not cached."""
    _key_parameters.update(names)


def _new_generation():
    return secrets.token_hex(8)


def generation():
    """The current generation: a token that changes whenever content does."""
    current = cache.get(GENERATION_KEY)
    return current if current is not None else _start_generation()


def _announce(token):
    """Tell every process's copies (home.local_pages) that `token` is the generation now. This
    process's own copies stop at once; they start again when its listener hears the news (only
    the listener may say which generation is current: it alone knows it is still listening)."""
    local_pages.forget()
    if token is not None and hasattr(cache, "publish"):
        cache.publish(LOCAL_PAGES_CHANNEL, token)


def _start_generation():
    """A first generation when there is none (a fresh or emptied Redis, or none reachable)."""
    token = _new_generation()
    if cache.add(GENERATION_KEY, token, timeout=None):
        _announce(token)
        return token
    return cache.get(GENERATION_KEY) or token


def invalidate():
    """Start a new generation: every page is rendered afresh on its next request."""
    global _invalidation_pending
    token = _new_generation()
    cache.set(GENERATION_KEY, token, timeout=None)
    # Not stored (Redis away): start it again on a later request, once Redis answers.
    _invalidation_pending = cache.get(GENERATION_KEY) is None
    _announce(None if _invalidation_pending else token)


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


def _next_change(generation_token):
    """The next time-driven change as a Unix time (0: none), remembered per generation."""
    key = f"page-cache:{generation_token}:next-change"
    remembered = cache.get(key)
    if remembered is not None and (remembered == 0 or remembered > time.time()):
        return remembered
    moments = [moment for moment in (source() for source in _next_change_sources) if moment]
    next_change = min(moment.timestamp() for moment in moments) if moments else 0
    cache.set(key, next_change, settings.PAGE_CACHE_SECONDS)
    return next_change


def _lifetime(generation_token):
    """Seconds a page may be kept: PAGE_CACHE_SECONDS, cut short at the next time-driven change."""
    next_change = _next_change(generation_token)
    if not next_change:
        return settings.PAGE_CACHE_SECONDS
    return max(0, min(settings.PAGE_CACHE_SECONDS, int(next_change - time.time())))


def _is_tracking(name):
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def canonical_query(query_string):
    """(query the key holds, query without tracking tags or None when there are none), or
    (None, None) when the query has a parameter that is neither declared nor a tracking tag."""
    if not query_string:
        return "", None
    kept, untracked, tracked = [], [], False
    for name, values in QueryDict(query_string).lists():
        if _is_tracking(name):
            tracked = True
            continue
        if name not in _key_parameters:
            return None, None
        kept += [(name, value) for value in values if value]
        untracked += [(name, value) for value in values]
    kept.sort(key=lambda pair: pair[0])  # by name only: the order of a name's values is kept
    return urlencode(kept), (urlencode(untracked) if tracked else None)


def _scheme(environ):
    """request.scheme, from the WSGI environ."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


def _host(environ):
    """The host as the request names it (request.get_host() without the check against
    ALLOWED_HOSTS: a page is only stored after Django has accepted its host)."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        return environ["HTTP_X_FORWARDED_HOST"]
    if "HTTP_HOST" in environ:
        return environ["HTTP_HOST"]
    return f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"


def _lookup(environ):
    """(cache key or None, query to redirect to without tracking tags or None) for a request
    the page cache may answer; None for one it leaves alone. Works on the WSGI environ, so the
    same key is found before Django builds a request (CachedPages) and in the middleware."""
    if settings.PAGE_CACHE_SECONDS <= 0 or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path_info = get_path_info(environ) or "/"
    if path_info.startswith(SKIPPED_PREFIXES):
        return None
    cookies = environ.get("HTTP_COOKIE")
    if cookies and settings.SESSION_COOKIE_NAME in parse_cookie(
        get_str_from_wsgi(environ, "HTTP_COOKIE", "")
    ):
        return None
    query, untracked = canonical_query(get_str_from_wsgi(environ, "QUERY_STRING", ""))
    if query is None:
        return None  # a parameter no page declares: not cached
    if untracked is not None:
        return None, untracked
    address = f"{_scheme(environ)}://{_host(environ)}{get_script_name(environ)}|{path_info}?{query}"
    return PAGE_KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest(), None


def _carries_csrf_token(request, response):
    # A visitor who already has the CSRF cookie gets no Set-Cookie, but the form still holds
    # a token derived from their secret: serving it to others would break their forms.
    return request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or b"csrfmiddlewaretoken" in response.content


def _varies_only_on_the_key(response):
    """True when no request header outside the key can change the response: Cookie (only
    requests without a session are cached, and pages with a CSRF token are not), Accept-Language
    with the site in one language, and Accept from an API view that has one renderer (JSON)."""
    for header in cc_delim_re.split(response.get("Vary", "")):
        name = header.strip().lower()
        if not name or name == "cookie":
            continue
        if name == "accept-language" and len(settings.LANGUAGES) == 1:
            continue
        view = getattr(response, "renderer_context", {}).get("view")
        if name == "accept" and view is not None and len(view.renderer_classes) == 1:
            continue
        return False
    return True


def _cacheable_response(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not _carries_csrf_token(request, response)
        and not getattr(response, "_private_page", False)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and _varies_only_on_the_key(response)
    )


def _without_tracking(request, query):
    response = HttpResponsePermanentRedirect(request.path + (f"?{query}" if query else ""))
    patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS)
    return response


def _stored(key):
    """(the current generation or None, the stored page's (headers, body) if it is of that
    generation or None, when it expires): one MGET."""
    found = cache.get_many([GENERATION_KEY, key])
    current, entry = found.get(GENERATION_KEY), found.get(key)
    if current is not None and entry is not None and entry[0] == current:
        return current, entry[2:], entry[1]
    return current, None, 0


class AnonymousPageCacheMiddleware:
    """First in settings.MIDDLEWARE: a hit needs nothing the others do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = _lookup(request.META)
        if found is None:
            return self.get_response(request)
        key, untracked = found
        if untracked is not None:
            return _without_tracking(request, untracked)
        if _invalidation_pending:
            invalidate()
        current, page, _ = _stored(key)
        if page is not None:
            headers, body = page
            response = HttpResponse(body)
            for name, value in headers:
                response.headers[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            request.get_host()  # stored only for a host Django accepts (it has, to get here)
            current = current if current is not None else _start_generation()
            lifetime = _lifetime(current)
            patch_cache_control(
                response,
                public=True,
                max_age=min(settings.PAGE_CACHE_BROWSER_SECONDS, lifetime),
                s_maxage=lifetime,
            )
            if lifetime >= 1:  # else a change is due this second: not worth keeping
                entry = (current, time.time() + lifetime, list(response.items()), response.content)
                cache.set(key, entry, lifetime)
            response["X-Page-Cache"] = "miss"
        return response


class CachedPages:
    """WSGI middleware around the site (config/wsgi.py): a page in the cache is sent before
    Django builds a request, runs middleware or resolves the URL; anything else goes to Django,
    whose AnonymousPageCacheMiddleware stores it. Same key, same rules, one MGET, or none for a
    page this process keeps a copy of (home.local_pages)."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            page = self._page(environ)
        except Exception:  # a bad entry or request: Django answers it, as without this shortcut
            logger.exception("Page cache lookup failed")
            page = None
        if page is None:
            return self.application(environ, start_response)
        headers, body = page
        start_response("200 OK", [*headers, ("X-Page-Cache", "hit")])
        return [body]

    @staticmethod
    def _page(environ):
        found = None if _invalidation_pending else _lookup(environ)
        if found is None or found[1] is not None:
            return None
        key = found[0]
        keeping = local_pages.active()
        page = local_pages.get(key) if keeping else None
        if page is None:
            current, page, expires_at = _stored(key)
            if page is not None and keeping:
                local_pages.put(key, current, expires_at, page)
        return page
