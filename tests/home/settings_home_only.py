"""Test settings for a site of home alone (tests/home/home_only_site.py): neither `cases` nor
`conferences` installed, the page cache on, a SQLite database from DATABASE_URL."""

from config.settings.test import *  # noqa: F403
from config.settings.test import INSTALLED_APPS, SITE_CONTENT_LOADERS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in ("cases", "conferences")]
SITE_CONTENT_LOADERS = [loader for loader in SITE_CONTENT_LOADERS if loader.startswith("home.")]
ROOT_URLCONF = "tests.home.urls_home_only"
PAGE_CACHE_SECONDS = 600
