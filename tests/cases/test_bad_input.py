"""Query strings and paths a person never sends but a scanner does: each gets a clear 4xx, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

HUGE = "100000000000000000000"
NUL = "a\x00b"

API_CASES = [
    ("/api/v2/pages/", {"offset": HUGE}),
    ("/api/v2/pages/", {"offset": "9223372036854775807"}),
    ("/api/v2/pages/", {"limit": HUGE}),
    ("/api/v2/pages/", {"child_of": HUGE}),
    ("/api/v2/pages/", {"descendant_of": HUGE}),
    ("/api/v2/pages/", {"ancestor_of": HUGE}),
    ("/api/v2/pages/", {"translation_of": HUGE}),
    ("/api/v2/pages/", {"id": HUGE}),
    ("/api/v2/pages/", {"id": "-" + HUGE}),
    ("/api/v2/pages/", {"depth": HUGE}),
    ("/api/v2/pages/", {"search": NUL}),
    ("/api/v2/pages/", {"title": NUL}),
    ("/api/v2/pages/", {"slug": NUL}),
    ("/api/v2/pages/", {"html_path": NUL}),
    ("/api/v2/pages/", {"type": NUL}),
    ("/api/v2/pages/", {"fields": NUL}),
    ("/api/v2/pages/", {"order": NUL}),
    ("/api/v2/pages/", {"locale": NUL}),
    ("/api/v2/pages/find/", {"html_path": NUL}),
    (f"/api/v2/pages/{HUGE}/", {}),
    (f"/api/v2/images/{HUGE}/", {}),
    (f"/api/v2/documents/{HUGE}/", {}),
    ("/api/v2/images/", {"offset": HUGE}),
    ("/api/v2/images/", {"id": HUGE}),
    ("/api/v2/images/", {"title": NUL}),
    ("/api/v2/documents/", {"offset": HUGE}),
    ("/api/v2/documents/", {"search": NUL}),
    ("/api/v2/values/", {"offset": HUGE}),
    ("/api/v2/values/", {"id": HUGE}),
    ("/api/v2/values/", {"slug": NUL}),
    ("/api/v2/tags/", {"offset": HUGE}),
    ("/api/v2/tags/", {"name": NUL}),
]

SITE_CASES = [
    ("/soeg/", {"q": NUL}),
    ("/soeg/", {"q": "x", "side": HUGE}),
    ("/soeg/", {"q": "x", "page": HUGE}),
    ("/gode-erfaringer/", {"q": NUL}),
    ("/gode-erfaringer/", {"tag": NUL}),
    ("/gode-erfaringer/", {"vaerdi": NUL}),
    ("/gode-erfaringer/", {"kommune": NUL}),
    ("/gode-erfaringer/", {"side": HUGE}),
    ("/gode-erfaringer/", {"page": HUGE}),
    ("/gode-erfaringer/feed/", {"tag": NUL}),
    ("/gode-erfaringer/feed/atom/", {"q": NUL}),
    (f"/dokumenter/{HUGE}/x.pdf", {}),
    ("/konferencer/", {"side": HUGE}),
    ("/konferencer/kalender/", {"x": NUL}),
]


def test_the_api_answers_bad_parameters_with_a_clear_400_or_a_404(client, library):
    """Numbers beyond what the database can hold (`bigint out of range` on PostgreSQL) and NUL
    characters (which PostgreSQL text cannot hold) used to end in a 500."""
    wrong = []
    for path, params in API_CASES:
        response = client.get(path, params)
        if response.status_code not in (400, 404) or (
            response.status_code == 400 and not response.json().get("message")
        ):
            wrong.append((path, params, response.status_code))
    assert not wrong


def test_the_api_says_in_danish_what_was_wrong(client, library):
    response = client.get("/api/v2/pages/", {"offset": HUGE})
    assert response.status_code == 400
    assert response.json() == {"message": "offset må højst være 1000000"}
    response = client.get("/api/v2/pages/", {"search": NUL})
    assert response.json() == {"message": "search må ikke indeholde NUL-tegn"}


def test_public_pages_never_answer_bad_parameters_with_a_500(client, demo_library):
    wrong = []
    for path, params in SITE_CASES:
        response = client.get(path, params)
        if response.status_code >= 500:
            wrong.append((path, params, response.status_code))
    assert not wrong
