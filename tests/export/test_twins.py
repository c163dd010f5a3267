"""Issue #14, items 1 and 2: every row of a journal survives every round trip.

A journal is built to hold exact twins: two "other" conditions without a start
date, two Magnesium periods started the same day at different doses, two
cramps at the same minute, muscle and side. Backup, CSV and
backup_all/restore_all bring every one of them back, and importing again adds
nothing.
"""

import json
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management import call_command

from export import importer
from export.files import build_backup, cramps_csv, user_cramps
from export.management.commands.backup_all import file_names
from journal.models import Condition, Cramp, Medication
from tests.conftest import make_user
from tests.export.test_export_fixtures import add_cramp, confirm, fresh_user, upload

MODELS = (Cramp, Medication, Condition)


def build_twins(user):
    for _ in range(2):
        Condition.objects.create(owner=user, kind="other", started_on=None)
        add_cramp(user, "2026-03-03 03:10", muscle="calf", side="left", severity=4)
    Medication.objects.create(
        owner=user, name="Magnesium", dose="200 mg", started_on=date(2026, 1, 5)
    )
    Medication.objects.create(
        owner=user, name="Magnesium", dose="400 mg", started_on=date(2026, 1, 5)
    )


def counts(user):
    return {m.__name__: m.objects.filter(owner=user).count() for m in MODELS}


def import_text(client, text, name):
    preview = upload(client, text, name).content.decode()
    assert "Nothing was imported" not in preview, preview
    return confirm(client)


def test_backup_round_trip_keeps_every_twin_and_a_second_import_adds_nothing(alice, client):
    build_twins(alice)
    text = json.dumps(build_backup(alice))
    carol = fresh_user()
    client.force_login(carol)
    import_text(client, text, "backup.json")
    assert counts(carol) == {"Cramp": 2, "Medication": 2, "Condition": 2}
    assert sorted(Medication.objects.filter(owner=carol).values_list("dose", flat=True)) == [
        "200 mg",
        "400 mg",
    ]
    again = upload(client, text, "backup.json").content.decode()
    assert "Nothing new to import" in again
    assert "Everything in this file (6 entries) is already in your journal" in again
    assert counts(carol) == {"Cramp": 2, "Medication": 2, "Condition": 2}


def test_csv_round_trip_keeps_identical_cramps(alice, client):
    build_twins(alice)
    text = cramps_csv(user_cramps(alice))
    carol = fresh_user()
    client.force_login(carol)
    import_text(client, text, "cramps.csv")
    import_text(client, text, "cramps.csv")
    assert Cramp.objects.filter(owner=carol).count() == 2
    # The identity travels: carol's export names the same rows as alice's.
    assert set(Cramp.objects.filter(owner=carol).values_list("uuid", flat=True)) == set(
        Cramp.objects.filter(owner=alice).values_list("uuid", flat=True)
    )


def test_version_1_backup_without_identities_keeps_twins_and_is_idempotent(alice):
    build_twins(alice)
    document = build_backup(alice)
    document["version"] = 1
    for key in ("cramps", "medications", "conditions"):
        for row in document[key]:
            del row["uuid"]
    raw = json.dumps(document).encode()
    carol = fresh_user()
    for _ in range(2):
        plan = importer.plan_import(carol, importer.parse_upload(raw, len(raw)))
        assert plan.ok, plan.errors
        importer.apply_plan(carol, plan)
    assert counts(carol) == {"Cramp": 2, "Medication": 2, "Condition": 2}
    assert plan.duplicate_total == 6


def test_backup_all_restore_all_keeps_twins(alice, tmp_path):
    build_twins(alice)
    call_command("backup_all", str(tmp_path), verbosity=0)
    alice.delete()
    call_command("restore_all", str(tmp_path), verbosity=0)
    call_command("restore_all", str(tmp_path), verbosity=0)
    restored = get_user_model().objects.get(username="alice")
    assert counts(restored) == {"Cramp": 2, "Medication": 2, "Condition": 2}


def test_backup_all_gives_each_account_its_own_file_and_a_true_count(db, tmp_path, capsys):
    make_user("zoe"), make_user("zoe-115")
    get_user_model().objects.create_user(username="zoë", id=115)  # zoë -> zoe -> zoe-115
    users = list(get_user_model().objects.order_by("pk"))
    names = file_names(users)
    assert len({n.lower() for n in names.values()}) == 3
    call_command("backup_all", str(tmp_path / "out"), verbosity=0)
    files = sorted((tmp_path / "out").glob("*.json"))
    assert len(files) == 3
    assert {json.loads(f.read_text())["username"] for f in files} == {"zoe", "zoe-115", "zoë"}
    assert "Wrote 3 backups" in capsys.readouterr().out


def test_restore_all_is_not_bound_by_the_web_import_limits(alice, tmp_path, settings):
    """An operator restoring a big account is never refused for its size or time."""
    build_twins(alice)
    call_command("backup_all", str(tmp_path), verbosity=0)
    alice.delete()
    settings.IMPORT_MAX_ROWS = 1
    settings.IMPORT_MAX_SECONDS = 0
    call_command("restore_all", str(tmp_path), verbosity=0)
    restored = get_user_model().objects.get(username="alice")
    assert counts(restored) == {"Cramp": 2, "Medication": 2, "Condition": 2}
