"""analyse(): denominators, thresholds, labels, medication windows, descriptives."""

import math
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from insights.analysis import MEDICINE_CAVEAT, analyse, medication_events
from insights.stats import benjamini_hochberg
from insights.wording import BAD_SPELL
from journal.records import DayRecord, MedicationRecord
from tests.insights import simulation
from tests.insights.journals import build_journal

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
    assert {t.verdict for t in early.triggers} == {"not_enough", "not_recorded"}
    recorded = {t.trigger_id for t in early.triggers if t.verdict == "not_enough"}
    assert recorded == {"hard_exercise", "hard_exercise_day_before"}
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


def test_four_exposed_nights_not_enough_five_modelled():
    counts = [1, 0] * 10  # 20 logged nights, 10 cramps on 10 nights
    four = result(analyse(build_journal(FIRST, counts, days=hard_days(4, 20))), "hard_exercise")
    assert (four.n_exposed, four.n_unexposed) == (4, 16)
    assert four.verdict == "not_enough"
    # One more exposed night needed; 4 of 20 logged nights were exposed -> 5 nights.
    assert four.nights_needed == 5
    assert four.verdict_label == "Not enough data yet (5 more nights needed)"
    assert four.sentence == (
        "Too few logged nights to compare yet (nights after hard-exercise days: 4; nights "
        "after other days: 16; cramps on these nights: 10). About 5 more logged nights "
        "are needed."
    )
    assert four.rate_ratio is None and four.q_value is None

    five = result(analyse(build_journal(FIRST, counts, days=hard_days(5, 20))), "hard_exercise")
    assert (five.n_exposed, five.n_unexposed) == (5, 15)
    # Exposed nights 0-4 hold cramps on nights 0, 2, 4: 3 in 5 vs 7 in 15.
    assert (five.x_exposed, five.x_unexposed) == (3, 7)
    assert five.raw_rate_ratio == pytest.approx((3 / 5) / (7 / 15))
    assert five.nights_needed is None  # modelled: no "more nights" count any more


def every(step, total, offset=0):
    """Hard exercise on days offset, offset + step, ...; light on the others."""
    return [
        day(i, exercise_intensity="hard" if i % step == offset else "light", exercise_minutes=45)
        for i in range(total)
    ]


def test_two_cramp_nights_are_never_a_pattern():
    # Hard days every 5th day; two of them hold 8 cramps each, the rest of the
    # journal a cramp every 4th night. Huge ratio, but two nights are not a pattern.
    counts = [1 if i % 5 == 2 else 0 for i in range(60)]
    counts[0] = counts[5] = 8
    hard = result(analyse(build_journal(FIRST, counts, days=every(5, 60))), "hard_exercise")
    assert hard.cramp_nights_exposed == 2
    assert hard.raw_rate_ratio > 5
    assert hard.verdict == "no_clear"


def test_a_factor_never_recorded_is_not_recorded():
    counts = [1, 0, 0] * 10
    analysis = analyse(build_journal(FIRST, counts, days=hard_days(10, 30)))
    heat = result(analysis, "heat")
    assert heat.verdict == "not_recorded" and heat.verdict_label == "Not recorded"
    assert heat.nights_needed is None
    assert heat.sentence == "You have not recorded this yet, so it was not checked."
    diuretic = result(analysis, "diuretic")
    assert diuretic.verdict == "not_recorded"
    assert diuretic.sentence == "Not in your medicines list, so not checked."
    assert heat in analysis.not_recorded and heat not in analysis.not_enough


# --- The worked example through the whole pipeline -------------------------------


def worked_example_journal():
    # Nights 0-9 after hard days with 6 cramps; nights 10-29 after light days with 4.
    counts = [1] * 6 + [0] * 4 + [1] * 4 + [0] * 16
    return build_journal(FIRST, counts, days=hard_days(10, 30))


def test_worked_example_is_no_clear_pattern_and_says_so():
    analysis = analyse(worked_example_journal())
    hard = result(analysis, "hard_exercise")
    assert (hard.x_exposed, hard.n_exposed, hard.x_unexposed, hard.n_unexposed) == (6, 10, 4, 20)
    # The raw comparison beside the model: the worked check in docs/insights-api.md.
    assert hard.raw_rate_ratio == pytest.approx(3.0)
    assert (hard.raw_ci_low, hard.raw_ci_high) == (
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
    # Lag 0 and lag 1 of hard exercise are the only factors with data.
    assert analysis.factors_checked == 2
    assert hard.q_value >= hard.p_value


def test_worked_example_model_matches_statsmodels():
    """The adjusted ratio is the GLM a statistician would write down by hand."""
    analysis = analyse(worked_example_journal())
    hard = result(analysis, "hard_exercise")
    y = np.array([1] * 6 + [0] * 4 + [1] * 4 + [0] * 16, dtype=float)
    t = (np.arange(30) - 14.5) / 14.5
    lag0 = (np.arange(30) < 10).astype(float)
    lag1 = ((np.arange(30) >= 1) & (np.arange(30) <= 10)).astype(float)
    lag1_blank = (np.arange(30) == 0).astype(float)  # no day entry before the first night
    design = np.column_stack([np.ones(30), t, lag0, lag1, lag1_blank])
    reference = sm.GLM(y, design, family=sm.families.Poisson()).fit()
    assert hard.rate_ratio == pytest.approx(math.exp(reference.params[2]), rel=1e-5)
    # Pearson dispersion below 1 is floored at 1: intervals never narrow.
    assert analysis.dispersion == 1.0
    robust = sm.GLM(y, design, family=sm.families.Poisson()).fit(cov_type="HC0")
    se = max(reference.bse[2], robust.bse[2] * math.sqrt(30 / 25))
    crit = stats.t.ppf(0.975, 30 - 5)
    assert hard.ci_low == pytest.approx(math.exp(reference.params[2] - crit * se), rel=1e-5)


def test_clear_pattern_is_a_possible_link_with_the_caveat():
    # Hard exercise every 4th day (nights 0, 4, ...): 2 cramps each; other nights
    # a cramp every 6th night.
    counts = [2 if i % 4 == 0 else (1 if i % 6 == 3 else 0) for i in range(60)]
    analysis = analyse(build_journal(FIRST, counts, days=every(4, 60)))
    hard = result(analysis, "hard_exercise")
    assert (hard.x_exposed, hard.n_exposed, hard.x_unexposed, hard.n_unexposed) == (30, 15, 10, 45)
    assert hard.verdict == "possible_more"
    assert hard.verdict_label == "Possible link: more cramps"
    assert hard.sentence == (
        "More cramps were logged on nights after hard-exercise days (30 cramps in 15 nights "
        "vs 10 in 45 nights), allowing for the other factors and for how your cramps changed "
        "over time. This is a pattern in your own journal, not proof of cause."
    )
    assert hard.ci_low > 1 and hard.q_value <= 0.10
    assert hard.shrunk_low < hard.shrunk_rr < hard.shrunk_high
    assert hard.shrunk_rr < hard.raw_rate_ratio  # shrunk toward the overall rate
    assert analysis.triggers[0] == hard  # links rank first
    assert analysis.triggers[-1].verdict == "not_recorded"


def test_fewer_cramps_link():
    counts = [0 if i % 2 == 0 else 2 for i in range(40)]
    counts[4] = 1
    days = [day(i, stretched=i % 2 == 0) for i in range(40)]  # did not stretch on odd days
    analysis = analyse(build_journal(FIRST, counts, days=days))
    stretch = result(analysis, "no_stretch")
    assert (stretch.x_exposed, stretch.x_unexposed) == (40, 1)
    assert stretch.verdict == "possible_more"
    flipped = [day(i, stretched=i % 2 == 1) for i in range(40)]
    fewer = result(analyse(build_journal(FIRST, counts, days=flipped)), "no_stretch")
    assert fewer.verdict == "possible_fewer"
    assert fewer.verdict_label == "Possible link: fewer cramps"
    assert fewer.sentence.startswith(
        "Fewer cramps were logged on nights after days without stretching "
        "(1 cramp in 20 nights vs 40 in 20 nights)"
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


def step_counts(change, total, before_every=5):
    """A cramp every ``before_every`` nights before night ``change``, every night after."""
    return [1 if i >= change or i % before_every == 0 else 0 for i in range(total)]


def test_medication_trigger_counts_nights_on_the_medicine():
    counts = step_counts(60, 120)
    meds = [statin(FIRST + timedelta(60))]
    analysis = analyse(build_journal(FIRST, counts, medications=meds))
    on_statin = result(analysis, "statin")
    assert (on_statin.n_exposed, on_statin.x_exposed) == (60, 60)
    assert (on_statin.n_unexposed, on_statin.x_unexposed) == (60, 12)
    assert on_statin.is_medication
    assert on_statin.verdict == "possible_more"
    assert on_statin.sentence.endswith(str(MEDICINE_CAVEAT))
    assert "Do not stop or change a prescribed medicine" in on_statin.sentence
    assert result(analysis, "diuretic").n_exposed == 0
    (change,) = analysis.medication_changes
    # The start is the step of the same model column: the same adjusted ratio and q.
    assert change.rate_ratio == pytest.approx(on_statin.rate_ratio)
    assert change.q_value == on_statin.q_value and change.verdict == "possible_more"


def test_a_start_compares_the_nights_before_with_the_nights_after():
    counts = step_counts(40, 80)
    meds = [statin(FIRST + timedelta(40))]
    (change,) = analyse(build_journal(FIRST, counts, medications=meds)).medication_changes
    assert change.kind == "start" and change.on == FIRST + timedelta(40)
    assert (change.nights_before, change.cramps_before) == (40, 8)
    assert (change.nights_after, change.cramps_after) == (40, 40)
    assert change.sentence.endswith(str(MEDICINE_CAVEAT))
    assert change.sentence.startswith(
        "More cramps were logged after you started Atorvastatin on 10 Apr 2026 "
        "(40 cramps in 40 logged nights after vs 8 in 40 nights before)"
    )


def test_a_stop_starts_the_night_after_the_last_day_taken():
    stopped = 40  # last day taken; night 41 is the first without it
    counts = [1 if i <= stopped else (1 if i % 5 == 0 else 0) for i in range(90)]
    meds = [statin(FIRST - timedelta(10), FIRST + timedelta(stopped))]
    analysis = analyse(build_journal(FIRST, counts, medications=meds))
    (stop,) = analysis.medication_changes
    assert stop.kind == "stop" and stop.on == FIRST + timedelta(stopped)
    assert (stop.nights_before, stop.cramps_before) == (41, 41)
    assert (stop.nights_after, stop.cramps_after) == (49, 9)
    on_statin = result(analysis, "statin")
    # After vs before is the inverse of the "taking it" ratio.
    assert stop.rate_ratio == pytest.approx(1 / on_statin.rate_ratio)
    assert stop.ci_low == pytest.approx(1 / on_statin.ci_high)
    assert stop.sentence.endswith(str(MEDICINE_CAVEAT))


def test_medication_counts_use_only_logged_nights():
    counts = step_counts(40, 80)
    for index in range(12, 40, 2):
        counts[index] = None  # 14 of the 40 nights before are unlogged
    meds = [statin(FIRST + timedelta(40))]
    change = analyse(build_journal(FIRST, counts, medications=meds)).medication_changes[0]
    assert change.nights_before == 26 and change.nights_after == 40


def test_changes_too_close_together_get_no_verdict_and_say_so():
    counts = step_counts(60, 120)
    meds = [
        statin(FIRST + timedelta(60)),
        MedicationRecord(2, "Furosemide", "diuretic_loop", "", FIRST + timedelta(65), None),
    ]
    analysis = analyse(build_journal(FIRST, counts, medications=meds))
    first, second = analysis.medication_changes
    assert first.verdict == second.verdict == "cannot_separate"
    assert first.too_close_to == ("Furosemide",) and second.too_close_to == ("Atorvastatin",)
    assert "and you started Furosemide on 5 May 2026: too close" in first.sentence
    assert first.sentence.startswith("You started Atorvastatin on 30 Apr 2026 and you started")
    assert "too close together to tell the two apart" in first.sentence
    assert first.sentence.endswith(str(MEDICINE_CAVEAT))
    assert result(analysis, "statin").verdict == "cannot_separate"
    assert result(analysis, "diuretic").verdict == "cannot_separate"


def test_a_change_after_a_bad_spell_is_labelled_and_judged_against_the_earlier_baseline():
    # A cramp every 5th night, except the 28 nights before the stop: every night.
    stopped = 70
    counts = [1 if stopped - 28 < i <= stopped or i % 5 == 0 else 0 for i in range(140)]
    meds = [statin(FIRST - timedelta(10), FIRST + timedelta(stopped))]
    (stop,) = analyse(build_journal(FIRST, counts, medications=meds)).medication_changes
    assert stop.after_bad_spell
    assert str(BAD_SPELL) in stop.sentence
    assert "compared with the nights before that spell" in stop.sentence
    # Against the baseline before the spell (a cramp every 5th night) nothing changed.
    assert stop.rate_ratio == pytest.approx(1.0, abs=0.05)
    assert stop.verdict == "no_clear"
    assert "stop" not in stop.sentence.split("Do not")[0].replace("you stopped", "")
    assert stop.sentence.endswith(str(MEDICINE_CAVEAT))


def test_a_no_effect_medicine_during_the_seasons_gets_no_verdict_when_a_bend_fits_as_well(
    monkeypatch,
):
    # Simulated: cramps follow the seasons, the statin (started mid-year) does nothing.
    journal = simulation.drifting(2, 365, season=True).journal
    analysis = analyse(journal)
    (change,) = analysis.medication_changes
    assert change.rate_ratio > 2 and change.q_value < 0.01  # the step alone looks like a link
    assert (change.verdict, change.withheld_because) == ("no_clear", "trend")
    assert "A slow change over the months (a drift, or the seasons) fits your nights" in (
        change.sentence
    )
    assert change.sentence.endswith(str(MEDICINE_CAVEAT))
    assert result(analysis, "statin").verdict == "no_clear"
    # Without the comparison with a bend, the same journal would say "possible link".
    monkeypatch.setattr("insights.analysis.smooth_trend_fits_as_well", lambda *args: set())
    (change,) = analyse(journal).medication_changes
    assert (change.verdict, change.withheld_because) == ("possible_more", None)


def test_a_sharp_step_is_still_found_when_a_bend_is_allowed():
    # Simulated: a diuretic that doubles the rate, started a third of the way into a year.
    analysis = analyse(simulation.one_medicine(2, 365).journal)
    (change,) = analysis.medication_changes
    assert (change.verdict, change.withheld_because) == ("possible_more", None)
    assert result(analysis, "diuretic").verdict == "possible_more"


def test_fewer_cramps_after_a_change_right_after_a_bad_spell_are_not_credited_to_it():
    # Simulated (seasons, no-effect statin): the statin started after a bad spell.
    analysis = analyse(simulation.drifting(4, 365, season=True).journal)
    (change,) = analysis.medication_changes
    assert change.after_bad_spell
    # By the numbers alone this would be "possible link: fewer".
    assert change.rate_ratio < 1 / 1.5 and change.ci_high < 1 and change.q_value <= 0.10
    assert (change.verdict, change.withheld_because) == ("no_clear", "bad_spell")
    assert "so fewer cramps after it are not taken as a sign of the change" in change.sentence
    assert result(analysis, "statin").verdict == "no_clear"


def test_medicine_changes_and_nightly_factors_are_separate_families():
    analysis = analyse(simulation.one_medicine(2, 365).journal)
    (change,) = analysis.medication_changes
    # One medicine column: a family of one, so its q is its p.
    assert change.q_value == pytest.approx(change.p_value)
    factors = [t for t in analysis.triggers if t.p_value is not None and not t.is_medication]
    assert len(factors) >= 5
    expected = benjamini_hochberg([t.p_value for t in factors])
    assert [t.q_value for t in factors] == pytest.approx(expected)
    assert analysis.factors_checked == len(factors) + 1


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


def test_a_change_too_near_the_end_is_listed_without_a_verdict():
    counts = [1 if i % 3 == 0 else 0 for i in range(60)]
    meds = [statin(FIRST + timedelta(57))]  # 3 nights on it: too few to model
    analysis = analyse(build_journal(FIRST, counts, medications=meds))
    (change,) = analysis.medication_changes
    assert change.verdict == "not_enough" and change.rate_ratio is None
    assert change.sentence.startswith(
        "Too few logged nights before and after you started Atorvastatin on 27 Apr 2026"
    )
    assert change.sentence.endswith(str(MEDICINE_CAVEAT))
    assert result(analysis, "statin").verdict == "not_enough"


def test_a_bad_spell_at_the_very_start_gives_the_change_no_verdict():
    # Nights 0-27 every night a cramp, then a stop; after it a cramp every 5th night.
    counts = [1 if i < 28 or i % 5 == 0 else 0 for i in range(100)]
    meds = [statin(FIRST - timedelta(30), FIRST + timedelta(27))]
    analysis = analyse(build_journal(FIRST, counts, medications=meds))
    (stop,) = analysis.medication_changes
    assert stop.after_bad_spell and stop.verdict == "not_enough"
    assert "there are too few nights before that spell to judge the change" in stop.sentence
    assert result(analysis, "statin").verdict != "cannot_separate"


def test_blank_exposures_get_their_own_term_and_are_never_no():
    # fluid_journal: days 0-5 below target, 6-11 above, 12-23 fluids blank, 24-29 no entry.
    counts = [1, 0, 1, 0, 1, 0] * 2 + [2] * 18
    low = result(analyse(fluid_journal(counts)), "low_fluids")
    assert (low.n_exposed, low.n_unexposed, low.n_missing) == (6, 6, 18)
    y = np.array(counts, dtype=float)
    t = (np.arange(30) - 14.5) / 14.5
    low_column = (np.arange(30) < 6).astype(float)
    blank = (np.arange(30) >= 12).astype(float)
    with_blank_term = sm.GLM(
        y, np.column_stack([np.ones(30), t, low_column, blank]), family=sm.families.Poisson()
    ).fit()
    assert low.rate_ratio == pytest.approx(math.exp(with_blank_term.params[2]), rel=1e-5)
    # Reading the blanks as "no" would have compared against the busy blank nights.
    as_no = sm.GLM(
        y, np.column_stack([np.ones(30), t, low_column]), family=sm.families.Poisson()
    ).fit()
    assert abs(math.exp(as_no.params[2]) - low.rate_ratio) > 0.1


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
