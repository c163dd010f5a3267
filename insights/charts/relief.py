"""What helped: median cramp length by the relief rated best (observational)."""

from collections.abc import Sequence

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
        return nothing(title, palette, detail="No relief with a duration logged")
    rows = sorted(rows, key=lambda r: (r.median_minutes, r.label))[:8]
    fig = figure(max(FIG_HEIGHT, 1.4 + 0.3 * len(rows)))
    ax = axes(fig, title)
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
            row.median_minutes + top * 0.02, y, f"n={row.cramps}", va="center", color=palette.muted
        )
    ax.yaxis.set_major_locator(FixedLocator(ys))
    ax.set_yticklabels([row.label for row in rows])
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, top * 1.25)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.set_xlabel("Median cramp length (minutes)\nObservational: not a test of what works")
    return fig


def relief_chart(rows: Sequence[ReliefRow], *, theme="light", fmt="svg") -> bytes:
    """Median cramp length by what helped most (observational, not a trial)."""
    return render(_draw_relief, "What helped (observational)", rows, theme=theme, fmt=fmt)
