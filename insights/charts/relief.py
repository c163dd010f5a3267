"""What helped: median cramp length by the relief rated best (observational)."""

import textwrap
from collections.abc import Sequence

from django.utils.translation import gettext as _
from matplotlib.ticker import FixedLocator, MaxNLocator

from insights.charts.data import (
    ReliefRow,
)
from insights.charts.style import (
    FIG_HEIGHT,
    axes,
    bars,
    figure,
    nothing,
    render,
)


def _draw_relief(rows, *, palette, title):
    rows = [row for row in rows if row.median_minutes is not None and row.cramps > 0]
    if not rows:
        return nothing(title, palette, detail=_("No relief with a duration logged"))
    rows = sorted(rows, key=lambda r: (r.median_minutes, r.label))[:8]
    fig = figure(max(FIG_HEIGHT, 1.6 + 0.38 * len(rows)))
    # Long relief names push the axes right: wrapped, and with the title and the
    # caveat placed on the figure rather than the axes, nothing is cut at 390 px.
    ax = axes(fig, None)
    fig.suptitle(title, x=0.02, ha="left", fontsize="large")
    ys = list(range(len(rows)))[::-1]
    top = max(r.median_minutes for r in rows)
    bars(
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
            row.median_minutes + top * 0.02,
            y,
            # Translators: n = the number of cramps, as in statistics.
            _("n=%(count)s") % {"count": row.cramps},
            va="center",
            color=palette.muted,
        )
    ax.yaxis.set_major_locator(FixedLocator(ys))
    ax.set_yticklabels([textwrap.fill(str(row.label).replace("/", "/ "), 14) for row in rows])
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, top * 1.3)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.set_xlabel(_("Median cramp length (minutes)"))
    fig.supxlabel(
        _("Observational: not a test of what works"), fontsize="small", color=palette.muted
    )
    return fig


def relief_chart(rows: Sequence[ReliefRow], *, theme="light", fmt="svg") -> bytes:
    """Median cramp length by what helped most (observational, not a trial)."""
    return render(_draw_relief, _("What helped (observational)"), rows, theme=theme, fmt=fmt)
