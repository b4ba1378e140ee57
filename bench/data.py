"""Benchmark data at a scale, kept between runs.

Each scale lives in its own schema of one PostgreSQL database (`cases_1000`, `cases_100000`, …),
labelled with a fingerprint of what made it: the number of cases, the seed and the source of
the generator and the launch content. A later run whose fingerprint matches reuses the data
(migrating it if the code gained migrations), so 100,000 cases are generated once, not per run.
Freshly written data is VACUUMed and ANALYZEd: this PostgreSQL runs without autovacuum, and a
planner without statistics or a visibility map would measure something no production site sees.
"""

import hashlib
import os
import subprocess
import sys
import time
from typing import NamedTuple
from urllib.parse import quote

from bench.cluster import ROOT, database_url

SEED = 16
FINGERPRINT_SOURCES = [
    "cases/generator.py",
    "cases/launch_content.py",
    "home/launch_content.py",
    "conferences/launch_content.py",
]


class Generation(NamedTuple):
    seconds: float
    load: float  # the 1-minute load average, mean of start and end


def fingerprint(scale):
    digest = hashlib.sha256(f"{scale}:{SEED}".encode())
    for source in FINGERPRINT_SOURCES:
        digest.update((ROOT / source).read_bytes())
    return digest.hexdigest()[:16]


def schema_url(base_url, database, schema):
    return database_url(base_url, database) + "?options=" + quote(f"-c search_path={schema}")


def _admin(base_url, database):
    import psycopg

    with psycopg.connect(database_url(base_url, "postgres"), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{database}"')
    return psycopg.connect(database_url(base_url, database), autocommit=True)


def manage(url, *args, env):
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**env, "DATABASE_URL": url},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def analyze(connection, schema):
    tables = connection.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema]
    ).fetchall()
    for (table,) in tables:
        connection.execute(f'VACUUM (ANALYZE) "{schema}"."{table}"')


def prepare(base_url, database, scale, env, log=print):
    """The URL of a schema holding the launch content and `scale` generated cases, made unless
    an identical one exists. Returns the URL and how long generate_cases took when the data was
    made (and the machine's load average then), or None for data made before that was recorded."""
    schema = f"cases_{scale}"
    url = schema_url(base_url, database, schema)
    wanted = fingerprint(scale)
    with _admin(base_url, database) as connection:
        row = connection.execute(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s", [schema]
        ).fetchone()
        label = (row[0] or "").split() if row else []
        if label and label[0] == wanted:
            migrated = manage(url, "migrate", "--noinput", env=env)
            if "Applying" in migrated:
                log(f"  {scale} erfaringer: genbruger data, nye migreringer anvendt; ANALYZE …")
                analyze(connection, schema)
            else:
                log(f"  {scale} erfaringer: genbruger data fra en tidligere kørsel")
            return url, Generation(*map(float, label[1:3])) if len(label) >= 3 else None
        log(f"  {scale} erfaringer: opretter data …")
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        connection.execute(f'CREATE SCHEMA "{schema}"')
        manage(url, "migrate", "--noinput", "-v", "0", env=env)
        manage(url, "load_site_content", "--demo", env=env)
        started, load_before = time.monotonic(), os.getloadavg()[0]
        manage(url, "generate_cases", str(scale), "--seed", str(SEED), "--no-revisions", env=env)
        generation = Generation(time.monotonic() - started, (load_before + os.getloadavg()[0]) / 2)
        analyze(connection, schema)
        connection.execute(
            f"COMMENT ON SCHEMA \"{schema}\" IS '{wanted} {generation.seconds:.1f} {generation.load:.2f}'"
        )
        log(f"  {scale} erfaringer: generate_cases tog {generation.seconds:.0f} s")
        return url, generation


def fresh_schema(base_url, database, schema):
    """An empty schema (dropped first if it exists) and its URL, for data made anew each run."""
    with _admin(base_url, database) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        connection.execute(f'CREATE SCHEMA "{schema}"')
    return schema_url(base_url, database, schema)


def drop_schema(base_url, database, schema):
    with _admin(base_url, database) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
