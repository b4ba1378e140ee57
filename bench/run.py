"""`make bench`: throughput and latency of the production configuration on this machine.

Builds a fresh PostgreSQL database with the launch content and 1,000 generated cases, starts
gunicorn (2 workers) with Redis, and measures each page with wrk, cold (page cache off) and
warm (page cache on), plus a registration POST at 50 concurrent clients and a static file
served by whitenoise. Prints one table and writes it to docs/performance.md.
"""

import datetime
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cluster import ROOT, Cluster  # noqa: E402

BASE_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
CASES = int(os.environ.get("BENCH_CASES", "1000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
PAGE_CONNECTIONS = 4
POST_CONNECTIONS = 50
THREADS = 2
REPORT = ROOT / "docs" / "performance.md"
LUA = ROOT / "bench"

DISCOVER = """
import json
from django.contrib.staticfiles.storage import staticfiles_storage
from wagtail.models import Page
result = {"static": staticfiles_storage.url("dkfds/css/dkfds.min.css")}
from cases.models import CaseIndexPage, CasePage, Scheme, Value
index = CaseIndexPage.objects.live().first()
case = CasePage.objects.live().order_by("pk").last()
result["library"] = index.url
result["case"] = case.url
value = Value.objects.order_by("sort_order").first()
scheme = Scheme.objects.order_by("pk").first()
result["library_facets"] = f"{index.url}?vaerdi={value.slug}&ordning={scheme.slug}"
from conferences.models import ConferencePage
conference = ConferencePage.objects.live().order_by("date").first()
result["conference"] = conference.url
result["registration"] = conference.url + "tilmelding/"
result["registration_fields"] = {
    "organisation": "Benchmark", "municipality": "aarhus", "role": "leder", "consent": "on",
}
print(json.dumps(result))
"""

MINT = """
from conferences.forms import issue_form_token
for _ in range({n}):
    print(issue_form_token())
"""


def cpu_times():
    """(all, idle) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]  # idle + iowait


def wrk(url, *, connections, script, env=None, seconds=SECONDS):
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]
    before = cpu_times()
    result = subprocess.run(  # noqa: S603 - fixed arguments
        command, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=True
    )
    after = cpu_times()
    busy = 100 * (1 - (after[1] - before[1]) / max(after[0] - before[0], 1))
    line = next(line for line in result.stdout.splitlines() if line.startswith("{"))
    data = json.loads(line)
    seconds_taken = data["duration_us"] / 1e6
    return {
        "rps": data["requests"] / seconds_taken,
        "p50": data["p50_us"] / 1000,
        "p95": data["p95_us"] / 1000,
        "p99": data["p99_us"] / 1000,
        "errors": data["socket_errors"] + data["http_errors"],
        "requests": data["requests"],
        "cpu": busy,
    }


def warm_up(url, times=20):
    for _ in range(times):
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - local server
            response.read()


def registration_bodies(cluster, urls, count, csrf):
    from urllib.parse import urlencode

    tokens = cluster.manage("shell", "-v", "0", "-c", MINT.format(n=count)).split()
    run = secrets.token_hex(4)
    lines = []
    for number, token in enumerate(tokens):
        fields = {
            **urls["registration_fields"],
            "name": f"Deltager {number}",
            "email": f"deltager-{run}-{number}@example.dk",
            "form_token": token,
            "csrfmiddlewaretoken": csrf,
        }
        lines.append(urlencode(fields))
    return lines


def first_visit_bytes(url):
    """Bytes a first visit to url transfers in Chromium (compressed, headers included)."""
    from playwright.sync_api import sync_playwright

    from bench.chromium import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url, wait_until="networkidle")
        total = 0
        for request in finished:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        browser.close()
    return total


def main():
    started = time.monotonic()
    if not shutil.which("wrk"):
        sys.exit("wrk mangler: make bench installerer det (apt-get install wrk).")
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    cluster = Cluster(
        base_database_url=BASE_DATABASE_URL,
        database="rummelighed_bench",
        redis_url=REDIS_URL,
        static_root=static_root,
        instances=1,
        workers=2,
        extra_env={
            "GUNICORN_ACCESS_LOG": "",
            "RATE_LIMIT_REGISTRATION": "1000000/m",
            "RATE_LIMIT_PARTICIPANT": "1000000/m",
            "REGISTRATION_MIN_FILL_SECONDS": "0",
        },
    )
    rows = []
    try:
        print("Forbereder database og indhold …", flush=True)
        cluster.manage("migrate", "--noinput", "-v", "0")
        cluster.manage("collectstatic", "--noinput", "-v", "0")
        cluster.manage("load_site_content", "--demo")
        cluster.manage("generate_cases", str(CASES))
        urls = json.loads(cluster.manage("shell", "-v", "0", "-c", DISCOVER))
        base = cluster.urls[0]
        pages = [
            ("Forside", "/"),
            ("Gode erfaringer", urls["library"]),
            ("Gode erfaringer, to facetter", urls["library_facets"]),
            ("Erfaring (case)", urls["case"]),
            ("Konference", urls["conference"]),
            ("Søgning", "/soeg/?q=inklusion"),
        ]
        report = str(LUA / "report.lua")
        for mode, cache_seconds in (("kold", "0"), ("varm", "600")):
            cluster.start(PAGE_CACHE_SECONDS=cache_seconds)
            for name, path in pages:
                warm_up(base + path)
                result = wrk(base + path, connections=PAGE_CONNECTIONS, script=report)
                rows.append((name, mode, PAGE_CONNECTIONS, result))
                print(
                    f"{name:32} {mode:5} {result['rps']:8.1f} req/s  p95 {result['p95']:7.1f} ms", flush=True
                )
            if mode == "varm":
                warm_up(base + urls["static"])
                result = wrk(base + urls["static"], connections=PAGE_CONNECTIONS, script=report)
                rows.append(("Statisk fil (whitenoise)", "—", PAGE_CONNECTIONS, result))
                csrf = secrets.token_hex(16)
                bodies = registration_bodies(cluster, urls, 20000, csrf)
                bodies_file = static_root / "bodies.txt"
                bodies_file.write_text("\n".join(bodies) + "\n")
                result = wrk(
                    base + urls["registration"],
                    connections=POST_CONNECTIONS,
                    script=LUA / "registration.lua",
                    env={
                        "BENCH_BODIES": str(bodies_file),
                        "BENCH_THREADS": str(THREADS),
                        "BENCH_CSRF": csrf,
                        "BENCH_REPORT": report,
                    },
                )
                rows.append(("Tilmelding (POST)", "—", POST_CONNECTIONS, result))
                weight = first_visit_bytes(base + urls["case"])
    finally:
        cluster.close()
        shutil.rmtree(static_root, ignore_errors=True)
    write_report(rows, weight, time.monotonic() - started)


def _find(rows, name, mode):
    return next(
        (result for row_name, row_mode, _, result in rows if row_name == name and row_mode == mode), None
    )


def write_report(rows, weight, elapsed):
    table = [
        "| side | cache | forbindelser | req/s | p50 ms | p95 ms | p99 ms | fejl | CPU optaget |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, mode, connections, r in rows:
        table.append(
            f"| {name} | {mode} | {connections} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} "
            f"| {r['p99']:.1f} | {r['errors']} | {r['cpu']:.0f} % |"
        )
    static = _find(rows, "Statisk fil (whitenoise)", "—")
    warm = [r for name, mode, _, r in rows if mode == "varm"]
    cold_library = _find(rows, "Gode erfaringer", "kold")
    post = _find(rows, "Tilmelding (POST)", "—")
    checks = []
    if static and warm:
        slowest = min(r["rps"] for r in warm)
        checks.append(
            (
                "Varme anonyme sider mindst halvdelen af den statiske fils rate",
                f"langsomste {slowest:.0f} req/s mod {static['rps'] / 2:.0f}",
                slowest >= static["rps"] / 2,
            )
        )
    if cold_library:
        checks.append(
            (
                "Kold Gode erfaringer med 1.000 erfaringer: p95 under 150 ms",
                f"{cold_library['p95']:.1f} ms",
                cold_library["p95"] < 150,
            )
        )
    if post:
        checks.append(
            (
                "Tilmelding (POST) ved 50 samtidige: p95 under 300 ms",
                f"{post['p95']:.1f} ms",
                post["p95"] < 300,
            )
        )
    checks.append(
        ("Første besøg på en erfaring under 150 KB", f"{weight / 1024:.0f} KB", weight < 150 * 1024)
    )
    lines = [
        "# Ydelse",
        "",
        f"Målt med `make bench` {datetime.date.today().isoformat()} "
        f"på en maskine med {os.cpu_count()} kerner:",
        "gunicorn med 2 workers, PostgreSQL og Redis på samme maskine, wrk med "
        f"{THREADS} tråde i {SECONDS} s pr. måling. »Kold« er uden sidecache, »varm« med.",
        "»CPU optaget« er hele maskinens (begge kerner: gunicorn, PostgreSQL, Redis og wrk) under målingen.",
        "",
        *table,
        "",
        "## Mål",
        "",
        "| mål | målt | opfyldt |",
        "| --- | --- | --- |",
        *[f"| {goal} | {measured} | {'ja' if ok else 'nej'} |" for goal, measured, ok in checks],
        "",
        f"Hele kørslen tog {elapsed / 60:.1f} minutter.",
        "",
    ]
    text = "\n".join(lines)
    existing = REPORT.read_text() if REPORT.exists() else ""
    notes_marker = "## Forklaringer"
    notes = existing[existing.index(notes_marker) :] if notes_marker in existing else ""
    REPORT.write_text(text + ("\n" + notes if notes else ""))
    print()
    print(text)


if __name__ == "__main__":
    main()
