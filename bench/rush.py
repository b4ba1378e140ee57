"""The registration rush (`make bench`, or alone with `bench/run.py --rush`): the moment
registration opens, many people fill in the form at once.

Two gunicorn instances (2 workers each) of the production configuration share one PostgreSQL
database and Redis, as behind a load balancer. RUSH_CLIENTS concurrent clients (threads) act
as RUSH_PEOPLE people between them, each like a browser: GET the form (which sets the CSRF
cookie and carries the signed form token and the hidden spam trap), wait while the person
fills it in, POST it with the cookie, and follow the redirect to the receipt page. Person n
uses instance n % 2.

What the site sees is a real rush, not a test configuration: its own limits stay as in
production. The people come from RUSH_ADDRESSES workplaces (X-Forwarded-For, trusted as a
load balancer in front of the site would set it; TRUSTED_PROXY_HEADER), so each address
sends RUSH_PEOPLE / RUSH_ADDRESSES registrations, well inside the per-address limits
(150 per 10 minutes, 40 POSTs a minute), and every person has their own e-mail address. Each
person takes RUSH_FILL_SECONDS (a random time in the range) to fill in the form: at least the
site's REGISTRATION_MIN_FILL_SECONDS, below which a form is dropped as a bot's.

The conference has RUSH_CAPACITY seats and a waiting list. Afterwards the database is counted:
confirmed exactly the capacity with each seat once, the rest on the waiting list, one mail task
queued per registration.
"""

import http.client
import json
import os
import random
import re
import threading
import time
from urllib.parse import urlencode, urlsplit

PEOPLE = int(os.environ.get("RUSH_PEOPLE", "1000"))
CLIENTS = int(os.environ.get("RUSH_CLIENTS", "200"))
CAPACITY = int(os.environ.get("RUSH_CAPACITY", "300"))
ADDRESSES = int(os.environ.get("RUSH_ADDRESSES", "100"))
FILL_SECONDS = tuple(float(s) for s in os.environ.get("RUSH_FILL_SECONDS", "3.2,5").split(","))
# What the row is in the report's table, e.g. "før" and "efter" a change (RUSH_LABEL).
LABEL = os.environ.get("RUSH_LABEL", "")
INSTANCES = 2
WORKERS = 2
# The targets: every person within a minute, p95 under a second.
TARGET_SECONDS = 60
TARGET_P95_MS = 1000

PREPARE = """
import datetime, json
from django.utils import timezone
from conferences.models import ConferencePage
conference = ConferencePage.objects.live().order_by("date").first()
now = timezone.now()
conference.capacity = {capacity}
conference.waiting_list_enabled = True
conference.registration_opens = now - datetime.timedelta(minutes=1)
conference.registration_closes = now + datetime.timedelta(days=7)
conference.save_revision().publish()
print(json.dumps({{"pk": conference.pk, "path": conference.url + "tilmelding/"}}))
"""

COUNT = """
import json
from django_tasks_db.models import DBTaskResult
from conferences.models import Registration
from conferences.tasks import TASK_PATH
rows = Registration.objects.filter(conference_id={pk})
seats = list(rows.filter(status="confirmed").values_list("seat", flat=True))
print(json.dumps({{
    "confirmed": len(seats),
    "distinct_seats": len(set(seats)),
    "highest_seat": max(seats, default=0),
    "waiting": rows.filter(status="waiting").count(),
    "total": rows.count(),
    "mails_queued": DBTaskResult.objects.filter(backend_name="mail", task_path=TASK_PATH).count(),
}}))
"""

HIDDEN = re.compile(r'<input type="hidden" name="(csrfmiddlewaretoken|form_token)" value="([^"]*)"')


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Person:
    """One person's visit: GET the form, fill it in, POST it, read the receipt."""

    def __init__(self, number, base, path, run):
        self.number = number
        self.host = urlsplit(base)
        self.path = path
        workplace = number % ADDRESSES
        self.address = f"10.0.{workplace // 250}.{workplace % 250 + 1}"
        self.email = f"rush-{run}-{number}@example.dk"
        self.timings = []  # (what, status, ms)
        self.error = None

    def _request(self, connection, what, method, path, body=None, cookie=None):
        headers = {"X-Forwarded-For": self.address, "Accept": "text/html"}
        if cookie:
            headers["Cookie"] = cookie
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        self.timings.append((what, response.status, 1000 * (time.perf_counter() - started)))
        return response, content

    def visit(self):
        connection = http.client.HTTPConnection(self.host.hostname, self.host.port, timeout=60)
        try:
            response, content = self._request(connection, "GET", "GET", self.path)
            if response.status != 200:
                self.error = f"GET {response.status}"
                return
            cookie = response.getheader("Set-Cookie", "").split(";", 1)[0]
            hidden = dict(HIDDEN.findall(content.decode()))
            time.sleep(random.uniform(*FILL_SECONDS))  # noqa: S311 - a person's pace, not a secret
            # The server closes a connection idle for its keep-alive (5 s) while the person types;
            # a browser then opens a new one, and so does this client.
            connection.close()
            connection = http.client.HTTPConnection(self.host.hostname, self.host.port, timeout=60)
            body = urlencode(
                {
                    "csrfmiddlewaretoken": hidden.get("csrfmiddlewaretoken", ""),
                    "form_token": hidden.get("form_token", ""),
                    "kommentar_felt": "",
                    "name": f"Deltager {self.number}",
                    "email": self.email,
                    "organisation": "Jobcenter Øst",
                    "municipality": "aarhus",
                    "role": "leder",
                    "consent": "on",
                }
            )
            response, _ = self._request(connection, "POST", "POST", self.path, body=body, cookie=cookie)
            if response.status != 302:
                self.error = f"POST {response.status}"
                return
            receipt = urlsplit(response.getheader("Location", "")).path
            response, _ = self._request(connection, "kvittering", "GET", receipt, cookie=cookie)
            if response.status != 200:
                self.error = f"kvittering {response.status}"
        except (OSError, http.client.HTTPException) as error:
            self.error = f"{type(error).__name__}: {error}"
        finally:
            connection.close()


def rush(urls, path, *, people=PEOPLE, clients=CLIENTS, run="rush"):
    """Let `people` people register through `clients` concurrent clients; the figures."""
    queue = list(range(people))
    lock = threading.Lock()
    done = []
    start = threading.Barrier(clients)

    def client():
        start.wait()
        while True:
            with lock:
                if not queue:
                    return
                number = queue.pop(0)
            person = Person(number, urls[number % len(urls)], path, run)
            person.visit()
            with lock:
                done.append(person)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    before = cpu_times()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    after = cpu_times()
    load = os.getloadavg()[0]
    result = {"people": people, "clients": clients, "seconds": seconds, "load": load}
    result["cpu"] = 100 * (1 - (after[1] - before[1]) / max(after[0] - before[0], 1))
    for what in ("GET", "POST", "kvittering"):
        timings = [ms for person in done for kind, _, ms in person.timings if kind == what]
        result[what] = {
            "count": len(timings),
            "p50": percentile(timings, 0.5),
            "p95": percentile(timings, 0.95),
            "p99": percentile(timings, 0.99),
            "max": max(timings, default=0),
        }
    statuses = {}
    for person in done:
        for kind, status, _ in person.timings:
            statuses[f"{kind} {status}"] = statuses.get(f"{kind} {status}", 0) + 1
    result["statuses"] = statuses
    errors = [person.error for person in done if person.error]
    result["errors"] = len(errors)
    result["error_examples"] = sorted(set(errors))[:5]
    result["posts_per_second"] = result["POST"]["count"] / seconds
    return result


def cpu_times():
    """(all, idle) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]


def warm_up(urls, path, times=WORKERS * 4):
    """A few GETs of the form on each instance first: a worker's first requests load templates
    and code, which a site that has been running has done long before registration opens."""
    for base in urls:
        host = urlsplit(base)
        for _ in range(times):
            connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
            try:
                connection.request("GET", path, headers={"X-Forwarded-For": "10.255.0.1"})
                connection.getresponse().read()
            finally:
                connection.close()


def measure(cluster_factory, log, *, people=PEOPLE, clients=CLIENTS):
    """Prepare a fresh site with two instances, run the rush, count the database."""
    cluster = cluster_factory(
        instances=INSTANCES,
        workers=WORKERS,
        extra_env={
            "GUNICORN_ACCESS_LOG": "",
            # A load balancer in front adds the client's address; the limits count it.
            "TRUSTED_PROXY_HEADER": "X-Forwarded-For",
            "TRUSTED_PROXY_COUNT": "1",
        },
    )
    try:
        cluster.manage("migrate", "--noinput", "-v", "0")
        cluster.manage("collectstatic", "--noinput", "-v", "0")
        cluster.manage("load_site_content")
        conference = json.loads(cluster.manage("shell", "-v", "0", "-c", PREPARE.format(capacity=CAPACITY)))
        cluster.start()
        warm_up(cluster.urls, conference["path"])
        log(f"Tilmeldingsrush: {people} personer, {clients} samtidige klienter, {INSTANCES} instanser …")
        result = rush(cluster.urls, conference["path"], people=people, clients=clients)
        result["database"] = json.loads(
            cluster.manage("shell", "-v", "0", "-c", COUNT.format(pk=conference["pk"]))
        )
    finally:
        cluster.close()
    result["capacity"] = CAPACITY
    result["label"] = LABEL
    log(json.dumps(result, indent=1))
    return result


def checks(result, danish):
    """(target, measured, met) for the rush."""
    if not result:
        return []
    database, people = result["database"], result["people"]
    load = f"belastning {danish(result['load'], 1)}"
    # Seats for the first `capacity` of those registered, the waiting list for the rest.
    expected_confirmed = min(result["capacity"], database["total"])
    return [
        (
            f"Tilmeldingsrush: {danish(people)} personer fra {result['clients']} samtidige klienter "
            f"på {INSTANCES} instanser inden for {TARGET_SECONDS} s",
            f"{danish(result['seconds'], 1)} s ({load})",
            result["seconds"] <= TARGET_SECONDS,
        ),
        (
            "Tilmeldingsrush: p95 for tilmeldingen (POST) under 1 s",
            f"{danish(result['POST']['p95'])} ms ({load})",
            result["POST"]["p95"] < TARGET_P95_MS,
        ),
        (
            "Tilmeldingsrush: p95 for formularen (GET) under 1 s",
            f"{danish(result['GET']['p95'])} ms ({load})",
            result["GET"]["p95"] < TARGET_P95_MS,
        ),
        ("Tilmeldingsrush: ingen fejl", f"{result['errors']}", result["errors"] == 0),
        (
            f"Tilmeldingsrush: ingen overbooking, præcis {danish(expected_confirmed)} bekræftede",
            f"{database['confirmed']} bekræftede på {database['distinct_seats']} forskellige pladser "
            f"(højeste {database['highest_seat']}), {database['waiting']} på venteliste",
            database["confirmed"] == expected_confirmed
            and database["distinct_seats"] == expected_confirmed
            and database["highest_seat"] <= result["capacity"]
            and database["waiting"] == database["total"] - expected_confirmed,
        ),
        (
            "Tilmeldingsrush: en mail i køen pr. tilmelding",
            f"{database['mails_queued']} mails for {database['total']} tilmeldinger",
            database["mails_queued"] == database["total"],
        ),
    ]


def latest(results):
    """The largest rush measured with the current code (a row labelled "før" is the old code)."""
    return max(results, key=lambda r: (r.get("label") != "før", r["people"]))


def section(results, danish):
    """The report's section: one row per measurement, with the machine's load."""
    if not results:
        return []
    lines = [
        "## Tilmeldingsrush",
        "",
        f"Tilmeldingen åbner, og mange udfylder formularen på én gang: {INSTANCES} gunicorn-instanser "
        f"({WORKERS} workers hver) på samme PostgreSQL og Redis; hver klient (tråd) er en browser, der "
        "henter formularen (CSRF-cookie, formular-token, spamfælde), udfylder den i "
        f"{danish(FILL_SECONDS[0], 1)}–{danish(FILL_SECONDS[1], 1)} s (sitets mindste udfyldningstid er "
        "3 s), sender den og følger omdirigeringen til kvitteringen. Sitets grænser er som i drift: "
        f"personerne kommer fra {ADDRESSES} arbejdspladser (X-Forwarded-For fra en betroet "
        "load balancer), så hver adresse sender langt under grænserne (150 pr. 10 min., 40 pr. minut); "
        f"hver person har sin egen e-mailadresse. Konferencen har {danish(CAPACITY)} pladser og "
        "venteliste. Hver instans har først svaret på nogle få visninger af formularen (som et site, der "
        "har kørt et stykke tid). Tiderne er klientens, fra forespørgslen sendes, til svaret er læst; "
        "*belastning* er maskinens load average (1 min.) lige efter målingen.",
        "",
        "| kode | personer | klienter | tid s | POST/s | GET p50/p95/p99 ms | POST p50/p95/p99 ms "
        "| kvittering p95 ms | fejl | bekræftede | venteliste | mails | CPU optaget | belastning |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        d = r["database"]
        get, post = r["GET"], r["POST"]
        lines.append(
            f"| {r.get('label') or '—'} | {danish(r['people'])} | {r['clients']} | {danish(r['seconds'], 1)} "
            f"| {danish(r['posts_per_second'], 1)} "
            f"| {get['p50']:.0f} / {get['p95']:.0f} / {get['p99']:.0f} "
            f"| {post['p50']:.0f} / {post['p95']:.0f} / {post['p99']:.0f} | {r['kvittering']['p95']:.0f} "
            f"| {r['errors']} | {d['confirmed']} | {d['waiting']} | {d['mails_queued']} | {r['cpu']:.0f} % "
            f"| {danish(r['load'], 1)} |"
        )
    lines += ["", "| mål | målt | opfyldt |", "| --- | --- | --- |"]
    lines += [
        f"| {goal} | {measured} | {'ja' if ok else 'nej'} |"
        for goal, measured, ok in checks(latest(results), danish)
    ]
    return [*lines, ""]
