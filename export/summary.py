"""The doctor-visit summary as plain data, in the order a GP reads it.

`build_summary(journal, ...)` takes the plain records from
`journal.services.load_journal()` (plus conditions and, when available, the
trigger analysis) and returns a `DoctorSummary`. The printable page
(templates/export/summary.html) and the PDF (export/pdf.py) both render this
one object, so they always say the same thing. Nothing here touches a request
or the database.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from insights.analysis import MEDICINE_CAVEAT, MIN_NIGHTS_FOR_RATE
from journal.models import (
    FLAGGED_DRUG_CLASSES,
    ConditionKind,
    DrugClass,
    Muscle,
    Relief,
    Side,
    Soreness,
)
from journal.redflags import describe

# Medication changes this close before the range still matter to the visit.
CHANGE_WINDOW_DAYS = 28
# Each half of the range needs this many logged nights before a trend is stated.
TREND_MIN_NIGHTS = 7
TREND_RATIO = 1.5
APP_NOTE = (
    "CrampLog is a personal journal kept by the patient. This summary lists what was "
    "logged; it is not a diagnosis."
)
TRIGGER_CAVEAT = (
    "These are patterns in one person's journal, not proof of cause. Nights with and "
    "without each factor were compared; with many factors checked, about 1 in 20 can "
    "look linked by chance."
)
# Time-of-night bands in hours after 18:00 (see journal.nights.hours_into_night).
NIGHT_BANDS = (
    (0, 3, "18:00-21:00"),
    (3, 6, "21:00-00:00"),
    (6, 9, "00:00-03:00"),
    (9, 12, "03:00-06:00"),
    (12, 15, "06:00-09:00"),
    (15, 18, "09:00-12:00"),
)
DAYTIME_BAND = "Daytime (12:00-18:00)"
RED_FLAG_TIMES_SHOWN = 4


@dataclass(frozen=True)
class Headline:
    logged_nights: int
    total_nights: int
    cramp_nights: int
    night_cramps: int
    daytime_cramps: int
    cramp_nights_per_week: float | None
    cramps_per_week: float | None
    trend: str
    longest_seconds: int | None
    longest_on: date | None
    median_seconds: float | None
    durations_known: int
    typical_severity: float | None
    severities_known: int
    woke: int
    woke_known: int
    sleep_disturbance: float | None
    sleep_disturbance_known: int
    soreness: list[tuple[str, int]]

    @staticmethod
    def _weekly(rate):
        if rate is None:
            return f" (a weekly rate from {MIN_NIGHTS_FOR_RATE} logged nights on)"
        return f" ({format_number(rate)} per week)"

    @property
    def completeness(self):
        return f"{self.logged_nights} of {self.total_nights} nights logged"

    def rows(self):
        """(label, text) pairs: the headline as the page and the PDF print it."""
        if self.logged_nights == 0:
            return [("Logging", f"{self.completeness}; nothing to summarise yet.")]
        rows = [
            ("Logging", self.completeness),
            (
                "Cramp nights",
                f"{self.cramp_nights} of {self.logged_nights} logged nights"
                + self._weekly(self.cramp_nights_per_week),
            ),
            (
                "Night cramps",
                f"{self.night_cramps}"
                + self._weekly(self.cramps_per_week)
                + (f"; also {self.daytime_cramps} in the daytime" if self.daytime_cramps else ""),
            ),
            ("Trend", self.trend),
        ]
        if self.longest_seconds is not None:
            rows.append(
                (
                    "Longest cramp",
                    f"{format_duration(self.longest_seconds)} (night of {format_day(self.longest_on)})",
                )
            )
            rows.append(
                (
                    "Median duration",
                    f"{format_duration(self.median_seconds)} ({self.durations_known} timed)",
                )
            )
        if self.typical_severity is not None:
            rows.append(
                (
                    "Typical severity",
                    f"{format_number(self.typical_severity)}/10 "
                    f"(median of {self.severities_known} scored)",
                )
            )
        sleep = []
        if self.woke_known:
            sleep.append(f"woke from sleep with {self.woke} of {self.woke_known} night cramps")
        if self.sleep_disturbance is not None:
            sleep.append(
                f"sleep disturbance {format_number(self.sleep_disturbance)}/10 "
                f"(median of {plural(self.sleep_disturbance_known, 'rated night')})"
            )
        if sleep:
            text = "; ".join(sleep)
            rows.append(("Sleep", text[0].upper() + text[1:]))
        if self.soreness:
            rows.append(("Soreness after", ", ".join(f"{label} {n}" for label, n in self.soreness)))
        return rows


@dataclass(frozen=True)
class RedFlagItem:
    """One red-flag rule with every time it was logged (grouped to keep the page short)."""

    what: str
    times: tuple[datetime, ...]  # local times, each in its cramp's own zone
    muscles: str
    guidance: str
    source: str

    @property
    def when_text(self):
        shown = [f"{format_day(t)} {t:%H:%M}" for t in self.times[:RED_FLAG_TIMES_SHOWN]]
        hidden = len(self.times) - len(shown)
        return ", ".join(shown) + (f" and {hidden} more" if hidden else "")


@dataclass(frozen=True)
class MedicationItem:
    name: str
    dose: str
    drug_class: str
    flagged: bool
    started_on: date
    stopped_on: date | None


@dataclass(frozen=True)
class ChangeItem:
    name: str
    drug_class: str
    kind: str
    on: date
    sentence: str
    verdict_label: str


@dataclass(frozen=True)
class ConditionItem:
    label: str
    started_on: date | None
    ended_on: date | None
    notes: str


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int
    detail: str = ""


@dataclass(frozen=True)
class TriggerItem:
    label: str
    verdict: str
    verdict_label: str
    sentence: str
    is_medication: bool


@dataclass(frozen=True)
class ReliefRow:
    label: str
    tried: int
    helped_most: int


@dataclass
class DoctorSummary:
    first: date
    last: date
    generated_on: date
    time_zone: str
    headline: Headline
    red_flags: list[RedFlagItem]
    medications: list[MedicationItem]
    medication_changes: list[ChangeItem] | None  # None: analysis unavailable
    conditions: list[ConditionItem]
    time_of_night: list[CountRow]
    muscles: list[CountRow]
    trigger_status: str  # "unavailable", "empty", "charts_only" or "ready"
    possible_links: list[TriggerItem]
    no_clear: list[str]
    not_enough: list[str]
    factors_checked: int
    relief: list[ReliefRow]
    patient_name: str = ""
    date_of_birth: date | None = None
    questions: list[str] = field(default_factory=list)
    app_note: str = APP_NOTE
    trigger_caveat: str = TRIGGER_CAVEAT
    medicine_caveat: str = MEDICINE_CAVEAT

    @property
    def completeness(self):
        return self.headline.completeness

    @property
    def nights_in_range(self):
        return (self.last - self.first).days + 1

    @property
    def has_cramps(self):
        return bool(self.headline.night_cramps or self.headline.daytime_cramps)

    @property
    def range_text(self):
        return (
            f"{format_day(self.first)} to {format_day(self.last)} ({self.nights_in_range} nights)"
        )

    @property
    def trigger_status_text(self):
        if self.trigger_status == "unavailable":
            return "Trigger analysis unavailable."
        if self.trigger_status != "ready":
            return (
                "Not enough logged nights yet to compare triggers (at least 14 logged "
                "nights and 4 cramp nights are needed)."
            )
        if not self.possible_links:
            return f"{self.factors_checked} factors checked; no possible link found."
        return f"{self.factors_checked} factors checked."

    @property
    def any_medication_caveat(self):
        """The medicine caveat under the triggers, unless each medicine finding carries it."""
        return any(
            t.is_medication and MEDICINE_CAVEAT not in t.sentence for t in self.possible_links
        )

    @property
    def changes_need_caveat(self):
        """The medicine caveat under the comparisons, unless their sentences carry it."""
        changes = self.medication_changes or []
        return bool(changes) and not all(MEDICINE_CAVEAT in c.sentence for c in changes)


@dataclass(frozen=True)
class ConditionRecord:
    """A condition as the view reads it from the database (kind is a ConditionKind value)."""

    kind: str
    started_on: date | None
    ended_on: date | None
    notes: str


# --- Formatting helpers shared by the page and the PDF ----------------------------------


def format_duration(seconds):
    """90 -> "1 min 30 s"; 45 -> "45 s"; None -> "not timed"."""
    if seconds is None:
        return "not timed"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" if rest == 0 else f"{minutes} min {rest} s"


def format_number(value):
    """One decimal, without a trailing .0: 2.0 -> "2", 2.25 -> "2.2"."""
    if value is None:
        return "-"
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def plural(count, noun):
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def format_day(day):
    """2026-03-01 -> "1 Mar 2026": unambiguous for doctors in any country."""
    return "" if day is None else f"{day.day} {day:%b %Y}"


# --- Building -----------------------------------------------------------------------------


def _label(enum, value):
    try:
        return enum(value).label
    except ValueError:
        return value or "-"


def _per_week(count, logged):
    # From a few nights a weekly rate is a projection, not a measurement.
    return None if logged < MIN_NIGHTS_FOR_RATE else count / logged * 7


def _trend(journal):
    nights = journal.nights
    if len(nights) < 2 * TREND_MIN_NIGHTS:
        return "Range too short to describe a trend."
    middle = len(nights) // 2
    halves = []
    for part in (nights[:middle], nights[middle:]):
        logged = [n for n in part if n.logged]
        if len(logged) < TREND_MIN_NIGHTS:
            return "Too few logged nights in each half of the range to describe a trend."
        halves.append(sum(n.cramps for n in logged) / len(logged) * 7)
    before, after = halves
    numbers = (
        f"{format_number(before)} cramps per week in the first half of the range, "
        f"{format_number(after)} in the second half"
    )
    if before == after == 0:
        return "No night cramps logged in either half of the range."
    if before == 0 or after / before >= TREND_RATIO:
        return f"More often lately: {numbers}."
    if after == 0 or after / before <= 1 / TREND_RATIO:
        return f"Less often lately: {numbers}."
    return f"About the same: {numbers}."


def _headline(journal):
    logged = journal.logged_nights
    night_cramps = [c for c in journal.cramps if c.is_night]
    cramp_nights = sum(1 for n in logged if n.cramps)
    night_cramp_count = sum(n.cramps for n in logged)
    durations = [c for c in journal.cramps if c.duration_seconds is not None]
    longest = max(durations, key=lambda c: c.duration_seconds, default=None)
    severities = [c.severity for c in journal.cramps if c.severity is not None]
    woke_known = [c.woke_from_sleep for c in night_cramps if c.woke_from_sleep is not None]
    disturbance = [n.sleep_disturbance for n in logged if n.sleep_disturbance is not None]
    soreness = Counter(c.soreness for c in journal.cramps if c.soreness)
    return Headline(
        logged_nights=len(logged),
        total_nights=len(journal.nights),
        cramp_nights=cramp_nights,
        night_cramps=night_cramp_count,
        daytime_cramps=sum(1 for c in journal.cramps if not c.is_night),
        cramp_nights_per_week=_per_week(cramp_nights, len(logged)),
        cramps_per_week=_per_week(night_cramp_count, len(logged)),
        trend=_trend(journal),
        longest_seconds=longest.duration_seconds if longest else None,
        longest_on=longest.journal_day if longest else None,
        median_seconds=median(c.duration_seconds for c in durations) if durations else None,
        durations_known=len(durations),
        typical_severity=median(severities) if severities else None,
        severities_known=len(severities),
        woke=sum(1 for w in woke_known if w),
        woke_known=len(woke_known),
        sleep_disturbance=median(disturbance) if disturbance else None,
        sleep_disturbance_known=len(disturbance),
        soreness=[
            (_label(Soreness, value), count)
            for value, count in sorted(soreness.items(), key=lambda kv: -kv[1])
        ],
    )


def _red_flags(journal):
    """Red flags grouped by rule, in the order first logged, with every time."""
    groups = {}
    for cramp in journal.cramps:
        for rule in describe(cramp.red_flags):
            times, muscles = groups.setdefault(rule.code, (rule, [], []))[1:]
            times.append(cramp.started_at)
            muscle = _label(Muscle, cramp.muscle).lower()
            if muscle not in muscles:
                muscles.append(muscle)
    return [
        RedFlagItem(
            what=f"A cramp {rule.what}",
            times=tuple(times),
            muscles=", ".join(muscles),
            guidance=rule.guidance,
            source=rule.source_text,
        )
        for rule, times, muscles in groups.values()
    ]


def _medications(journal):
    return [
        MedicationItem(
            name=m.name,
            dose=m.dose,
            drug_class=_label(DrugClass, m.drug_class),
            flagged=m.drug_class in FLAGGED_DRUG_CLASSES,
            started_on=m.started_on,
            stopped_on=m.stopped_on,
        )
        for m in sorted(journal.medications, key=lambda m: (m.started_on, m.name))
    ]


def _changes(journal, analysis):
    if analysis is None:
        return None
    earliest = journal.first - timedelta(days=CHANGE_WINDOW_DAYS)
    return [
        ChangeItem(
            name=c.name,
            drug_class=_label(DrugClass, c.drug_class),
            kind=c.kind,
            on=c.on,
            sentence=c.sentence,
            verdict_label=c.verdict_label,
        )
        for c in analysis.medication_changes
        if earliest <= c.on <= journal.last
    ]


def _conditions(conditions):
    return [
        ConditionItem(_label(ConditionKind, c.kind), c.started_on, c.ended_on, c.notes)
        for c in sorted(conditions, key=lambda c: (c.started_on or date.min, c.kind))
    ]


def _time_of_night(journal):
    counts = Counter()
    for cramp in journal.cramps:
        if not cramp.is_night:
            counts[DAYTIME_BAND] += 1
            continue
        for low, high, label in NIGHT_BANDS:
            if low <= cramp.hours_into_night < high:
                counts[label] += 1
                break
    bands = [label for _, _, label in NIGHT_BANDS] + [DAYTIME_BAND]
    return [CountRow(label, counts[label]) for label in bands if counts[label]]


def _muscles(journal):
    by_muscle = Counter(c.muscle for c in journal.cramps)
    sides = {}
    for cramp in journal.cramps:
        sides.setdefault(cramp.muscle, Counter())[cramp.side] += 1
    rows = []
    for muscle, count in by_muscle.most_common():
        detail = ", ".join(
            f"{_label(Side, side).lower()} {n}"
            for side, n in sides[muscle].most_common()
            if side != Side.NA or len(sides[muscle]) > 1
        )
        rows.append(CountRow(_label(Muscle, muscle), count, detail))
    return rows


def _relief(journal):
    tried = Counter()
    best = Counter()
    for cramp in journal.cramps:
        tried.update(cramp.relief_tried)
        if cramp.relief_best:
            best[cramp.relief_best] += 1
    return [
        ReliefRow(_label(Relief, value), count, best[value])
        for value, count in sorted(tried.items(), key=lambda kv: (-best[kv[0]], -kv[1], kv[0]))
    ]


def _questions(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def run_analysis(journal):
    """The trigger analysis, or None while insights.analysis is not available."""
    try:
        from insights.analysis import analyse
    except ImportError:
        return None
    return analyse(journal)


def build_summary(
    journal,
    *,
    conditions=(),
    analysis=None,
    generated_on: date,
    patient_name="",
    date_of_birth=None,
    questions="",
) -> DoctorSummary:
    """Assemble the summary. `analysis=None` means the trigger analysis is unavailable."""
    possible, no_clear, not_enough = [], [], []
    status = "unavailable" if analysis is None else analysis.status
    factors = 0
    if analysis is not None and status == "ready":
        factors = analysis.factors_checked
        for trigger in analysis.triggers:
            if trigger.verdict in ("possible_more", "possible_fewer"):
                possible.append(
                    TriggerItem(
                        trigger.label,
                        trigger.verdict,
                        trigger.verdict_label,
                        trigger.sentence,
                        trigger.is_medication,
                    )
                )
            elif trigger.verdict == "no_clear":
                no_clear.append(trigger.label)
            else:
                not_enough.append(trigger.label)
    return DoctorSummary(
        first=journal.first,
        last=journal.last,
        generated_on=generated_on,
        time_zone=journal.time_zone,
        headline=_headline(journal),
        red_flags=_red_flags(journal),
        medications=_medications(journal),
        medication_changes=_changes(journal, analysis),
        conditions=_conditions(conditions),
        time_of_night=_time_of_night(journal),
        muscles=_muscles(journal),
        trigger_status=status,
        possible_links=possible,
        no_clear=no_clear,
        not_enough=not_enough,
        factors_checked=factors,
        relief=_relief(journal),
        patient_name=patient_name.strip(),
        date_of_birth=date_of_birth,
        questions=_questions(questions),
    )


def summary_charts(cramps, fmt="png"):
    """{"time_of_night": bytes, "muscles": bytes}, or {} while insights.charts is missing."""
    try:
        from insights.charts import muscles_chart, time_of_night_chart
    except ImportError:
        return {}
    if not cramps:
        return {}
    return {
        "time_of_night": time_of_night_chart(cramps, theme="light", fmt=fmt),
        "muscles": muscles_chart(cramps, theme="light", fmt=fmt),
    }
