"""Generated input against the site search: never a 500, whatever is typed or sent."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300)


@pytest.mark.django_db
@FUZZ
@given(query=text, page=st.one_of(st.none(), text, st.integers().map(str)))
def test_search_never_fails(client, launch_content, query, page):
    params = {"q": query}
    if page is not None:
        params["side"] = page
    response = client.get("/soeg/", params)
    assert response.status_code == 200
