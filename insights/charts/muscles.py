"""Muscles and sides: which muscle cramps, on which side."""

import textwrap
from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _
from matplotlib.ticker import FixedLocator, NullLocator

from insights.charts.data import (
    SIDE_LABELS,
    SIDE_ORDER,
    muscle_side_counts,
)
from insights.charts.style import (
    FIG_HEIGHT,
    axes,
    bars,
    figure,
    nothing,
    render,
)

# Muscle names on the axis wrap at this many characters, so a long name (German
# "Oberschenkel (hinten)", Spanish "Muslo (detrás) / isquiotibiales") leaves
# the bars their width on a phone.
LABEL_WIDTH = 16
# Side names in one legend row up to this many characters in all; longer
# (German, Spanish) in two rows.
LEGEND_ROW = 32


def _draw_muscles(cramps, *, palette, title, labels):
    rows = muscle_side_counts(cramps)
    if not rows:
        return nothing(title, palette)
    rows = rows[:8]  # bounded height; the table lists every muscle
    fig = figure(max(FIG_HEIGHT, 1.3 + 0.3 * len(rows)))
    ax = axes(fig, title)
    y_positions = list(range(len(rows)))[::-1]  # most cramped on top
    for k, side in enumerate(SIDE_ORDER):
        segments = [(y, m, s) for y, (m, s) in zip(y_positions, rows, strict=True) if s[side]]
        bars(
            ax,
            [y for y, _, _ in segments],
            [s[side] for _, _, s in segments],
            [f"bar-{m}-{side}" for _, m, _ in segments],
            width=0.7,
            horizontal=True,
            left=[sum(s[other] for other in SIDE_ORDER[:k]) for _, _, s in segments],
            color=palette.sides[side],
            label=str(SIDE_LABELS[side]),
        )
    ax.yaxis.set_major_locator(FixedLocator(y_positions))
    names = [str(labels.get(m, m.replace("_", " ").capitalize())) for m, _s in rows]
    ax.set_yticklabels([textwrap.fill(name, LABEL_WIDTH) for name in names])
    ax.tick_params(axis="y", length=0)
    totals = [sum(sides.values()) for _, sides in rows]
    for y, total in zip(y_positions, totals, strict=True):
        ax.text(total + max(totals) * 0.02, y, str(total), va="center", color=palette.text)
    ax.xaxis.set_major_locator(NullLocator())
    ax.set_xlim(0, max(totals) * 1.12)
    ax.set_xlabel(_("Cramps (count)"))
    handles, sides = ax.get_legend_handles_labels()
    ncols = len(sides) if sum(map(len, sides)) <= LEGEND_ROW else (len(sides) + 1) // 2
    fig.legend(handles, sides, loc="outside lower center", ncols=ncols, handlelength=1.0)
    return fig


def muscles_chart(
    cramps: Sequence, *, labels: Mapping[str, str] | None = None, theme="light", fmt="svg"
) -> bytes:
    """Horizontal bars per muscle, stacked by side (left, right, both)."""
    return render(
        _draw_muscles, _("Muscles and sides"), cramps, theme=theme, fmt=fmt, labels=labels or {}
    )
