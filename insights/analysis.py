"""Honest n-of-1 statistics over one person's journal (docs/insights-api.md, "Method in brief").

Plain data in (``journal.records.Journal``), plain data out (``Analysis``).
This module orchestrates; each step has its own module:

- ``insights.design``: which nights and columns go into the model (factors,
  missing-value indicators, medicine changes, lead-up terms after a bad spell);
- ``insights.model``: one quasi-Poisson GLM per journal with a smooth trend;
- ``insights.stats``: raw comparisons shown beside it, Benjamini-Hochberg q;
- ``insights.wording``: the sentences; ``insights.descriptives``: the numbers.

The verdict rule is ``decide``. Its sentences are in the language active when
``analyse`` runs (the analysis cache key carries the language).
"""

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy

from insights.descriptives import (
    HOURS_IN_NIGHT,
    MIN_NIGHTS_FOR_RATE,
    Descriptives,
    ReliefRow,
    describe,
)
from insights.design import (
    MIN_GROUP_NIGHTS,
    build_design,
    medication_events,
)
from insights.model import Estimate, fit_nightly_model, smooth_trend_fits_as_well
from insights.stats import (
    NightGroup,
    benjamini_hochberg,
    finite,
    fisher_exact_one_sided,
    mid_p_value,
    rate_ratio_interval,
    raw_comparison,
    shrunken_rate_ratio,
)
from insights.wording import (
    CANNOT_SEPARATE,
    CAVEAT,
    MEDICINE_CAVEAT,
    NO_CLEAR,
    NOT_ENOUGH,
    NOT_RECORDED,
    POSSIBLE_FEWER,
    POSSIBLE_MORE,
    VERDICT_LABELS,
    WITHHELD_BAD_SPELL,
    WITHHELD_TREND,
    factors_checked_sentence,
    frequency_sentence,
    medication_sentence,
    range_text,
    trigger_sentence,
    verdict_label,
)
from journal.records import Journal

__all__ = [
    "CAVEAT",
    "HOURS_IN_NIGHT",
    "MEDICINE_CAVEAT",
    "VERDICT_LABELS",
    "Analysis",
    "Descriptives",
    "NightGroup",
    "ReliefRow",
    "analyse",
    "benjamini_hochberg",
    "decide",
    "describe",
    "fisher_exact_one_sided",
    "medication_events",
    "mid_p_value",
    "rate_ratio_interval",
    "shrunken_rate_ratio",
]

MIN_LOGGED_NIGHTS = MIN_NIGHTS_FOR_RATE  # no verdicts below the nights a rate needs
MIN_CRAMP_NIGHTS = 4
MIN_PATTERN_NIGHTS = 3  # cramp nights on the higher side: one heavy night is not a pattern
Q_MAX = 0.10
RR_MIN = 1.5
# The JSON's `method` values (docs/insights-api.md) are fixed codes, never translated;
# METHOD_TEXT is how the page says the same.
METHOD = "quasi-Poisson GLM: all factors, medicines and a smooth time trend at once"
RAW_ONLY = "raw counts only"
METHOD_TEXT = gettext_lazy(
    "quasi-Poisson GLM: all factors, medicines and a smooth time trend at once"
)
VERDICT_ORDER = {
    POSSIBLE_MORE: 0,
    POSSIBLE_FEWER: 1,
    NO_CLEAR: 2,
    CANNOT_SEPARATE: 3,
    NOT_ENOUGH: 4,
    NOT_RECORDED: 5,
}


def decide(estimate: Estimate, q_value: float, higher: NightGroup, lower: NightGroup) -> str:
    """The verdict rule (docs/insights-api.md, "Labels").

    "Possible link" needs the adjusted interval to exclude 1, q <= 0.10, a
    ratio of at least 1.5 (or at most 1/1.5), and at least 3 cramp nights on
    the side with more cramps (``higher``; ``lower`` is the other side). One
    heavy night is not a pattern: the raw difference must keep its direction with the
    heaviest night of the higher side left out.
    """
    if q_value > Q_MAX or higher.cramp_nights < MIN_PATTERN_NIGHTS:
        return NO_CLEAR
    if lower.rate > 0 and higher.without_heaviest() <= lower.rate:
        return NO_CLEAR
    if estimate.ci_low > 1 and estimate.rate_ratio >= RR_MIN:
        return POSSIBLE_MORE
    if estimate.ci_high < 1 and estimate.rate_ratio <= 1 / RR_MIN:
        return POSSIBLE_FEWER
    return NO_CLEAR


# --- Results -------------------------------------------------------------------


@dataclass(frozen=True)
class Completeness:
    logged: int
    total: int
    share: float  # 0..1; 0 for an empty journal


@dataclass(frozen=True)
class TriggerResult:
    trigger_id: str
    label: str
    explanation: str
    sources: tuple[str, ...]
    lag: int
    n_exposed: int
    n_unexposed: int
    x_exposed: int
    x_unexposed: int
    cramp_nights_exposed: int
    cramp_nights_unexposed: int
    rate_ratio: float | None  # adjusted (the model); the verdict is decided on these
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    q_value: float | None
    raw_rate_ratio: float | None  # unadjusted, for the reader to check by hand
    raw_ci_low: float | None
    raw_ci_high: float | None
    p_mid: float | None
    shrunk_rr: float | None
    shrunk_low: float | None
    shrunk_high: float | None
    p_rr_gt_1: float | None
    method: str
    verdict: str
    verdict_label: str
    nights_needed: int | None
    sentence: str
    is_medication: bool
    n_missing: int = 0  # logged nights where it was not recorded (own term in the model)


@dataclass(frozen=True)
class MedicationChange:
    medication_id: int
    name: str
    drug_class: str
    kind: str  # "start" | "stop" | "dose change"
    on: date  # the date as recorded (start date, or last day taken for a stop)
    nights_before: int
    cramps_before: int
    nights_after: int
    cramps_after: int
    rate_ratio: float | None  # after vs before, adjusted
    ci_low: float | None
    ci_high: float | None
    verdict: str
    verdict_label: str
    sentence: str
    p_value: float | None = None
    q_value: float | None = None
    method: str = METHOD
    after_bad_spell: bool = False
    too_close_to: tuple[str, ...] = ()  # names of medicines changed too close to tell apart
    withheld_because: str | None = None  # WITHHELD_TREND | WITHHELD_BAD_SPELL


@dataclass(frozen=True)
class Analysis:
    status: str  # "empty" | "charts_only" | "ready"
    completeness: Completeness
    triggers: list[TriggerResult]
    medication_changes: list[MedicationChange]
    factors_checked: int
    descriptives: Descriptives
    nights_needed: int | None = None  # before verdicts are possible (charts_only)
    first: date | None = None  # the nights this analysis is based on
    last: date | None = None
    dispersion: float | None = None  # Pearson scale of the model (1 = no clustering)
    method: str = METHOD

    @property
    def range_text(self):
        return range_text(self.first, self.last)

    @property
    def possible_links(self):
        return [t for t in self.triggers if t.verdict in (POSSIBLE_MORE, POSSIBLE_FEWER)]

    @property
    def no_clear(self):
        return [t for t in self.triggers if t.verdict in (NO_CLEAR, CANNOT_SEPARATE)]

    @property
    def not_enough(self):
        return [t for t in self.triggers if t.verdict == NOT_ENOUGH]

    @property
    def not_recorded(self):
        return [t for t in self.triggers if t.verdict == NOT_RECORDED]

    @property
    def frequency_text(self):
        return frequency_sentence(self.descriptives)

    @property
    def factors_text(self):
        return factors_checked_sentence(self.factors_checked)


# --- The analysis ----------------------------------------------------------------


def _shortfall_nights(missing, per_night):
    """Logged nights needed to gain ``missing`` more, at ``per_night`` gained per night."""
    if missing <= 0:
        return 0
    return math.ceil(missing / per_night) if per_night > 0 else missing


def nights_needed_for(exposed: NightGroup, unexposed: NightGroup, logged: int) -> int:
    """About how many more logged nights until a recorded factor can be modelled."""
    per = (lambda count: count / logged) if logged else (lambda count: 0.0)
    return max(
        1,
        _shortfall_nights(MIN_GROUP_NIGHTS - exposed.nights, per(exposed.nights)),
        _shortfall_nights(MIN_GROUP_NIGHTS - unexposed.nights, per(unexposed.nights)),
    )


def _status(logged, cramp_nights, any_cramps):
    if not logged and not any_cramps:
        return "empty"
    if len(logged) < MIN_LOGGED_NIGHTS or cramp_nights < MIN_CRAMP_NIGHTS:
        return "charts_only"
    return "ready"


def _overall_needed(logged, cramp_nights):
    rate = cramp_nights / len(logged) if logged else 0.0
    return max(
        1,
        _shortfall_nights(MIN_LOGGED_NIGHTS - len(logged), 1.0),
        _shortfall_nights(MIN_CRAMP_NIGHTS - cramp_nights, rate),
    )


@dataclass
class _Verdicts:
    """The model's estimates, q values and withheld columns, shared by factors and changes."""

    estimates: dict
    q: dict
    tangled: set
    ready: bool
    # Medicine columns given no verdict, and why: WITHHELD_TREND (a smooth change
    # over time explains the nights as well) or WITHHELD_BAD_SPELL (fewer cramps
    # after a change made right after a bad spell).
    withheld: dict = field(default_factory=dict)

    def for_column(self, column, first, second, sign=1):
        """(verdict, estimate | None, q | None) for one model column.

        ``first`` and ``second`` are the nights with and without (after and
        before); ``sign`` -1 turns a "taking it" ratio into after vs before.
        """
        estimate = _flip(self.estimates.get(column), sign)
        q = self.q.get(column)
        if column in self.tangled:
            return CANNOT_SEPARATE, estimate, q
        if not self.ready or estimate is None:
            return NOT_ENOUGH, estimate, q
        if column in self.withheld:
            return NO_CLEAR, estimate, q
        higher, lower = (first, second) if first.rate >= second.rate else (second, first)
        return decide(estimate, q, higher, lower), estimate, q


def _fit_and_test(design, ready):
    """Fit the model; q values per family; medicine columns that get no verdict.

    Two Benjamini-Hochberg families: the medicine columns (classes and dose
    changes that start, stop or change inside the journal) and the nightly
    factors. They answer different questions, and in one family the dozen
    factors a journal records left a medicine that doubles the rate found in
    about a quarter of simulated 180-night journals.
    """
    fit = fit_nightly_model(design.y, design.offsets, design.span, design.tested, design.nuisance)
    estimates = fit.estimates if fit else {}
    medicine = {item.column for item in design.events if item.column in estimates}
    q = {}
    for family in (sorted(medicine), sorted(set(estimates) - medicine)):
        q.update(zip(family, benjamini_hochberg([estimates[c].p for c in family]), strict=True))
    tangled = {item.column for item in design.events if item.tangled_with}
    verdicts = _Verdicts(estimates, q, tangled, ready)
    linked = {}  # medicine column -> the change's verdict, where it would be a possible link
    for item in design.events:
        verdict = verdicts.for_column(item.column, item.after, item.before, item.sign)[0]
        if verdict in (POSSIBLE_MORE, POSSIBLE_FEWER):
            linked.setdefault(item.column, set()).add((verdict, item.after_bad_spell))
    for factor in design.factors:  # "On a statin" shares the column of the statin's changes
        if factor.column in medicine:
            verdict = verdicts.for_column(factor.column, factor.exposed, factor.unexposed)[0]
            if verdict in (POSSIBLE_MORE, POSSIBLE_FEWER):
                linked.setdefault(factor.column, set()).add((verdict, False))
    for column, found in linked.items():
        if (POSSIBLE_FEWER, True) in found:
            verdicts.withheld[column] = WITHHELD_BAD_SPELL
    for column in smooth_trend_fits_as_well(
        design.y,
        design.offsets,
        design.span,
        design.tested,
        design.nuisance,
        set(linked) - set(verdicts.withheld),
    ):
        verdicts.withheld[column] = WITHHELD_TREND
    return verdicts, fit


def _trigger_result(factor, verdicts, status, logged_count, overall_needed):
    trigger, exposed, unexposed = factor.trigger, factor.exposed, factor.unexposed
    needed = None
    if not factor.recorded:
        verdict, estimate, q = NOT_RECORDED, None, None
    elif not factor.modelled:
        verdict, estimate, q = NOT_ENOUGH, None, None
        needed = (
            overall_needed
            if status != "ready"
            else nights_needed_for(exposed, unexposed, logged_count)
        )
    else:
        verdict, estimate, q = verdicts.for_column(factor.column, exposed, unexposed)
        if verdict == NOT_ENOUGH and status != "ready":
            needed = overall_needed
    raw = raw_comparison(exposed, unexposed)
    shrunk = (
        shrunken_rate_ratio(exposed.cramps, exposed.nights, unexposed.cramps, unexposed.nights)
        if raw
        else (None,) * 4
    )
    return TriggerResult(
        trigger_id=trigger.id,
        # Text in the active language (the cached analysis is keyed by it).
        label=str(trigger.label),
        explanation=str(trigger.explanation),
        sources=trigger.sources,
        lag=trigger.lag,
        n_exposed=exposed.nights,
        n_unexposed=unexposed.nights,
        x_exposed=exposed.cramps,
        x_unexposed=unexposed.cramps,
        cramp_nights_exposed=exposed.cramp_nights,
        cramp_nights_unexposed=unexposed.cramp_nights,
        rate_ratio=finite(estimate and estimate.rate_ratio),
        ci_low=finite(estimate and estimate.ci_low),
        ci_high=finite(estimate and estimate.ci_high),
        p_value=estimate and estimate.p,
        q_value=q,
        raw_rate_ratio=finite(raw and raw.rate_ratio),
        raw_ci_low=finite(raw and raw.ci_low),
        raw_ci_high=finite(raw and raw.ci_high),
        p_mid=raw and raw.p,
        shrunk_rr=finite(shrunk[0]),
        shrunk_low=finite(shrunk[1]),
        shrunk_high=finite(shrunk[2]),
        p_rr_gt_1=shrunk[3],
        method=METHOD if estimate else RAW_ONLY,
        verdict=verdict,
        verdict_label=verdict_label(verdict, needed),
        nights_needed=needed,
        sentence=trigger_sentence(trigger, verdict, exposed, unexposed, needed),
        is_medication=trigger.is_medication,
        n_missing=factor.missing,
    )


def _flip(estimate, sign):
    """A stop is judged after vs before: the inverse of the 'taking it' ratio."""
    if estimate is None or sign > 0:
        return estimate
    return Estimate(1 / estimate.rate_ratio, 1 / estimate.ci_high, 1 / estimate.ci_low, estimate.p)


def _change_result(item, verdicts):
    verdict, estimate, q = verdicts.for_column(item.column, item.after, item.before, item.sign)
    withheld = verdicts.withheld.get(item.column) if verdict == NO_CLEAR else None
    if item.tangled_with:
        verdict = CANNOT_SEPARATE
    elif item.baseline_too_short and verdict != NOT_ENOUGH:
        verdict, withheld = NOT_ENOUGH, None  # the nights before it are nearly all the bad spell
    if withheld == WITHHELD_BAD_SPELL and not item.after_bad_spell:
        withheld = None  # another change of the same medicine came after the bad spell
    med = item.event.medication
    return MedicationChange(
        medication_id=med.id,
        name=med.name,
        drug_class=med.drug_class,
        kind=item.event.kind,
        on=item.event.on,
        nights_before=item.before.nights,
        cramps_before=item.before.cramps,
        nights_after=item.after.nights,
        cramps_after=item.after.cramps,
        rate_ratio=finite(estimate and estimate.rate_ratio),
        ci_low=finite(estimate and estimate.ci_low),
        ci_high=finite(estimate and estimate.ci_high),
        verdict=verdict,
        verdict_label=verdict_label(verdict),
        sentence=medication_sentence(item, verdict, withheld),
        p_value=estimate and estimate.p,
        q_value=q,
        after_bad_spell=item.after_bad_spell,
        too_close_to=tuple(o.event.medication.name for o in item.tangled_with),
        withheld_because=withheld,
    )


def _rank_key(result):
    strength = 0.0
    if result.verdict == POSSIBLE_FEWER:
        strength = -(result.ci_high or 0.0)  # lower upper bound = clearer "fewer"
    elif result.ci_low is not None:
        strength = result.ci_low
    return (VERDICT_ORDER[result.verdict], -strength, result.trigger_id)


def analyse(journal: Journal, *, today: date | None = None) -> Analysis:
    """Everything the insights page shows, from one journal."""
    # Nights that have not happened yet are not "unlogged"; leave them out.
    nights = [n for n in journal.nights if n.logged or today is None or n.night < today]
    logged = [n for n in nights if n.logged]
    cramp_nights = sum(1 for n in logged if n.cramps > 0)
    status = _status(logged, cramp_nights, bool(journal.cramps))
    overall_needed = None if status == "ready" else _overall_needed(logged, cramp_nights)
    design = build_design(journal, nights)
    verdicts, fit = _Verdicts({}, {}, set(), False), None
    if status == "ready" and design.tested:
        verdicts, fit = _fit_and_test(design, True)
    triggers = sorted(
        (_trigger_result(f, verdicts, status, len(logged), overall_needed) for f in design.factors),
        key=_rank_key,
    )
    changes = [_change_result(item, verdicts) for item in design.events]
    return Analysis(
        status=status,
        completeness=Completeness(
            logged=len(logged),
            total=len(nights),
            share=len(logged) / len(nights) if nights else 0.0,
        ),
        triggers=triggers,
        medication_changes=changes,
        factors_checked=len(verdicts.q),
        descriptives=describe(nights, journal.cramps),
        nights_needed=overall_needed,
        first=nights[0].night if nights else None,
        last=nights[-1].night if nights else None,
        dispersion=fit.scale if fit and status == "ready" else None,
    )
