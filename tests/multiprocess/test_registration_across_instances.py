import json
import secrets
import threading
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

pytestmark = [pytest.mark.postgres]

ATTEMPTS = 200

MINT_TOKENS = """
from conferences.forms import issue_form_token
for _ in range({n}):
    print(issue_form_token())
"""

COUNT = """
import json
from conferences.models import ConferencePage, Registration
conference = ConferencePage.objects.get(pk={pk})
rows = Registration.objects.filter(conference=conference)
print(json.dumps({{
    "capacity": conference.capacity,
    "confirmed": rows.filter(status="confirmed").count(),
    "waiting": rows.filter(status="waiting").count(),
    "total": rows.count(),
}}))
"""

CONFERENCE = """
import json
from conferences.models import ConferencePage
c = ConferencePage.objects.live().order_by("date").first()
print(json.dumps({"pk": c.pk, "path": c.url}))
"""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_simultaneous_registrations_on_two_instances_fill_exactly_the_capacity(two_instances):
    conference = json.loads(two_instances.manage("shell", "-v", "0", "-c", CONFERENCE))
    tokens = two_instances.manage("shell", "-v", "0", "-c", MINT_TOKENS.format(n=ATTEMPTS)).split()
    csrf = secrets.token_hex(16)
    opener = urllib.request.build_opener(_NoRedirect)
    start = threading.Barrier(ATTEMPTS)
    statuses = []

    def register(number):
        base = two_instances.urls[number % 2]
        body = urlencode(
            {
                "name": f"Deltager {number}",
                "email": f"deltager{number}@example.dk",
                "organisation": "Jobcenter Øst",
                "municipality": "aarhus",
                "role": "jobcenter",
                "consent": "on",
                "form_token": tokens[number],
                "csrfmiddlewaretoken": csrf,
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - local test server
            base + conference["path"] + "tilmelding/",
            data=body,
            headers={"Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"},
        )
        start.wait()
        try:
            with opener.open(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=register, args=(number,)) for number in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses.count(302) == ATTEMPTS, statuses
    counts = json.loads(two_instances.manage("shell", "-v", "0", "-c", COUNT.format(pk=conference["pk"])))
    assert counts["total"] == ATTEMPTS
    assert counts["confirmed"] == counts["capacity"] == 150
    assert counts["waiting"] == ATTEMPTS - counts["capacity"]
