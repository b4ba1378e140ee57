"""Anonymous reads are time-boxed on PostgreSQL; a cancelled statement is a Danish 503, never a
500, and writes, the admin and logged-in editors are never cut off."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from home.statement_timeout import StatementTimeoutMiddleware

pytestmark = pytest.mark.postgres

# The worst combination the library allows: MAX_SELECTED_OPTIONS options, a municipality, a type,
# a search and a sort.
WORST = (
    "/gode-erfaringer/?vaerdi=tillid&vaerdi=dialog&vaerdi=helhed&vaerdi=anerkendelse"
    "&ordning=fleksjob&ordning=loentilskud&rolle=ledelse&tag=jobmatch"
    "&kommune=faxe&type=erfaring&q=leder&sorter=relevans&side=3"
)


@pytest.fixture
def read_limit(settings):
    """Turn the limit on (the test settings leave it off); the connection that got it is closed
    afterwards, so the test database's teardown runs without it."""

    def limit(milliseconds):
        settings.ANONYMOUS_READ_STATEMENT_TIMEOUT_MS = milliseconds

    yield limit
    if connection.connection is not None and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
    connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_statement_over_the_limit_gives_a_danish_503_and_the_next_request_works(
    client, launch_content, read_limit, monkeypatch, caplog
):
    from cases.filters import LibraryFilter

    read_limit(200)
    assert client.get(WORST).status_code == 200
    counts = LibraryFilter._counts

    def slow_counts(self, base, pages):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")  # a facet count that takes too long
        return counts(self, base, pages)

    with monkeypatch.context() as patched:
        patched.setattr(LibraryFilter, "_counts", slow_counts)
        response = client.get(WORST)
    assert response.status_code == 503
    html = response.content.decode()
    assert "Siden tog for lang tid" in html and "Prøv igen om lidt" in html
    assert "Traceback" not in html
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    assert "Statement timeout" in caplog.text

    # The connection is fine: the very next request is served.
    assert client.get(WORST).status_code == 200


def _timeout_seen_by(request):
    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return HttpResponse(cursor.fetchone()[0])

    return StatementTimeoutMiddleware(view)(request).content.decode()


@pytest.mark.django_db
def test_only_anonymous_reads_get_the_limit(read_limit, django_user_model):
    read_limit(1500)
    factory = RequestFactory()
    editor = django_user_model.objects.create_user("redaktoer", password="x" * 12)

    def request(method, path, user):
        made = getattr(factory, method)(path)
        made.user = user
        return made

    assert _timeout_seen_by(request("get", "/gode-erfaringer/", AnonymousUser())) == "1500ms"
    assert _timeout_seen_by(request("post", "/konferencer/x/tilmelding/", AnonymousUser())) == "0"
    assert _timeout_seen_by(request("get", "/gode-erfaringer/", AnonymousUser())) == "1500ms"
    assert _timeout_seen_by(request("get", "/admin/pages/", editor)) == "0"
    assert _timeout_seen_by(request("get", "/gode-erfaringer/", editor)) == "0"
    # Back to an anonymous read: the limit again, and set once, not per request.
    assert _timeout_seen_by(request("head", "/", AnonymousUser())) == "1500ms"
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _timeout_seen_by(request("get", "/", AnonymousUser()))
    assert [query["sql"] for query in queries] == ["SHOW statement_timeout"]
