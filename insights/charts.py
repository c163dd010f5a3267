"""Charts for the journal: plain records in, SVG or PNG bytes out.

Pure matplotlib through the object API (a ``Figure`` per call, no global
figure state), nothing from Django. Every public function takes
the keywords ``theme="light"|"dark"`` and ``fmt="svg"|"png"`` and returns bytes.

Conventions every chart follows:
- sized for a 390 px phone screen (4.0 in wide, text at 10 pt or more), fonts
  that ship with matplotlib (DejaVu Sans), the Okabe-Ito colour-blind-safe
  palette, every axis labelled with its unit;
- an empty input draws a clear "Nothing logged" figure, never a blank axis;
- data is aggregated before drawing, so the file size does not grow with the
  length of the journal;
- SVG output is byte-stable (no date, fixed hash salt) and carries a <title>;
  the marks tests count carry a gid ("bar-...", "dots", "row-...").
"""

import gc
import math
import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO
from xml.sax.saxutils import escape

import matplotlib
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator, NullLocator

FIG_WIDTH = 4.0  # inches: 390 CSS px at ~100 px per inch
FIG_HEIGHT = 2.6
PNG_DPI = 200  # crisp on a 2x phone screen and in a printed PDF
FONT_SIZE = 10  # points; 4 in shown at ~340 CSS px keeps this above 11 px
RED_FLAG_MINUTES = 10
MAX_NIGHT_BARS = 31  # above this, nights are summed per week, then per month
MAX_WEEK_BARS = 60
MAX_LABELLED_BARS = 14  # more bars than this get a tick scale instead of numbers  # above this, the weekly trend is drawn as one area
FOREST_LIMITS = (1 / 16, 16)
FOREST_LABEL_CHARS = 20  # wrap factor names so the plot keeps half the width  # rate ratios outside are clipped with an arrow
NIGHT_HOURS = 18  # 18:00 .. 12:00
ML_PER_FLOZ = 29.5735
FLUID_UNITS = {"ml": (1 / 1000, "Fluids (L)"), "floz": (1 / ML_PER_FLOZ, "Fluids (fl oz)")}

# Okabe & Ito (2008), the palette most readable with colour-vision deficiency.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}


@dataclass(frozen=True)
class Palette:
    background: str
    text: str
    muted: str
    grid: str
    primary: str  # the main series
    secondary: str
    highlight: str  # red flags, "Possible link"
    missing: str  # "not logged" / "not recorded" hatching
    sides: Mapping[str, str]
    series: tuple[str, ...]


PALETTES = {
    "light": Palette(
        background="#ffffff",
        text="#1b1f24",
        muted="#4d5661",
        grid="#d0d7de",
        primary=OKABE_ITO["blue"],
        secondary=OKABE_ITO["orange"],
        highlight=OKABE_ITO["vermillion"],
        missing="#8c959f",
        sides={
            "left": OKABE_ITO["blue"],
            "right": OKABE_ITO["orange"],
            "both": OKABE_ITO["green"],
            "na": "#6e7781",
        },
        series=(OKABE_ITO["green"], OKABE_ITO["purple"], OKABE_ITO["orange"], OKABE_ITO["sky"]),
    ),
    "dark": Palette(
        background="#161b22",
        text="#d6dbe1",
        muted="#9aa4af",
        grid="#30363d",
        primary=OKABE_ITO["sky"],
        secondary=OKABE_ITO["orange"],
        highlight=OKABE_ITO["vermillion"],
        missing="#6e7781",
        sides={
            "left": OKABE_ITO["sky"],
            "right": OKABE_ITO["orange"],
            "both": OKABE_ITO["green"],
            "na": "#8c959f",
        },
        series=(OKABE_ITO["green"], OKABE_ITO["purple"], OKABE_ITO["yellow"], OKABE_ITO["blue"]),
    ),
}
SIDE_ORDER = ("left", "right", "both", "na")
SIDE_LABELS = {"left": "Left", "right": "Right", "both": "Both", "na": "Side n/a"}
THEMES = tuple(PALETTES)
FORMATS = ("svg", "png")


# --- Data the callers build ---------------------------------------------------


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


# --- Aggregation shared by charts and their "Show as table" fallbacks ----------


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
        suffix = "am" if hour < 12 else "pm"
        return f"{hour % 12 or 12} {suffix}"
    return f"{hour:02d}:00"


def format_number(value):
    """1 -> "1", 1.25 -> "1.2": short tick and table numbers."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


# --- Rendering ---------------------------------------------------------------------


def _palette(theme):
    try:
        return PALETTES[theme]
    except KeyError:
        raise ValueError(f"theme must be one of {THEMES}, not {theme!r}") from None


def _rc(palette):
    return {
        # Laid out with DejaVu Sans (ships with matplotlib); the SVG names it with a
        # generic fallback, so a phone without it draws a similar sans-serif.
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": FONT_SIZE,
        "axes.titlesize": 11,
        "axes.labelsize": FONT_SIZE,
        "xtick.labelsize": FONT_SIZE,
        "ytick.labelsize": FONT_SIZE,
        "legend.fontsize": FONT_SIZE,
        "text.color": palette.text,
        "axes.labelcolor": palette.text,
        "axes.titlecolor": palette.text,
        "axes.edgecolor": palette.muted,
        "axes.facecolor": palette.background,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlelocation": "left",
        "axes.grid": False,
        "grid.color": palette.grid,
        "xtick.color": palette.muted,
        "ytick.color": palette.muted,
        "xtick.labelcolor": palette.text,
        "ytick.labelcolor": palette.text,
        "xtick.minor.visible": False,
        "ytick.minor.visible": False,
        "figure.facecolor": palette.background,
        "savefig.facecolor": palette.background,
        "legend.frameon": False,
        "hatch.color": palette.missing,
        "hatch.linewidth": 0.8,
        # Text stays text: a third of the bytes, faster to draw, selectable and
        # read by screen readers (matplotlib escapes it).
        "svg.fonttype": "none",
        "svg.hashsalt": "cramplog",  # stable clip-path ids, so stable bytes and ETags
        "svg.id": None,
    }


@contextmanager
def _without_gc_pauses():
    """Hold the cyclic garbage collector off while one figure is drawn.

    A figure allocates tens of thousands of small objects; each allocation
    burst can trigger a full collection of the whole process (tens of ms in a
    Django worker), which made one chart in ten slow. The figure's garbage is
    collected at the next automatic collection instead. Only re-enabled by the
    call that disabled it, so concurrent draws can never leave it off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _render(draw, title, *args, theme="light", fmt="svg", **kwargs):
    """Run a draw function inside the theme and return the encoded figure."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    palette = _palette(theme)
    with _without_gc_pauses(), matplotlib.rc_context(_rc(palette)):
        fig = draw(*args, palette=palette, title=title, **kwargs)
        out = BytesIO()
        if fmt == "svg":
            fig.savefig(out, format="svg", metadata={"Date": None})
            return _with_svg_title(out.getvalue(), title)
        fig.savefig(out, format="png", dpi=PNG_DPI, metadata={"Software": None})
        return out.getvalue()


def _with_svg_title(svg, title):
    """Insert a <title> as the first child of the root element (for screen
    readers opening the file, and for tests)."""
    start = svg.index(b"<svg ")
    end = svg.index(b">", start) + 1
    element = f"\n <title>{escape(title)}</title>".encode()
    return svg[:end] + element + svg[end:]


def _figure(height=FIG_HEIGHT):
    return Figure(figsize=(FIG_WIDTH, height), layout="constrained")


def _axes(fig, title):
    ax = fig.add_subplot()
    if title:
        ax.set_title(title)
    return ax


def _nothing(title, palette, message="Nothing logged", detail=""):
    """A figure that says there is nothing to draw, in the chart's own size."""
    fig = _figure()
    ax = _axes(fig, title)
    ax.set_axis_off()
    ax.text(
        0.5,
        0.55,
        message,
        ha="center",
        va="center",
        fontsize=13,
        color=palette.text,
        transform=ax.transAxes,
        gid="empty",
    )
    if detail:
        ax.text(
            0.5, 0.3, detail, ha="center", va="center", color=palette.muted, transform=ax.transAxes
        )
    return fig


def _stacked_axes(fig, title):
    """Two panels over one x axis. Not sharex: the top panel then needs no tick
    objects at all (ticks are the costliest part of a small figure); callers
    give both panels the same limits."""
    top, bottom = fig.subplots(2, 1)
    top.set_title(title)
    top.xaxis.set_major_locator(NullLocator())
    return top, bottom


def _label_bars(ax, xs, values, top, palette):
    """Numbers on the bars instead of a tick scale: easier to read on a phone,
    and cheaper to lay out (a tick costs more than a label)."""
    for x, value in zip(xs, values, strict=True):
        ax.text(x, value + top * 0.02, str(value), ha="center", va="bottom", color=palette.text)
    ax.yaxis.set_major_locator(NullLocator())


def _count_axis(axis):
    # Few ticks: each one costs more to lay out than a bar to draw.
    axis.set_major_locator(MaxNLocator(nbins=3, integer=True, min_n_ticks=2))


def _xlabel(ax, text, note=""):
    """An x label with an optional second line explaining marks or
    omissions (kept off the title line, where it would collide on a phone)."""
    ax.set_xlabel(f"{text}\n{note}" if note else text)


def _bucket_labels(unit, buckets):
    if unit == "night":
        return [f"{b.first:%a}\n{b.first.day}" for b in buckets]
    if unit == "week":
        return [f"{b.first.day} {b.first:%b}" for b in buckets]
    if unit == "month":
        return [f"{b.first:%b %y}" for b in buckets]
    return [f"Q{(b.first.month - 1) // 3 + 1} {b.first:%y}" for b in buckets]


def _sparse_ticks(ax, labels, max_labels=8):
    """Label every bar when few, else every k-th, so labels never collide."""
    step = max(1, math.ceil(len(labels) / max_labels))
    positions = list(range(0, len(labels), step))
    ax.xaxis.set_major_locator(FixedLocator(positions))
    ax.set_xticklabels([labels[i] for i in positions])


def _bars(ax, positions, sizes, gids, width=0.8, horizontal=False, label=None, **style):
    """Bars in one call (per-bar calls cost more than the drawing), each
    tagged with its gid so tests can count them in the SVG."""
    if not positions:
        return []
    draw = ax.barh if horizontal else ax.bar
    patches = draw(positions, sizes, width, label=label, **style).patches
    for patch, gid in zip(patches, gids, strict=True):
        patch.set_gid(gid)
    return patches


def _missing_bars(
    ax, positions, height, palette, gid_prefix, label="not logged", width=0.8, **style
):
    """Hatched outlines: visibly "no data", never mistakable for a zero bar."""
    _bars(
        ax,
        positions,
        [height] * len(positions),
        [f"{gid_prefix}-{i}" for i in positions],
        width=width,
        label=label,
        fill=False,
        hatch="///",
        edgecolor=palette.missing,
        linewidth=0.8,
        **style,
    )


# --- 1. Cramps per night ------------------------------------------------------------


def _draw_nightly_counts(nights, *, palette, title):
    unit, buckets = bucket_nights(nights)
    if not any(b.logged for b in buckets):
        return _nothing(title, palette, detail="No cramps or cramp-free nights in this period")
    fig = _figure()
    ax = _axes(fig, title)
    top = max(2, max(b.cramps for b in buckets))
    logged = [i for i, b in enumerate(buckets) if b.logged]
    heights = [buckets[i].cramps for i in logged]
    _bars(ax, logged, heights, [f"bar-{i}" for i in logged], color=palette.primary)
    if len(buckets) <= MAX_LABELLED_BARS:
        # Every logged bar carries its number, so a cramp-free night reads "0", not a gap.
        _label_bars(ax, logged, heights, top, palette)
    else:
        _count_axis(ax.yaxis)
    unlogged = [i for i, b in enumerate(buckets) if not b.logged]
    _missing_bars(ax, unlogged, top, palette, "unlogged")
    ax.set_xlim(-0.6, len(buckets) - 0.4)
    ax.set_ylim(0, top * 1.15)
    _sparse_ticks(ax, _bucket_labels(unit, buckets))
    ax.set_ylabel(f"Cramps per {unit}" if unit != "night" else "Cramps (count)")
    _xlabel(
        ax,
        "Night (evening date)" if unit == "night" else unit.capitalize(),
        "hatched: not logged" if unlogged else "",
    )
    return fig


def nightly_counts_chart(nights: Sequence, *, theme="light", fmt="svg") -> bytes:
    """Cramps per night; cramp-free nights are zero, unlogged nights hatched.

    More than 31 nights are summed per week (or per month beyond 31 weeks).
    """
    return _render(_draw_nightly_counts, "Cramps per night", nights, theme=theme, fmt=fmt)


# --- 2. Time of night ------------------------------------------------------------------


def _draw_time_of_night(cramps, *, palette, title, clock):
    counts, daytime = hour_counts(cramps)
    if not any(counts):
        detail = f"{daytime} daytime cramp(s), none at night" if daytime else ""
        return _nothing(title, palette, detail=detail)
    fig = _figure()
    ax = _axes(fig, title)
    hours = [h for h, count in enumerate(counts) if count]
    _bars(
        ax,
        [h + 0.5 for h in hours],
        [counts[h] for h in hours],
        [f"bar-{h}" for h in hours],
        width=0.9,
        color=palette.primary,
    )
    _label_bars(ax, [h + 0.5 for h in hours], [counts[h] for h in hours], max(counts), palette)
    ax.set_xlim(0, NIGHT_HOURS)
    ax.set_ylim(0, max(counts) * 1.15)
    ticks = list(range(0, NIGHT_HOURS + 1, 3))
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticklabels([clock_label(h, clock) for h in ticks])
    ax.set_ylabel("Cramps (count)")
    _xlabel(
        ax,
        "Time of night (local clock, hour starting)",
        f"+{daytime} daytime cramp(s), 12:00–18:00, not shown" if daytime else "",
    )
    return fig


def time_of_night_chart(cramps: Sequence, *, clock="24", theme="light", fmt="svg") -> bytes:
    """Night cramps by hour from 18:00 to 12:00 (one axis across midnight)."""
    if clock not in ("24", "12"):
        raise ValueError(f"clock must be '24' or '12', not {clock!r}")
    return _render(_draw_time_of_night, "Time of night", cramps, theme=theme, fmt=fmt, clock=clock)


# --- 3. Muscles and sides ------------------------------------------------------------------


def _draw_muscles(cramps, *, palette, title, labels):
    rows = muscle_side_counts(cramps)
    if not rows:
        return _nothing(title, palette)
    rows = rows[:8]  # bounded height; the table lists every muscle
    fig = _figure(max(FIG_HEIGHT, 1.3 + 0.3 * len(rows)))
    ax = _axes(fig, title)
    y_positions = list(range(len(rows)))[::-1]  # most cramped on top
    for k, side in enumerate(SIDE_ORDER):
        segments = [(y, m, s) for y, (m, s) in zip(y_positions, rows, strict=True) if s[side]]
        _bars(
            ax,
            [y for y, _, _ in segments],
            [s[side] for _, _, s in segments],
            [f"bar-{m}-{side}" for _, m, _ in segments],
            width=0.7,
            horizontal=True,
            left=[sum(s[other] for other in SIDE_ORDER[:k]) for _, _, s in segments],
            color=palette.sides[side],
            label=SIDE_LABELS[side],
        )
    ax.yaxis.set_major_locator(FixedLocator(y_positions))
    ax.set_yticklabels([labels.get(m, m.replace("_", " ").capitalize()) for m, _ in rows])
    ax.tick_params(axis="y", length=0)
    totals = [sum(sides.values()) for _, sides in rows]
    for y, total in zip(y_positions, totals, strict=True):
        ax.text(total + max(totals) * 0.02, y, str(total), va="center", color=palette.text)
    ax.xaxis.set_major_locator(NullLocator())
    ax.set_xlim(0, max(totals) * 1.12)
    ax.set_xlabel("Cramps (count)")
    handles, names = ax.get_legend_handles_labels()
    fig.legend(handles, names, loc="outside lower center", ncols=len(names), handlelength=1.0)
    return fig


def muscles_chart(
    cramps: Sequence, *, labels: Mapping[str, str] | None = None, theme="light", fmt="svg"
) -> bytes:
    """Horizontal bars per muscle, stacked by side (left, right, both)."""
    return _render(
        _draw_muscles, "Muscles and sides", cramps, theme=theme, fmt=fmt, labels=labels or {}
    )


# --- 4. Duration and severity ------------------------------------------------------------


def _draw_duration_severity(cramps, *, palette, title):
    points, missing = duration_severity_points(cramps)
    if not points:
        detail = f"{missing} cramp(s) without both duration and severity" if missing else ""
        return _nothing(title, palette, detail=detail)
    fig = _figure()
    ax = _axes(fig, title)
    xs, ys, sizes, colours = [], [], [], []
    for (minutes, severity), count in sorted(points.items()):
        xs.append(minutes)
        ys.append(severity)
        sizes.append(22 * math.sqrt(count))  # area grows with the count
        colours.append(palette.highlight if minutes > RED_FLAG_MINUTES else palette.primary)
    dots = ax.scatter(xs, ys, s=sizes, c=colours, alpha=0.85, linewidths=0)
    dots.set_gid("dots")
    right = max(RED_FLAG_MINUTES * 1.3, max(xs) * 1.08)
    ax.axvline(RED_FLAG_MINUTES, color=palette.highlight, linestyle="--", linewidth=1.2)
    ax.text(
        RED_FLAG_MINUTES,
        10.4,
        " 10 min",
        color=palette.highlight,
        ha="left",
        va="bottom",
    )
    ax.set_xlim(0, right)
    ax.set_ylim(-0.5, 11.2)
    ax.yaxis.set_major_locator(FixedLocator([0, 5, 10]))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.set_ylabel("Severity (0–10)")
    _xlabel(
        ax,
        "Duration (minutes)",
        f"{missing} cramp(s) without duration or severity not shown" if missing else "",
    )
    return fig


def duration_severity_chart(cramps: Sequence, *, theme="light", fmt="svg") -> bytes:
    """One dot per cramp (same duration and severity share a larger dot);
    the dashed line marks 10 minutes, the red-flag length."""
    return _render(_draw_duration_severity, "Duration and severity", cramps, theme=theme, fmt=fmt)


# --- 5. Context vs cramps ------------------------------------------------------------------


def context_rows(nights, days):
    """[(bucket, mean fluids ml | None, mean exercise minutes | None)] per bar."""
    unit, buckets = bucket_nights(nights)
    rows = []
    for bucket in buckets:
        fluids, exercise = [], []
        day = bucket.first
        while day <= bucket.last:
            record = days.get(day)
            if record is not None:
                if record.fluids_ml is not None:
                    fluids.append(record.fluids_ml)
                if record.exercise_minutes is not None:
                    exercise.append(record.exercise_minutes)
                elif record.exercise_intensity == "none":
                    exercise.append(0)
            day += timedelta(days=1)
        rows.append(
            (
                bucket,
                sum(fluids) / len(fluids) if fluids else None,
                sum(exercise) / len(exercise) if exercise else None,
            )
        )
    return unit, rows


CONTEXT_BAND = 1.0  # height of each band in axes units
CONTEXT_GAP = 0.3


def _draw_context(nights, days, *, palette, title, fluid_unit, fluid_target_ml):
    unit, rows = context_rows(nights, days)
    has_context = any(f is not None or e is not None for _, f, e in rows)
    if not has_context and not any(b.logged for b, _, _ in rows):
        return _nothing(title, palette, detail="No day context or nights logged")
    fig = _figure(3.0)
    ax = _axes(fig, title)
    # Two bands in one axes (exercise below, fluids above), each scaled to its
    # own maximum and labelled with its unit: as readable as two panels, at
    # the layout cost of one.
    per = "" if unit == "night" else " a day"
    scale, fluid_label = FLUID_UNITS[fluid_unit]
    series = (
        ([e for _, _, e in rows], "Exercise (min)", "exercise", palette.series[1], None),
        (
            [None if f is None else f * scale for _, f, _ in rows],
            fluid_label,
            "fluid",
            palette.series[0],
            fluid_target_ml * scale if fluid_target_ml else None,
        ),
    )
    ticks, tick_labels = [], []
    gaps = False
    for band, (values, label, prefix, colour, target) in enumerate(series):
        base = band * (CONTEXT_BAND + CONTEXT_GAP)
        top = max([v for v in values if v is not None] + [target or 0]) or 1
        per_unit = CONTEXT_BAND * 0.75 / top  # the top quarter holds the band's name
        present = [i for i, v in enumerate(values) if v is not None]
        missing = [i for i, v in enumerate(values) if v is None]
        ax.text(-0.5, base + CONTEXT_BAND, label + per, va="top", ha="left", color=palette.text)
        if not present:
            ax.text(len(rows) / 2 - 0.5, base + CONTEXT_BAND / 3, "Not recorded", ha="center")
            continue
        gaps = gaps or bool(missing)
        _bars(
            ax,
            present,
            [values[i] * per_unit for i in present],
            [f"{prefix}-{i}" for i in present],
            bottom=base,
            color=colour,
        )
        _missing_bars(ax, missing, CONTEXT_BAND * 0.6, palette, f"{prefix}-missing", bottom=base)
        if target:
            ax.hlines(
                base + target * per_unit, -0.5, len(rows) - 0.5, color=palette.muted, linestyle=":"
            )
        ticks += [base, base + top * per_unit]
        tick_labels += ["0", format_number(round(top, 1))]
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.set_yticklabels(tick_labels)
    ax.set_ylim(0, 2 * CONTEXT_BAND + CONTEXT_GAP)
    ax.set_xlim(-0.6, len(rows) - 0.4)
    # The night's cramps sit under each day, so a dry or hard day lines up with its night.
    labels = [
        f"{label}\n{bucket.cramps if bucket.logged else '–'}"
        for label, (bucket, _, _) in zip(
            _bucket_labels(unit, [r[0] for r in rows]), rows, strict=True
        )
    ]
    _sparse_ticks(ax, labels)
    _xlabel(
        ax,
        "Day; last line: cramps that night (– not logged)",
        "hatched: not recorded" if gaps else "",
    )
    return fig


def context_chart(
    nights: Sequence,
    days: Mapping,
    *,
    fluid_unit="ml",
    fluid_target_ml=None,
    theme="light",
    fmt="svg",
) -> bytes:
    """Fluids and exercise per day above that night's cramps (lag 0)."""
    return _render(
        _draw_context,
        "Day context and cramps",
        nights,
        days,
        theme=theme,
        fmt=fmt,
        fluid_unit=fluid_unit,
        fluid_target_ml=fluid_target_ml,
    )


# --- 6. Trend ---------------------------------------------------------------------------------


def rolling_mean(weeks, window=4):
    """Trailing mean of weekly cramps over the last `window` logged weeks (None
    for an unlogged week: a gap is not a zero)."""
    values, out = [], []
    for week in weeks:
        if not week.logged:
            out.append(None)
            continue
        values.append(week.cramps)
        recent = values[-window:]
        out.append(sum(recent) / len(recent))
    return out


def _date_axis(ax):
    locator = AutoDateLocator(minticks=3, maxticks=6)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator, show_offset=False))


def _draw_trend(weeks, medications, *, palette, title, window):
    weeks = list(weeks)
    if not any(w.logged for w in weeks):
        return _nothing(title, palette, detail="No logged nights in this range")
    fig = _figure(3.4)
    ax = _axes(fig, title)
    xs = [date2num(w.week_start) + 3.5 for w in weeks]  # the middle of the week
    first, last = date2num(weeks[0].week_start), date2num(weeks[-1].week_start) + 7
    top = max(2, max(w.cramps for w in weeks))
    if len(weeks) <= MAX_WEEK_BARS:
        logged = [i for i, w in enumerate(weeks) if w.logged]
        _bars(
            ax,
            [xs[i] for i in logged],
            [weeks[i].cramps for i in logged],
            [f"bar-{i}" for i in logged],
            width=6,
            color=palette.primary,
            label="Cramps",
        )
        unlogged = [i for i, w in enumerate(weeks) if not w.logged]
        # A low hatched strip: plainly "no data", without drowning the logged weeks.
        _bars(
            ax,
            [xs[i] for i in unlogged],
            [top * 0.12] * len(unlogged),
            [f"unlogged-{i}" for i in unlogged],
            width=6,
            label="Not logged",
            fill=False,
            hatch="///",
            edgecolor=palette.missing,
            linewidth=0.8,
        )
    else:
        counts = [w.cramps if w.logged else math.nan for w in weeks]
        area = ax.fill_between(
            xs, counts, step="mid", color=palette.primary, alpha=0.6, linewidth=0, label="Cramps"
        )
        area.set_gid("weekly-area")
    rolling = rolling_mean(weeks, window)
    line = ax.plot(
        xs,
        [math.nan if v is None else v for v in rolling],
        color=palette.secondary,
        linewidth=2,
        label=f"{window}-week average",
    )[0]
    line.set_gid("rolling")
    shown = 0
    for med in medications:
        start = date2num(med.started_on)
        stop = date2num(med.stopped_on + timedelta(days=1)) if med.stopped_on else last
        if stop < first or start > last:
            continue
        colour = palette.series[shown % len(palette.series)]
        band = ax.axvspan(
            max(start, first),
            min(stop, last),
            color=colour,
            alpha=0.18,
            linewidth=0,
            label=med.name,
        )
        band.set_gid(f"med-{shown}")
        if first <= start <= last:
            ax.axvline(start, color=colour, linewidth=1.5).set_gid(f"med-start-{shown}")
        if med.stopped_on and first <= stop <= last:
            ax.axvline(stop, color=colour, linewidth=1.5, linestyle="--").set_gid(
                f"med-stop-{shown}"
            )
        shown += 1
    ax.set_xlim(first, last)
    ax.set_ylim(0, top * 1.1)
    _count_axis(ax.yaxis)
    _date_axis(ax)
    ax.set_ylabel("Cramps per week")
    _xlabel(ax, "Week", "medicine: solid line started, dashed stopped" if shown else "")
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))  # one "Not logged" entry
    fig.legend(
        list(unique.values()),
        list(unique),
        loc="outside lower center",
        ncols=2,
        handlelength=1.2,
    )
    return fig


def trend_chart(
    weeks: Sequence[WeekPoint],
    medications: Sequence = (),
    *,
    window=4,
    theme="light",
    fmt="svg",
) -> bytes:
    """Cramps per week with a rolling average and medicine periods as bands."""
    return _render(
        _draw_trend, "Cramps per week", weeks, medications, theme=theme, fmt=fmt, window=window
    )


def _draw_severity_trend(weeks, *, palette, title):
    weeks = list(weeks)
    if not any(w.median_minutes is not None or w.median_severity is not None for w in weeks):
        return _nothing(title, palette, detail="No durations or severities logged")
    fig = _figure(3.0)
    axes = _stacked_axes(fig, title)
    xs = [date2num(w.week_start) + 3.5 for w in weeks]
    for ax, values, label, gid, colour in (
        (
            axes[0],
            [w.median_minutes for w in weeks],
            "Duration (min)",
            "duration-line",
            palette.primary,
        ),
        (
            axes[1],
            [w.median_severity for w in weeks],
            "Severity (0–10)",
            "severity-line",
            palette.secondary,
        ),
    ):
        marker = "o" if len(weeks) <= MAX_WEEK_BARS else None
        ax.plot(
            xs,
            [math.nan if v is None else v for v in values],
            color=colour,
            marker=marker,
            markersize=4,
            linewidth=1.5,
        )[0].set_gid(gid)
        ax.set_ylabel(label)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=3, min_n_ticks=2))
    axes[0].axhline(RED_FLAG_MINUTES, color=palette.highlight, linestyle="--", linewidth=1)
    top = max([w.median_minutes or 0 for w in weeks] + [RED_FLAG_MINUTES * 1.2])
    axes[0].set_ylim(0, top * 1.1)
    axes[1].set_ylim(0, 10.5)
    for ax in axes:
        ax.set_xlim(date2num(weeks[0].week_start), date2num(weeks[-1].week_start) + 7)
    _date_axis(axes[1])
    axes[1].set_xlabel("Week")
    return fig


def severity_trend_chart(weeks: Sequence[WeekPoint], *, theme="light", fmt="svg") -> bytes:
    """Weekly median duration (with the 10-minute line) and median severity."""
    return _render(
        _draw_severity_trend, "Weekly median duration and severity", weeks, theme=theme, fmt=fmt
    )


# --- 7. Trigger forest plot ------------------------------------------------------------------


def _usable(row):
    values = (row.rate_ratio, row.ci_low, row.ci_high)
    if any(v is None or isinstance(v, bool) for v in values):
        return False
    return all(math.isfinite(v) or v == math.inf for v in values) and row.rate_ratio > 0


def _draw_forest(rows, *, palette, title):
    rows = [row for row in rows if _usable(row)]
    if not rows:
        return _nothing(
            title, palette, message="Not enough data yet", detail="No factor could be compared"
        )
    low_limit, high_limit = FOREST_LIMITS
    labels = [textwrap.fill(row.label, FOREST_LABEL_CHARS) for row in rows]
    fig = _figure(max(FIG_HEIGHT, 1.2 + 0.42 * len(rows)))
    ax = _axes(fig, title)
    ax.set_xscale("log")
    ys = list(range(len(rows)))[::-1]
    for i, (y, row) in enumerate(zip(ys, rows, strict=True)):
        colour = palette.highlight if row.highlight else palette.primary
        lo = min(max(row.ci_low, low_limit), high_limit)
        hi = max(min(row.ci_high, high_limit), low_limit)
        ax.plot(
            [lo, hi],
            [y, y],
            color=colour,
            linewidth=2.2 if row.highlight else 1.4,
            solid_capstyle="butt",
        )[0].set_gid(f"row-{i}")
        if row.ci_low < low_limit:
            ax.plot([lo], [y], marker="<", color=colour, markersize=5)
        if row.ci_high > high_limit:
            ax.plot([hi], [y], marker=">", color=colour, markersize=5)
        estimate = min(max(row.rate_ratio, low_limit), high_limit)
        ax.plot(
            [estimate],
            [y],
            marker="D" if row.highlight else "o",
            color=colour,
            markersize=6 if row.highlight else 5,
        )
    ax.axvline(1, color=palette.muted, linewidth=1)
    ax.set_xlim(low_limit, high_limit)
    ticks = [0.1, 0.25, 0.5, 1, 2, 4, 10]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticklabels(["0.1", "¼", "½", "1", "2", "4", "10"])
    ax.yaxis.set_major_locator(FixedLocator(ys))
    ax.set_yticklabels(labels)
    for label, row in zip(ax.get_yticklabels(), rows, strict=True):
        if row.highlight:
            label.set_color(palette.highlight)
            label.set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    note = "1 = no difference" + ("\nbold: possible link" if any(r.highlight for r in rows) else "")
    _xlabel(ax, "Rate ratio (log scale)", note)
    return fig


def trigger_forest_chart(rows: Sequence[ForestRow], *, theme="light", fmt="svg") -> bytes:
    """Rate ratios with 95% intervals on a log axis; "Possible link" rows
    highlighted; rows without numbers are left out."""
    return _render(_draw_forest, "Factors and cramps", rows, theme=theme, fmt=fmt)


# --- 8. What helped --------------------------------------------------------------------------


def _draw_relief(rows, *, palette, title):
    rows = [row for row in rows if row.median_minutes is not None and row.cramps > 0]
    if not rows:
        return _nothing(title, palette, detail="No relief with a duration logged")
    rows = sorted(rows, key=lambda r: (r.median_minutes, r.label))[:8]
    fig = _figure(max(FIG_HEIGHT, 1.6 + 0.38 * len(rows)))
    # Long relief names push the axes right: wrapped, and with the title and the
    # caveat placed on the figure rather than the axes, nothing is cut at 390 px.
    ax = _axes(fig, None)
    fig.suptitle(title, x=0.02, ha="left", fontsize="large")
    ys = list(range(len(rows)))[::-1]
    top = max(r.median_minutes for r in rows)
    _bars(
        ax,
        ys,
        [row.median_minutes for row in rows],
        [f"bar-{i}" for i in range(len(rows))],
        width=0.7,
        horizontal=True,
        color=palette.series[0],
    )
    for y, row in zip(ys, rows, strict=True):
        ax.text(
            row.median_minutes + top * 0.02, y, f"n={row.cramps}", va="center", color=palette.muted
        )
    ax.yaxis.set_major_locator(FixedLocator(ys))
    ax.set_yticklabels([textwrap.fill(row.label.replace("/", "/ "), 14) for row in rows])
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, top * 1.3)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.set_xlabel("Median cramp length (minutes)")
    fig.supxlabel("Observational: not a test of what works", fontsize="small", color=palette.muted)
    return fig


def relief_chart(rows: Sequence[ReliefRow], *, theme="light", fmt="svg") -> bytes:
    """Median cramp length by what helped most (observational, not a trial)."""
    return _render(_draw_relief, "What helped (observational)", rows, theme=theme, fmt=fmt)
