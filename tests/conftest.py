"""Fixtures shared by the whole suite: the page tree, launch content, and the CI skip rule.

Content that many tests only read (the launch content, the library) takes seconds to publish.
A test module marked `pytest.mark.content_per_module("library")` (or "launch_content",
"demo_library", "conference_index") gets it published once, in a transaction around the whole
module, like Django's setUpTestData: each test runs in a savepoint of its own, sees the content
exactly as published and changes it only for itself. Mark only modules whose every database
test starts from that content; a transactional test cannot run inside it (collection refuses
the combination).
"""

import os

import pytest
from django.db import transaction
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


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    wants = {"transactional_db", "live_server", "django_db_reset_sequences"}
    return bool(marker and marker.kwargs.get("transaction")) or bool(wants & set(item.fixturenames))


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL's row locks or Danish text search. On SQLite they
    are deselected, not skipped, so that CI (which fails on skips) still runs them on its
    PostgreSQL pass. Tests marked `nu_checker` belong to `make lint` and run only when asked for
    with -m nu_checker."""
    for item in items:
        if item.get_closest_marker("content_per_module") and _is_transactional(item):
            raise pytest.UsageError(f"{item.nodeid}: a transactional test in a content_per_module module")
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
    """Each test starts with empty caches: no rate-limit counts or pages from another test."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield


def _root_page():
    # A transactional test's flush removes the root page and locale Wagtail's migrations made.
    from home.launch_content import ensure_root

    return ensure_root()


def _publish_home_page():
    """root → HomePage, as the default site's root (a home page already there is kept)."""
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


def _publish_conference_index():
    """The home page with »Konferencer« under it, shown in the menu."""
    from conferences.models import ConferenceIndexPage

    index = ConferenceIndexPage(title="Konferencer", slug="konferencer", show_in_menus=True)
    _publish_home_page().add_child(instance=index)
    index.save_revision().publish()
    return index


def _conference_index():
    from conferences.models import ConferenceIndexPage

    return ConferenceIndexPage.objects.get()


@pytest.fixture
def home_page(_content_per_module, db):
    """root → HomePage, as the default site's root."""
    if _content_per_module is not None:
        return _home()  # every kind of module content has a home page
    return _publish_home_page()


def _publish_launch_content(demo=False):
    """Home's and the library's launch content, as `manage.py load_site_content` publishes it;
    returns the library."""
    from cases import launch_content as library_content
    from home import launch_content

    _root_page()
    log = launch_content.ContentLog(lambda line: None)
    launch_content.load(log)
    return library_content.load(log, demo=demo)


def _home():
    from home.models import HomePage

    return HomePage.objects.get()


def _library():
    from cases.models import CaseIndexPage

    return CaseIndexPage.objects.get()


# name → (publish it, read it back from the database)
CONTENT = {
    "launch_content": (_publish_launch_content, _home),
    "library": (_publish_launch_content, _library),
    "demo_library": (lambda: _publish_launch_content(demo=True), _library),
    "conference_index": (_publish_conference_index, _conference_index),
}


@pytest.fixture(scope="module")
def _content_per_module(request, django_db_setup, django_db_blocker):
    """For a module marked content_per_module(name): publish the content once, in a transaction
    that stays open until the module's last test and is then rolled back. Being module-scoped,
    pytest sets it up before the test's own transaction (the `db` fixture), which nests in it."""
    marker = request.node.get_closest_marker("content_per_module")
    if marker is None:
        yield None
        return
    name = marker.args[0]
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            CONTENT[name][0]()
        except BaseException as error:
            module_transaction.__exit__(type(error), error, error.__traceback__)
            raise
    try:
        yield name
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


def _content(kept, name):
    publish, read = CONTENT[name]
    if kept is None or CONTENT[kept][0] is not publish:
        publish()
    return read()


@pytest.fixture
def launch_content(_content_per_module, db):
    """The launch content exactly as `manage.py load_site_content` publishes it: the home page."""
    return _content(_content_per_module, "launch_content")


@pytest.fixture
def library(_content_per_module, db):
    """Home's launch content and the library (index, values, schemes, roles, guidance), no demo cases."""
    return _content(_content_per_module, "library")


@pytest.fixture
def conference_index(_content_per_module, db):
    """The home page with »Konferencer« under it (tests/conferences build their conferences here)."""
    return _content(_content_per_module, "conference_index")


@pytest.fixture
def demo_library(_content_per_module, db):
    """The library with the illustrative case stories, as `load_site_content --demo` makes it."""
    return _content(_content_per_module, "demo_library")


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
