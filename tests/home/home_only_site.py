"""A site of home alone, run by tests/home/test_without_other_apps.py in its own process.

`cases` and `conferences` are neither installed nor importable here: an import hook refuses
them, as if they were absent from the import path. The script checks that the migrations of
what is installed need neither app, makes a fresh database's tables from the models (the quick
way; running every Wagtail migration would take most of the test's time), loads the launch
content with `load_site_content`, serves pages through the page cache and publishes a change,
then prints what it saw as JSON on its last line.
"""

import importlib.abc
import json
import sys

ABSENT = ("cases", "conferences")


class AbsentApps(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".", 1)[0] in ABSENT:
            raise ModuleNotFoundError(f"No module named {name!r} (absent in this test)", name=name)
        return None


def main():
    sys.meta_path.insert(0, AbsentApps())
    import django

    django.setup()
    from io import StringIO

    from django.apps import apps
    from django.core.management import call_command
    from django.test import Client, override_settings

    from home.models import StandardPage

    plan = StringIO()
    call_command("migrate", "--plan", stdout=plan)  # fails if a migration needs an absent app
    without_migrations = {config.label: None for config in apps.get_app_configs()}
    with override_settings(MIGRATION_MODULES=without_migrations):
        call_command("migrate", "--run-syncdb", "--noinput", verbosity=0)
    call_command("load_site_content", stdout=StringIO())
    client = Client()
    seen = {}
    for name, path in (("home", "/"), ("policy", "/inkluderende-beskaeftigelsespolitik/")):
        response = client.get(path)
        seen[name] = {"status": response.status_code, "html": response.content.decode()}
    first = client.get("/om-sitet/")
    second = client.get("/om-sitet/")
    page = StandardPage.objects.get(slug="om-sitet")
    page.title = "Ny overskrift uden de andre apps"
    page.save_revision().publish()
    after = client.get("/om-sitet/")
    seen["cache"] = [first["X-Page-Cache"], second["X-Page-Cache"], after["X-Page-Cache"]]
    seen["after_publish_shows_new_title"] = page.title in after.content.decode()
    seen["home_migrations_planned"] = "home.0001_initial" in plan.getvalue()
    seen["imported"] = sorted(name for name in sys.modules if name.split(".", 1)[0] in ABSENT)
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
