"""The read-only Wagtail API v2 at /api/v2/."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.content_per_module("library")]


def test_pages_endpoint_gives_case_fields(client, library, make_case):
    case = make_case(
        "Fleksjob i køkkenet",
        values=["tillid"],
        schemes=["fleksjob"],
        roles=["ledelse"],
        tags=["jobmatch"],
    )
    data = client.get("/api/v2/pages/", {"type": "cases.CasePage", "fields": "*"}).json()
    assert data["meta"]["total_count"] == 1
    item = data["items"][0]
    assert item["title"] == "Fleksjob i køkkenet"
    assert item["meta"]["html_url"].endswith(case.url)
    assert item["municipality"] == "faxe"
    assert item["municipality_name"] == "Faxe Kommune"
    for field in (
        "lead",
        "workplace",
        "sector",
        "target_group",
        "body",
        "last_reviewed",
        "contact_name",
    ):
        assert field in item
    assert [value["name"] for value in item["values"]] == ["Tillid"]
    assert [scheme["name"] for scheme in item["schemes"]] == ["Fleksjob"]
    assert [role["name"] for role in item["roles"]] == ["Ledelse"]
    assert item["tags"] == ["jobmatch"]
    assert item["body"][0]["type"] == "situation"


def test_pages_endpoint_gives_guidance_fields(client, library):
    data = client.get("/api/v2/pages/", {"type": "cases.GuidancePage", "fields": "*"}).json()
    item = data["items"][0]
    assert item["source_publisher"] == "Forhandlingsfællesskabet og KL"
    assert item["source_date"] == "2017-03-20"
    assert len(item["key_points"]) == 7
    assert {value["name"] for value in item["values"]} == {"Dialog", "Anerkendelse", "Tillid", "Helhed"}


def test_values_schemes_tags_images_and_documents_endpoints(client, library):
    values = client.get("/api/v2/values/").json()
    assert [item["slug"] for item in values["items"]] == ["dialog", "anerkendelse", "tillid", "helhed"]
    assert values["items"][2]["description"].startswith("Faxe Kommune udviser tillid")
    assert values["items"][2]["url"] == "/gode-erfaringer/vaerdi/tillid/"
    schemes = client.get("/api/v2/schemes/").json()
    assert "fleksjob" in [item["slug"] for item in schemes["items"]]
    tags = client.get("/api/v2/tags/").json()
    assert "jobmatch" in [item["name"] for item in tags["items"]]
    assert client.get("/api/v2/images/").status_code == 200
    assert client.get("/api/v2/documents/").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, library, method):
    response = getattr(client, method)("/api/v2/pages/", {})
    assert response.status_code == 405


@pytest.mark.parametrize(
    "query", ["type=findes.Ikke", "fields=ukendt", "limit=x", "offset=-1", "order=nonsense"]
)
def test_api_bad_parameters_are_client_errors(client, library, query):
    assert client.get(f"/api/v2/pages/?{query}").status_code == 400
