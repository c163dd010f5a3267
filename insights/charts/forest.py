"""Every factor's rate ratio with its interval (a forest plot)."""

import math
import textwrap
from collections.abc import Sequence

from django.utils.translation import gettext as _
from matplotlib.ticker import FixedLocator, NullLocator

from insights.charts.data import (
    ForestRow,
    format_number,
)
from insights.charts.style import (
    FIG_HEIGHT,
    axes,
    figure,
    nothing,
    render,
    xlabel,
)

FOREST_LIMITS = (1 / 16, 16)  # rate ratios outside are clipped with an arrow
FOREST_LABEL_CHARS = 20  # wrap factor names so the plot keeps half the width


def _usable(row):
    values = (row.rate_ratio, row.ci_low, row.ci_high)
    if any(v is None or isinstance(v, bool) for v in values):
        return False
    return all(math.isfinite(v) or v == math.inf for v in values) and row.rate_ratio > 0


def _draw_forest(rows, *, palette, title):
    rows = [row for row in rows if _usable(row)]
    if not rows:
        return nothing(
            title,
            palette,
            message=_("Not enough data yet"),
            detail=_("No factor could be compared"),
        )
    low_limit, high_limit = FOREST_LIMITS
    labels = [textwrap.fill(row.label, FOREST_LABEL_CHARS) for row in rows]
    fig = figure(max(FIG_HEIGHT, 1.2 + 0.42 * len(rows)))
    ax = axes(fig, title)
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
    ax.set_xticklabels([format_number(0.1), "¼", "½", "1", "2", "4", "10"])
    ax.yaxis.set_major_locator(FixedLocator(ys))
    ax.set_yticklabels(labels)
    for label, row in zip(ax.get_yticklabels(), rows, strict=True):
        if row.highlight:
            label.set_color(palette.highlight)
            label.set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    if any(r.highlight for r in rows):
        note = _("1 = no difference\nbold: possible link")
    else:
        note = _("1 = no difference")
    xlabel(ax, _("Rate ratio (log scale)"), note)
    return fig


def trigger_forest_chart(rows: Sequence[ForestRow], *, theme="light", fmt="svg") -> bytes:
    """Rate ratios with 95% intervals on a log axis; "Possible link" rows
    highlighted; rows without numbers are left out."""
    return render(_draw_forest, _("Factors and cramps"), rows, theme=theme, fmt=fmt)
