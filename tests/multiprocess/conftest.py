"""Two gunicorn instances of the production configuration sharing one PostgreSQL database and
one Redis, as the site runs behind a load balancer. Used by tests marked `postgres`."""

import os

import pytest

from bench.cluster import Cluster

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(scope="session")
def two_instances(tmp_path_factory):
    """Two instances (2 workers each) with the launch content, on free local ports."""
    cluster = Cluster(
        base_database_url=os.environ["DATABASE_URL"],
        database=f"rummelighed_two_instances_{os.getpid()}",
        redis_url=REDIS_URL,
        static_root=tmp_path_factory.mktemp("static"),
        # Every test request comes from 127.0.0.1: the per-address limits would only get in the way.
        # Tokens are minted just before posting: the anti-bot minimum fill time would drop them.
        extra_env={
            "GUNICORN_ACCESS_LOG": "",
            "RATE_LIMIT_REGISTRATION": "100000/m",
            "RATE_LIMIT_REGISTRATION_BURST": "100000/m",
            "RATE_LIMIT_REGISTRATION_EMAIL": "100000/m",
            "REGISTRATION_MIN_FILL_SECONDS": "0",
        },
    )
    try:
        cluster.manage("migrate", "--noinput", "-v", "0")
        cluster.manage("collectstatic", "--noinput", "-v", "0")
        cluster.manage("load_site_content")
        cluster.start()
        yield cluster
    finally:
        cluster.close()
