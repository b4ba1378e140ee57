"""Production settings, checked the way an operator would deploy them (README.md, "Drift")."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x7!kq2-a-long-random-production-like-key-0123456789abcdefghijklmnop",
    "ALLOWED_HOSTS": "rummelighed.example.dk",
    "CSRF_TRUSTED_ORIGINS": "https://rummelighed.example.dk",
    "SITE_URL": "https://rummelighed.example.dk",
    "DEFAULT_FROM_EMAIL": "Rummelighed i praksis <konference@rummelighed.example.dk>",
    # Rate limits and lockouts need one cache shared by every app process.
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _manage(*args, env=None):
    skip = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in skip}
    environment.update(env or {})
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_check_deploy_reports_nothing():
    result = _manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_https_redirect_can_be_turned_off_behind_a_proxy():
    code = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    on = _manage("shell", "-v", "0", "-c", code, env=PRODUCTION_ENV)
    off = _manage("shell", "-v", "0", "-c", code, env={**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "false"})
    assert on.stdout.split() == ["True", "31536000"]
    assert off.stdout.split() == ["False", "31536000"]


@pytest.mark.django_db
def test_security_txt_names_the_site_contact(client, launch_content):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Contact: mailto:oao@oao.dk" in body
    assert "Expires: " in body


def test_media_go_to_s3_and_frontend_cache_is_configured_from_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.STORAGES['default']['BACKEND'], s.WAGTAILFRONTENDCACHE['default']['LOCATION'])"
    )
    env = {
        **PRODUCTION_ENV,
        "AWS_STORAGE_BUCKET_NAME": "rummelighed-media",
        "FRONTEND_CACHE_URL": "http://127.0.0.1:8080",
    }
    result = _manage("shell", "-v", "0", "-c", code, env=env)
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "http://127.0.0.1:8080"], result.stderr


def test_production_api_answers_json_only_and_keeps_rate_limits_apart_from_the_page_cache():
    code = (
        "from django.conf import settings as s; from cases.api import PagesAPI; "
        "print(*[r.__name__ for r in PagesAPI.renderer_classes]); "
        "print(s.RATELIMIT_USE_CACHE, s.CACHES['limits']['LOCATION'], s.CACHES['limits']['FALLBACK']); "
        "print(s.CACHES['default']['LOCATION'], s.CACHES['default']['FALLBACK'])"
    )
    env = {**PRODUCTION_ENV, "RATE_LIMIT_REDIS_URL": "redis://127.0.0.1:6380/0"}
    lines = _manage("shell", "-v", "0", "-c", code, env=env).stdout.splitlines()
    assert lines == [
        "JSONRenderer",
        "limits redis://127.0.0.1:6380/0 local",
        "redis://127.0.0.1:6379/0 none",
    ]
