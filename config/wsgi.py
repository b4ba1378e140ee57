import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

django_application = get_wsgi_application()

from home.page_cache import CachedPages  # noqa: E402 - once Django is set up

# A cached page is sent before Django builds a request (home.page_cache.CachedPages).
application = CachedPages(django_application)
