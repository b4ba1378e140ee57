"""Requests through the site's WSGI stack (home.page_cache.CachedPages around Django), as
gunicorn makes them, for tests of what happens before Django builds a request."""

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory


def wsgi_get(application, path, **extra):
    """GET path through a WSGI application: (status, headers, body). As with the test client,
    the test's database connection stays open across requests (Django closes old connections
    when a request starts and when its response is closed)."""
    request = RequestFactory().get(path, **extra)
    answer = {}

    def start_response(status, headers):
        answer.update(status=status, headers=dict(headers))

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        chunks = application(request.META, start_response)
        body = b"".join(chunks)
        getattr(chunks, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def django_application(calls):
    """Django's WSGI application, noting each path it is asked for in `calls`."""

    def django(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return WSGIHandler()(environ, start_response)

    return django
