"""Fixtures for tests that drive Debian's Chromium with Playwright and axe-core.

No browser is ever downloaded: Playwright launches /usr/bin/chromium through executable_path.
"""

import os
import shutil
import time

import pytest
from django.core.servers.basehttp import WSGIServer

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import IN_CI, pass_two_step

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class SerialWSGIServer(WSGIServer):
    """The live server answering one request at a time. On SQLite every request of Django's
    threaded live server shares the test's one in-memory connection, and two requests from one
    browser tab at once (the admin page and its icon sprite) can then end each other's
    transactions ("cannot commit - no transaction is active", a session "deleted before the
    request completed"). Served in turn, they cannot; each answer closes its connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_sqlite():
    from django.db import connection
    from django.test.testcases import LiveServerThread

    if connection.vendor == "sqlite":
        LiveServerThread.server_class = SerialWSGIServer
    yield


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        reason = f"Chromium findes ikke på {CHROMIUM}: browsertests springes over (apt-get install chromium)."
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh tab. Content-Security-Policy violations it reports fail the test."""
    context = chromium.new_context(locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(10_000)
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    in_flight = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    yield page
    # Leaving the admin's editor sends a last request (Wagtail releases the editing session).
    # Let it finish before the live server's database is emptied for the next test: on SQLite
    # a request still writing makes that flush fail with "database table is locked".
    page.goto("about:blank")
    deadline = time.monotonic() + 5
    while in_flight and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    context.close()
    assert not csp_errors, "Content-Security-Policy blocked something:\n" + "\n".join(csp_errors)


@pytest.fixture
def assert_accessible():
    """Run axe-core (WCAG 2.1 A and AA rules) on the page and fail with the violations listed."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def signed_in(browser_page, live_server, client):
    """sign_in(user) gives the browser tab the user's admin session, past two-step sign-in (the
    second factor itself is tested in tests/home/test_two_factor.py)."""
    from django.conf import settings

    def sign_in(user):
        pass_two_step(client, user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        browser_page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        return browser_page

    return sign_in
