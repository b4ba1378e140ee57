"""Fixtures shared by the whole suite: the page tree, launch content, and the CI skip rule."""

import os

import pytest
from wagtail.models import Site

# Playwright's sync API runs an event loop in the test thread; the ORM calls that tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

pytest_plugins = ["tests.browser_fixtures"]
_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    """On CI a skipped test is a failed test: nothing may pass by not running."""
    if IN_CI and _skipped:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.write_line(f"CI=true: {len(_skipped)} skipped test(s) count as failures:", red=True)
            for nodeid in _skipped:
                reporter.write_line(f"  {nodeid}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def on_postgresql():
    from django.conf import settings

    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL's row locks or Danish text search. On SQLite they
    are deselected, not skipped, so that CI (which fails on skips) still runs them on its
    PostgreSQL pass. Tests marked `nu_checker` belong to `make lint` and run only when asked for
    with -m nu_checker."""
    wants_lint = "nu_checker" in (config.getoption("markexpr") or "")
    skip_postgres = not on_postgresql()
    selected, deselected = [], []
    for item in items:
        lint_only = item.get_closest_marker("nu_checker") and not wants_lint
        postgres_only = skip_postgres and item.get_closest_marker("postgres")
        (deselected if lint_only or postgres_only else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: no rate-limit counts or pages from another test."""
    from django.core.cache import cache

    cache.clear()
    yield


def _root_page():
    # A transactional test's flush removes the root page and locale Wagtail's migrations made.
    from home.launch_content import ensure_root

    return ensure_root()


@pytest.fixture
def home_page(db):
    """root → HomePage, as the default site's root."""
    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        root = _root_page()
        home = HomePage(title="Rummelighed i praksis", slug="forside")
        root.add_child(instance=home)
        home.save_revision().publish()
    from home.site_address import host_and_port

    hostname, port = host_and_port()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": hostname, "port": port, "root_page": home, "site_name": "Rummelighed"},
    )
    return home


@pytest.fixture
def launch_content(db):
    """The launch content exactly as `manage.py load_site_content` publishes it."""
    from cases import launch_content as library_content
    from home import launch_content

    _root_page()
    log = launch_content.ContentLog(lambda line: None)
    home = launch_content.load(log)
    library_content.load(log)
    return home


def pass_two_step(client, user):
    """Sign the test client in to the admin as user with two-step sign-in passed (a confirmed
    authenticator app), as after a real sign-in. Returns the client."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Testtelefon", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def sign_in(db):
    """sign_in(client, user): the client is signed in to the admin as user, past two-step sign-in
    (which superusers and organisers must use; home.two_factor)."""
    return pass_two_step


@pytest.fixture
def admin_client(client, admin_user, sign_in):
    """pytest-django's admin_client, past two-step sign-in (required for superusers)."""
    return sign_in(client, admin_user)


def totp_code(device):
    """The code the device's authenticator app shows right now."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
