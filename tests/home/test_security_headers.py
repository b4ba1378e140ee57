import pytest
from django.db import OperationalError

pytestmark = pytest.mark.content_per_module("launch_content")


@pytest.mark.django_db
def test_public_pages_send_a_strict_content_security_policy(client, launch_content):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_public_pages_carry_no_inline_script_or_style(client, launch_content):
    for path in ("/", "/inkluderende-beskaeftigelsespolitik/", "/om-sitet/", "/soeg/?q=politik"):
        html = client.get(path).content.decode()
        assert "<style" not in html, path
        assert " style=" not in html, path
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith("src="), f"inline script on {path}"


@pytest.mark.django_db
def test_admin_gets_its_own_policy_and_is_never_cached(admin_client):
    response = admin_client.get("/admin/")
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control


@pytest.mark.django_db
def test_a_preview_may_be_framed_by_the_admin_and_is_otherwise_as_strict_as_the_public_page(
    admin_client, launch_content
):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from home.models import StandardPage

    page = StandardPage.objects.get(slug="om-sitet")
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"
    data = nested_form_data({"title": page.title, "slug": page.slug, "lead": "", "body": streamfield([])})
    assert admin_client.post(preview_url, data).json()["is_valid"]
    response = admin_client.get(preview_url, {"mode": ""})
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp
    assert "unsafe-inline" not in csp  # the public policy, not the admin's
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # The page itself, outside the admin, is never framed.
    public = admin_client.get(page.url)
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
    assert public["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_database_outage_gives_a_danish_503_and_recovery(client, launch_content, monkeypatch):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
        response = client.get("/om-sitet/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Sitet har driftsforstyrrelser" in html
    assert "Traceback" not in html

    # The database is back: the very next request is served normally.
    assert client.get("/om-sitet/").status_code == 200


@pytest.mark.django_db
def test_form_post_that_is_not_utf8_is_a_danish_400(client, launch_content):
    response = client.post(
        "/admin/login/", data=b"username=%FF%FE&password=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke behandles" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_form_post_over_the_size_limit_is_a_danish_400(client, launch_content, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/admin/login/", {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke behandles" in response.content.decode()


@pytest.mark.django_db
def test_utf8_form_posts_pass(client, launch_content):
    response = client.post("/admin/login/", {"username": "Søren Æblø", "password": "x"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_hsts_of_a_year_over_https(client, launch_content, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/")  # never over plain HTTP
