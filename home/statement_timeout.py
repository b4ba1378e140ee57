"""A time limit on the database work of anonymous reads (PostgreSQL's `statement_timeout`).

A visitor's query string picks the work the database does (facets, searches, deep pages); no
combination may hold a worker and a database core for long. Anonymous GET and HEAD requests
run with `settings.ANONYMOUS_READ_STATEMENT_TIMEOUT_MS`; a statement that runs longer is
cancelled by PostgreSQL and the visitor gets a Danish 503 page saying to try again, never a
500. Everything else (the admin, logged-in editors, registration and every other POST) runs
without a limit: a write must never be cut off half-way for being slow.

The setting is per connection and connections are reused between requests, so it is changed
only when a request needs the other value than the connection has: a site serving anonymous
readers issues one `set_config` per new connection, not one per request.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from .security import DatabaseUnavailableMiddleware, is_admin_path

logger = logging.getLogger(__name__)

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a cancelled statement


def is_anonymous_read(request):
    return (
        request.method in READ_METHODS
        and not is_admin_path(request.path_info)
        and not request.user.is_authenticated
    )


def _use_timeout(milliseconds):
    """Give the connection `statement_timeout = milliseconds` (0: none) unless it has it.

    What the connection has is remembered with the connection object and the transactions open
    around the request (only tests open any): a value set inside a transaction that is later
    rolled back is gone, and a new connection starts from the server's default."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    state = (connection.connection, tuple(connection.atomic_blocks), milliseconds)
    known = getattr(connection, "_statement_timeout_state", None)
    if known is not None and known[0] is state[0] and known[1:] == state[1:]:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(milliseconds)])
    connection._statement_timeout_state = state


def is_statement_timeout(error):
    cause = getattr(error, "__cause__", None)
    return isinstance(error, OperationalError) and getattr(cause, "sqlstate", None) == QUERY_CANCELED


def timed_out():
    html = render_to_string("503.html", {"timed_out": True})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "10"
    patch_cache_control(response, no_store=True)
    return response


class StatementTimeoutMiddleware:
    """Time-box anonymous reads on PostgreSQL; answer a cancelled statement with a Danish 503.
    Placed after the page cache (a cached page needs no database) and authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.ANONYMOUS_READ_STATEMENT_TIMEOUT_MS
        if limit and connection.vendor == "postgresql":
            try:
                _use_timeout(limit if is_anonymous_read(request) else 0)
            except (OperationalError, InterfaceError) as error:
                return DatabaseUnavailableMiddleware.unavailable(error)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_statement_timeout(exception):
            logger.warning(
                "Statement timeout after %s ms: %s",
                settings.ANONYMOUS_READ_STATEMENT_TIMEOUT_MS,
                request.get_full_path(),
            )
            return timed_out()
        return None
