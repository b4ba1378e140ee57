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
