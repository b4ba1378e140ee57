from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.mark.django_db
def test_ensure_admin_creates_one_admin_with_a_printed_password_once(client):
    out = StringIO()
    call_command("ensure_admin", url="http://127.0.0.1:8123/admin/", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/admin/" in text
    password = next(line.split(":", 1)[1].strip() for line in text.splitlines() if "adgangskode:" in line)
    assert len(password) >= 16
    assert client.login(username="admin", password=password)

    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert "adgangskode" not in out.getvalue()
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


@pytest.mark.django_db
def test_wagtail_admin_speaks_danish(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert '<html lang="da"' in html
    assert "Indstillinger" in html
