"""Tests: fast hashing, mail and cache in memory. DATABASE_URL picks PostgreSQL."""

from .base import *  # noqa: F403
from .base import BASE_DIR

SECRET_KEY = "test-only-not-a-secret"  # noqa: S105 - used by the test suite only
DEBUG = False
ALLOWED_HOSTS = ["*"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "limits"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
SITE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"

# django-axes needs a request on every authenticate(); tests that check the lockout turn it on.
AXES_ENABLED = False
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
# Limits high enough that ordinary tests never meet them; rate-limit tests lower them.
RATE_LIMITS = {
    "admin-login": "1000/m",
    "registration": "1000/m",
    "registration-burst": "1000/m",
    "registration-email": "1000/m",
    "participant": "1000/m",
    "submission": "1000/m",
    "password-reset": "1000/m",
    "password-reset-account": "1000/m",
}
# Tests post a form as soon as it is rendered; the fill-time tests set a real minimum.
REGISTRATION_MIN_FILL_SECONDS = 0
SUBMISSION_MIN_FILL_SECONDS = 0
# The memory cache is per process; production uses Redis (django_ratelimit checks for that).
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]  # noqa: F405
# No statement_timeout on PostgreSQL: a suite on a busy machine must not meet it by chance, and a
# transactional test's flush must not inherit it; tests/home/test_statement_timeout.py turns it on.
ANONYMOUS_READ_STATEMENT_TIMEOUT_MS = 0
# Pages are cached only in the tests about the page cache (the database is rolled back between
# tests without the signals that would invalidate it).
PAGE_CACHE_SECONDS = 0
# Conference mail stays in the database queue, as in production; tests run it when they
# choose (tests/conferences/conftest.py: run_mail_queue) and can see every queued row.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
