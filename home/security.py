"""Response headers and failure pages that protect every request.

- A strict Content-Security-Policy on the public site and the looser one the Wagtail admin
  needs, chosen by path, so nothing outside the admin gets the admin's allowances. A page's
  preview in the editor gets the public policy, except that the admin may frame it.
- Permissions-Policy, and `Cache-Control: private, no-store` on pages that carry personal
  data or a CSRF token (the admin; views mark their responses with `mark_private`).
- A Danish 503 page, rendered without the database, when the database is unreachable.
- Rate limits per client address, with a Danish 429 page that says when to try again.
- Form posts that are not valid UTF-8 are refused with a Danish 400 page before any view runs.
"""

import logging
from functools import wraps
from urllib.parse import unquote_to_bytes

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, UnreadablePostError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django_ratelimit.core import get_usage, is_ratelimited

logger = logging.getLogger(__name__)

PRIVATE_PREFIXES = ("/admin/",)


def is_admin_path(path):
    return path.startswith("/admin/")


class PathAwareCSPMiddleware(CSPMiddleware):
    """django-csp with the admin's policy (settings.ADMIN_CONTENT_SECURITY_POLICY) under /admin/."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and getattr(request, "is_dummy", False) and parts.config is None:
            # Wagtail renders a preview by passing a made-up request for the page's public URL
            # through the middleware, and shows the result in a frame in the editor: the
            # public policy, but framed by the admin on the same origin.
            replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
            return PolicyParts(config=None, update=parts.update, replace=replace, nonce=parts.nonce)
        if not report_only and is_admin_path(request.path_info) and parts.config is None:
            return PolicyParts(
                config=settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],
                update=parts.update,
                replace=parts.replace,
                nonce=parts.nonce,
            )
        return parts


def mark_private(response):
    """Mark a response as personal: never stored by a browser cache, proxy, CDN or the page cache
    (SecurityHeadersMiddleware sends `Cache-Control: private, no-store`)."""
    response._private_page = True
    return response


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if getattr(response, "_private_page", False) or request.path_info.startswith(PRIVATE_PREFIXES):
            patch_cache_control(response, private=True, no_store=True)
        return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a maintenance page when the database is down; the next request after it
    returns works again by itself (connections are health-checked before reuse)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as error:
            return self.unavailable(error)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return self.unavailable(exception)
        return None

    @staticmethod
    def unavailable(error):
        logger.error("Database unavailable: %s", error)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        patch_cache_control(response, no_store=True)
        return response


def client_ip(request):
    """The client's address. A forwarding header counts only when a trusted proxy is configured,
    and then only the entry that proxy added (counting from the right)."""
    if settings.TRUSTED_PROXY_HEADER:
        meta_key = "HTTP_" + settings.TRUSTED_PROXY_HEADER.upper().replace("-", "_")
        hops = [hop.strip() for hop in request.META.get(meta_key, "").split(",") if hop.strip()]
        if len(hops) >= settings.TRUSTED_PROXY_COUNT:
            return hops[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def _client_key(group, request):
    return client_ip(request)


def _period_seconds(rate):
    count, _, period = rate.partition("/")
    number = "".join(ch for ch in period if ch.isdigit()) or "1"
    unit = period.lstrip("0123456789") or "s"
    return int(number) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit[0]]


def too_many_requests(rate, reason=""):
    """The Danish 429 page; `reason` replaces its explanation when the limit is not the
    connection's (e.g. one e-mail address's)."""
    seconds = _period_seconds(rate)
    minutes = max(1, -(-seconds // 60))
    html = render_to_string("429.html", {"retry_minutes": minutes, "reason": reason})
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(seconds)
    patch_cache_control(response, private=True, no_store=True)
    return response


def over_limit(request, group):
    """Count this request against the client's limit for group; True when it is over."""
    rate = settings.RATE_LIMITS[group]
    return is_ratelimited(request, group=group, key=_client_key, rate=rate, increment=True)


def limit_used_up(request, group, key=_client_key):
    """True when settings.RATE_LIMITS[group] is used up for this client (or for `key`, a
    function (group, request) → value), without counting this request: for limits that count
    only the attempts that were accepted (count_attempt)."""
    usage = get_usage(request, group=group, key=key, rate=settings.RATE_LIMITS[group], increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def count_attempt(request, group, key=_client_key):
    """Count an accepted attempt against group's limit for this client (or `key`)."""
    get_usage(request, group=group, key=key, rate=settings.RATE_LIMITS[group], increment=True)


def rate_limited(group, methods=("POST",)):
    """View decorator: requests in methods beyond settings.RATE_LIMITS[group] get a 429 page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and over_limit(request, group):
                return too_many_requests(settings.RATE_LIMITS[group])
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class RateLimitMiddleware:
    """Rate-limits POSTs to the admin login and the password reset form, whose views belong to
    Wagtail, per client address."""

    LIMITED_VIEWS = {"wagtailadmin_login": "admin-login", "wagtailadmin_password_reset": "password-reset"}

    def __init__(self, get_response):
        self.get_response = get_response
        self.groups = None

    def __call__(self, request):
        if request.method == "POST":
            if self.groups is None:
                self.groups = {reverse(name): group for name, group in self.LIMITED_VIEWS.items()}
            group = self.groups.get(request.path_info)
            if group and over_limit(request, group):
                return too_many_requests(settings.RATE_LIMITS[group])
        return self.get_response(request)


def bad_request():
    response = HttpResponse(render_to_string("400.html"), status=400)
    patch_cache_control(response, private=True, no_store=True)
    return response


class FormEncodingMiddleware:
    """Django reads form data leniently, turning bytes that are not UTF-8 into U+FFFD, which
    would then be stored. A form post that does not decode is refused instead, and so is one
    over DATA_UPLOAD_MAX_MEMORY_SIZE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            try:
                unquote_to_bytes(request.body.replace(b"+", b" ")).decode("utf-8")
            except (UnicodeDecodeError, RequestDataTooBig, UnreadablePostError):
                return bad_request()
        return self.get_response(request)
