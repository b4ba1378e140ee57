"""The data migration that stores municipalities by the site's keys (conferences 0007), both ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from conferences import registration as service

from .conftest import form_token, register_data

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("conferences", "0006_registration_held_status")]
KEYS = [("conferences", "0007_municipality_keys")]


def migrate(targets):
    """Migrate the test database to `targets`; return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def stored(apps):
    """What the database holds: (model, row id) → municipality."""
    return {
        (name, pk): municipality
        for name in ("Registration", "RegistrationCount")
        for pk, municipality in apps.get_model("conferences", name).objects.values_list("pk", "municipality")
    }


def test_registrations_and_counts_move_from_names_to_keys_and_back(make_conference):
    from conferences.models import RegistrationCount

    conference = make_conference()
    registrations = {
        key: service.register(
            conference,
            register_data(conference, email=f"{key}@example.dk", municipality=key),
            form_token=form_token(),
        ).registration
        for key in ("hoeje-taastrup", "koebenhavn", "ingen")
    }
    counts = {
        key: RegistrationCount.objects.create(
            conference=conference, role="hr", municipality=key, registered=3
        )
        for key in ("aeroe", "ingen")
    }
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("conferences")
    try:
        old_apps = migrate(BEFORE)
        names = stored(old_apps)  # backwards: the keys become the names stored before
        assert names == {
            ("Registration", registrations["hoeje-taastrup"].pk): "Høje-Taastrup",
            ("Registration", registrations["koebenhavn"].pk): "København",
            ("Registration", registrations["ingen"].pk): "ingen",
            ("RegistrationCount", counts["aeroe"].pk): "Ærø",
            ("RegistrationCount", counts["ingen"].pk): "ingen",
        }
        aarhus = old_apps.get_model("conferences", "RegistrationCount").objects.create(
            conference_id=conference.pk, role="leder", municipality="Aarhus", registered=1
        )

        keys = stored(migrate(KEYS))  # forwards: the names become keys, whenever they were stored
        assert keys == {
            ("Registration", registrations["hoeje-taastrup"].pk): "hoeje-taastrup",
            ("Registration", registrations["koebenhavn"].pk): "koebenhavn",
            ("Registration", registrations["ingen"].pk): "ingen",
            ("RegistrationCount", counts["aeroe"].pk): "aeroe",
            ("RegistrationCount", counts["ingen"].pk): "ingen",
            ("RegistrationCount", aarhus.pk): "aarhus",
        }
    finally:
        migrate(latest)
    # The keys are the library's: the counts join its »?kommune=« filter and show the same names.
    count = RegistrationCount.objects.get(pk=aarhus.pk)
    assert count.get_municipality_display() == "Aarhus Kommune"
    assert registrations["koebenhavn"].get_municipality_display() == "Københavns Kommune"


def test_registrations_from_before_check_in_get_a_check_in_key_each(make_conference):
    """Conferences 0012 adds the check-in key: every registration already stored gets its own."""
    conference = make_conference()
    ids = [
        service.register(
            conference, register_data(conference, email=f"p{n}@example.dk"), form_token=form_token()
        ).registration.pk
        for n in range(3)
    ]
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("conferences")
    try:
        migrate([("conferences", "0011_organisers_edit_conference_pages")])
        new_apps = migrate([("conferences", "0012_registration_check_in_token")])
        Registration = new_apps.get_model("conferences", "Registration")
        keys = dict(Registration.objects.values_list("pk", "check_in_token"))
    finally:
        migrate(latest)
    assert sorted(keys) == sorted(ids)
    assert len(set(keys.values())) == 3 and all(len(key) >= 40 for key in keys.values())
