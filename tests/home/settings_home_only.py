"""Test settings for a site of home alone (tests/home/home_only_site.py): neither `cases` nor
`conferences` installed, the page cache on, a SQLite database from DATABASE_URL. Search is not
what is tested there: the index is not kept up to date (the script creates the tables straight
from the models, after checking that the migrations need neither app)."""

from config.settings.test import *  # noqa: F403
from config.settings.test import INSTALLED_APPS, SITE_CONTENT_LOADERS, WAGTAILSEARCH_BACKENDS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in ("cases", "conferences")]
SITE_CONTENT_LOADERS = [loader for loader in SITE_CONTENT_LOADERS if loader.startswith("home.")]
ROOT_URLCONF = "tests.home.urls_home_only"
PAGE_CACHE_SECONDS = 600
WAGTAILSEARCH_BACKENDS = {"default": {**WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}}
