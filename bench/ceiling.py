"""The Python ceiling for `make bench`: Django answering a constant HttpResponse, with no
middleware, no database and no cache, served by the same gunicorn configuration as the site
(`gunicorn -c config/gunicorn.py bench.ceiling`). A cached page cannot be served faster than
this; issue 16 asks for at least 0.8 × its requests per second.

The body is BENCH_CEILING_BYTES bytes (the measured page's size), so both answers cost wrk and
the network the same.
"""

import os

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

BODY = b"x" * int(os.environ.get("BENCH_CEILING_BYTES", "20000"))


def constant(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", constant)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-ceiling-not-a-secret",  # noqa: S106 - signs nothing
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    LOGGING_CONFIG=None,
)
django.setup()
application = get_wsgi_application()
