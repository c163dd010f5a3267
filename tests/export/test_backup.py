"""backup.json: everything the user owns, versioned, restorable without duplicates."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator

from export.files import build_backup
from export.formats import SECTIONS, exported_fields
from journal.models import Condition, Cramp, DayContext, Medication, NightCheckIn, Profile
from tests.export.test_export_fixtures import (
    confirm,
    fill_journal,
    fresh_user,
    import_file,
    owned_rows,
    upload,
)

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "backup.schema.json").read_text()
)
MODELS = [Profile, Cramp, NightCheckIn, DayContext, Medication, Condition]


def schema_errors(document, schema=SCHEMA):
    """Every way `document` breaks the published JSON Schema, as messages."""
    return [error.message for error in Draft202012Validator(schema).iter_errors(document)]


def without_meta(document):
    return {k: v for k, v in document.items() if k not in ("exported_at", "username")}


def test_backup_download_is_versioned_json_of_everything_alice_owns(alice_client, alice, bob):
    fill_journal(alice)
    Cramp.objects.create(
        owner=bob, started_at=Cramp.objects.first().started_at, time_zone="UTC", muscle="neck"
    )
    response = alice_client.get(reverse("export:backup"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="cramplog-backup-')
    document = json.loads(response.content.decode("utf-8"))
    assert document["format"] == "cramplog-backup"
    assert document["version"] == 2
    assert document["username"] == "alice"
    counts = {key: len(document[key]) for key in SECTIONS}
    assert counts == {
        "cramps": 7,
        "checkins": 2,
        "day_contexts": 2,
        "medications": 2,
        "conditions": 2,
    }
    assert "neck" not in {c["muscle"] for c in document["cramps"]}  # bob's cramp is not in it
    first = document["cramps"][0]
    # Local time with offset in the cramp's own zone, unicode kept as text.
    assert first["started_at"] == "2026-03-03T03:10:00+01:00"
    assert first["notes"].startswith("Krampf im Wadenmuskel, ganz schlimm. 痛い! 😫\n")
    assert document["cramps"][1]["started_at"] == "2026-03-05T23:45:00+09:00"
    assert document["profile"]["sitting_hours_threshold"] == "7.5"


def test_backup_matches_the_published_schema(alice):
    fill_journal(alice)
    document = json.loads(json.dumps(build_backup(alice)))
    assert schema_errors(document, SCHEMA) == []
    # The checker is not a rubber stamp.
    broken = {**document, "version": 3, "cramps": [{**document["cramps"][0], "severity": 11}]}
    assert len(schema_errors(broken, SCHEMA)) == 2


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_backup_and_schema_cover_every_field_of_every_model(alice, model):
    """Fails when a model gains a field the backup or its schema does not know."""
    fill_journal(alice)
    document = build_backup(alice)
    key = "profile" if model is Profile else next(k for k, (m, _) in SECTIONS.items() if m is model)
    row = document["profile"] if model is Profile else document[key][0]
    names = {f.name for f in exported_fields(model)}
    assert set(row) == names
    definition = {"profile": "profile", "checkins": "checkin", "day_contexts": "day_context"}
    schema_key = definition.get(key, key.rstrip("s"))
    assert set(SCHEMA["$defs"][schema_key]["properties"]) == names


def test_restore_into_a_fresh_account_reproduces_every_field(client, alice):
    fill_journal(alice)
    original = build_backup(alice)
    carol = fresh_user()
    client.force_login(carol)
    response = import_file(client, json.dumps(original, ensure_ascii=False))
    assert response.status_code == 302

    restored = build_backup(carol)
    assert without_meta(restored) == without_meta(original)
    # Row by row, field by field, straight from the database.
    for model in MODELS:
        ours = model.objects.filter(**{"user" if model is Profile else "owner": alice}).order_by(
            "pk"
        )
        theirs = model.objects.filter(**{"user" if model is Profile else "owner": carol}).order_by(
            "pk"
        )
        assert ours.count() == theirs.count() > 0
        for a, c in zip(ours, theirs, strict=True):
            for f in exported_fields(model):
                assert getattr(a, f.attname) == getattr(c, f.attname), (model.__name__, f.name)
    assert (
        Cramp.objects.get(owner=carol, time_zone="Asia/Tokyo").journal_day.isoformat()
        == "2026-03-05"
    )


def test_importing_the_same_backup_twice_adds_nothing_the_second_time(alice_client, alice):
    fill_journal(alice)
    document = json.dumps(build_backup(alice))
    before = owned_rows(alice)
    preview = upload(alice_client, document)
    content = preview.content.decode()
    # Nothing to confirm: said so, instead of offering "Import 0 new entries".
    assert "Nothing new to import" in content and "is already in your journal" in content
    assert "Import 0 new entries" not in content
    confirm(alice_client)
    confirm(alice_client)  # a double submit finds no pending upload
    assert owned_rows(alice) == before


def test_restore_merges_new_rows_and_keeps_existing_ones(client, alice):
    fill_journal(alice)
    document = build_backup(alice)
    carol = fresh_user()
    NightCheckIn.objects.create(owner=carol, night="2026-03-04", cramp_free=False, notes="mine")
    client.force_login(carol)
    import_file(client, json.dumps(document))
    import_file(client, json.dumps(document))
    counts = owned_rows(carol)
    assert counts == {
        "cramps": 7,
        "checkins": 2,
        "day_contexts": 2,
        "medications": 2,
        "conditions": 2,
        "profile": 1,
    }
    # The check-in carol already had for that night is kept, not overwritten.
    assert NightCheckIn.objects.get(owner=carol, night="2026-03-04").notes == "mine"


def test_bob_cannot_get_alices_backup(bob_client, alice, bob):
    fill_journal(alice)
    document = json.loads(bob_client.get(reverse("export:backup")).content)
    assert document["username"] == "bob"
    assert all(document[key] == [] for key in SECTIONS)
    assert document["profile"]["time_zone"] == "America/New_York"


def test_every_model_that_belongs_to_a_user_is_in_the_backup():
    """A new journal model must be added to the backup (and the delete test) too."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    from journal.models import JournalVersion, PendingImport

    # A previewed upload waiting for "Import" is not journal data; it goes with
    # the account (test_delete_account) and is never exported. Nor is the
    # counter the caches are keyed by (journal/caching.py).
    transient = {PendingImport, JournalVersion}
    covered = {Profile, *(model for model, _ in SECTIONS.values()), *transient}
    owned = {
        model
        for model in apps.get_models()
        if model._meta.app_label in ("journal", "insights", "cramplog")
        and any(
            f.is_relation and f.related_model is get_user_model()
            for f in model._meta.concrete_fields
        )
    }
    assert owned == covered
