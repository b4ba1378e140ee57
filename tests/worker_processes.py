"""Worker processes for tests on PostgreSQL: `manage.py worker` started as its own process on
the test database (directly or through a TCP proxy the test controls), with real SMTP to an
aiosmtpd server the test started. The fixtures are in tests/conferences/conftest.py."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
LEASE_SECONDS = 3


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {what}")


def database_url(port=None):
    params = connection.settings_dict
    host = "127.0.0.1" if port else (params["HOST"] or "127.0.0.1")
    port = port or params["PORT"] or 5432
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    return f"postgres://{params['USER']}{password}@{host}:{port}/{params['NAME']}"


def start_worker(smtp_port, log_path, url, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "0",
        "EMAIL_PORT": str(smtp_port),
        "WORKER_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    log = open(log_path, "wb")  # noqa: SIM115 - closed by stop_worker
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "worker", "--interval", "0.2", *args],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log = log
    return process


def stop_worker(process):
    if process.poll() is None:
        process.kill()
    process.wait()
    process.log.close()
