"""Issue #14, items 4 and 5: hostile and odd uploads get a message, never a 500.

Every case here answered 500 (or stored a wrong value) before: nothing was
written, but the user learnt nothing. Now each gets a clear reason, nothing is
written and no upload is left waiting.
"""

import json

import pytest
from django.urls import reverse

from export import importer
from journal.models import Cramp, PendingImport
from tests.export.test_export_fixtures import owned_rows, upload


def backup(**parts):
    return json.dumps({"format": "cramplog-backup", "version": 2, **parts})


def cramp(**fields):
    return {"started_at": "2026-03-03T03:10:00+01:00", "time_zone": "Europe/Berlin"} | {
        "muscle": "calf",
        **fields,
    }


CASES = {
    "deep": ("[" * 200_000, "nested far deeper"),
    "nan": (backup(exported_at=float("nan"), cramps=[cramp()]), "NaN is not a number"),
    "infinity": (backup(cramps=[cramp(severity=float("inf"))]), "Infinity is not a number"),
    "far-future-cramp": (
        backup(cramps=[cramp(started_at="9999-12-31T23:00:00-05:00")]),
        "cramps entry 1",
    ),
    "year-1-cramp": (
        backup(cramps=[cramp(started_at="0001-01-01T00:00:00+05:00")]),
        "cramps entry 1",
    ),
    "far-future-timer": (
        backup(profile={"timer_started_at": "9999-12-31T23:00:00-05:00"}),
        "timer_started_at: This is in the future",
    ),
    "year-1-timer": (
        backup(profile={"timer_started_at": "0001-01-01T00:00:00+05:00"}),
        "timer_started_at: Pick a time after 1900",
    ),
    "far-future-created-at": (
        backup(cramps=[cramp(created_at="9999-12-31T23:00:00-05:00")]),
        "created_at: This is in the future",
    ),
    "year-1-updated-at": (
        backup(
            medications=[
                {
                    "name": "Mg",
                    "started_on": "2026-01-01",
                    "updated_at": "0001-01-01T00:00:00+05:00",
                }
            ]
        ),
        "updated_at: Pick a time after 1900",
    ),
    "lone-surrogate": (
        backup(cramps=[cramp(notes="x\ud800y")]),
        "not valid Unicode (a lone surrogate",
    ),
    "notes-as-list": (
        backup(cramps=[cramp(notes=["a", "b"])]),
        "notes: should be a single value, not a list",
    ),
    "severity-as-bool": (
        backup(cramps=[cramp(severity=True)]),
        "severity: should not be true or false",
    ),
    "version-true": (
        '{"format": "cramplog-backup", "version": true}',
        "format version true; this CrampLog reads versions 1, 2",
    ),
    "unknown-part": (backup(passwords=[]), "parts this CrampLog does not know: passwords"),
}


@pytest.mark.parametrize("content, reason", CASES.values(), ids=CASES.keys())
def test_odd_backups_are_refused_with_a_reason(alice_client, alice, content, reason):
    before = owned_rows(alice)
    response = upload(alice_client, content.encode("utf-8", "surrogatepass"), "backup.json")
    assert response.status_code == 400
    page = response.content.decode()
    assert reason in page.replace("&#x27;", "'")
    assert "Check before importing" not in page
    assert owned_rows(alice) == before
    assert not PendingImport.objects.exists()
    assert alice.profile.timer_started_at is None


def test_notes_given_as_a_list_are_not_stored_as_its_repr(alice):
    raw = backup(cramps=[cramp(notes=["a", "b"])]).encode()
    plan = importer.plan_import(alice, importer.parse_upload(raw, len(raw)))
    assert not plan.ok
    assert not Cramp.objects.exists()


@pytest.mark.parametrize("entries", [100_000, 1_000_000])
def test_a_backup_of_too_many_entries_is_refused_before_any_is_checked(alice, entries, monkeypatch):
    raw = backup(cramps=[{}] * entries).encode()
    monkeypatch.setattr(importer, "_build", lambda *a: pytest.fail("a row was checked"))
    with pytest.raises(importer.ImportFileError, match=f"holds {entries:,} entries; one import"):
        importer.parse_upload(raw, len(raw))


def test_a_csv_of_too_many_rows_is_refused(alice_client, alice, settings):
    settings.IMPORT_MAX_ROWS = 10
    text = "started_at,muscle\r\n" + "2026-03-03T03:10:00+01:00,calf\r\n" * 11
    page = upload(alice_client, text, "cramps.csv").content.decode()
    assert "The file holds 11 entries; one import takes at most 10." in page
    assert not Cramp.objects.exists()


def test_checking_stops_when_the_time_budget_is_spent(alice_client, alice, settings):
    settings.IMPORT_MAX_SECONDS = 0  # spent before the first row: no clock in the test
    page = upload(alice_client, backup(cramps=[cramp()] * 3), "backup.json").content.decode()
    assert "checking it took longer than 0 seconds, so it was stopped" in page
    assert "Check before importing" not in page
    assert not Cramp.objects.exists() and not PendingImport.objects.exists()


def test_the_list_of_problems_shown_is_capped(alice_client, alice):
    page = upload(
        alice_client, backup(cramps=[cramp(severity=11)] * 200), "backup.json"
    ).content.decode()
    assert "200 problems found" in page
    assert page.count("cramps entry ") == 50
    assert "and 150 more problems" in page


@pytest.mark.parametrize(
    "body",
    ["[" * 100_000, '{"entries": [{"id": NaN}]}', '{"entries": ' + "[" * 5000 + "]" * 5000 + "}"],
    ids=["deep", "nan", "deep-entry"],
)
def test_sync_answers_odd_bodies_with_a_4xx_and_a_message(alice_client, alice, body):
    response = alice_client.post(
        reverse("journal:sync_queue"), data=body, content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert response.json()["error"]
    assert not Cramp.objects.exists()
