"""Run the production configuration locally: gunicorn instances on free 127.0.0.1 ports, sharing
one PostgreSQL database and one Redis. Used by `make bench` and the multi-process tests."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# Starting takes longer on a busy machine (each worker imports Django and Wagtail).
STARTUP_SECONDS = int(os.environ.get("BENCH_STARTUP_SECONDS", "180"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(base_url, name):
    return urlunsplit(urlsplit(base_url)._replace(path=f"/{name}"))


def recreate_database(base_url, name):
    import psycopg

    with psycopg.connect(database_url(base_url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(base_url, name):
    import psycopg

    with psycopg.connect(database_url(base_url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_until_up(url, process):
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
    """A production-configured site on a fresh database (or, with `existing_database_url`, on
    data that already exists and is kept): call manage(), then start()."""

    def __init__(
        self,
        *,
        base_database_url,
        database,
        redis_url,
        static_root,
        instances=2,
        workers=2,
        extra_env=None,
        existing_database_url=None,
    ):
        import redis

        self.base_database_url = base_database_url
        self.database = database
        self.keep_database = existing_database_url is not None
        self.ports = [free_port() for _ in range(instances)]
        self.urls = [f"http://localhost:{port}" for port in self.ports]
        self.workers = workers
        self.processes = []
        if not self.keep_database:
            recreate_database(base_database_url, database)
        redis.Redis.from_url(redis_url).flushdb()
        skip = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        self.env = {key: value for key, value in os.environ.items() if key not in skip}
        self.env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "DATABASE_URL": existing_database_url or database_url(base_database_url, database),
                "REDIS_URL": redis_url,
                "STATIC_ROOT": str(static_root),
                "ALLOWED_HOSTS": "localhost,127.0.0.1",
                "CSRF_TRUSTED_ORIGINS": ",".join(self.urls),
                "SECURE_SSL_REDIRECT": "false",
                "WAGTAILADMIN_BASE_URL": self.urls[0],
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                "LOG_LEVEL": "ERROR",
                **(extra_env or {}),
            }
        )

    def manage(self, *args):
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def start(self, **env):
        """Start (or restart with other settings) every instance and wait until all answer."""
        self.stop()
        for port in self.ports:
            process = subprocess.Popen(  # noqa: S603 - fixed arguments
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
                cwd=ROOT,
                env={
                    **self.env,
                    **env,
                    "GUNICORN_BIND": f"127.0.0.1:{port}",
                    "WEB_CONCURRENCY": str(self.workers),
                },
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.processes.append(process)
        for url, process in zip(self.urls, self.processes, strict=True):
            wait_until_up(url, process)

    def stop(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes = []

    def close(self):
        self.stop()
        if not self.keep_database:
            drop_database(self.base_database_url, self.database)
