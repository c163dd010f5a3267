"""The cramps CSV: local times with offsets, nights, BOM, no formula injection, round trip."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from export.formats import (
    CSV_COLUMNS,
    minutes_text,
    neutralise,
    restore_neutralised,
    seconds_from_minutes,
)
from journal.models import Cramp
from tests.export.test_export_fixtures import add_cramp, fill_journal, fresh_user, import_file


def rows_of(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_csv_has_bom_header_and_one_row_per_cramp_in_local_time(alice_client, alice):
    fill_journal(alice)
    response = alice_client.get(reverse("export:cramps_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cramplog-cramps.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8").splitlines()[0] == "\ufeff" + ",".join(CSV_COLUMNS)
    rows = rows_of(response)
    assert len(rows) == 7
    first = rows[0]
    # 03:10 Tuesday in Berlin (winter, +01:00) belongs to Monday night.
    assert first["started_at"] == "2026-03-03T03:10:00+01:00"
    assert first["night"] == "2026-03-02"
    assert first["duration_minutes"] == "14"  # 840 seconds, in the minutes people read
    # Readable labels, not codes; the import takes either.
    assert first["relief_tried"] == "Stretch;Walked it off"
    assert first["symptoms"] == "Numbness"
    assert first["red_flags"] == "long;numbness"
    assert first["woke_from_sleep"] == "yes"
    assert first["notes"] == "Krampf im Wadenmuskel, ganz schlimm. 痛い! 😫\nzweite Zeile"
    tokyo = rows[1]
    assert (tokyo["started_at"], tokyo["time_zone"], tokyo["night"]) == (
        "2026-03-05T23:45:00+09:00",
        "Asia/Tokyo",
        "2026-03-05",
    )
    assert tokyo["woke_from_sleep"] == "no"
    daytime = rows[2]
    assert daytime["started_at"] == "2026-03-07T14:20:00-05:00"
    assert (daytime["night"], daytime["journal_day"]) == ("", "2026-03-07")
    assert daytime["woke_from_sleep"] == daytime["severity"] == ""


def test_formula_cells_are_neutralised_with_an_apostrophe(alice_client, alice):
    fill_journal(alice)
    notes = [row["notes"] for row in rows_of(alice_client.get(reverse("export:cramps_csv")))]
    assert notes[1].startswith("'=HYPERLINK(")
    assert notes[2:] == ["'@SUM(A1:A9)", "'-2+3", "'+1 more", "'\tTabbed", "''quoted"]
    assert not any(n.startswith(("=", "+", "-", "@", "\t", "\r")) for n in notes)


def test_neutralise_round_trips_exactly():
    for cell in ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "'", "''=", "'plain", "plain", "", "a=b"]:
        assert restore_neutralised(neutralise(cell)) == cell
    assert neutralise("a=b") == "a=b"
    assert restore_neutralised("'plain") == "'plain"  # a hand-typed apostrophe stays


@given(st.text())
def test_neutralise_round_trips_any_text(cell):
    assert restore_neutralised(neutralise(cell)) == cell
    assert not neutralise(cell).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_range_keeps_only_cramps_of_those_nights(alice_client, alice):
    fill_journal(alice)
    response = alice_client.get(
        reverse("export:cramps_csv"), {"from": "2026-03-07", "to": "2026-03-08"}
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="cramplog-cramps-2026-03-07-to-2026-03-08.csv"'
    )
    # The New York afternoon (day 7), the Berlin 02:00 (night 7) and 04:30 (night 8).
    assert [r["started_at"] for r in rows_of(response)] == [
        "2026-03-07T14:20:00-05:00",
        "2026-03-08T02:00:00+01:00",
        "2026-03-09T04:30:00+01:00",
    ]


def test_csv_bad_range_is_a_clear_400(alice_client, alice):
    response = alice_client.get(
        reverse("export:cramps_csv"), {"from": "2026-03-09", "to": "2026-03-01"}
    )
    assert response.status_code == 400
    assert "The start date is after the end date" in response.content.decode()


def test_bob_never_gets_alices_cramps(bob_client, alice, bob):
    fill_journal(alice)
    add_cramp(bob, "2026-03-03 01:00", zone="America/New_York", muscle="neck")
    rows = rows_of(bob_client.get(reverse("export:cramps_csv")))
    assert [r["muscle"] for r in rows] == ["Neck"]


def test_export_import_export_gives_the_same_file(alice_client, alice, client):
    fill_journal(alice)
    first = alice_client.get(reverse("export:cramps_csv")).content
    carol = fresh_user()
    client.force_login(carol)
    response = import_file(client, first, name="cramps.csv")
    assert response.status_code == 302
    assert Cramp.objects.filter(owner=carol).count() == 7
    second = client.get(reverse("export:cramps_csv")).content
    assert second == first
    # And the imported rows carry the derived night and red flags again.
    long_one = Cramp.objects.get(owner=carol, duration_seconds=840)
    assert (long_one.journal_day.isoformat(), long_one.red_flags) == (
        "2026-03-02",
        ["long", "numbness"],
    )


HIDDEN_FORMULAS = ['  =HYPERLINK("http://x")', "\n=1+1", " \r\n@SUM(A1)", "\u00a0+1", " -2"]


def test_formulas_behind_spaces_or_line_breaks_are_neutralised(alice_client, alice):
    """Issue #14 item 11: spreadsheets skip leading blanks before a formula."""
    for index, notes in enumerate(HIDDEN_FORMULAS):
        Cramp.objects.create(
            owner=alice,
            started_at=datetime(2026, 3, 1 + index, 2, 0, tzinfo=ZoneInfo("UTC")),
            time_zone="UTC",
            muscle="calf",
            notes=notes,
        )
    response = alice_client.get(reverse("export:cramps_csv"))
    cells = [row["notes"] for row in rows_of(response)]
    assert cells == ["'" + notes for notes in HIDDEN_FORMULAS]
    for notes in HIDDEN_FORMULAS:
        assert restore_neutralised(neutralise(notes)) == notes


def test_csv_cells_are_labels_not_codes(alice_client, alice):
    add_cramp(
        alice,
        "2026-03-03 03:10",
        muscle="thigh_back",
        side="right",
        activity="lying_awake",
        relief_tried=["mineral_food"],
        relief_best="mineral_food",
        soreness="next_day",
    )
    (row,) = rows_of(alice_client.get(reverse("export:cramps_csv")))
    assert (row["muscle"], row["side"], row["activity"]) == (
        "Thigh (back) / hamstring",
        "Right",
        "Lying awake",
    )
    assert row["relief_tried"] == row["relief_best"] == "Potassium/magnesium food"
    text = alice_client.get(reverse("export:cramps_csv")).content.decode()
    assert "thigh_back" not in text and "lying_awake" not in text and "next_day" not in text


@pytest.mark.parametrize(
    ("seconds", "cell"), [(1, "0.0167"), (90, "1.5"), (601, "10.0167"), (21600, "360")]
)
def test_durations_are_decimal_minutes_exact_to_the_second(seconds, cell):
    assert minutes_text(seconds) == cell
    assert seconds_from_minutes(cell) == seconds


def test_a_csv_from_before_minutes_with_duration_seconds_still_imports(alice_client, alice):
    text = "started_at,time_zone,duration_seconds,muscle\n2026-03-03T03:10:00+01:00,Europe/Berlin,840,calf\n"
    alice_client.post(
        reverse("export:import"),
        {"action": "upload", "file": SimpleUploadedFile("old.csv", text.encode())},
    )
    assert alice_client.post(reverse("export:import"), {"action": "confirm"}).status_code == 302
    assert Cramp.objects.get(owner=alice).duration_seconds == 840
