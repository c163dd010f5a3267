"""The trigger catalog: exposure rules, thresholds, lags and missing data."""

from datetime import date, timedelta

import pytest

from insights.triggers import BY_ID, CATALOG, exposure, exposures, medication_nights
from journal.records import DayRecord, MedicationRecord, Thresholds
from journal.sources import SOURCES
from tests.insights.journals import build_journal

D = date(2026, 5, 10)


def exposed(trigger_id, thresholds=None, **fields):
    """The exposure of night D given day D's record."""
    journal = build_journal(
        D, [0], days=[DayRecord(day=D, **fields)], thresholds=thresholds or Thresholds()
    )
    return exposure(BY_ID[trigger_id], D, journal)


def test_catalog_covers_every_nightly_trigger_once():
    assert [t.id for t in CATALOG] == [
        "low_fluids",
        "hard_exercise",
        "hard_exercise_day_before",
        "heat",
        "no_stretch",
        "long_sitting",
        "hard_floor_standing",
        "no_mineral_food",
        "high_stress",
        "alcohol",
        "statin",
        "diuretic",
        "laba",
    ]
    for trigger in CATALOG:
        assert trigger.label and trigger.explanation and trigger.missing_rule
        assert all(key in SOURCES for key in trigger.source_keys)
        assert "S3" not in trigger.source_keys  # a sales page is never evidence
    assert BY_ID["alcohol"].sources == ("ext",)
    assert BY_ID["statin"].sources == ("S1", "ext")
    assert BY_ID["hard_exercise_day_before"].lag == 1
    assert {t.id for t in CATALOG if t.is_medication} == {"statin", "diuretic", "laba"}


@pytest.mark.parametrize(
    ("trigger_id", "fields", "expected"),
    [
        ("low_fluids", {"fluids_ml": 1499}, True),
        ("low_fluids", {"fluids_ml": 1500}, False),  # reaching the target is not low
        ("low_fluids", {"fluids_ml": None}, None),
        ("hard_exercise", {"exercise_intensity": "hard"}, True),
        ("hard_exercise", {"exercise_intensity": "moderate"}, False),
        ("hard_exercise", {"exercise_intensity": "none", "exercise_minutes": 0}, False),
        ("hard_exercise", {"exercise_minutes": 0}, False),  # logged no exercise at all
        ("hard_exercise", {"exercise_minutes": 40}, None),  # intensity left blank
        ("hard_exercise", {}, None),
        ("heat", {"heat": True}, True),
        ("heat", {"heat": False}, False),
        ("heat", {}, None),
        ("no_stretch", {"stretched": False}, True),
        ("no_stretch", {"stretched": True}, False),
        ("no_stretch", {}, None),
        ("long_sitting", {"sitting_hours": 8.0}, True),  # threshold is inclusive
        ("long_sitting", {"sitting_hours": 7.9}, False),
        ("long_sitting", {}, None),
        ("hard_floor_standing", {"standing_hours": 4.0}, True),
        ("hard_floor_standing", {"standing_hours": 3.5}, False),
        ("hard_floor_standing", {}, None),
        ("no_mineral_food", {"mineral_food": False}, True),
        ("no_mineral_food", {"mineral_food": True}, False),
        ("no_mineral_food", {}, None),
        ("high_stress", {"stress": 7}, True),
        ("high_stress", {"stress": 6}, False),
        ("high_stress", {}, None),
        ("alcohol", {"alcohol_drinks": 1}, True),
        ("alcohol", {"alcohol_drinks": 0}, False),
        ("alcohol", {}, None),
    ],
)
def test_day_rules(trigger_id, fields, expected):
    assert exposed(trigger_id, **fields) is expected


def test_thresholds_come_from_the_profile():
    custom = Thresholds(fluid_target_ml=2000, sitting_hours=6.0, standing_hours=2.0)
    assert exposed("low_fluids", custom, fluids_ml=1800) is True
    assert exposed("long_sitting", custom, sitting_hours=6.0) is True
    assert exposed("hard_floor_standing", custom, standing_hours=2.5) is True


def test_a_night_without_any_day_entry_is_missing_for_every_day_trigger():
    journal = build_journal(D, [0])
    for trigger in CATALOG:
        expected = False if trigger.is_medication else None
        assert exposure(trigger, D, journal) is expected


def test_lag_one_looks_at_the_day_before():
    days = [
        DayRecord(day=D - timedelta(1), exercise_intensity="hard"),
        DayRecord(day=D, exercise_intensity="light"),
    ]
    journal = build_journal(D, [0, 0], days=days)
    assert exposure(BY_ID["hard_exercise"], D, journal) is False
    assert exposure(BY_ID["hard_exercise_day_before"], D, journal) is True
    # Night D+1: day D was light; day D+1 has no entry.
    assert exposure(BY_ID["hard_exercise_day_before"], D + timedelta(1), journal) is False
    assert exposure(BY_ID["hard_exercise"], D + timedelta(1), journal) is None


def test_medication_nights_include_start_and_stop_days():
    meds = [
        MedicationRecord(1, "Bendroflumethiazide", "diuretic_thiazide", "", D, D + timedelta(2)),
        MedicationRecord(2, "Spironolactone", "diuretic_k_sparing", "", D + timedelta(5), None),
        MedicationRecord(3, "Atorvastatin", "statin", "", D - timedelta(30), D - timedelta(1)),
    ]
    journal = build_journal(D, [0] * 8, medications=meds)
    flags = exposures(journal)
    assert flags["diuretic"] == [True, True, True, False, False, True, True, True]
    assert flags["statin"] == [False] * 8
    assert flags["laba"] == [False] * 8
    # The precomputed set agrees with scanning every medicine for every night.
    diuretic = BY_ID["diuretic"]
    on = medication_nights(meds, diuretic.drug_classes, journal.first, journal.last)
    for n in journal.nights:
        assert (n.night in on) == exposure(diuretic, n.night, journal)


def test_alcohol_threshold_comes_from_the_profile():
    # Default: any drink counts. With a threshold of 3 drinks, 2 is "no" and 3 is "yes";
    # a blank stays "not recorded" whatever the threshold.
    assert exposed("alcohol", alcohol_drinks=1) is True
    three = Thresholds(alcohol_drinks=3)
    assert exposed("alcohol", three, alcohol_drinks=2) is False
    assert exposed("alcohol", three, alcohol_drinks=3) is True
    assert exposed("alcohol", three) is None
