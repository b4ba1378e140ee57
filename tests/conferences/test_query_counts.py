"""SQL queries of the conference pages and the registration form, pinned."""

import pytest

pytestmark = pytest.mark.django_db


def test_conference_pages_use_a_pinned_number_of_queries(
    client, launch_content, django_assert_max_num_queries
):
    from conferences import launch_content as conference_content
    from home.launch_content import ContentLog

    conference = conference_content.load(ContentLog(lambda line: None))[0]
    for path, limit in ((conference.url, 20), (conference.url + "tilmelding/", 20), ("/konferencer/", 20)):
        client.get(path)
        with django_assert_max_num_queries(limit):
            assert client.get(path).status_code == 200


def _answers(number):
    from tests.conferences.conftest import FORM_ANSWERS, form_token

    return {**FORM_ANSWERS, "email": f"deltager{number}@example.dk", "form_token": form_token()}


def test_a_registration_post_uses_a_pinned_number_of_queries(
    client, conference, django_assert_max_num_queries
):
    """Found in one query (home.page_routes), registered in few (conferences.registration):
    a registration rush is short on round trips to the database. Was 26 statements."""
    from conferences.models import Registration

    url = conference.url + "tilmelding/"
    client.get(url)  # the first request makes the site's settings (new content)
    assert client.get(url).status_code == 200  # the process remembers where the address leads
    with django_assert_max_num_queries(14):
        response = client.post(url, _answers(1))
    assert response.status_code == 302
    assert Registration.objects.get(email="deltager1@example.dk").status == Registration.Status.CONFIRMED


def test_the_locked_section_of_a_registration_is_pinned(conference):
    """What register() sends to the database while it holds the conference's lock. Was 13
    statements (with a lookup of the address and of the log entry's content type)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conferences import registration as service
    from conferences.models import Registration
    from tests.conferences.conftest import form_token, register_data

    token = form_token()
    with CaptureQueriesContext(connection) as queries:
        result = service.register(conference, register_data(conference), form_token=token)
    assert result.outcome is service.Outcome.REGISTERED
    statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert len(statements) <= 8, "\n".join(statements)
    # The same form again: recognised by its token, nothing more stored.
    again = service.register(conference, register_data(conference), form_token=token)
    assert again.outcome is service.Outcome.DUPLICATE_SUBMIT
    assert Registration.objects.filter(conference=conference).count() == 1
