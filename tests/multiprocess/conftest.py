"""Two gunicorn instances of the production configuration sharing one PostgreSQL database and
one Redis, as the site runs behind a load balancer. Used by tests marked `postgres`."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
STARTUP_SECONDS = 60


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin_database_url(name):
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def _recreate_database(name):
    import psycopg

    with psycopg.connect(_admin_database_url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _drop_database(name):
    import psycopg

    with psycopg.connect(_admin_database_url("postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_until_up(url, process):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn at {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as response:  # noqa: S310 - local
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn at {url} did not answer within {STARTUP_SECONDS} s")


class Cluster:
    def __init__(self, env, urls):
        self.env = env
        self.urls = urls

    def manage(self, *args):
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout


@pytest.fixture(scope="module")
def two_instances(tmp_path_factory):
    """Start two gunicorn instances (2 workers each) on free local ports; yield a Cluster."""
    import redis

    database = f"rummelighed_two_instances_{os.getpid()}"
    _recreate_database(database)
    redis.Redis.from_url(REDIS_URL).flushdb()
    static_root = tmp_path_factory.mktemp("static")
    ports = [_free_port(), _free_port()]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": _admin_database_url(database),
            "REDIS_URL": REDIS_URL,
            "STATIC_ROOT": str(static_root),
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": ",".join(f"http://localhost:{port}" for port in ports),
            "SECURE_SSL_REDIRECT": "false",
            "WAGTAILADMIN_BASE_URL": f"http://localhost:{ports[0]}",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "WEB_CONCURRENCY": "2",
            "LOG_LEVEL": "ERROR",
        }
    )
    cluster = Cluster(env, [f"http://localhost:{port}" for port in ports])
    cluster.manage("migrate", "--noinput", "-v", "0")
    cluster.manage("collectstatic", "--noinput", "-v", "0")
    cluster.manage("load_site_content")
    processes = []
    try:
        for port in ports:
            process = subprocess.Popen(  # noqa: S603 - fixed arguments
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
                cwd=ROOT,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            processes.append(process)
        for url, process in zip(cluster.urls, processes, strict=True):
            _wait_until_up(url, process)
        yield cluster
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        _drop_database(database)
