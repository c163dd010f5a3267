"""/import/: validated with the model rules, all or nothing, every bad row explained."""

import json

import pytest
from django.urls import reverse

from export import formats, importer
from export.files import build_backup
from export.formats import CSV_COLUMNS
from journal.models import Condition, Cramp, PendingImport
from tests.export.test_export_fixtures import (
    confirm,
    fill_journal,
    fresh_user,
    owned_rows,
    upload,
)

HEADER = ",".join(CSV_COLUMNS)


def csv_line(started_at, severity="5", muscle="calf", notes=""):
    cells = {c: "" for c in CSV_COLUMNS}
    cells.update(
        started_at=started_at,
        time_zone="Europe/Berlin",
        muscle=muscle,
        side="left",
        severity=severity,
        notes=notes,
    )
    return ",".join(cells[c] for c in CSV_COLUMNS)


def thousand_rows(bad=()):
    """1,000 cramps at 02:00 on consecutive nights; rows in `bad` get severity 11."""
    from datetime import date, timedelta

    start = date(2023, 1, 1)
    lines = [HEADER]
    for index in range(1000):
        day = start + timedelta(days=index)
        lines.append(csv_line(f"{day}T02:00:00", severity="11" if index in bad else "4"))
    return "\r\n".join(lines) + "\r\n"


def test_upload_shows_a_preview_and_writes_nothing_until_confirmed(alice_client, alice):
    response = upload(alice_client, thousand_rows(), "cramps.csv")
    content = response.content.decode()
    assert "Check before importing" in content
    assert '<th scope="row">Cramps</th><td>1000</td><td>0</td>' in content
    assert Cramp.objects.filter(owner=alice).count() == 0
    response = confirm(alice_client)
    assert response.status_code == 302
    assert Cramp.objects.filter(owner=alice).count() == 1000
    assert "Imported 1000 cramps." in alice_client.get(response["Location"]).content.decode()
    # Naive CSV times are read in the row's zone: 02:00 Berlin belongs to the night before.
    first = Cramp.objects.filter(owner=alice).order_by("started_at").first()
    assert first.started_at.isoformat() == "2023-01-01T01:00:00+00:00"
    assert first.journal_day.isoformat() == "2022-12-31"


@pytest.mark.parametrize("leave", ["cancel", "open the import page again"])
def test_leaving_the_preview_forgets_the_upload(alice_client, alice, leave):
    upload(alice_client, thousand_rows(), "cramps.csv")
    assert PendingImport.objects.filter(owner=alice).exists()
    if leave == "cancel":
        alice_client.post(reverse("export:import"), {"action": "cancel"})
    else:
        alice_client.get(reverse("export:import"))
    assert not PendingImport.objects.filter(owner=alice).exists()
    response = confirm(alice_client)
    assert Cramp.objects.filter(owner=alice).count() == 0
    assert "There is no upload waiting" in alice_client.get(response["Location"]).content.decode()


def test_one_bad_row_among_1000_imports_nothing_and_names_the_line(alice_client, alice):
    response = upload(alice_client, thousand_rows(bad={500}), "cramps.csv")
    content = response.content.decode()
    assert "Nothing was imported" in content
    assert "1 problem found" in content
    # Header is line 1, so row index 500 is on line 502.
    assert "<strong>Line 502</strong>: severity: Use 0 to 10." in content
    assert Cramp.objects.filter(owner=alice).count() == 0
    confirm(alice_client)  # nothing was kept in the session to confirm
    assert Cramp.objects.filter(owner=alice).count() == 0


def test_every_bad_row_is_reported(alice_client, alice):
    lines = [
        HEADER,
        csv_line("2026-03-01T02:00:00", severity="11"),
        csv_line("2026-03-02T02:00:00", muscle="elbow"),
        csv_line("not a time"),
        csv_line("2099-01-01T02:00:00"),
        csv_line("2026-03-05T02:00:00"),
        csv_line("2026-03-06T02:00:00", notes="x" * 2001),
    ]
    content = upload(alice_client, "\n".join(lines), "cramps.csv").content.decode()
    assert "5 problems found" in content
    assert (
        "<strong>Line 7</strong>: notes: Ensure this value has at most 2000 characters" in content
    )
    assert "<strong>Line 2</strong>: severity: Use 0 to 10." in content
    assert (
        "<strong>Line 3</strong>: muscle: Value &#x27;elbow&#x27; is not a valid choice." in content
    )
    assert "<strong>Line 4</strong>: started_at:" in content
    assert "<strong>Line 5</strong>: started_at: This is in the future." in content
    assert "Line 6" not in content
    assert Cramp.objects.filter(owner=alice).count() == 0


def test_relief_rule_from_the_model_applies_to_csv_rows(alice_client, alice):
    line = csv_line("2026-03-01T02:00:00").split(",")
    line[CSV_COLUMNS.index("relief_tried")] = "stretch"
    line[CSV_COLUMNS.index("relief_best")] = "heat"
    content = upload(alice_client, HEADER + "\n" + ",".join(line), "c.csv").content.decode()
    assert "relief_best: Pick what helped most from the relief you tried." in content


def test_same_csv_twice_creates_no_duplicates(alice_client, alice):
    text = HEADER + "\n" + csv_line("2026-03-01T02:00:00") + "\n" + csv_line("2026-03-01T02:00:00")
    upload(alice_client, text, "c.csv")
    confirm(alice_client)
    # Two identical rows are two cramps (issue #14): twins in one file are both kept.
    assert Cramp.objects.filter(owner=alice).count() == 2
    content = upload(alice_client, text, "c.csv").content.decode()
    # Nothing to confirm: said so, and no "Import 0 new entries" button.
    assert (
        "Nothing new to import" in content and "(2 entries) is already in your journal" in content
    )
    assert "Import 0" not in content and not PendingImport.objects.exists()
    confirm(alice_client)
    assert Cramp.objects.filter(owner=alice).count() == 2


def test_backup_preview_names_each_kind_in_words(client, alice):
    fill_journal(alice)
    document = json.dumps(build_backup(alice))
    carol = fresh_user()
    client.force_login(carol)
    content = upload(client, document).content.decode()
    assert '<th scope="row">Night check-ins</th>' in content
    assert '<th scope="row">Day entries</th>' in content
    assert "Checkins" not in content and "Day contexts" not in content
    assert "docs/backup-format.md" not in content


@pytest.mark.parametrize(
    "content, reason",
    [
        (b'{"format": "cramplog-backup", "version": 1, "cramps": [', "not valid JSON (line 1"),
        (
            b'{"format": "cramplog-backup", "version": 3}',
            "format version 3; this CrampLog reads versions 1, 2",
        ),
        (b'{"hello": "world"}', "This JSON file is not a CrampLog backup."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text"),
        (b"", "The submitted file is empty."),
        (b"when,where\n1,2\n", "missing the column(s) started_at, muscle"),
        (
            b'{"format": "cramplog-backup", "version": 1, "cramps": {"a": 1}}',
            "&#x27;cramps&#x27; should be a list",
        ),
    ],
    ids=["truncated", "version", "not-backup", "binary", "empty", "columns", "shape"],
)
def test_unusable_files_change_nothing_and_say_why(alice_client, alice, content, reason):
    fill_journal(alice)
    before = owned_rows(alice)
    response = upload(alice_client, content, "file.json")
    assert reason in response.content.decode()
    assert owned_rows(alice) == before
    assert not PendingImport.objects.filter(owner=alice).exists()


def test_a_50_mb_file_is_refused_with_the_limit(alice_client, alice, settings):
    fill_journal(alice)
    before = owned_rows(alice)
    settings.IMPORT_MAX_BYTES = 10 * 1000 * 1000
    response = upload(alice_client, b" " * (50 * 1000 * 1000), "huge.json")
    content = response.content.decode()
    # Refused by its Content-Length, before the body is read (issue #14).
    assert response.status_code == 413
    assert "This request is 50.0 MB" in content
    assert "Files to import can be at most 10.0 MB." in content
    assert owned_rows(alice) == before


def test_backup_with_one_bad_entry_among_many_names_it(client, alice):
    fill_journal(alice)
    document = build_backup(alice)
    document["medications"][1]["stopped_on"] = "2025-01-01"  # before its start
    document["day_contexts"][0]["stress"] = 12
    carol = fresh_user()
    client.force_login(carol)
    content = upload(client, json.dumps(document)).content.decode()
    assert "2 problems found" in content
    assert "<strong>day contexts entry 1</strong>: stress: Use 0 to 10." in content
    assert (
        "<strong>medications entry 2</strong>: stopped_on: The stop date is before the start date."
        in content
    )
    assert owned_rows(carol)["cramps"] == 0


def test_a_failure_while_writing_rolls_everything_back(alice, monkeypatch):
    carol = fresh_user()
    fill_journal(alice)
    document = build_backup(alice)
    plan = importer.plan_import(carol, {"kind": "backup", "data": document})
    assert plan.ok and plan.new_total == 15

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    # Conditions are written last: cramps, check-ins and the rest are already in.
    monkeypatch.setattr(Condition.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        importer.apply_plan(carol, plan)
    assert owned_rows(carol) == {
        "cramps": 0,
        "checkins": 0,
        "day_contexts": 0,
        "medications": 0,
        "conditions": 0,
        "profile": 1,
    }
    assert carol.profile.time_zone == "Pacific/Auckland"


def test_import_page_needs_login_and_shows_the_limit(alice_client, settings):
    from django.test import Client

    response = Client().get(reverse("export:import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    settings.IMPORT_MAX_BYTES = 2_500_000
    content = alice_client.get(reverse("export:import")).content.decode()
    assert "The largest file you can import is 2.5 MB." in content


def test_a_database_refusal_on_commit_is_reported_and_changes_nothing(
    alice_client, alice, monkeypatch
):
    from django.db import IntegrityError

    upload(alice_client, thousand_rows(), "cramps.csv")

    def refuse(user, plan):
        raise IntegrityError("CHECK constraint failed")

    monkeypatch.setattr(importer, "apply_plan", refuse)
    response = confirm(alice_client)
    page = alice_client.get(response["Location"]).content.decode()
    assert "The file could not be imported; nothing was changed." in page
    assert Cramp.objects.filter(owner=alice).count() == 0
    assert not PendingImport.objects.filter(owner=alice).exists()


ODD_VALUES = [None, 0, -1, 10**30, 1.5, "", "x", "2026-13-45", True, [], [{}], {}, {"a": [1]}]


def test_any_odd_value_in_any_field_is_a_row_error_never_a_crash(alice):
    """Every field of every section, fed every odd JSON value: a reason, not a 500."""
    fill_journal(alice)
    document = build_backup(alice)
    carol = fresh_user()
    checked = 0
    for key in [*formats.SECTIONS, "profile"]:
        template = document[key] if key == "profile" else document[key][0]
        for name in template:
            for odd in ODD_VALUES:
                data = {**document, key: {**template, name: odd}}
                if key != "profile":
                    data[key] = [{**template, name: odd}]
                plan = importer.plan_import(carol, {"kind": "backup", "data": data})
                checked += 1
                assert all(str(e) for e in plan.errors)
    assert checked > 700
    assert owned_rows(carol)["cramps"] == 0


def test_wrong_zone_and_missing_offset_are_explained(client, alice):
    fill_journal(alice)
    document = build_backup(alice)
    document["cramps"][0]["time_zone"] = "Mars/Olympus"
    document["cramps"][1]["started_at"] = "2026-03-05T23:45:00"
    carol = fresh_user()
    client.force_login(carol)
    content = upload(client, json.dumps(document)).content.decode()
    assert "<strong>cramps entry 1</strong>: time_zone: Choose a time zone from the list" in content
    assert "<strong>cramps entry 2</strong>: started_at: the time needs a UTC offset" in content


def test_a_waiting_upload_is_kept_in_the_database_not_the_session(alice_client, alice, bob):
    upload(alice_client, thousand_rows(), "cramps.csv")
    assert "pending_import" not in alice_client.session  # pages stay light meanwhile
    pending = PendingImport.objects.get(owner=alice)
    assert pending.payload["kind"] == "csv" and len(pending.payload["rows"]) == 1000
    assert not PendingImport.objects.filter(owner=bob).exists()
    # A second confirm (a double tap, another tab) finds nothing to import.
    confirm(alice_client)
    confirm(alice_client)
    assert Cramp.objects.filter(owner=alice).count() == 1000
    assert not PendingImport.objects.exists()
