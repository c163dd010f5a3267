"""What every chart shares: size, fonts, the colour-blind-safe palettes, drawing.

Sized for a 390 px phone screen (4.0 in wide, text at 10 pt or more), fonts
that ship with matplotlib (DejaVu Sans), the Okabe-Ito palette. SVG output is
byte-stable (no date, fixed hash salt) and carries a <title>; the marks tests
count carry a gid ("bar-...", "dots", "row-...").

Matplotlib is not thread-safe (its documentation asks callers to lock), and
its style lives in process-wide rcParams, read while a figure is drawn and
saved. So one lock serialises drawing in a process: a threaded server can
never draw a chart in another chart's theme.
"""

import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

import matplotlib
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator, NullLocator, ScalarFormatter

from insights.charts.data import localize_decimal

FIG_WIDTH = 4.0  # inches: 390 CSS px at ~100 px per inch
FIG_HEIGHT = 2.6
PNG_DPI = 200  # crisp on a 2x phone screen and in a printed PDF
FONT_SIZE = 10  # points; 4 in shown at ~340 CSS px keeps this above 11 px
# More bars than this get a tick scale instead of a number on each bar.
MAX_LABELLED_BARS = 14

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
THEMES = tuple(PALETTES)
FORMATS = ("svg", "png")
_DRAWING = threading.Lock()


def palette_for(theme):
    try:
        return PALETTES[theme]
    except KeyError:
        raise ValueError(f"theme must be one of {THEMES}, not {theme!r}") from None


def rc(palette):
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


def render(draw, title, *args, theme="light", fmt="svg", **kwargs):
    """Run a draw function inside the theme and return the encoded figure.

    Drawn in the active language (titles, labels, month names, decimal marks):
    callers translate `title` and run this with the reader's language active."""
    title = str(title)
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    palette = palette_for(theme)
    with _DRAWING, matplotlib.rc_context(rc(palette)):
        fig = draw(*args, palette=palette, title=title, **kwargs)
        out = BytesIO()
        if fmt == "svg":
            fig.savefig(out, format="svg", metadata={"Date": None})
            return with_svg_title(out.getvalue(), title)
        fig.savefig(out, format="png", dpi=PNG_DPI, metadata={"Software": None})
        return out.getvalue()


def with_svg_title(svg, title):
    """Insert a <title> as the first child of the root element (for screen
    readers opening the file, and for tests)."""
    start = svg.index(b"<svg ")
    end = svg.index(b">", start) + 1
    element = f"\n <title>{escape(title)}</title>".encode()
    return svg[:end] + element + svg[end:]


class LocalizedScalarFormatter(ScalarFormatter):
    """matplotlib's number ticks with the active language's decimal mark
    ("2.5" in English, "2,5" in German and Spanish)."""

    def __call__(self, x, pos=None):
        return localize_decimal(super().__call__(x, pos))


def localize_numbers(ax):
    """Number ticks of both axes in the active language (fixed tick labels and
    date axes set their own formatter afterwards)."""
    ax.xaxis.set_major_formatter(LocalizedScalarFormatter())
    ax.yaxis.set_major_formatter(LocalizedScalarFormatter())


def figure(height=FIG_HEIGHT):
    return Figure(figsize=(FIG_WIDTH, height), layout="constrained")


def axes(fig, title):
    ax = fig.add_subplot()
    localize_numbers(ax)
    if title:
        ax.set_title(title)
    return ax


def nothing(title, palette, message=None, detail=""):
    """A figure that says there is nothing to draw, in the chart's own size."""
    if message is None:
        message = _("Nothing logged")
    fig = figure()
    ax = axes(fig, title)
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


def stacked_axes(fig, title):
    """Two panels over one x axis. Not sharex: the top panel then needs no tick
    objects at all (ticks are the costliest part of a small figure); callers
    give both panels the same limits."""
    top, bottom = fig.subplots(2, 1)
    localize_numbers(top)
    localize_numbers(bottom)
    top.set_title(title)
    top.xaxis.set_major_locator(NullLocator())
    return top, bottom


def label_bars(ax, xs, values, top, palette):
    """Numbers on the bars instead of a tick scale: easier to read on a phone,
    and cheaper to lay out (a tick costs more than a label)."""
    for x, value in zip(xs, values, strict=True):
        ax.text(x, value + top * 0.02, str(value), ha="center", va="bottom", color=palette.text)
    ax.yaxis.set_major_locator(NullLocator())


def count_axis(axis):
    # Few ticks: each one costs more to lay out than a bar to draw.
    axis.set_major_locator(MaxNLocator(nbins=3, integer=True, min_n_ticks=2))


def xlabel(ax, text, note=""):
    """An x label with an optional second line explaining marks or
    omissions (kept off the title line, where it would collide on a phone)."""
    ax.set_xlabel(f"{text}\n{note}" if note else text)


def bucket_labels(unit, buckets):
    """Tick labels in the active language: weekday and month names from
    Django's translated date formats."""
    if unit == "night":
        return [f"{date_format(b.first, 'D')}\n{b.first.day}" for b in buckets]
    if unit == "week":
        # Translators: a Django date format for a week's Monday under a chart bar,
        # English "23 Mar". German e.g. "j. M", Spanish "j b".
        week_format = pgettext("chart date format", "j M")
        return [date_format(b.first, week_format) for b in buckets]
    if unit == "month":
        # Translators: a Django date format for a month under a chart bar, English "Mar 26".
        month_format = pgettext("chart date format", "M y")
        return [date_format(b.first, month_format) for b in buckets]
    return [
        # Translators: a quarter of a year under a chart bar, English "Q1 26".
        _("Q%(quarter)s %(year)s")
        % {"quarter": (b.first.month - 1) // 3 + 1, "year": date_format(b.first, "y")}
        for b in buckets
    ]


def sparse_ticks(ax, labels, max_labels=8):
    """Label every bar when few, else every k-th, so labels never collide."""
    step = max(1, math.ceil(len(labels) / max_labels))
    positions = list(range(0, len(labels), step))
    ax.xaxis.set_major_locator(FixedLocator(positions))
    ax.set_xticklabels([labels[i] for i in positions])


def bars(ax, positions, sizes, gids, width=0.8, horizontal=False, label=None, **style):
    """Bars in one call (per-bar calls cost more than the drawing), each
    tagged with its gid so tests can count them in the SVG."""
    if not positions:
        return []
    draw = ax.barh if horizontal else ax.bar
    patches = draw(positions, sizes, width, label=label, **style).patches
    for patch, gid in zip(patches, gids, strict=True):
        patch.set_gid(gid)
    return patches


def missing_bars(ax, positions, height, palette, gid_prefix, label=None, width=0.8, **style):
    """Hatched outlines: visibly "no data", never mistakable for a zero bar."""
    if label is None:
        label = _("not logged")
    bars(
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
