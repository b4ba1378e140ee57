"""Settings shared by every environment.

Secure by default: DEBUG is off, there is no secret in the repository and every
deployment knob is read from the environment (see README.md, "Konfiguration").
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "cases",
    "conferences",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.api.v2",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.humanize",  # Danish for the admin's »for 5 minutter siden«
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    # First: a cached page is answered before anything else runs, with the headers the middleware
    # below added when it was rendered (home.page_cache).
    "home.page_cache.AnonymousPageCacheMiddleware",
    "home.security.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "home.security.SecurityHeadersMiddleware",
    "home.security.PathAwareCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "home.two_factor.TwoFactorMiddleware",
    # Before anything reads a body: refuses an oversized one unread (home.request_limits).
    "home.request_limits.RequestBodyLimitMiddleware",
    "home.security.FormEncodingMiddleware",
    "home.statement_timeout.StatementTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "home.security.RateLimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # counts failures and refuses locked-out logins
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: DATABASE_URL (PostgreSQL in production), SQLite under var/ otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays off for long analytical queries, but the planner's estimates
    # for a page's queries over 100,000 cases start it, and compiling took a second more
    # than running the query (docs/performance.md).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
    # the start of a transaction, so two writers queue instead of failing half-way.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Anonymous reads (GET/HEAD outside the admin, not logged in) may keep a PostgreSQL statement
# running this long; a longer one is cancelled and answered with a Danish 503 page
# (home.statement_timeout). 0 turns the limit off. Writes and the admin have no limit.
ANONYMOUS_READ_STATEMENT_TIMEOUT_MS = int(os.environ.get("ANONYMOUS_READ_STATEMENT_TIMEOUT_MS", "2000"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: Redis when REDIS_URL is set (shared by every app process), memory otherwise.
# "default" holds the page cache and what is derived from content; it may be evicted at will
# (maxmemory-policy allkeys-lru). "limits" holds the rate-limit counters, which must not be
# evicted by page-cache pressure: RATE_LIMIT_REDIS_URL points at a Redis of its own with
# maxmemory-policy noeviction (docs/deployment.md); without it they share REDIS_URL.
# Both keep working while Redis is down (home.cache_backends): pages are rendered uncached,
# and rate limits are counted in each process.
REDIS_URL = os.environ.get("REDIS_URL", "")
RATE_LIMIT_REDIS_URL = os.environ.get("RATE_LIMIT_REDIS_URL", "") or REDIS_URL
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "home.cache_backends.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "rummelighed"),
            "FALLBACK": "none",
        },
        "limits": {
            "BACKEND": "home.cache_backends.FailSafeRedisCache",
            "LOCATION": RATE_LIMIT_REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "rummelighed") + ":limits",
            "FALLBACK": "local",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "limits"},
    }

# The launch content: each app's loader, run in this order by `manage.py load_site_content`
# (home's first: the others build on its home page). See home/launch_content.py.
SITE_CONTENT_LOADERS = [
    "home.launch_content.load",
    "cases.launch_content.load",
    "conferences.launch_content.load",
]

# Whole pages for anonymous visitors (home.page_cache): seconds in the shared cache and for a
# CDN (s-maxage), and seconds a browser may keep them. PAGE_CACHE_SECONDS=0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("PAGE_CACHE_BROWSER_SECONDS", "60"))
# Pages each app process keeps a copy of, so a warm page needs no call to Redis; a new generation
# is announced to every process on a Redis channel (home.local_pages). 0 turns the copies off.
PAGE_CACHE_LOCAL_PAGES = int(os.environ.get("PAGE_CACHE_LOCAL_PAGES", "200"))
# The apps whose saved or deleted rows change what pages show: any of them renews the page cache
# (a model with page_cache_ignore = True excepted, see home/page_cache.py).
PAGE_CACHE_CONTENT_APPS = [
    "home",
    "cases",
    "conferences",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "taggit",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "home.passwords.RepeatedCharactersValidator"},
    {
        "NAME": "home.passwords.SiteNameValidator",
        "OPTIONS": {"words": ["rummelighed", "rummelig", "inklusion", "faxe", "wagtail", "admin"]},
    },
]
# "Glemt adgangskode?": the mail is queued (home.password_reset, home.tasks), never sent in the request.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "home.password_reset.QueuedPasswordResetForm"  # noqa: S105 - a class
PASSWORD_RESET_TIMEOUT = 24 * 3600

# Two-step sign-in to the admin (home.two_factor): required for superusers and these groups,
# offered to every other editor.
TWO_FACTOR_REQUIRED_GROUPS = env_list("TWO_FACTOR_REQUIRED_GROUPS", "Konferenceansvarlige")
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = env_bool("TWO_FACTOR_REQUIRED_FOR_SUPERUSERS", True)
OTP_TOTP_ISSUER = "Rummelighed i praksis"

# Sessions (only editors have one) end after ADMIN_SESSION_IDLE_HOURS without a request; each
# request moves the end forward.
SESSION_COOKIE_AGE = int(float(os.environ.get("ADMIN_SESSION_IDLE_HOURS", "8")) * 3600)
SESSION_SAVE_EVERY_REQUEST = True

# Danish throughout.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
# The project's own Danish for the Wagtail admin (README.md, Redaktører): it wins over Wagtail's
# partial Danish catalogue. `make` compiles it.
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("da", "Dansk")]
WAGTAIL_CONTENT_LANGUAGES = [("da", "Dansk")]

# Static files: our own files plus Det Fælles Designsystem straight from node_modules.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600
# Files served at the site's root, e.g. /favicon.ico, which browsers and crawlers ask for there.
WHITENOISE_ROOT = BASE_DIR / "webroot"

# Mail: an SMTP server from the environment.
# Django's SMTP backend, made so a queued mail is never sent twice (home/mail_delivery.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "home.mail_delivery.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Rummelighed i praksis <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (django-tasks). Wagtail's own tasks run at once, as before; mail to
# conference participants goes to a queue in the database ("mail"), written in the same
# transaction as the registration it is about, and is sent by `manage.py worker`.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# The scheduled jobs `manage.py worker` runs (home/background.py): name → (function, seconds
# between runs). Each runs on one worker at a time, whatever the number of workers.
BACKGROUND_JOBS = {
    "publish_scheduled": ("home.jobs.publish_scheduled", 60),
    "send_conference_reminders": ("conferences.reminders.send_reminders", 15 * 60),
    "purge_registrations": ("conferences.retention.purge_registrations", 60 * 60),
    "purge_submissions": ("cases.submissions.purge", 60 * 60),
    "forget_old_access_logs": ("home.jobs.forget_old_access_logs", 60 * 60),
    "clean_up_task_rows": ("home.jobs.clean_up_task_rows", 60 * 60),
}
# django-axes' logs of admin sign-ins (addresses, usernames) are deleted after this many days.
ACCESS_LOG_RETENTION_DAYS = int(os.environ.get("ACCESS_LOG_RETENTION_DAYS", "30"))
# Finished task rows (sent and failed mail; they name no one) are deleted after this many days.
TASK_ROWS_RETENTION_DAYS = int(os.environ.get("TASK_ROWS_RETENTION_DAYS", "14"))

# Wagtail
WAGTAIL_SITE_NAME = "Rummelighed i praksis"
# The site's public address, configured once (home/site_address.py): links in mails, calendar
# files, feeds, the sitemap and the API, and the Wagtail Site record's host and port.
# WAGTAILADMIN_BASE_URL, its earlier name, is still read when SITE_URL is not set.
SITE_URL = (
    os.environ.get("SITE_URL") or os.environ.get("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
).rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILAPI_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Used by the PostgreSQL backend: Danish stemming and stop words.
        "SEARCH_CONFIG": "danish",
    }
}
# Documents editors may upload: office formats, PDF and plain text; nothing a browser would run
# (no HTML, SVG or scripts). All are served through Wagtail's view (never straight from storage),
# as downloads (Content-Disposition: attachment), except PDF, which browsers show safely.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
# Every image needs a description (its alt text): home/forms.py.
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.forms.DescribedImageForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_COMMENTS_ENABLED = True

# Content-Security-Policy (django-csp). Public pages: no inline script or style, nothing from
# other origins, never framed. The admin (home.security.PathAwareCSPMiddleware) gets what
# Wagtail's editor needs and no more.
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": ["'none'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF, "'unsafe-inline'"],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:", "blob:"],
        "font-src": [_SELF, "data:"],
        "connect-src": [_SELF],
        "frame-src": [_SELF],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_SELF],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# The client's address: REMOTE_ADDR, unless a trusted proxy in front of the site sets a header
# (e.g. TRUSTED_PROXY_HEADER=X-Forwarded-For with TRUSTED_PROXY_COUNT=1 behind one load balancer).
# Without a trusted proxy such headers are ignored: anyone can send them.
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "")
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

# Rate limits per client address (django-ratelimit on the "limits" cache: Redis in production).
RATELIMIT_USE_CACHE = "limits"
# django-ratelimit predates Django's own RedisCache and only lists django-redis as supported;
# Django's RedisCache increments with Redis' atomic INCR, which is all the limiter needs (and
# home.cache_backends.FailSafeRedisCache is that cache with a fallback).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
RATE_LIMITS = {
    "admin-login": os.environ.get("RATE_LIMIT_ADMIN_LOGIN", "20/10m"),
    # Registration: colleagues behind one municipal connection register when the invitation
    # goes out, so an address may make many accepted registrations (form errors do not count);
    # a burst limit on every POST stops a flood, and a limit per e-mail address stops anyone
    # sending one address mail after mail.
    "registration": os.environ.get("RATE_LIMIT_REGISTRATION", "150/10m"),
    "registration-burst": os.environ.get("RATE_LIMIT_REGISTRATION_BURST", "40/m"),
    "registration-email": os.environ.get("RATE_LIMIT_REGISTRATION_EMAIL", "5/h"),
    "participant": os.environ.get("RATE_LIMIT_PARTICIPANT", "30/10m"),
    # »Del din erfaring«: saves and sends per client address.
    "submission": os.environ.get("RATE_LIMIT_SUBMISSION", "10/10m"),
    # "Glemt adgangskode?": requests per client address (a 429 page), and mails per account
    # (silently none beyond it, so the form does not tell which addresses have accounts).
    "password-reset": os.environ.get("RATE_LIMIT_PASSWORD_RESET", "5/h"),
    "password-reset-account": os.environ.get("RATE_LIMIT_PASSWORD_RESET_ACCOUNT", "3/h"),
}

# Spam on the registration form without a CAPTCHA: a form sent sooner than this many seconds
# after it was rendered is dropped silently; a slower one with the hidden honeypot field filled
# in is held for the organisers (conferences/held.py).
REGISTRATION_MIN_FILL_SECONDS = int(os.environ.get("REGISTRATION_MIN_FILL_SECONDS", "3"))

# Admin login lockout (django-axes): failures are counted per username, whatever the address
# they come from, and per address, whatever the usernames tried; AXES_FAILURE_LIMIT of either
# within 15 minutes locks that username (everywhere) or that address out for 15 minutes. A
# successful login does not forgive earlier failures: it would let anyone with one account
# reset the count for the usernames they are guessing from the same address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "429_login.html"
AXES_CLIENT_IP_CALLABLE = "home.security.client_ip"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440)))
# Request bodies larger than this are refused before they are read (home.request_limits): the
# public forms send a few kilobytes. People signed in to the admin may send up to the second
# limit (image and document uploads). config/gunicorn_worker.py buffers bodies up to the first.
REQUEST_BODY_MAX_BYTES = int(os.environ.get("REQUEST_BODY_MAX_BYTES", str(256 * 1024)))
ADMIN_REQUEST_BODY_MAX_BYTES = int(os.environ.get("ADMIN_REQUEST_BODY_MAX_BYTES", str(32 * 1024 * 1024)))

# »Del din erfaring« (cases/submissions.py): anyone may attach images and a PDF there, so its
# paths (and only they) take bodies up to PUBLIC_UPLOAD_MAX_BYTES: the files' limits and the text.
SUBMISSION_IMAGE_MAX_BYTES = int(os.environ.get("SUBMISSION_IMAGE_MAX_BYTES", str(5 * 1024 * 1024)))
SUBMISSION_MAX_IMAGES = 2
SUBMISSION_PDF_MAX_BYTES = int(os.environ.get("SUBMISSION_PDF_MAX_BYTES", str(10 * 1024 * 1024)))
PUBLIC_UPLOAD_PATHS = ["/del-din-erfaring/"]
PUBLIC_UPLOAD_MAX_BYTES = (
    SUBMISSION_MAX_IMAGES * SUBMISSION_IMAGE_MAX_BYTES + SUBMISSION_PDF_MAX_BYTES + 1024 * 1024
)
# A shared case sent sooner than this after the form was shown is dropped as a bot's.
SUBMISSION_MIN_FILL_SECONDS = int(os.environ.get("SUBMISSION_MIN_FILL_SECONDS", "5"))
# Days after the decision (published or declined) before the contributor's contact details are
# deleted (the name and role are kept on a published case they agreed to be named on).
SUBMISSION_CONTACT_RETENTION_DAYS = int(os.environ.get("SUBMISSION_CONTACT_RETENTION_DAYS", "90"))
# Days a saved, never sent case is kept after it was last saved.
SUBMISSION_DRAFT_DAYS = int(os.environ.get("SUBMISSION_DRAFT_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}


def require_secret_key():
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY skal sættes i miljøet (se README.md).")
