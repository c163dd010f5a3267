"""analyse(): denominators, thresholds, labels, medication windows, descriptives."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from insights.analysis import MEDICINE_CAVEAT, analyse, medication_events
from insights.demo import build_journal
from journal.records import DayRecord, MedicationRecord

FIRST = date(2026, 3, 1)


def day(index, **fields):
    return DayRecord(day=FIRST + timedelta(index), **fields)


def hard_days(count, total):
    """Day records: hard exercise on the first ``count`` days, light on the rest."""
    return [
        day(i, exercise_intensity="hard" if i < count else "light", exercise_minutes=45)
        for i in range(total)
    ]


def result(analysis, trigger_id):
    return next(t for t in analysis.triggers if t.trigger_id == trigger_id)


# --- States -------------------------------------------------------------------------


def test_empty_journal():
    analysis = analyse(build_journal(FIRST, [None] * 10))
    assert analysis.status == "empty"
    assert analysis.completeness.logged == 0 and analysis.completeness.total == 10
    assert analysis.factors_checked == 0


def test_thirteen_logged_nights_is_charts_only_fourteen_is_ready():
    counts = [1, 1, 1, 1] + [0] * 9  # 13 logged, 4 cramp nights
    early = analyse(build_journal(FIRST, counts, days=hard_days(2, 14)))
    assert early.status == "charts_only"
    assert early.nights_needed == 1
    assert {t.verdict for t in early.triggers} == {"not_enough"}
    assert result(early, "hard_exercise").verdict_label == (
        "Not enough data yet (1 more night needed)"
    )
    assert early.factors_checked == 0

    ready = analyse(build_journal(FIRST, [*counts, 0], days=hard_days(2, 14)))
    assert ready.status == "ready"
    assert ready.nights_needed is None


def test_three_cramp_nights_is_charts_only_four_is_ready():
    three = analyse(build_journal(FIRST, [2, 1, 1] + [0] * 17))
    assert three.status == "charts_only"
    # 3 cramp nights in 20 logged: one more takes about 1 / (3/20) = 6.7 -> 7 nights.
    assert three.nights_needed == 7
    four = analyse(build_journal(FIRST, [2, 1, 1, 1] + [0] * 16))
    assert four.status == "ready"


def test_four_exposed_nights_not_enough_five_compared():
    counts = [1, 0] * 10  # 20 logged nights, 10 cramps on 10 nights
    four = result(analyse(build_journal(FIRST, counts, days=hard_days(4, 20))), "hard_exercise")
    assert (four.n_exposed, four.n_unexposed) == (4, 16)
    assert four.verdict == "not_enough"
    # One more exposed night needed; 4 of 20 logged nights were exposed -> 5 nights.
    assert four.nights_needed == 5
    assert four.verdict_label == "Not enough data yet (5 more nights needed)"
    assert four.sentence == (
        "Too few logged nights to compare yet: 4 nights after hard-exercise days and 16 "
        "nights after other days, with 10 cramps between them. About 5 more logged nights "
        "are needed."
    )
    assert four.rate_ratio is None and four.q_value is None

    five = result(analyse(build_journal(FIRST, counts, days=hard_days(5, 20))), "hard_exercise")
    assert (five.n_exposed, five.n_unexposed) == (5, 15)
    assert five.verdict != "not_enough"
    # Exposed nights 0-4 hold cramps on nights 0, 2, 4: 3 in 5 vs 7 in 15.
    assert (five.x_exposed, five.x_unexposed) == (3, 7)
    assert five.rate_ratio == pytest.approx((3 / 5) / (7 / 15))


def test_four_cramps_not_enough_five_compared():
    four_counts = [1, 1, 1, 1] + [0] * 16
    four = result(
        analyse(build_journal(FIRST, four_counts, days=hard_days(5, 20))), "hard_exercise"
    )
    assert four.x_exposed + four.x_unexposed == 4
    assert four.verdict == "not_enough"
    # One more cramp; 4 cramps per 20 logged nights so far -> 5 nights.
    assert four.nights_needed == 5

    five_counts = [1, 1, 1, 1] + [0] * 15 + [1]
    five = result(
        analyse(build_journal(FIRST, five_counts, days=hard_days(5, 20))), "hard_exercise"
    )
    assert (five.x_exposed, five.x_unexposed) == (4, 1)
    assert five.verdict != "not_enough"
    assert five.rate_ratio == pytest.approx((4 / 5) / (1 / 15))
    assert five.q_value is not None


# --- The worked example through the whole pipeline -------------------------------


def worked_example_journal():
    # Nights 0-9 after hard days with 6 cramps; nights 10-29 after light days with 4.
    counts = [1] * 6 + [0] * 4 + [1] * 4 + [0] * 16
    return build_journal(FIRST, counts, days=hard_days(10, 30))


def test_worked_example_is_no_clear_pattern_and_says_so():
    analysis = analyse(worked_example_journal())
    hard = result(analysis, "hard_exercise")
    assert (hard.x_exposed, hard.n_exposed, hard.x_unexposed, hard.n_unexposed) == (6, 10, 4, 20)
    assert hard.method == "rate"
    assert hard.rate_ratio == pytest.approx(3.0)
    assert (hard.ci_low, hard.ci_high) == (
        pytest.approx(0.711, abs=1e-3),
        pytest.approx(14.45, abs=0.01),
    )
    assert hard.p_mid == pytest.approx(0.0962, abs=1e-4)
    assert hard.verdict == "no_clear"
    assert hard.verdict_label == "No clear pattern"
    assert hard.sentence.startswith(
        "No clear difference between nights after hard-exercise days and nights after "
        "other days (6 cramps in 10 nights vs 4 in 20 nights)."
    )
    assert hard.sources == ("S0", "S1", "S2", "S4")
    # Lag 0 and lag 1 of hard exercise are the only comparisons with data.
    assert analysis.factors_checked == 2
    assert hard.q_value >= hard.p_mid


def test_clear_pattern_is_a_possible_link_with_the_caveat():
    counts = [2] * 10 + [0] * 30
    counts[20] = counts[25] = counts[30] = 1
    analysis = analyse(build_journal(FIRST, counts, days=hard_days(10, 40)))
    hard = result(analysis, "hard_exercise")
    assert (hard.x_exposed, hard.n_exposed, hard.x_unexposed, hard.n_unexposed) == (20, 10, 3, 30)
    assert hard.verdict == "possible_more"
    assert hard.verdict_label == "Possible link: more cramps"
    assert hard.sentence == (
        "More cramps were logged on nights after hard-exercise days (20 cramps in 10 nights "
        "vs 3 in 30 nights). This is a pattern in your own journal, not proof of cause."
    )
    assert hard.ci_low > 1 and hard.q_value <= 0.10
    assert hard.shrunk_low < hard.shrunk_rr < hard.shrunk_high
    assert hard.shrunk_rr < hard.rate_ratio  # shrunk toward the overall rate
    assert hard.p_rr_gt_1 > 0.99
    # Both lags are links; lag 0 ranks first by the lower bound of the shrunken interval.
    assert [t.trigger_id for t in analysis.triggers[:2]] == [
        "hard_exercise",
        "hard_exercise_day_before",
    ]
    assert analysis.triggers[0].shrunk_low >= analysis.triggers[1].shrunk_low
    assert analysis.triggers[-1].verdict == "not_enough"


def test_fewer_cramps_link():
    counts = [0] * 15 + [2] * 15
    counts[3] = 1
    days = [day(i, stretched=i < 15) for i in range(30)]  # did not stretch on 15-29
    analysis = analyse(build_journal(FIRST, counts, days=days))
    stretch = result(analysis, "no_stretch")
    # Not stretching: nights 15-29 with 30 cramps; stretching: nights 0-14 with 1.
    assert (stretch.x_exposed, stretch.x_unexposed) == (30, 1)
    assert stretch.verdict == "possible_more"
    flipped = [day(i, stretched=i >= 15) for i in range(30)]
    fewer = result(analyse(build_journal(FIRST, counts, days=flipped)), "no_stretch")
    assert fewer.verdict == "possible_fewer"
    assert fewer.verdict_label == "Possible link: fewer cramps"
    assert fewer.sentence.startswith(
        "Fewer cramps were logged on nights after days without stretching "
        "(1 cramp in 15 nights vs 30 in 15 nights)."
    )


# --- Missing data ------------------------------------------------------------------------


def fluid_journal(counts):
    # Days 0-5 below the 1500 ml target, 6-11 above it, 12-23 with fluids blank,
    # 24-29 with no day entry at all.
    days = [day(i, fluids_ml=1000) for i in range(6)]
    days += [day(i, fluids_ml=2000) for i in range(6, 12)]
    days += [day(i, stretched=True) for i in range(12, 24)]
    return build_journal(FIRST, counts, days=days)


def test_missing_exposure_is_never_counted_as_no():
    counts = [1, 0, 1, 0, 1, 0] * 5
    low = result(analyse(fluid_journal(counts)), "low_fluids")
    assert (low.n_exposed, low.n_unexposed) == (6, 6)
    assert low.n_missing == 18
    assert (low.x_exposed, low.x_unexposed) == (3, 3)


def test_unlogged_nights_are_never_counted_as_zero():
    counts = [1, 0, 1, 0, 1, 0] * 5
    logged_only = result(analyse(fluid_journal(counts)), "low_fluids")
    # The same journal with nights 1, 3 (below target) and 7, 9 (above) unlogged.
    gappy = list(counts)
    for index in (1, 3, 7, 9):
        gappy[index] = None
    analysis = analyse(fluid_journal(gappy))
    low = result(analysis, "low_fluids")
    assert (low.n_exposed, low.n_unexposed) == (4, 4)
    assert (low.x_exposed, low.x_unexposed) == (logged_only.x_exposed, logged_only.x_unexposed)
    assert analysis.completeness.logged == 26 and analysis.completeness.total == 30
    assert analysis.completeness.share == pytest.approx(26 / 30)
    assert analysis.descriptives.per_logged_night == pytest.approx(15 / 26)


def test_nights_not_yet_happened_are_not_unlogged():
    journal = build_journal(FIRST, [1] * 18 + [None, None])
    last = FIRST + timedelta(19)
    assert analyse(journal).completeness.total == 20
    # Today is the last night's date: that night has not happened yet.
    assert analyse(journal, today=last).completeness.total == 19
    assert analyse(journal, today=last + timedelta(1)).completeness.total == 20


# --- Medication triggers and before/after windows -------------------------------------


def statin(started, stopped=None, med_id=1, name="Atorvastatin", dose="20 mg"):
    return MedicationRecord(med_id, name, "statin", dose, started, stopped)


def test_medication_trigger_counts_nights_on_the_medicine():
    counts = [0] * 20 + [1] * 20
    meds = [statin(FIRST + timedelta(20))]
    analysis = analyse(build_journal(FIRST, counts, medications=meds))
    on_statin = result(analysis, "statin")
    assert (on_statin.n_exposed, on_statin.x_exposed) == (20, 20)
    assert (on_statin.n_unexposed, on_statin.x_unexposed) == (20, 0)
    assert on_statin.is_medication
    assert on_statin.verdict == "possible_more"
    assert on_statin.sentence.endswith(MEDICINE_CAVEAT)
    assert "Do not stop or change a prescribed medicine" in on_statin.sentence
    assert result(analysis, "diuretic").n_exposed == 0


def test_medication_start_window_is_28_before_and_skips_3_after():
    start = 40
    counts = [0] * 80
    # Inside: -28, -1, +3, +10, +30. Outside: -29, 0, +2, +31.
    for offset in (-29, -28, -1, 0, 2, 3, 10, 30, 31):
        counts[start + offset] = 1
    meds = [statin(FIRST + timedelta(start))]
    analysis = analyse(build_journal(FIRST, counts, medications=meds))
    (change,) = analysis.medication_changes
    assert change.kind == "start" and change.on == FIRST + timedelta(start)
    assert (change.nights_before, change.cramps_before) == (28, 2)
    assert (change.nights_after, change.cramps_after) == (28, 3)
    assert change.rate_ratio == pytest.approx(1.5)
    assert change.verdict == "no_clear"
    assert change.sentence.endswith(MEDICINE_CAVEAT)
    assert "the first 3 nights after the change are left out" in change.sentence


def test_medication_stop_window_starts_the_night_after_the_last_day_taken():
    stopped = 40  # last day taken; night 41 is the first without it
    counts = [0] * 90
    for offset in (-27, 0, 4, 31):  # all inside: before = -27..0, after = +4..+31
        counts[stopped + offset] = 1
    for offset in (-28, 3, 32):  # all outside
        counts[stopped + offset] = 1
    meds = [statin(FIRST, FIRST + timedelta(stopped))]
    analysis = analyse(build_journal(FIRST, counts, medications=meds))
    stop = next(c for c in analysis.medication_changes if c.kind == "stop")
    assert stop.on == FIRST + timedelta(stopped)
    assert (stop.nights_before, stop.cramps_before) == (28, 2)
    assert (stop.nights_after, stop.cramps_after) == (28, 2)
    # Four cramps in the two windows: fewer than five, so no comparison.
    assert stop.verdict == "not_enough"
    assert stop.rate_ratio is None


def test_medication_windows_count_only_logged_nights():
    counts = [0] * 80
    for index in range(12, 40, 2):
        counts[index] = None  # 14 of the 28 nights before are unlogged
    meds = [statin(FIRST + timedelta(40))]
    change = analyse(build_journal(FIRST, counts, medications=meds)).medication_changes[0]
    assert change.nights_before == 14 and change.nights_after == 28


def test_a_new_period_right_after_the_last_is_a_dose_change():
    meds = [
        statin(date(2026, 1, 1), date(2026, 2, 9), med_id=1, dose="10 mg"),
        statin(date(2026, 2, 10), None, med_id=2, dose="20 mg"),
        MedicationRecord(3, "Salmeterol", "laba", "", date(2026, 1, 5), date(2026, 1, 20)),
    ]
    events = [(e.medication.id, e.kind, e.on) for e in medication_events(meds)]
    assert events == [
        (1, "start", date(2026, 1, 1)),
        (3, "start", date(2026, 1, 5)),
        (3, "stop", date(2026, 1, 20)),
        (2, "dose change", date(2026, 2, 10)),
    ]


# --- Descriptives -------------------------------------------------------------------------


def test_descriptives():
    journal = build_journal(FIRST, [1, 0, 2, 1, None, 0, 0])
    durations = (30, 60, 90, 120)
    tried = (("stretch",), ("stretch", "heat"), ("heat",), ("stretch",))
    best = ("stretch", "heat", "", "stretch")
    journal.cramps = [
        replace(c, duration_seconds=d, relief_tried=t, relief_best=b, severity=s)
        for c, d, t, b, s in zip(journal.cramps, durations, tried, best, (2, 4, 6, 9), strict=True)
    ]
    d = analyse(journal).descriptives
    assert d.logged_nights == 6 and d.night_cramps == 4 and d.cramp_nights == 3
    # 6 logged nights: counts only, no rate projected to a week.
    assert d.per_logged_night is None and d.per_week is None
    assert d.hour_labels[0] == "18:00" and d.hour_labels[8] == "02:00" and len(d.hour_counts) == 18
    assert d.hour_counts[8] == 4 and sum(d.hour_counts) == 4
    assert d.muscles == (("calf", 4),)
    assert d.duration_median_seconds == 75
    assert (d.duration_q1_seconds, d.duration_q3_seconds) == (52.5, 97.5)
    assert d.severity_median == 5
    rows = {row.relief: row for row in d.relief}
    assert (rows["stretch"].tried, rows["stretch"].best) == (3, 2)
    assert rows["stretch"].median_duration_seconds == 60  # of 30, 60, 120
    assert (rows["heat"].tried, rows["heat"].best) == (2, 1)
    assert rows["heat"].median_duration_seconds == 75  # of 60, 90


def test_rates_from_14_logged_nights_and_a_spread_from_4_timed_cramps():
    short = analyse(build_journal(FIRST, [1, 1] + [0] * 11)).descriptives
    assert short.logged_nights == 13 and short.per_week is None
    enough = analyse(build_journal(FIRST, [1, 1] + [0] * 12)).descriptives
    assert enough.per_week == pytest.approx(1.0)  # 2 cramps on 14 nights, times 7
    journal = build_journal(FIRST, [1, 1, 1])
    journal.cramps = [replace(c, duration_seconds=720) for c in journal.cramps]
    d = analyse(journal).descriptives
    assert d.duration_median_seconds == 720
    assert (d.duration_q1_seconds, d.duration_q3_seconds) == (None, None)
