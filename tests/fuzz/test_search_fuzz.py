"""Generated input against the site search: never a 500, whatever is typed or sent."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300)


@pytest.mark.django_db
@given(query=text, page=st.one_of(st.none(), text, st.integers().map(str)))
def test_search_never_fails(client, launch_content, query, page):
    params = {"q": query}
    if page is not None:
        params["side"] = page
    response = client.get("/soeg/", params)
    assert response.status_code == 200
