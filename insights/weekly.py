"""The weekly review and the trends, assembled from a plain `Journal`.

Pure: records in, plain values out (no database, no requests), so the week
page, the chart images and their "Show as table" fallbacks all read the same
numbers. Text people read is in the active language (Django's translation and
date formats are the only Django used here). An ISO week's nights are its seven journal days, Monday..Sunday
(night D runs from 18:00 on D to 12:00 on D+1; see journal.nights).
"""

import re
import statistics
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy

from insights import charts, descriptives
from insights.charts import ReliefRow, WeekPoint
from journal.formatting import day_month_year, format_duration, short_day
from journal.models import RED_FLAG_MINUTES
from journal.nights import journal_slot
from journal.records import CrampRecord, Journal
from journal.redflags import describe

ISO_WEEK = re.compile(r"(\d{4})-W(\d{2})", re.ASCII)
COMPARE_WEEKS = 4
RANGES = {"4w": 4, "12w": 12, "1y": 52, "all": None}
RANGE_LABELS = {
    "4w": gettext_lazy("4 weeks"),
    "12w": gettext_lazy("12 weeks"),
    "1y": gettext_lazy("1 year"),
    # Translators: the whole journal, a choice of range on the trends page.
    "all": pgettext_lazy("range", "All"),
}
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
    """How a week is named to people: "23 Mar 2026" (its Monday), not "2026-W13";
    in the active language ("23. März 2026", "23 mar 2026")."""
    return day_month_year(monday)


def isoweek(monday: date) -> str:
    year, week, _weekday = monday.isocalendar()
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
        # Translators: 12-hour clock suffixes, as in "3:05 am" and "3:05 pm".
        suffix = pgettext("clock", "am") if moment.hour < 12 else pgettext("clock", "pm")
        return f"{moment.hour % 12 or 12}:{moment.minute:02d} {suffix}"
    return f"{moment:%H:%M}"


def short_date(day: date) -> str:
    """A night or a day as people read it: "Mon 23 Mar", "Mo., 23. März", "lun 23 mar"."""
    return short_day(day)


format_number = charts.format_number


def of(count, total) -> str:
    # Translators: a share, as in "5 of 7" logged nights.
    return _("%(count)s of %(total)s") % {"count": count, "total": total}


def span(first: date, last: date) -> str:
    # Translators: the first and last night a table row sums, e.g. "2026-03-23 – 2026-03-29".
    return _("%(first)s – %(last)s") % {"first": first, "last": last}


def label_of(labels, code):
    return str(labels.get(code, code.replace("_", " ").capitalize())) if code else ""


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
    status: str  # "cramps", "cramp-free", "not logged" or "upcoming" (a code, not text)
    cramps: int
    entries: list[CrampLine]  # night and daytime cramps of this journal day

    @property
    def label(self) -> str:
        """The status as people read it, in the active language: "2 cramps",
        "Cramp-free", "Not logged", "Upcoming"."""
        if self.status == "cramps":
            return ngettext("%(count)s cramp", "%(count)s cramps", self.cramps) % {
                "count": self.cramps
            }
        return {
            "cramp-free": _("Cramp-free"),
            "not logged": _("Not logged"),
            "upcoming": _("Upcoming"),
        }.get(self.status, self.status)


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
        WeekFigure(_("Cramps"), str(now["cramps"]), average("cramps"), True),
        WeekFigure(
            _("Nights with cramps"), str(now["cramp_nights"]), average("cramp_nights"), True
        ),
        WeekFigure(
            _("Logged nights"),
            of(now["logged"], len(week.nights)),
            average("logged"),
            True,
        ),
        WeekFigure(
            # Translators: the longest cramp of the week.
            _("Longest"),
            format_duration(now["longest"], "—"),
            format_duration(then["longest"], "—"),
        ),
        WeekFigure(
            _("Median duration"),
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
                time=format_time(c.started_at, clock)
                if c.is_night
                else _("%(time)s (daytime)") % {"time": format_time(c.started_at, clock)},
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
        FlagLine(c, f"{short_date(c.started_at)} {format_time(c.started_at, clock)}", rules)
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
    return short_date(day)


def _cramps(count) -> str:
    return ngettext("%(count)s cramp", "%(count)s cramps", count) % {"count": count}


def nightly_table(nights) -> ChartTable:
    unit, buckets = charts.bucket_nights(nights)
    rows = []
    for b in buckets:
        label = _night_label(b.first) if unit == "night" else span(b.first, b.last)
        count = str(b.cramps) if b.logged else _("not logged")
        rows.append((label, count, of(b.logged_nights, b.nights)))
    logged = sum(b.logged_nights for b in buckets)
    total = sum(b.cramps for b in buckets)
    unlogged = sum(b.nights for b in buckets) - logged
    parts = {
        "heading": charts.CRAMPS_PER_UNIT[unit],
        "cramps": _cramps(total),
        "logged": ngettext("%(count)s logged night", "%(count)s logged nights", logged)
        % {"count": logged},
        "unlogged": ngettext("%(count)s night", "%(count)s nights", unlogged) % {"count": unlogged},
    }
    if unlogged:
        # Translators: e.g. "Cramps per night: 5 cramps over 6 logged nights; 1 night not logged."
        summary = _("%(heading)s: %(cramps)s over %(logged)s; %(unlogged)s not logged.") % parts
    else:
        # Translators: e.g. "Cramps per night: 5 cramps over 7 logged nights."
        summary = _("%(heading)s: %(cramps)s over %(logged)s.") % parts
    return ChartTable(
        _("Cramps per night"),
        (str(charts.UNIT_LABELS[unit]), _("Cramps"), _("Logged nights")),
        rows,
        summary,
    )


def hour_table(cramps, clock="24") -> ChartTable:
    counts, daytime = charts.hour_counts(cramps)
    rows = [
        (f"{charts.clock_label(h, clock)}–{charts.clock_label(h + 1, clock)}", str(n))
        for h, n in enumerate(counts)
        if n
    ]
    if daytime:
        rows.append((_("Daytime (12:00–18:00)"), str(daytime)))
    total = sum(counts)
    if any(counts):
        busiest = max(range(len(counts)), key=lambda h: counts[h])
        summary = ngettext(
            "Time of night: %(count)s night cramp, most between %(start)s and %(end)s.",
            "Time of night: %(count)s night cramps, most between %(start)s and %(end)s.",
            total,
        ) % {
            "count": total,
            "start": charts.clock_label(busiest, clock),
            "end": charts.clock_label(busiest + 1, clock),
        }
    else:
        summary = ngettext(
            "Time of night: %(count)s night cramp.", "Time of night: %(count)s night cramps.", total
        ) % {"count": total}
    return ChartTable(_("Cramps by hour of the night"), (_("Hour"), _("Cramps")), rows, summary)


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
    if rows:
        # Translators: %(list)s is e.g. "Calf 3, Foot 1" (muscle and its number of cramps).
        summary = _("Muscles: %(list)s.") % {"list": ", ".join(f"{r[0]} {r[-1]}" for r in rows)}
    else:
        summary = _("Muscles: nothing logged.")
    columns = (_("Muscle"), *(str(charts.SIDE_LABELS[s]) for s in charts.SIDE_ORDER), _("Total"))
    return ChartTable(_("Cramps by muscle and side"), columns, rows, summary)


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
    summary = ngettext(
        "Duration and severity of %(count)s cramp; %(long)s longer than %(minutes)s minutes.",
        "Duration and severity of %(count)s cramps; %(long)s longer than %(minutes)s minutes.",
        len(cramps),
    ) % {"count": len(cramps), "long": long, "minutes": RED_FLAG_MINUTES}
    return ChartTable(
        _("Duration and severity per cramp"),
        (_("Cramp"), _("Duration"), _("Severity (0–10)")),
        rows,
        summary,
    )


def context_table(nights, days, fluid_unit="ml") -> ChartTable:
    unit, rows = charts.context_rows(nights, days)
    scale, fluid_label = charts.FLUID_UNITS[fluid_unit]
    table = [
        (
            _night_label(b.first) if unit == "night" else span(b.first, b.last),
            _("not recorded") if f is None else format_number(round(f * scale, 1)),
            _("not recorded") if e is None else format_number(round(e)),
            str(b.cramps) if b.logged else _("not logged"),
        )
        for b, f, e in rows
    ]
    return ChartTable(
        _("Day context and that night's cramps"),
        (
            str(charts.UNIT_LABELS[unit]),
            str(fluid_label),
            _("Exercise (min)"),
            _("Cramps that night"),
        ),
        table,
        _("Fluids and exercise per day with the cramps of the following night."),
    )


def trend_table(weeks) -> ChartTable:
    rolling = charts.rolling_mean(weeks)
    rows = [
        (
            week_label(w.week_start),
            str(w.cramps) if w.logged else _("not logged"),
            of(w.logged_nights, w.nights),
            format_number(None if r is None else round(r, 1)),
        )
        for w, r in zip(weeks, rolling, strict=True)
    ]
    total = sum(w.cramps for w in weeks)
    return ChartTable(
        _("Weekly counts"),
        (
            _("Week of"),
            _("Cramps"),
            _("Logged nights"),
            ngettext("%(weeks)s-week average", "%(weeks)s-week average", 4) % {"weeks": 4},
        ),
        rows,
        ngettext(
            "Cramps per week over %(weeks)s week: %(cramps)s in total.",
            "Cramps per week over %(weeks)s weeks: %(cramps)s in total.",
            len(weeks),
        )
        % {"weeks": len(weeks), "cramps": _cramps(total)},
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
        _("Weekly median duration and severity"),
        (_("Week of"), _("Median duration (min)"), _("Median severity (0–10)")),
        rows,
        ngettext(
            "Median cramp duration and severity for %(count)s week with cramps.",
            "Median cramp duration and severity for %(count)s weeks with cramps.",
            len(rows),
        )
        % {"count": len(rows)},
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
        _("What helped (observational)"),
        (_("Relief tried"), _("Cramps"), _("Median duration (min)")),
        table,
        _("Median cramp length by relief tried; observational, not a test of what works."),
    )


def forest_table(rows) -> ChartTable:
    table = [
        (
            r.label,
            "—" if r.rate_ratio is None else charts.decimal_text(r.rate_ratio, 2),
            "—"
            if r.ci_low is None
            else f"{charts.decimal_text(r.ci_low, 2)}–{charts.decimal_text(r.ci_high, 2)}",
            _("Possible link") if r.highlight else "",
        )
        for r in rows
    ]
    return ChartTable(
        _("Factors and cramps"),
        (
            _("Factor"),
            _("Rate ratio"),
            # Translators: a confidence interval, English "95% interval".
            _("%(level)s%% interval") % {"level": 95},
            _("Verdict"),
        ),
        table,
        ngettext(
            "Rate ratios with %(level)s%% intervals for %(count)s factor; 1 means no difference.",
            "Rate ratios with %(level)s%% intervals for %(count)s factors; 1 means no difference.",
            len(rows),
        )
        % {"level": 95, "count": len(rows)},
    )
