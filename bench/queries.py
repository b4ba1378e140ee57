"""Run inside `manage.py shell`: the SQL of one anonymous GET, timed, and EXPLAIN of the heaviest.

Prints one JSON line per URL: the number of queries, PostgreSQL time per request (the sum of
the queries' durations seen by Django, median of several requests) and the heaviest queries
with their EXPLAIN (ANALYZE, BUFFERS) plans when asked for.
"""

import json
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def measure(url, *, rounds=7, explain=0):
    client = Client(HTTP_HOST="localhost")
    client.get(url)  # per-process caches (site root paths, content types)
    totals, statuses, runs, walls = [], set(), [], []
    for _ in range(rounds):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        walls.append(time.perf_counter() - started)
        statuses.add(response.status_code)
        queries = [(float(query["time"]), query["sql"]) for query in captured.captured_queries]
        totals.append(sum(seconds for seconds, _ in queries))
        runs.append(queries)
    median_run = sorted(runs, key=lambda queries: sum(seconds for seconds, _ in queries))[len(runs) // 2]
    result = {
        "url": url,
        "status": sorted(statuses),
        "queries": len(median_run),
        "db_ms": 1000 * statistics.median(totals),
        "wall_ms": 1000 * statistics.median(walls),
        "max_wall_ms": 1000 * max(walls),
        "heaviest": [],
    }
    for seconds, sql in sorted(median_run, reverse=True)[:explain]:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")  # a request's limit must not cut the EXPLAIN
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        result["heaviest"].append({"ms": 1000 * seconds, "sql": sql, "plan": plan})
    return result


def run(urls, rounds=7, explain=0):
    for url in urls:
        print(json.dumps(measure(url, rounds=rounds, explain=explain)), flush=True)
