"""The data charts are drawn from, and the aggregation their "Show as table"
fallbacks share with them. Data is aggregated before drawing, so a chart's
size does not grow with the length of the journal."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from journal.models import ML_PER_FLOZ
from journal.nights import NIGHT_HOURS

MAX_NIGHT_BARS = 31  # above this, nights are summed per week, then per month
MAX_WEEK_BARS = 60  # above this, the weekly trend is drawn as one area
FLUID_UNITS = {
    "ml": (1 / 1000, gettext_lazy("Fluids (L)")),
    "floz": (1 / ML_PER_FLOZ, gettext_lazy("Fluids (fl oz)")),
}
# The same, when a bar is the mean day of a week or month.
FLUID_DAY_LABELS = {
    "ml": gettext_lazy("Fluids (L) a day"),
    "floz": gettext_lazy("Fluids (fl oz) a day"),
}
SIDE_ORDER = ("left", "right", "both", "na")
SIDE_LABELS = {
    # Translators: a column header and legend entry: cramps on the left side.
    "left": pgettext_lazy("side", "Left"),
    "right": pgettext_lazy("side", "Right"),
    "both": pgettext_lazy("side", "Both"),
    "na": pgettext_lazy("side", "No side"),
}  # short: a column header at 390 px
# What one bar (or table row) of a chart sums: bucket_nights' unit.
UNIT_LABELS = {
    "night": pgettext_lazy("chart unit", "Night"),
    "week": pgettext_lazy("chart unit", "Week"),
    "month": pgettext_lazy("chart unit", "Month"),
    "quarter": pgettext_lazy("chart unit", "Quarter"),
}
CRAMPS_PER_UNIT = {
    "night": gettext_lazy("Cramps per night"),
    "week": gettext_lazy("Cramps per week"),
    "month": gettext_lazy("Cramps per month"),
    "quarter": gettext_lazy("Cramps per quarter"),
}


@dataclass(frozen=True)
class WeekPoint:
    """One ISO week of the journal (Monday..Sunday nights)."""

    week_start: date  # the Monday
    cramps: int  # night-time cramps
    logged_nights: int
    cramp_nights: int = 0
    median_minutes: float | None = None
    median_severity: float | None = None
    nights: int = 7  # fewer for a week cut short by the range or by tonight

    @property
    def logged(self):
        return self.logged_nights > 0


@dataclass(frozen=True)
class ForestRow:
    label: str
    rate_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    highlight: bool = False  # a "Possible link"


@dataclass(frozen=True)
class ReliefRow:
    label: str  # what helped most
    cramps: int  # how many cramps it was the best relief for
    median_minutes: float | None


@dataclass(frozen=True)
class Bucket:
    """Nights summed for a chart: one night, one week or one month."""

    first: date
    last: date
    cramps: int
    logged_nights: int
    nights: int

    @property
    def logged(self):
        return self.logged_nights > 0


def bucket_nights(nights, max_bars=MAX_NIGHT_BARS):
    """(unit, buckets): nights as they are, or summed per week, month or quarter.

    Keeps the number of bars (and so the chart size and drawing time) bounded
    however long the journal is: at most 31 nights, 31 weeks or 36 months; ten
    years make 41 quarters. unit is "night", "week", "month" or "quarter".
    """
    nights = list(nights)
    if len(nights) <= max_bars:
        return "night", [Bucket(n.night, n.night, n.cramps, int(n.logged), 1) for n in nights]
    if len(nights) <= max_bars * 7:
        unit = "week"
    elif len(nights) <= 36 * 30:
        unit = "month"
    else:
        unit = "quarter"

    def key(day):
        if unit == "week":
            return day - timedelta(days=day.weekday())
        if unit == "month":
            return day.replace(day=1)
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)

    groups = {}
    for night in nights:
        groups.setdefault(key(night.night), []).append(night)
    buckets = [
        Bucket(
            first=group[0].night,
            last=group[-1].night,
            cramps=sum(n.cramps for n in group),
            logged_nights=sum(1 for n in group if n.logged),
            nights=len(group),
        )
        for group in groups.values()
    ]
    return unit, buckets


def hour_counts(cramps):
    """(counts per hour of the night from 18:00, daytime cramps not counted)."""
    counts = [0] * NIGHT_HOURS
    daytime = 0
    for cramp in cramps:
        if not cramp.is_night:
            daytime += 1
            continue
        counts[min(int(cramp.hours_into_night), NIGHT_HOURS - 1)] += 1
    return counts, daytime


def muscle_side_counts(cramps):
    """[(muscle, {side: count})], most cramped muscle first."""
    by_muscle = {}
    for cramp in cramps:
        sides = by_muscle.setdefault(cramp.muscle, Counter())
        sides[cramp.side if cramp.side in SIDE_ORDER else "na"] += 1
    return sorted(by_muscle.items(), key=lambda item: (-sum(item[1].values()), item[0]))


def duration_severity_points(cramps):
    """(Counter of (minutes rounded to 0.25, severity), cramps lacking either)."""
    points = Counter()
    missing = 0
    for cramp in cramps:
        if cramp.duration_seconds is None or cramp.severity is None:
            missing += 1
            continue
        minutes = round(cramp.duration_seconds / 15) / 4
        points[(minutes, cramp.severity)] += 1
    return points, missing


def clock_label(hours_into_night, clock="24"):
    """The wall-clock label of an hour of the night (0 = 18:00)."""
    hour = (18 + int(hours_into_night)) % 24
    if clock == "12":
        # Translators: 12-hour clock suffixes, as in "3 am" and "3 pm".
        suffix = pgettext("clock", "am") if hour < 12 else pgettext("clock", "pm")
        return f"{hour % 12 or 12} {suffix}"
    return f"{hour:02d}:00"


def format_number(value):
    """1 -> "1", 1.25 -> "1.2" ("1,2" in German and Spanish): short tick and table numbers."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else decimal_text(value, 1)


def decimal_text(value, places):
    """`value` with `places` decimals, rounded as Python rounds, with the active
    language's decimal mark: 0.25, 2 -> "0.25" in English, "0,25" in German."""
    return number_format(f"{value:.{places}f}")


def localize_decimal(text):
    """A tick label matplotlib wrote with a "." in the active language's decimal mark."""
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))
