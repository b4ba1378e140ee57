"""Production: only what production adds to base.py."""

import os

from .base import *  # noqa: F403
from .base import env_bool, require_secret_key

require_secret_key()

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
WHITENOISE_MAX_AGE = 31_536_000

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Media (uploaded images and documents) on S3-compatible storage when a bucket is configured,
# so that every app process sees the same files; local disk (MEDIA_ROOT) otherwise.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# Purge a CDN or Varnish when pages are published (wagtail.contrib.frontend_cache).
if os.environ.get("FRONTEND_CACHE_URL"):
    INSTALLED_APPS += ["wagtail.contrib.frontend_cache"]  # noqa: F405
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }
elif os.environ.get("CLOUDFLARE_ZONEID"):
    INSTALLED_APPS += ["wagtail.contrib.frontend_cache"]  # noqa: F405
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ["CLOUDFLARE_BEARER_TOKEN"],
            "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
        }
    }
