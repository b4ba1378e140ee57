"""`make bench`: throughput and latency of the production configuration on this machine.

1. Scale: for 100, 1,000, 10,000 and 100,000 generated cases (BENCH_SCALES), gunicorn with 2
   workers and the page cache off; each library page (unfiltered, one facet, two facets, a
   search) and a case page with wrk at 4 connections, the PostgreSQL CPU its backends used per
   request (from /proc), and, sequentially, the PostgreSQL time per request (the queries'
   durations) and the number of queries. At the largest scale: the slowest of a list of
   hostile URLs, and EXPLAIN (ANALYZE, BUFFERS) of the two heaviest queries.
   The data of each scale is kept in its own schema and reused while unchanged (bench/data.py).
2. At 1,000 fresh cases, as before: each page cold (page cache off) and warm (page cache on), a
   static file served by whitenoise, and a registration POST at 50 concurrent clients.
3. The Python ceiling: a warm page against a constant HttpResponse (bench/ceiling.py) under the
   same gunicorn, alternating, with the ratio and its target (0.8). `bench/run.py --ceiling` runs
   only this part, on the launch content, and updates its section of docs/performance.md.
4. The registration rush (bench/rush.py): RUSH_PEOPLE people register through RUSH_CLIENTS
   concurrent browser-like clients on two instances; latency, errors, seats and queued mails.
   `bench/run.py --rush` runs only this part (BENCH_RUSH_DATABASE, default
   rummelighed_bench_rush) and updates its section of docs/performance.md.

Prints the tables and writes them to docs/performance.md with each target and whether it is met.
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
import urllib.error
import urllib.parse
import urllib.request
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import data, rush  # noqa: E402
from bench.cluster import ROOT, Cluster, free_port, wait_until_up  # noqa: E402

BASE_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# One database holds every scale's schema; another run on the same machine needs its own name.
DATABASE = os.environ.get("BENCH_DATABASE", "rummelighed_bench")
# The rush's own database (created afresh and dropped afterwards).
RUSH_DATABASE = os.environ.get("BENCH_RUSH_DATABASE", f"{DATABASE}_rush")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
CASES = int(os.environ.get("BENCH_CASES", "1000"))
SCALES = [int(scale) for scale in os.environ.get("BENCH_SCALES", "100,1000,10000,100000").split(",") if scale]
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
PAGE_CONNECTIONS = 4
POST_CONNECTIONS = 50
THREADS = 2
REPORT = ROOT / "docs" / "performance.md"
# Every figure of the last run; `bench/run.py --report` writes docs/performance.md from it again.
RESULTS = ROOT / "var" / "bench-results.json"
LUA = ROOT / "bench"
# A warm (cached) page at least this share of the requests per second of a constant HttpResponse.
CEILING_TARGET = 0.8
CEILING_ROUNDS = 3
CEILING_HEADING = "## Varme sider mod Pythons loft"
RUSH_HEADING = "## Tilmeldingsrush"

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

SCALE_DISCOVER = """
import json
from cases.models import CaseIndexPage, CasePage, Scheme, Value
index = CaseIndexPage.objects.live().first()
case = CasePage.objects.live().order_by("pk").last()
values = list(Value.objects.order_by("sort_order").values_list("slug", flat=True))
schemes = list(Scheme.objects.order_by("pk").values_list("slug", flat=True))
print(json.dumps({"library": index.url, "case": case.url, "values": values, "schemes": schemes}))
"""

MEASURE_QUERIES = """
import sys
sys.path.insert(0, ".")
from bench.queries import run
run({urls!r}, rounds={rounds}, explain={explain})
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


def backend_cpu_seconds(connection, database):
    """CPU seconds used so far by each PostgreSQL backend connected to `database` (by pid)."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = connection.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database]
    ).fetchall()
    used = {}
    for (pid,) in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the backend ended
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return used


def wrk_with_database_cpu(url, admin, database, **kwargs):
    """wrk, plus the PostgreSQL CPU per request of the backends serving the database."""
    before = backend_cpu_seconds(admin, database)
    result = wrk(url, **kwargs)
    after = backend_cpu_seconds(admin, database)
    spent = sum(seconds - before.get(pid, 0) for pid, seconds in after.items())
    result["db_cpu_ms"] = 1000 * spent / max(result["requests"], 1)
    return result


def query_times(cluster, paths, *, rounds=7, explain=0):
    """PostgreSQL time per request (sequential, as Django sees the queries), by path."""
    output = cluster.manage(
        "shell", "-v", "0", "-c", MEASURE_QUERIES.format(urls=list(paths), rounds=rounds, explain=explain)
    )
    return {entry["url"]: entry for entry in map(json.loads, output.splitlines()) if entry}


def slowest_get(url, rounds=3):
    """(status, slowest wall time in ms) of a few sequential GETs after one warm-up."""
    slowest, status = 0.0, None
    for number in range(rounds + 1):
        started = time.perf_counter()
        try:
            quoted = urllib.parse.quote(url, safe=":/?&=%")
            with urllib.request.urlopen(quoted, timeout=60) as response:  # noqa: S310 - local server
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if number:
            slowest = max(slowest, 1000 * (time.perf_counter() - started))
    return status, slowest


def load_average():
    return os.getloadavg()[0]


def warm_up(url, times=20):
    """Request url a few times first; an error answer (a 503 when the time limit is hit) is
    measured by wrk afterwards, not a reason to stop."""
    for _ in range(times):
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - local server
                response.read()
        except urllib.error.HTTPError:
            pass


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


def scale_pages(found):
    library, values, schemes = found["library"], found["values"], found["schemes"]
    return [
        ("Gode erfaringer", library),
        ("Gode erfaringer, én facet", f"{library}?vaerdi={values[0]}"),
        ("Gode erfaringer, to facetter", f"{library}?vaerdi={values[0]}&ordning={schemes[0]}"),
        ("Gode erfaringer, søgning", f"{library}?q=leder"),
        ("Erfaring (case)", found["case"]),
    ]


def hostile_urls(found):
    """GETs whose query string a visitor chooses: none may take long, whatever it asks for."""
    library, values, schemes = found["library"], found["values"], found["schemes"]
    every_value = "&".join(f"vaerdi={slug}" for slug in values)
    every_scheme = "&".join(f"ordning={slug}" for slug in schemes)
    allowed = "&".join([*(f"vaerdi={slug}" for slug in values), *(f"ordning={slug}" for slug in schemes)][:8])
    return [
        (
            "Højst tilladte: 8 valg, kommune, type, søgning, relevans",
            f"{library}?{allowed}&kommune=faxe&type=erfaring&q=leder&sorter=relevans&side=2",
        ),
        (
            "Over grænsen: alle værdier, ordninger, roller og emneord",
            f"{library}?{every_value}&{every_scheme}"
            "&rolle=ledelse&rolle=kolleger&rolle=hr&rolle=jobcenter&tag=jobmatch&tag=mentor&tag=ledelse",
        ),
        ("Sidste side, der kan bladres til", f"{library}?side=100"),
        ("Side 10.000", f"{library}?side=10000"),
        ("Værdiside, side 1.000", f"{library}vaerdi/{values[0]}/?side=1000"),
        ("Bred søgning sorteret efter relevans", f"{library}?q=forløbet&sorter=relevans&side=50"),
        ("Feed med tre facetter", f"{library}feed/?vaerdi={values[0]}&ordning={schemes[0]}&tag=jobmatch"),
        ("Sitets søgning, side 50", "/soeg/?q=erfaring&side=50"),
        ("API: erfaringer fra nr. 99.000", "/api/v2/pages/?type=cases.CasePage&offset=99000"),
    ]


def measure_scales(env_for_data, log):
    """The scale table, the hostile URLs and the heaviest queries at the largest scale."""
    import psycopg

    from bench.cluster import database_url

    rows, hostile, heaviest, generations = [], [], [], {}
    admin = psycopg.connect(database_url(BASE_DATABASE_URL, DATABASE), autocommit=True)
    try:
        for scale in SCALES:
            url, generation = data.prepare(BASE_DATABASE_URL, DATABASE, scale, env_for_data, log=log)
            generations[scale] = generation
            static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
            cluster = Cluster(
                base_database_url=BASE_DATABASE_URL,
                database=DATABASE,
                existing_database_url=url,
                redis_url=REDIS_URL,
                static_root=static_root,
                instances=1,
                workers=2,
                extra_env={"GUNICORN_ACCESS_LOG": "", "PAGE_CACHE_SECONDS": "0"},
            )
            try:
                cluster.manage("collectstatic", "--noinput", "-v", "0")
                found = json.loads(cluster.manage("shell", "-v", "0", "-c", SCALE_DISCOVER))
                pages = scale_pages(found)
                largest = scale == max(SCALES)
                timed = query_times(cluster, [path for _, path in pages], explain=2 if largest else 0)
                cluster.start()
                base = cluster.urls[0]
                for name, path in pages:
                    warm_up(base + path, times=5)
                    result = wrk_with_database_cpu(
                        base + path, admin, DATABASE, connections=PAGE_CONNECTIONS, script=LUA / "report.lua"
                    )
                    result.update(
                        db_ms=timed[path]["db_ms"], queries=timed[path]["queries"], load=load_average()
                    )
                    rows.append((scale, name, result))
                    log(
                        f"{scale:>7} {name:30} p95 {result['p95']:6.1f} ms  DB {result['db_ms']:5.1f} ms"
                        f"  DB-CPU {result['db_cpu_ms']:5.1f} ms  {result['queries']} SQL"
                    )
                    if largest:
                        heaviest += [dict(entry, page=name) for entry in timed[path]["heaviest"]]
                if largest:
                    for name, path in hostile_urls(found):
                        status, slowest = slowest_get(base + path)
                        hostile.append((name, path, status, slowest, load_average()))
                        log(f"{name:60} {status} {slowest:7.1f} ms")
            finally:
                cluster.close()
                shutil.rmtree(static_root, ignore_errors=True)
    finally:
        admin.close()
    heaviest = sorted(heaviest, key=lambda entry: entry["ms"], reverse=True)[:2]
    return rows, hostile, heaviest, generations


def start_ceiling(body_bytes, workers):
    """gunicorn with the site's configuration serving bench/ceiling.py; (url, process)."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "bench.ceiling"],
        cwd=ROOT,
        env={
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_ACCESS_LOG": "",
            "BENCH_CEILING_BYTES": str(body_bytes),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
    except RuntimeError:
        process.kill()
        raise
    return url, process


def _median(runs):
    return sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]


def measure_ceiling(cluster, pages, log):
    """Each warm page against a constant HttpResponse of the same size under the same gunicorn,
    measured in turns (page, ceiling, page, …) so a busy machine weighs on both alike; the
    median round of each."""
    report = str(LUA / "report.lua")
    cluster.start(PAGE_CACHE_SECONDS="600")
    base = cluster.urls[0]
    results = []
    for name, path in pages:
        with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 - local server
            size = len(response.read())
        warm_up(base + path)
        ceiling_url, process = start_ceiling(size, cluster.workers)
        try:
            warm_up(ceiling_url + "/")
            page_runs, ceiling_runs, loads = [], [], []
            for _ in range(CEILING_ROUNDS):
                page_runs.append(wrk(base + path, connections=PAGE_CONNECTIONS, script=report))
                ceiling_runs.append(wrk(ceiling_url + "/", connections=PAGE_CONNECTIONS, script=report))
                loads.append(load_average())
        finally:
            process.terminate()
            process.wait(timeout=15)
        page, ceiling = _median(page_runs), _median(ceiling_runs)
        result = {
            "name": name,
            "bytes": size,
            "page": page,
            "ceiling": ceiling,
            "ratio": page["rps"] / ceiling["rps"],
            "rounds": [[p["rps"], c["rps"]] for p, c in zip(page_runs, ceiling_runs, strict=True)],
            "load": sum(loads) / len(loads),
        }
        results.append(result)
        log(
            f"{name:32} varm {page['rps']:8.1f} req/s, loftet {ceiling['rps']:8.1f} req/s: "
            f"{result['ratio']:.2f} × (mål {CEILING_TARGET}), belastning {result['load']:.1f}"
        )
    return results


def _ceiling_checks(ceiling):
    for result in ceiling:
        yield (
            f"Varm {result['name']} mindst {_danish(CEILING_TARGET, 1)} × en konstant HttpResponse "
            "under samme gunicorn",
            f"{_danish(result['ratio'], 2)} × "
            f"({result['page']['rps']:.0f} mod {result['ceiling']['rps']:.0f} req/s)",
            result["ratio"] >= CEILING_TARGET,
        )


def _ceiling_section(ceiling):
    if not ceiling:
        return []
    lines = [
        CEILING_HEADING,
        "",
        f"Målt {datetime.date.today().isoformat()}. En side i sidecachen mod Pythons loft: Django, "
        "der svarer med et konstant `HttpResponse` af samme størrelse uden middleware, database og cache "
        "(`bench/ceiling.py`), under samme gunicorn-opsætning (2 workers, `config/gunicorn.py`) og "
        f"med samme wrk ({PAGE_CONNECTIONS} forbindelser, {THREADS} tråde, {SECONDS} s). De to måles "
        f"på skift {CEILING_ROUNDS} gange, og medianen af hver tæller, så en travl maskine trykker "
        f"begge lige meget. Mål: mindst {_danish(CEILING_TARGET, 1)} × loftets req/s.",
        "",
        "| side | bytes | varm req/s | loft req/s | forhold | mål | opfyldt | p95 varm ms | p95 loft ms "
        "| runder (varm / loft req/s) | belastning |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: |",
    ]
    for r in ceiling:
        met = "ja" if r["ratio"] >= CEILING_TARGET else "nej"
        rounds = ", ".join(f"{page:.0f} / {top:.0f}" for page, top in r["rounds"])
        lines.append(
            f"| {r['name']} | {_danish(r['bytes'])} | {r['page']['rps']:.0f} | {r['ceiling']['rps']:.0f} "
            f"| {_danish(r['ratio'], 2)} | {_danish(CEILING_TARGET, 1)} | {met} "
            f"| {r['page']['p95']:.1f} | {r['ceiling']['p95']:.1f} | {rounds} | {_danish(r['load'], 1)} |"
        )
    return [*lines, ""]


def main_ceiling():
    """Only the ceiling measurement, on the launch content in a database of its own; its
    figures go into var/bench-results.json and its section of docs/performance.md."""
    if not shutil.which("wrk"):
        sys.exit("wrk mangler: make bench installerer det (apt-get install wrk).")
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    cluster = Cluster(
        base_database_url=BASE_DATABASE_URL,
        database=f"{DATABASE}_ceiling",
        redis_url=REDIS_URL,
        static_root=static_root,
        instances=1,
        workers=2,
        extra_env={"GUNICORN_ACCESS_LOG": ""},
    )
    try:
        cluster.manage("migrate", "--noinput", "-v", "0")
        cluster.manage("collectstatic", "--noinput", "-v", "0")
        cluster.manage("load_site_content", "--demo")
        urls = json.loads(cluster.manage("shell", "-v", "0", "-c", DISCOVER))
        ceiling = measure_ceiling(cluster, [("Forside", "/"), ("Erfaring (case)", urls["case"])], print)
    finally:
        cluster.close()
        shutil.rmtree(static_root, ignore_errors=True)
    measured = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    measured["ceiling"] = ceiling
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(measured))
    existing = REPORT.read_text()
    section = "\n".join(_ceiling_section(ceiling))
    if CEILING_HEADING in existing:
        start = existing.index(CEILING_HEADING)
        end = existing.find("\n## ", start + len(CEILING_HEADING))
        existing = existing[:start] + section + ("\n" + existing[end + 1 :] if end >= 0 else "")
    else:
        marker = "## Forklaringer"
        at = existing.index(marker) if marker in existing else len(existing)
        existing = existing[:at] + section + "\n" + existing[at:]
    REPORT.write_text(existing)
    print(section)


def measure_rush(static_root, log):
    """The registration rush (bench/rush.py) on a database of its own: (the result)."""

    def cluster(**options):
        return Cluster(
            base_database_url=BASE_DATABASE_URL,
            database=RUSH_DATABASE,
            redis_url=REDIS_URL,
            static_root=static_root,
            **options,
        )

    return rush.measure(cluster, log)


def _merge_rush(previous, result):
    """Keep one result per (people, clients): the full rush and a smaller bounded one."""

    def key(r):
        return (r["people"], r["clients"], r.get("label", ""))

    kept = [r for r in previous if key(r) != key(result)]
    return sorted([*kept, result], key=key)


def _replace_section(existing, heading, section):
    """The report with `section` (which starts with the line `heading`) in place of the section
    under that heading, or before the explanations when there is none yet."""
    line = f"\n{heading}\n"
    if line in existing:
        start = existing.index(line) + 1
        end = existing.find("\n## ", start + len(heading))
        return existing[:start] + section + ("\n" + existing[end + 1 :] if end >= 0 else "")
    marker = "## Forklaringer"
    at = existing.index(marker) if marker in existing else len(existing)
    return existing[:at] + section + "\n" + existing[at:]


def _with_goals(text, rows):
    """The report with the rush's rows in the goals table (## Mål) in place of earlier ones."""
    lines = text.split("\n")
    if "## Mål" not in lines:
        return text
    at = lines.index("## Mål")
    end = next((i for i in range(at + 3, len(lines)) if not lines[i].startswith("|")), len(lines))
    table = [line for line in lines[at + 1 : end] if not line.startswith("| Tilmeldingsrush:")]
    return "\n".join([*lines[: at + 1], *table, *rows, *lines[end:]])


def main_rush():
    """Only the registration rush (RUSH_PEOPLE, RUSH_CLIENTS); its figures go into
    var/bench-results.json and its section of docs/performance.md."""
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    try:
        result = measure_rush(static_root, partial(print, flush=True))
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    measured = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    measured["rush"] = _merge_rush(measured.get("rush", []), result)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(measured))
    section = "\n".join(rush.section(measured["rush"], _danish))
    full = rush.latest(measured["rush"])
    goals = [f"| {goal} | {got} | {'ja' if ok else 'nej'} |" for goal, got, ok in rush.checks(full, _danish)]
    REPORT.write_text(_with_goals(_replace_section(REPORT.read_text(), RUSH_HEADING, section), goals))
    print(section)
    met = all(ok for _, _, ok in rush.checks(result, _danish))
    print("Alle mål for rushet er opfyldt." if met else "Ikke alle mål for rushet er opfyldt.")


def main():
    started = time.monotonic()
    if not shutil.which("wrk"):
        sys.exit("wrk mangler: make bench installerer det (apt-get install wrk).")
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    print("Skala: data pr. antal erfaringer …", flush=True)
    data_env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    data_env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        REDIS_URL=REDIS_URL,
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="ERROR",
    )
    scale_rows, hostile, heaviest, generations = measure_scales(data_env, partial(print, flush=True))
    cluster = Cluster(
        base_database_url=BASE_DATABASE_URL,
        database=DATABASE,
        existing_database_url=data.fresh_schema(BASE_DATABASE_URL, DATABASE, "fresh"),
        redis_url=REDIS_URL,
        static_root=static_root,
        instances=1,
        workers=2,
        extra_env={
            "GUNICORN_ACCESS_LOG": "",
            "RATE_LIMIT_REGISTRATION": "1000000/m",
            "RATE_LIMIT_REGISTRATION_BURST": "1000000/m",
            "RATE_LIMIT_REGISTRATION_EMAIL": "1000000/m",
            "RATE_LIMIT_PARTICIPANT": "1000000/m",
            "REGISTRATION_MIN_FILL_SECONDS": "0",
        },
    )
    rows = []
    try:
        print(f"Forbereder {CASES} nye erfaringer til varme sider og tilmelding …", flush=True)
        cluster.manage("migrate", "--noinput", "-v", "0")
        cluster.manage("collectstatic", "--noinput", "-v", "0")
        cluster.manage("load_site_content", "--demo")
        cluster.manage("generate_cases", str(CASES), "--no-revisions")
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
                result["load"] = load_average()
                rows.append((name, mode, PAGE_CONNECTIONS, result))
                print(
                    f"{name:32} {mode:5} {result['rps']:8.1f} req/s  p95 {result['p95']:7.1f} ms", flush=True
                )
            if mode == "varm":
                warm_up(base + urls["static"])
                result = wrk(base + urls["static"], connections=PAGE_CONNECTIONS, script=report)
                result["load"] = load_average()
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
                result["load"] = load_average()
                rows.append(("Tilmelding (POST)", "—", POST_CONNECTIONS, result))
                weight = first_visit_bytes(base + urls["case"])
        ceiling = measure_ceiling(
            cluster, [("Forside", "/"), ("Erfaring (case)", urls["case"])], partial(print, flush=True)
        )
        cluster.close()
        rush_result = measure_rush(static_root, partial(print, flush=True))
    finally:
        cluster.close()
        data.drop_schema(BASE_DATABASE_URL, DATABASE, "fresh")
        shutil.rmtree(static_root, ignore_errors=True)
    measured = {
        "rows": rows,
        "weight": weight,
        "elapsed": time.monotonic() - started,
        "scale_rows": scale_rows,
        "hostile": hostile,
        "heaviest": heaviest,
        "generations": {scale: list(generation) for scale, generation in generations.items() if generation},
        "ceiling": ceiling,
        "rush": [rush_result],
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(measured))
    report_from(measured)


def report_from(measured):
    write_report(
        measured["rows"],
        measured["weight"],
        measured["elapsed"],
        scale_rows=measured["scale_rows"],
        hostile=measured["hostile"],
        heaviest=measured["heaviest"],
        generations={int(scale): data.Generation(*made) for scale, made in measured["generations"].items()},
        ceiling=measured.get("ceiling", ()),
        rushes=measured.get("rush", ()),
    )


def _find(rows, name, mode):
    return next(
        (result for row_name, row_mode, _, result in rows if row_name == name and row_mode == mode), None
    )


def _danish(number, decimals=0):
    """1234.5 → »1.234,5«, as Danish writes numbers."""
    return f"{number:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _scale_checks(scale_rows, hostile, generations):
    """(target, measured, met) for the issue's items 1, 2 and 5."""
    by = {(scale, name): result for scale, name, result in scale_rows}
    scales = sorted({scale for scale, _, _ in scale_rows})
    names = list(dict.fromkeys(name for _, name, _ in scale_rows))
    checks = []
    largest = scales[-1] if scales else None
    if 1000 in scales and largest and largest > 1000:
        for name in names:
            small, large = by.get((1000, name)), by.get((largest, name))
            if small and large:
                ratio = large["db_ms"] / max(small["db_ms"], 0.01)
                checks.append(
                    (
                        f"{name}: PostgreSQL-tid pr. forespørgsel ved {_danish(largest)} "
                        "højst 1,3 × ved 1.000",
                        f"{large['db_ms']:.1f} mod {small['db_ms']:.1f} ms ({_danish(ratio, 2)} ×)",
                        ratio <= 1.3,
                    )
                )
    if largest:
        for name in names:
            result = by.get((largest, name))
            if result:
                checks.append(
                    (
                        f"{name}: p95 under 150 ms ved {_danish(largest)} erfaringer, 4 forbindelser",
                        f"{result['p95']:.1f} ms (belastning {_danish(result['load'], 1)})",
                        result["p95"] < 150,
                    )
                )
    case = by.get((1000, "Erfaring (case)"))
    if case:
        checks.append(
            (
                "Erfaring (case): højst 10 ms PostgreSQL-CPU pr. forespørgsel ved 1.000 erfaringer",
                f"{case['db_cpu_ms']:.1f} ms",
                case["db_cpu_ms"] <= 10,
            )
        )
    if hostile:
        name, _, status, slowest, load = max(hostile, key=lambda row: row[3])
        errors = [row for row in hostile if row[2] >= 500 and row[2] != 503]
        checks.append(
            (
                f"Ingen GET over 300 ms ved {_danish(largest)} erfaringer, uanset forespørgsel",
                f"langsomste {slowest:.0f} ms: {name} (belastning {_danish(load, 1)})",
                slowest < 300,
            )
        )
        checks.append(("Ingen af dem giver en 500-fejl", f"{len(errors)} gjorde", not errors))
    generation = generations.get(100000)
    if generation:
        checks.append(
            (
                "`generate_cases 100000` under 10 minutter",
                f"{generation.seconds / 60:.1f} min (belastning {_danish(generation.load, 1)}; "
                "målt, da dataene blev lavet)",
                generation.seconds < 600,
            )
        )
    return checks


def _scale_section(scale_rows, hostile, heaviest):
    lines = [
        "## Skala",
        "",
        "Gunicorn med 2 workers uden sidecache, wrk med 4 forbindelser i "
        f"{SECONDS} s pr. måling. *DB-tid* er summen af forespørgslernes tid, som Django ser den "
        "(median af 7 forespørgsler efter hinanden); *fejl* er svar, der ikke var 2xx/3xx (en 503, når "
        "tidsgrænsen for anonyme læsninger blev ramt); *DB-CPU* er den CPU-tid, PostgreSQL-processerne "
        "for sitets forbindelser brugte under wrk-målingen, delt med antal forespørgsler. "
        "*Belastning* er maskinens load average (1 min.) efter målingen; maskinen har "
        f"{os.cpu_count()} kerner.",
        "",
        "| erfaringer | side | req/s | p95 ms | fejl | DB-tid ms | DB-CPU ms | SQL | CPU optaget "
        "| belastning |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for scale, name, r in scale_rows:
        lines.append(
            f"| {_danish(scale)} | {name} | {r['rps']:.0f} | {r['p95']:.1f} | {r['errors']} "
            f"| {r['db_ms']:.1f} | {r['db_cpu_ms']:.1f} | {r['queries']} | {r['cpu']:.0f} % "
            f"| {_danish(r['load'], 1)} |"
        )
    if hostile:
        lines += [
            "",
            "### Ingen langsom adresse",
            "",
            "Langsomste af tre forespørgsler efter hinanden (efter én til opvarmning), "
            "ved det største antal erfaringer.",
            "",
            "| forespørgsel | adresse | status | langsomste ms | belastning |",
            "| --- | --- | ---: | ---: | ---: |",
        ]
        for name, path, status, slowest, load in hostile:
            lines.append(f"| {name} | `{path}` | {status} | {slowest:.0f} | {_danish(load, 1)} |")
    if heaviest:
        lines += ["", "### De to tungeste forespørgsler", ""]
        for entry in heaviest:
            lines += [
                f"**{entry['page']}**, {entry['ms']:.1f} ms:",
                "",
                "```sql",
                entry["sql"],
                "```",
                "",
                "```",
                entry["plan"],
                "```",
                "",
            ]
    return lines


def write_report(
    rows, weight, elapsed, *, scale_rows=(), hostile=(), heaviest=(), generations=None, ceiling=(), rushes=()
):
    table = [
        "| side | cache | forbindelser | req/s | p50 ms | p95 ms | p99 ms | fejl | CPU optaget "
        "| belastning |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, mode, connections, r in rows:
        table.append(
            f"| {name} | {mode} | {connections} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} "
            f"| {r['p99']:.1f} | {r['errors']} | {r['cpu']:.0f} % | {_danish(r.get('load', 0), 1)} |"
        )
    static = _find(rows, "Statisk fil (whitenoise)", "—")
    warm = [r for name, mode, _, r in rows if mode == "varm"]
    cold_library = _find(rows, "Gode erfaringer", "kold")
    post = _find(rows, "Tilmelding (POST)", "—")
    checks = list(_scale_checks(scale_rows, hostile, generations or {}))
    checks += _ceiling_checks(ceiling)
    if rushes:
        full = rush.latest(rushes)
        checks += rush.checks(full, _danish)
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
                f"Kold Gode erfaringer med {_danish(CASES)} erfaringer: p95 under 150 ms",
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
        f"på en maskine med {os.cpu_count()} kerner; PostgreSQL og Redis på samme maskine. "
        "Hver måling står med maskinens belastning (load average), da den blev taget: tal fra en "
        "travl maskine er højere, end sitet selv koster.",
        "",
        "## Mål",
        "",
        "| mål | målt | opfyldt |",
        "| --- | --- | --- |",
        *[f"| {goal} | {measured} | {'ja' if ok else 'nej'} |" for goal, measured, ok in checks],
        "",
        *_scale_section(scale_rows, hostile, heaviest),
        "",
        f"## Sider ved {_danish(CASES)} nye erfaringer",
        "",
        "Gunicorn med 2 workers, wrk med "
        f"{THREADS} tråde i {SECONDS} s pr. måling. »Kold« er uden sidecache, »varm« med. "
        "»CPU optaget« er hele maskinens (begge kerner: gunicorn, PostgreSQL, Redis og wrk) under målingen.",
        "",
        *table,
        "",
        *_ceiling_section(ceiling),
        *rush.section(list(rushes), _danish),
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
    if "--report" in sys.argv:
        report_from(json.loads(RESULTS.read_text()))
    elif "--ceiling" in sys.argv:
        main_ceiling()
    elif "--rush" in sys.argv:
        main_rush()
    else:
        main()
