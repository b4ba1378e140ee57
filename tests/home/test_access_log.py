"""gunicorn's access log never shows a participant's token (the key to their registration)."""

import datetime
import io
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

ROOT = Path(__file__).resolve().parent.parent.parent
TOKEN = "Zx9-secretTOKENvalue_123"
KEY = "KEY-abcdefghijklmnop"


def access_line(path, query="", referer="-", location=None):
    """The line gunicorn writes to the access log for this request, with the site's config."""
    cfg = Config()
    for name, value in runpy.run_path(str(ROOT / "config" / "gunicorn.py")).items():
        if name in cfg.settings:
            cfg.set(name, value)
    cfg.set("accesslog", "-")
    logger = cfg.logger_class(cfg)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.access_log.handlers = [handler]
    raw_uri = path + (f"?{query}" if query else "")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": raw_uri,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "test",
    }
    headers = [("Location", location)] if location else []
    response = SimpleNamespace(status="302 Found" if location else "200 OK", sent=10, headers=headers)
    request = SimpleNamespace(headers=[("Referer", referer)])
    logger.access(response, request, environ, datetime.timedelta(seconds=0, microseconds=1000))
    return stream.getvalue()


def test_the_access_log_hides_participant_tokens_in_paths_queries_and_referers():
    line = access_line(
        f"/konferencer/aarhus/tilmelding/{TOKEN}/bekraeft/{KEY}/",
        query="besked=aendret",
        referer=f"https://example.dk/konferencer/aarhus/tilmelding/{TOKEN}/ret/",
    )
    assert line.startswith("127.0.0.1")
    assert TOKEN not in line and KEY not in line
    assert "/konferencer/aarhus/tilmelding/[skjult]/bekraeft/[skjult]/" in line
    assert "tilmelding/[skjult]/ret/" in line


def test_the_access_log_keeps_the_public_pages_of_a_registration_readable():
    for path in ("/konferencer/aarhus/tilmelding/", "/konferencer/aarhus/tilmelding/tak/"):
        assert f"GET {path} HTTP/1.1" in access_line(path)
    assert "GET /konferencer/aarhus/tilmelding/slettet/ HTTP/1.1" in access_line(
        "/konferencer/aarhus/tilmelding/slettet/"
    )


def test_the_access_log_hides_the_check_in_key_but_not_a_conference_number():
    line = access_line(f"/indtjekning/{TOKEN}/", query="besked=ind")
    assert TOKEN not in line and "GET /indtjekning/[skjult]/?besked=ind HTTP/1.1" in line
    for path in ("/admin/tilmeldinger/indtjekning/12/", "/admin/tilmeldinger/indtjekning/12/udskriv/"):
        assert f"GET {path} HTTP/1.1" in access_line(path)
