"""Home is the base: it runs, and its page cache is renewed on publishing, with neither the
library nor the conferences installed or even importable (a separate process, see
tests/home/home_only_site.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_home_alone_serves_pages_and_publishing_renews_the_page_cache(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.home.settings_home_only",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'home-only.sqlite3'}",
        "VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(  # noqa: S603 - our own script, no shell
        [sys.executable, "-m", "tests.home.home_only_site"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])

    assert seen["imported"] == []
    assert seen["home_migrations_planned"]  # and nothing they depend on was missing
    assert seen["home"]["status"] == 200
    assert "Rummelighed i praksis" in seen["home"]["html"]
    assert "cases-heading" not in seen["home"]["html"]  # no library, so no library section
    assert "conferences-heading" not in seen["home"]["html"]
    assert seen["policy"]["status"] == 200
    assert 'id="vaerdier"' not in seen["policy"]["html"]  # the values are the library's
    # Cached, served from the cache, and renewed by publishing: home wires its own signals.
    assert seen["cache"] == ["miss", "hit", "miss"]
    assert seen["after_publish_shows_new_title"]
