"""The weekly review and the trends, assembled from a plain `Journal`.

Pure: records in, plain values out (no database, no requests, no Django), so the
week page, the chart images and their "Show as table" fallbacks all read the
same numbers. An ISO week's nights are its seven journal days, Monday..Sunday
(night D runs from 18:00 on D to 12:00 on D+1; see journal.nights).
"""

import re
import statistics
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from insights import charts, descriptives
from insights.charts import ReliefRow, WeekPoint
from journal.formatting import format_duration
from journal.models import RED_FLAG_MINUTES
from journal.nights import journal_slot
from journal.records import CrampRecord, Journal
from journal.redflags import describe

ISO_WEEK = re.compile(r"(\d{4})-W(\d{2})", re.ASCII)
COMPARE_WEEKS = 4
RANGES = {"4w": 4, "12w": 12, "1y": 52, "all": None}
RANGE_LABELS = {"4w": "4 weeks", "12w": "12 weeks", "1y": "1 year", "all": "All"}
DEFAULT_RANGE = "4w"


# --- Weeks -----------------------------------------------------------------------------


MIN_YEAR, MAX_YEAR = 1900, 9998


def parse_isoweek(text: str) -> date:
    """The Monday of an ISO week written "2026-W13"; ValueError otherwise."""
    match = ISO_WEEK.fullmatch(text or "")
    if not match:
        raise ValueError(f"not an ISO week: {text!r}")
    year = int(match[1])
    # Weeks are compared with the 4 before and linked to the next: keep clear of
    # the calendar's ends, where that arithmetic would overflow.
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
    return date.fromisocalendar(year, int(match[2]), 1)


def week_label(monday: date) -> str:
    """How a week is named to people: "23 Mar 2026" (its Monday), not "2026-W13"."""
    return f"{monday.day} {monday:%b %Y}"


def isoweek(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def current_night(now: datetime, tz) -> date:
    """The night in progress, just ended (before noon) or coming this evening:
    the last night a review can show. Later nights have not happened yet."""
    return journal_slot(now, tz).day


def week_is_complete(monday: date, now: datetime, tz) -> bool:
    """True once the week's Sunday night is over or ending (Monday after midnight)."""
    sunday = monday + timedelta(days=6)
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return current_night(now, tz) > sunday or now.astimezone(zone).date() > sunday


def current_monday(now: datetime, tz) -> date:
    """The week of the current night: Monday 03:00 still belongs to Sunday's
    night and so to the week that is ending."""
    return monday_of(current_night(now, tz))


def range_mondays(key: str, this_monday: date, first_day: date | None) -> tuple[date, date]:
    """(first Monday, last Monday) of a trends range ending with this week."""
    weeks = RANGES[key]
    if weeks is None:
        start = monday_of(first_day) if first_day else this_monday
        return min(start, this_monday), this_monday
    return this_monday - timedelta(weeks=weeks - 1), this_monday


def slice_journal(journal: Journal, first: date, last: date) -> Journal:
    """The part of a journal between nights first and last, inclusive."""
    return replace(
        journal,
        first=first,
        last=last,
        nights=[n for n in journal.nights if first <= n.night <= last],
        cramps=[c for c in journal.cramps if first <= c.journal_day <= last],
        days={d: r for d, r in journal.days.items() if first <= d <= last},
    )


def night_cramps(cramps):
    return [c for c in cramps if c.is_night]


# --- Formatting --------------------------------------------------------------------------


def format_time(moment: datetime, clock="24") -> str:
    if clock == "12":
        return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"
    return f"{moment:%H:%M}"


format_number = charts.format_number


def label_of(labels, code):
    return labels.get(code, code.replace("_", " ").capitalize()) if code else ""


# --- The week page -------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekFigure:
    label: str
    value: str
    before: str  # the same number for the 4 weeks before (per-week average for counts)
    per_week: bool = False  # `before` is an average per week


@dataclass(frozen=True)
class CrampLine:
    cramp: CrampRecord
    time: str
    muscle: str
    side: str
    duration: str
    severity: str


@dataclass(frozen=True)
class NightLine:
    night: date
    status: str  # "cramps", "cramp-free" or "not logged"
    cramps: int
    entries: list[CrampLine]  # night and daytime cramps of this journal day


@dataclass(frozen=True)
class FlagLine:
    cramp: CrampRecord
    when: str
    rules: list  # journal.redflags.RedFlagRule


@dataclass
class WeekSummary:
    monday: date
    headlines: list[WeekFigure]
    nights: list[NightLine]
    red_flags: list[FlagLine]
    daytime_cramps: int
    compared_weeks: int = COMPARE_WEEKS
    days_so_far: int = 7  # below 7, the weeks before are compared on the same days only
    journal: Journal | None = field(default=None, repr=False)  # this week only

    @property
    def sunday(self):
        return self.monday + timedelta(days=6)

    @property
    def isoweek(self):
        return isoweek(self.monday)


def _counts(journal: Journal):
    durations = [c.duration_seconds for c in night_cramps(journal.cramps) if c.duration_seconds]
    return {
        "cramps": sum(n.cramps for n in journal.nights),
        "cramp_nights": sum(1 for n in journal.nights if n.cramps > 0),
        "logged": sum(1 for n in journal.nights if n.logged),
        "longest": max(durations) if durations else None,
        "median": statistics.median(durations) if durations else None,
    }


def week_summary(
    journal: Journal, monday: date, *, labels=None, clock="24", until: date | None = None
) -> WeekSummary:
    """Headline numbers, nights and red flags of the week starting `monday`.

    `journal` must cover the 4 weeks before the week as well (for comparison).
    Nights after `until` (the current night, see current_night) have not
    happened yet: they are listed as upcoming and counted nowhere.
    """
    labels = labels or {}
    sunday = monday + timedelta(days=6)
    last = min(sunday, until) if until else sunday
    week = slice_journal(journal, monday, last)
    before = slice_journal(journal, monday - timedelta(weeks=COMPARE_WEEKS), monday - timedelta(1))
    days_so_far = max(0, (last - monday).days + 1)
    if days_so_far < 7:
        # A week under way is compared with the same weekdays of the weeks before,
        # never one day against whole weeks.
        before = replace(
            before,
            nights=[n for n in before.nights if n.night.weekday() < days_so_far],
            cramps=[c for c in before.cramps if c.journal_day.weekday() < days_so_far],
        )
    now, then = _counts(week), _counts(before)

    def average(key):
        return format_number(round(then[key] / COMPARE_WEEKS, 1))

    headlines = [
        WeekFigure("Cramps", str(now["cramps"]), average("cramps"), True),
        WeekFigure("Nights with cramps", str(now["cramp_nights"]), average("cramp_nights"), True),
        WeekFigure(
            "Logged nights", f"{now['logged']} of {len(week.nights)}", average("logged"), True
        ),
        WeekFigure(
            "Longest", format_duration(now["longest"], "—"), format_duration(then["longest"], "—")
        ),
        WeekFigure(
            "Median duration",
            format_duration(now["median"], "—"),
            format_duration(then["median"], "—"),
        ),
    ]

    by_day = {}
    for cramp in week.cramps:
        by_day.setdefault(cramp.journal_day, []).append(cramp)
    nights = []
    for night in slice_journal(journal, monday, sunday).nights:
        entries = [
            CrampLine(
                cramp=c,
                time=format_time(c.started_at, clock) + ("" if c.is_night else " (daytime)"),
                muscle=label_of(labels.get("muscle", {}), c.muscle),
                side=label_of(labels.get("side", {}), c.side) if c.side != "na" else "",
                duration=format_duration(c.duration_seconds, "—"),
                severity="—" if c.severity is None else f"{c.severity}/10",
            )
            for c in by_day.get(night.night, [])
        ]
        if night.night > last:
            status = "upcoming"
        elif night.cramps:
            status = "cramps"
        elif night.logged:
            status = "cramp-free"
        else:
            status = "not logged"
        nights.append(NightLine(night.night, status, night.cramps, entries))

    red_flags = [
        FlagLine(c, f"{c.started_at:%a %-d %b} {format_time(c.started_at, clock)}", rules)
        for c in week.cramps
        if (rules := describe(c.red_flags))
    ]
    return WeekSummary(
        monday=monday,
        headlines=headlines,
        nights=nights,
        red_flags=red_flags,
        daytime_cramps=sum(1 for c in week.cramps if not c.is_night),
        journal=week,
        days_so_far=days_so_far,
    )


# --- Trends -------------------------------------------------------------------------------


def week_points(journal: Journal) -> list[WeekPoint]:
    """One point per ISO week of the journal, oldest first."""
    weeks = {}
    for night in journal.nights:
        weeks.setdefault(monday_of(night.night), []).append(night)
    cramps_by_week = {}
    for cramp in night_cramps(journal.cramps):
        cramps_by_week.setdefault(monday_of(cramp.journal_day), []).append(cramp)
    points = []
    for monday, nights in weeks.items():
        cramps = cramps_by_week.get(monday, [])
        durations = [c.duration_seconds / 60 for c in cramps if c.duration_seconds]
        severities = [c.severity for c in cramps if c.severity is not None]
        points.append(
            WeekPoint(
                week_start=monday,
                cramps=sum(n.cramps for n in nights),
                logged_nights=sum(1 for n in nights if n.logged),
                cramp_nights=sum(1 for n in nights if n.cramps > 0),
                nights=len(nights),
                median_minutes=statistics.median(durations) if durations else None,
                median_severity=statistics.median(severities) if severities else None,
            )
        )
    return points


def relief_rows(cramps, labels=None) -> list[ReliefRow]:
    """Median length of the cramps each relief was tried on (observational): the
    chart's rows from the one tally (insights.descriptives.relief_rows)."""
    labels = labels or {}
    return [
        ReliefRow(
            label=label_of(labels, row.relief),
            cramps=row.tried,
            median_minutes=None
            if row.median_duration_seconds is None
            else row.median_duration_seconds / 60,
        )
        for row in sorted(descriptives.relief_rows(cramps), key=lambda r: r.relief)
        if row.relief != "nothing"
    ]


# --- "Show as table": the numbers behind each chart ----------------------------------------


@dataclass(frozen=True)
class ChartTable:
    caption: str
    columns: tuple[str, ...]
    rows: list[tuple]
    summary: str  # one sentence, used as the image's alt text


def _night_label(day: date) -> str:
    return f"{day:%a %-d %b}"


def nightly_table(nights) -> ChartTable:
    unit, buckets = charts.bucket_nights(nights)
    rows = []
    for b in buckets:
        label = _night_label(b.first) if unit == "night" else f"{b.first} – {b.last}"
        count = str(b.cramps) if b.logged else "not logged"
        rows.append((label, count, f"{b.logged_nights} of {b.nights}"))
    logged = sum(b.logged_nights for b in buckets)
    total = sum(b.cramps for b in buckets)
    unlogged = sum(b.nights for b in buckets) - logged
    summary = f"Cramps per {unit}: {total} cramps over {logged} logged nights"
    summary += f"; {unlogged} nights not logged." if unlogged else "."
    return ChartTable(
        "Cramps per night", (unit.capitalize(), "Cramps", "Logged nights"), rows, summary
    )


def hour_table(cramps, clock="24") -> ChartTable:
    counts, daytime = charts.hour_counts(cramps)
    rows = [
        (f"{charts.clock_label(h, clock)}–{charts.clock_label(h + 1, clock)}", str(n))
        for h, n in enumerate(counts)
        if n
    ]
    if daytime:
        rows.append(("Daytime (12:00–18:00)", str(daytime)))
    busiest = max(range(len(counts)), key=lambda h: counts[h]) if any(counts) else None
    summary = f"Time of night: {sum(counts)} night cramps"
    if busiest is not None:
        summary += f", most between {charts.clock_label(busiest, clock)} and {charts.clock_label(busiest + 1, clock)}"
    return ChartTable("Cramps by hour of the night", ("Hour", "Cramps"), rows, summary + ".")


def muscles_table(cramps, labels=None) -> ChartTable:
    labels = labels or {}
    rows = [
        (
            label_of(labels, muscle),
            *(str(sides[s]) for s in charts.SIDE_ORDER),
            str(sum(sides.values())),
        )
        for muscle, sides in charts.muscle_side_counts(cramps)
    ]
    summary = "Muscles: " + (
        ", ".join(f"{r[0]} {r[-1]}" for r in rows) if rows else "nothing logged"
    )
    columns = ("Muscle", *(charts.SIDE_LABELS[s] for s in charts.SIDE_ORDER), "Total")
    return ChartTable("Cramps by muscle and side", columns, rows, summary + ".")


def duration_table(cramps, clock="24") -> ChartTable:
    rows = [
        (
            f"{_night_label(c.started_at.date())} {format_time(c.started_at, clock)}",
            format_duration(c.duration_seconds, "—"),
            "—" if c.severity is None else str(c.severity),
        )
        for c in cramps
    ][-200:]  # the chart aggregates; the table stays readable
    long = sum(
        1 for c in cramps if c.duration_seconds and c.duration_seconds > RED_FLAG_MINUTES * 60
    )
    summary = f"Duration and severity of {len(cramps)} cramps; {long} longer than 10 minutes."
    return ChartTable(
        "Duration and severity per cramp", ("Cramp", "Duration", "Severity (0–10)"), rows, summary
    )


def context_table(nights, days, fluid_unit="ml") -> ChartTable:
    unit, rows = charts.context_rows(nights, days)
    scale, fluid_label = charts.FLUID_UNITS[fluid_unit]
    table = [
        (
            _night_label(b.first) if unit == "night" else f"{b.first} – {b.last}",
            "not recorded" if f is None else format_number(round(f * scale, 1)),
            "not recorded" if e is None else format_number(round(e)),
            str(b.cramps) if b.logged else "not logged",
        )
        for b, f, e in rows
    ]
    return ChartTable(
        "Day context and that night's cramps",
        (unit.capitalize(), fluid_label, "Exercise (min)", "Cramps that night"),
        table,
        "Fluids and exercise per day with the cramps of the following night.",
    )


def trend_table(weeks) -> ChartTable:
    rolling = charts.rolling_mean(weeks)
    rows = [
        (
            week_label(w.week_start),
            str(w.cramps) if w.logged else "not logged",
            f"{w.logged_nights} of {w.nights}",
            format_number(None if r is None else round(r, 1)),
        )
        for w, r in zip(weeks, rolling, strict=True)
    ]
    total = sum(w.cramps for w in weeks)
    return ChartTable(
        "Weekly counts",
        ("Week of", "Cramps", "Logged nights", "4-week average"),
        rows,
        f"Cramps per week over {len(weeks)} weeks: {total} cramps in total.",
    )


def severity_table(weeks) -> ChartTable:
    rows = [
        (
            week_label(w.week_start),
            format_number(None if w.median_minutes is None else round(w.median_minutes, 1)),
            format_number(w.median_severity),
        )
        for w in weeks
        if w.median_minutes is not None or w.median_severity is not None
    ]
    return ChartTable(
        "Weekly median duration and severity",
        ("Week of", "Median duration (min)", "Median severity (0–10)"),
        rows,
        f"Median cramp duration and severity for {len(rows)} weeks with cramps.",
    )


def relief_table(rows) -> ChartTable:
    table = [
        (
            r.label,
            str(r.cramps),
            format_number(None if r.median_minutes is None else round(r.median_minutes, 1)),
        )
        for r in rows
    ]
    return ChartTable(
        "What helped (observational)",
        ("Relief tried", "Cramps", "Median duration (min)"),
        table,
        "Median cramp length by relief tried; observational, not a test of what works.",
    )


def forest_table(rows) -> ChartTable:
    table = [
        (
            r.label,
            "—" if r.rate_ratio is None else f"{r.rate_ratio:.2f}",
            "—" if r.ci_low is None else f"{r.ci_low:.2f}–{r.ci_high:.2f}",
            "Possible link" if r.highlight else "",
        )
        for r in rows
    ]
    return ChartTable(
        "Factors and cramps",
        ("Factor", "Rate ratio", "95% interval", "Verdict"),
        table,
        f"Rate ratios with 95% intervals for {len(rows)} factors; 1 means no difference.",
    )
