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
from decimal import Decimal
from statistics import median

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from insights.analysis import MEDICINE_CAVEAT, MIN_NIGHTS_FOR_RATE, NOT_ENOUGH
from insights.descriptives import relief_rows
from journal.formatting import day_month_year, format_duration
from journal.guidance import PUBLISHED_ASSOCIATIONS, broken_sleep_nights, visit_prompts
from journal.medicines import words_of
from journal.models import (
    ConditionKind,
    DrugClass,
    Muscle,
    Relief,
    Side,
    Soreness,
)
from journal.redflags import describe
from journal.sources import cite

# Medication changes this close before the range still matter to the visit.
CHANGE_WINDOW_DAYS = 28
# Each half of the range needs this many logged nights before a trend is stated,
# and the range at least this many weeks and night cramps: a handful of cramps
# says nothing about a trend.
TREND_MIN_NIGHTS = 7
TREND_MIN_WEEKS = 4
TREND_MIN_CRAMPS = 8
TREND_RATIO = 1.5
APP_NOTE = gettext_lazy(
    "CrampLog is a personal journal kept by the patient. This summary lists what was "
    "logged; it is not a diagnosis."
)
TRIGGER_CAVEAT = gettext_lazy(
    "These are patterns in one person's journal, not proof of cause. All factors were "
    "checked together in one model that allows for drift and seasons over time; with many "
    "factors checked, about 1 in 20 can look linked by chance."
)
LINKS = ("possible_more", "possible_fewer")
# Time-of-night bands in hours after 18:00 (see journal.nights.hours_into_night).
NIGHT_BANDS = (
    (0, 3, "18:00-21:00"),
    (3, 6, "21:00-00:00"),
    (6, 9, "00:00-03:00"),
    (9, 12, "03:00-06:00"),
    (12, 15, "06:00-09:00"),
    (15, 18, "09:00-12:00"),
)
DAYTIME = "daytime"  # the key of cramps outside the night's hours
DAYTIME_BAND = gettext_lazy("Daytime (12:00-18:00)")
RED_FLAG_TIMES_SHOWN = 4
# Medicines listed as treatments tried: their kind, or a name the kinds do not cover.
TREATMENT_CLASSES = (DrugClass.SUPPLEMENT, DrugClass.MUSCLE_RELAXANT)
TREATMENT_NAMES = frozenset({"quinine", "qualaquin"})
ASSOCIATION_NOTE = gettext_lazy(
    "* A kind of medicine with a published association with cramps across many "
    "people, not a finding about this patient."
)


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
    sleep_disrupted_nights: int  # logged nights a cramp woke them or sleep scored >= 5/10
    soreness: list[tuple[str, int]]
    # Lower bound: every unlogged night counted as cramp-free (docs/insights-api.md, "Method in brief").
    cramps_per_week_lower: float | None = None

    @property
    def completeness(self):
        return ngettext(
            "%(logged)s of %(total)s night logged",
            "%(logged)s of %(total)s nights logged",
            self.total_nights,
        ) % {"logged": self.logged_nights, "total": self.total_nights}

    @property
    def per_week_range(self):
        """'2.2-3.6': counting unlogged nights as cramp-free, then logged nights only."""
        upper = format_number(self.cramps_per_week)
        if self.cramps_per_week_lower is None or self.logged_nights == self.total_nights:
            return upper
        return f"{format_number(self.cramps_per_week_lower)}-{upper}"

    def _cramp_nights_text(self):
        values = {
            "count": self.cramp_nights,
            "logged": self.logged_nights,
            "minimum": MIN_NIGHTS_FOR_RATE,
        }
        if self.cramp_nights_per_week is None:
            return (
                ngettext(
                    "%(count)s of %(logged)s logged night "
                    "(a weekly rate from %(minimum)s logged nights on)",
                    "%(count)s of %(logged)s logged nights "
                    "(a weekly rate from %(minimum)s logged nights on)",
                    self.logged_nights,
                )
                % values
            )
        return ngettext(
            "%(count)s of %(logged)s logged night (%(rate)s per week)",
            "%(count)s of %(logged)s logged nights (%(rate)s per week)",
            self.logged_nights,
        ) % {**values, "rate": format_number(self.cramp_nights_per_week)}

    def _night_cramps_text(self):
        values = {"count": self.night_cramps, "minimum": MIN_NIGHTS_FOR_RATE}
        if self.cramps_per_week is None:
            # Translators: the number of night cramps, then why no weekly rate is given.
            text = _("%(count)s (a weekly rate from %(minimum)s logged nights on)") % values
        elif self.cramps_per_week_lower is None or self.logged_nights == self.total_nights:
            # Translators: the number of night cramps, then cramps per week.
            text = _("%(count)s (%(rate)s per week)") % {
                **values,
                "rate": format_number(self.cramps_per_week),
            }
        else:
            # Translators: the number of night cramps, then cramps per week as a range.
            text = _(
                "%(count)s (%(lower)s-%(upper)s: the lower figure counts unlogged nights as "
                "cramp-free, the upper only logged nights per week)"
            ) % {
                **values,
                "lower": format_number(self.cramps_per_week_lower),
                "upper": format_number(self.cramps_per_week),
            }
        if self.daytime_cramps:
            text = _("%(night_cramps)s; also %(count)s in the daytime") % {
                "night_cramps": text,
                "count": self.daytime_cramps,
            }
        return text

    def _sleep_text(self):
        sleep = []
        if self.sleep_disrupted_nights:
            per_week = _per_week(self.sleep_disrupted_nights, self.logged_nights)
            values = {"count": self.sleep_disrupted_nights, "logged": self.logged_nights}
            if per_week is None:
                sleep.append(
                    ngettext(
                        "disrupted on %(count)s of %(logged)s logged night",
                        "disrupted on %(count)s of %(logged)s logged nights",
                        self.logged_nights,
                    )
                    % values
                )
            else:
                sleep.append(
                    ngettext(
                        "disrupted on %(count)s of %(logged)s logged night "
                        "(%(rate)s nights per week)",
                        "disrupted on %(count)s of %(logged)s logged nights "
                        "(%(rate)s nights per week)",
                        self.logged_nights,
                    )
                    % {**values, "rate": format_number(per_week)}
                )
        if self.woke_known:
            sleep.append(
                ngettext(
                    "woke from sleep with %(woke)s of %(known)s night cramp",
                    "woke from sleep with %(woke)s of %(known)s night cramps",
                    self.woke_known,
                )
                % {"woke": self.woke, "known": self.woke_known}
            )
        if self.sleep_disturbance is not None:
            sleep.append(
                ngettext(
                    "sleep disturbance %(score)s/10 (median of %(count)s rated night)",
                    "sleep disturbance %(score)s/10 (median of %(count)s rated nights)",
                    self.sleep_disturbance_known,
                )
                % {
                    "score": format_number(self.sleep_disturbance),
                    "count": self.sleep_disturbance_known,
                }
            )
        if not sleep:
            return ""
        text = "; ".join(sleep)  # whole clauses, each translated on its own
        return text[0].upper() + text[1:]

    def rows(self):
        """(label, text) pairs: the headline as the page and the PDF print it."""
        if self.logged_nights == 0:
            return [
                (
                    _("Logging"),
                    _("%(completeness)s; nothing to summarise yet.")
                    % {"completeness": self.completeness},
                )
            ]
        rows = [
            (_("Logging"), self.completeness),
            (_("Cramp nights"), self._cramp_nights_text()),
            (_("Night cramps"), self._night_cramps_text()),
            (_("Trend"), self.trend),
        ]
        not_timed = _("not timed")
        if self.longest_seconds is not None:
            rows.append(
                (
                    _("Longest cramp"),
                    _("%(duration)s (night of %(day)s)")
                    % {
                        "duration": format_duration(self.longest_seconds, not_timed),
                        "day": day_month_year(self.longest_on),
                    },
                )
            )
            rows.append(
                (
                    _("Median duration"),
                    ngettext(
                        "%(duration)s (%(count)s timed)",
                        "%(duration)s (%(count)s timed)",
                        self.durations_known,
                    )
                    % {
                        "duration": format_duration(self.median_seconds, not_timed),
                        "count": self.durations_known,
                    },
                )
            )
        if self.typical_severity is not None:
            rows.append(
                (
                    _("Typical severity"),
                    ngettext(
                        "%(severity)s/10 (median of %(count)s scored)",
                        "%(severity)s/10 (median of %(count)s scored)",
                        self.severities_known,
                    )
                    % {
                        "severity": format_number(self.typical_severity),
                        "count": self.severities_known,
                    },
                )
            )
        sleep = self._sleep_text()
        if sleep:
            rows.append((_("Sleep"), sleep))
        if self.soreness:
            rows.append(
                (
                    _("Soreness after"),
                    ", ".join(f"{label} {n}" for label, n in self.soreness),
                )
            )
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
        shown = ", ".join(
            f"{day_month_year(t)} {t:%H:%M}" for t in self.times[:RED_FLAG_TIMES_SHOWN]
        )
        hidden = len(self.times) - RED_FLAG_TIMES_SHOWN
        if hidden <= 0:
            return shown
        return ngettext("%(times)s and %(count)s more", "%(times)s and %(count)s more", hidden) % {
            "times": shown,
            "count": hidden,
        }


@dataclass(frozen=True)
class MedicationItem:
    name: str
    dose: str
    drug_class: str
    flagged: bool  # the kind has a published association with cramps
    started_on: date
    stopped_on: date | None
    kind: str = ""  # journal.models.DrugClass value


@dataclass(frozen=True)
class TreatmentItem:
    """A medicine taken as a cramp treatment or supplement, by name."""

    name: str
    started_on: date
    stopped_on: date | None

    @property
    def text(self):
        if self.stopped_on:
            return _("%(name)s (%(start)s to %(end)s)") % {
                "name": self.name,
                "start": day_month_year(self.started_on),
                "end": day_month_year(self.stopped_on),
            }
        return _("%(name)s (since %(start)s)") % {
            "name": self.name,
            "start": day_month_year(self.started_on),
        }


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
class ReliefLine:
    """A relief as the doctor reads it (counted by insights.descriptives.relief_rows)."""

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
    factors_checked: int
    relief: list[ReliefLine]
    treatments: list[TreatmentItem] = field(default_factory=list)
    cramps_began: str = ""
    patient_name: str = ""
    date_of_birth: date | None = None
    questions: list[str] = field(default_factory=list)
    visit_prompts: list = field(default_factory=list)  # journal.guidance.VisitPrompt
    analysis_range: str = ""  # the nights the trigger analysis is based on
    whole_journal_notes: list[str] = field(default_factory=list)  # where the whole journal differs
    # Lazy: read in the language the summary is rendered in.
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
        return ngettext(
            "%(first)s to %(last)s (%(count)s night)",
            "%(first)s to %(last)s (%(count)s nights)",
            self.nights_in_range,
        ) % {
            "first": day_month_year(self.first),
            "last": day_month_year(self.last),
            "count": self.nights_in_range,
        }

    @property
    def trigger_status_text(self):
        if self.trigger_status == "unavailable":
            return _("Trigger analysis unavailable.")
        based_on = _("Based on the nights of this summary only, %(range)s.") % {
            "range": self.analysis_range
        }
        if self.trigger_status != "ready":
            text = _(
                "Not enough logged nights yet to compare triggers (at least 14 logged "
                "nights and 4 cramp nights are needed)."
            )
        elif not self.possible_links:
            text = ngettext(
                "%(count)s factor checked; no possible link found.",
                "%(count)s factors checked; no possible link found.",
                self.factors_checked,
            ) % {"count": self.factors_checked}
        else:
            text = ngettext(
                "%(count)s factor checked.",
                "%(count)s factors checked.",
                self.factors_checked,
            ) % {"count": self.factors_checked}
        return " ".join([based_on, text, *self.whole_journal_notes])

    @property
    def no_clear_text(self):
        return no_clear_text(self.no_clear)

    @property
    def association_sources(self):
        """The published sources of the marked kinds of medicine ("" when none is marked)."""
        kinds = sorted({m.kind for m in self.medications if m.flagged})
        keys = dict.fromkeys(key for kind in kinds for key in PUBLISHED_ASSOCIATIONS[kind][1])
        return cite(*keys) if keys else ""

    @property
    def association_caveat(self):
        return str(ASSOCIATION_NOTE) if self.association_sources else ""

    @property
    def association_note(self):
        """Under the medicine list: what the mark means and where it comes from."""
        if not self.association_sources:
            return ""
        sources = _("Sources: %(sources)s.") % {"sources": self.association_sources}
        return f"{ASSOCIATION_NOTE} {sources}"

    @property
    def any_medication_caveat(self):
        """The medicine caveat under the triggers, unless each medicine finding carries it."""
        caveat = str(MEDICINE_CAVEAT)
        return any(t.is_medication and caveat not in str(t.sentence) for t in self.possible_links)

    @property
    def changes_need_caveat(self):
        """The medicine caveat under the comparisons, unless their sentences carry it."""
        changes = self.medication_changes or []
        caveat = str(MEDICINE_CAVEAT)
        return bool(changes) and not all(caveat in str(c.sentence) for c in changes)


@dataclass(frozen=True)
class ConditionRecord:
    """A condition as the view reads it from the database (kind is a ConditionKind value)."""

    kind: str
    started_on: date | None
    ended_on: date | None
    notes: str


# --- Formatting helpers shared by the page and the PDF ----------------------------------


def format_number(value):
    """One decimal, without a trailing .0, in the active language: 2.0 -> "2",
    2.25 -> "2.2" ("2,2" in German and Spanish)."""
    if value is None:
        return "-"
    text = f"{value:.1f}"
    return number_format(Decimal(text[:-2] if text.endswith(".0") else text))


def no_clear_text(labels):
    """ "No clear pattern: Did not stretch, Heat." (the page and the PDF)."""
    return _("No clear pattern: %(factors)s.") % {"factors": ", ".join(map(str, labels))}


def mid_sentence(label):
    """A label ("Calf", "Did not stretch") written inside a sentence: lower case, except
    in German, where nouns keep their capital letter."""
    label = str(label)
    language = translation.get_language() or ""
    return label if language.startswith("de") else label.lower()


# --- Building -----------------------------------------------------------------------------


def _label(enum, value):
    try:
        return str(enum(value).label)
    except ValueError:
        return value or "-"


def _per_week(count, logged):
    # From a few nights a weekly rate is a projection, not a measurement.
    return None if logged < MIN_NIGHTS_FOR_RATE else count / logged * 7


def _trend(journal):
    nights = journal.nights
    if len(nights) < 7 * TREND_MIN_WEEKS:
        return ngettext(
            "Range too short to describe a trend (at least %(weeks)s week).",
            "Range too short to describe a trend (at least %(weeks)s weeks).",
            TREND_MIN_WEEKS,
        ) % {"weeks": TREND_MIN_WEEKS}
    if sum(n.cramps for n in journal.logged_nights) < TREND_MIN_CRAMPS:
        return _("Too few night cramps to describe a trend (at least %(count)s).") % {
            "count": TREND_MIN_CRAMPS
        }
    middle = len(nights) // 2
    halves = []
    for part in (nights[:middle], nights[middle:]):
        logged = [n for n in part if n.logged]
        if len(logged) < TREND_MIN_NIGHTS:
            return _("Too few logged nights in each half of the range to describe a trend.")
        halves.append(sum(n.cramps for n in logged) / len(logged) * 7)
    before, after = halves
    numbers = {"before": format_number(before), "after": format_number(after)}
    if before == after == 0:
        return _("No night cramps logged in either half of the range.")
    if before == 0 or after / before >= TREND_RATIO:
        return (
            _(
                "More often lately: %(before)s cramps per week in the first half of the range, "
                "%(after)s in the second half."
            )
            % numbers
        )
    if after == 0 or after / before <= 1 / TREND_RATIO:
        return (
            _(
                "Less often lately: %(before)s cramps per week in the first half of the range, "
                "%(after)s in the second half."
            )
            % numbers
        )
    return (
        _(
            "About the same: %(before)s cramps per week in the first half of the range, "
            "%(after)s in the second half."
        )
        % numbers
    )


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
    disrupted = broken_sleep_nights(journal.cramps, journal.nights) & {n.night for n in logged}
    return Headline(
        logged_nights=len(logged),
        total_nights=len(journal.nights),
        cramp_nights=cramp_nights,
        night_cramps=night_cramp_count,
        daytime_cramps=sum(1 for c in journal.cramps if not c.is_night),
        cramp_nights_per_week=_per_week(cramp_nights, len(logged)),
        cramps_per_week=_per_week(night_cramp_count, len(logged)),
        cramps_per_week_lower=_per_week(night_cramp_count, len(journal.nights)),
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
        sleep_disrupted_nights=len(disrupted),
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
            muscle = mid_sentence(_label(Muscle, cramp.muscle))
            if muscle not in muscles:
                muscles.append(muscle)
    return [
        RedFlagItem(
            what=rule.cramp,
            times=tuple(times),
            muscles=", ".join(muscles),
            guidance=str(rule.guidance),
            source=str(rule.source_text),
        )
        for rule, times, muscles in groups.values()
    ]


def _medications(journal):
    return [
        MedicationItem(
            name=m.name,
            dose=m.dose,
            drug_class=_label(DrugClass, m.drug_class),
            flagged=m.drug_class in PUBLISHED_ASSOCIATIONS,
            started_on=m.started_on,
            stopped_on=m.stopped_on,
            kind=m.drug_class,
        )
        for m in sorted(journal.medications, key=lambda m: (m.started_on, m.name))
    ]


def _treatments(journal):
    """Supplements, muscle relaxants and quinine from the medicine list, by name."""
    return [
        TreatmentItem(f"{m.name} {m.dose}".strip(), m.started_on, m.stopped_on)
        for m in sorted(journal.medications, key=lambda m: (m.started_on, m.name))
        if m.drug_class in TREATMENT_CLASSES or TREATMENT_NAMES & set(words_of(m.name))
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
        # A change with too few nights around it to compare says nothing: left out.
        if earliest <= c.on <= journal.last and c.verdict != NOT_ENOUGH
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
            counts[DAYTIME] += 1
            continue
        for low, high, label in NIGHT_BANDS:
            if low <= cramp.hours_into_night < high:
                counts[label] += 1
                break
    bands = [(label, label) for _low, _high, label in NIGHT_BANDS]
    bands.append((DAYTIME, str(DAYTIME_BAND)))
    return [CountRow(label, counts[key]) for key, label in bands if counts[key]]


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
    rows = sorted(relief_rows(journal.cramps), key=lambda r: (-r.best, -r.tried, r.relief))
    return [ReliefLine(_label(Relief, r.relief), r.tried, r.best) for r in rows]


def _questions(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _whole_journal_notes(analysis, whole):
    """Sentences for factors whose verdict over the whole journal differs from this period's."""
    if whole is None or analysis is None or whole.status != "ready":
        return []
    if (whole.first, whole.last) == (analysis.first, analysis.last):
        return []
    here = {t.trigger_id: t for t in analysis.triggers}
    notes = []
    for trigger in whole.triggers:
        mine = here.get(trigger.trigger_id)
        if mine is None or mine.verdict == trigger.verdict:
            continue
        if trigger.verdict not in LINKS and (
            mine.verdict not in LINKS or analysis.status != "ready"
        ):
            continue
        notes.append(
            _(
                'Over the whole journal (%(range)s) %(factor)s reads "%(whole)s"; '
                'in this period "%(period)s".'
            )
            % {
                "range": whole.range_text,
                "factor": mid_sentence(trigger.label),
                "whole": trigger.verdict_label,
                "period": mine.verdict_label,
            }
        )
    return notes


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
    whole_analysis=None,
    generated_on: date,
    patient_name="",
    date_of_birth=None,
    questions="",
    cramps_began="",
) -> DoctorSummary:
    """Assemble the summary. `analysis=None` means the trigger analysis is unavailable.

    `analysis` is the analysis of this summary's nights; `whole_analysis`, when
    given, that of the whole journal, so the summary can say where it differs.
    Factors never recorded, or that could not be compared, are left out: they
    say nothing to the doctor.
    """
    possible, no_clear = [], []
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
            elif trigger.verdict in ("no_clear", "cannot_separate"):
                no_clear.append(trigger.label)
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
        factors_checked=factors,
        relief=_relief(journal),
        treatments=_treatments(journal),
        cramps_began=cramps_began.strip(),
        patient_name=patient_name.strip(),
        date_of_birth=date_of_birth,
        questions=_questions(questions),
        visit_prompts=visit_prompts(journal.cramps, journal.nights, journal.last),
        analysis_range=analysis.range_text if analysis is not None else "",
        whole_journal_notes=_whole_journal_notes(analysis, whole_analysis),
    )


SUMMARY_CHARTS = ("trend", "time_of_night", "muscles")


def summary_charts(journal, fmt="png", kinds=SUMMARY_CHARTS):
    """{kind: bytes} for the chosen kinds of chart, or {} while insights.charts is missing.

    "trend" is cramps per week with the medicine periods (a solid line where a
    medicine started, dashed where it stopped). No cramps, no charts.
    """
    try:
        from insights.charts import muscles_chart, time_of_night_chart, trend_chart
        from insights.weekly import week_points
    except ImportError:
        return {}
    if not journal.cramps:
        return {}
    draw = {
        "trend": lambda: trend_chart(week_points(journal), journal.medications, fmt=fmt),
        "time_of_night": lambda: time_of_night_chart(journal.cramps, theme="light", fmt=fmt),
        "muscles": lambda: muscles_chart(journal.cramps, theme="light", fmt=fmt),
    }
    return {kind: draw[kind]() for kind in kinds}
