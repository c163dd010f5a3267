"""Cramps per night: one bar a night (or week, month), unlogged nights hatched."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from insights.charts.data import (
    CRAMPS_PER_UNIT,
    UNIT_LABELS,
    bucket_nights,
)
from insights.charts.style import (
    MAX_LABELLED_BARS,
    axes,
    bars,
    bucket_labels,
    count_axis,
    figure,
    label_bars,
    missing_bars,
    nothing,
    render,
    sparse_ticks,
    xlabel,
)


def _draw_nightly_counts(nights, *, palette, title):
    unit, buckets = bucket_nights(nights)
    if not any(b.logged for b in buckets):
        return nothing(title, palette, detail=_("No cramps or cramp-free nights in this period"))
    fig = figure()
    ax = axes(fig, title)
    top = max(2, max(b.cramps for b in buckets))
    logged = [i for i, b in enumerate(buckets) if b.logged]
    heights = [buckets[i].cramps for i in logged]
    bars(ax, logged, heights, [f"bar-{i}" for i in logged], color=palette.primary)
    if len(buckets) <= MAX_LABELLED_BARS:
        # Every logged bar carries its number, so a cramp-free night reads "0", not a gap.
        label_bars(ax, logged, heights, top, palette)
    else:
        count_axis(ax.yaxis)
    unlogged = [i for i, b in enumerate(buckets) if not b.logged]
    missing_bars(ax, unlogged, top, palette, "unlogged")
    ax.set_xlim(-0.6, len(buckets) - 0.4)
    ax.set_ylim(0, top * 1.15)
    sparse_ticks(ax, bucket_labels(unit, buckets))
    ax.set_ylabel(str(CRAMPS_PER_UNIT[unit]) if unit != "night" else _("Cramps (count)"))
    xlabel(
        ax,
        _("Night (evening date)") if unit == "night" else str(UNIT_LABELS[unit]),
        _("hatched: not logged") if unlogged else "",
    )
    return fig


def nightly_counts_chart(nights: Sequence, *, theme="light", fmt="svg") -> bytes:
    """Cramps per night; cramp-free nights are zero, unlogged nights hatched.

    More than 31 nights are summed per week (or per month beyond 31 weeks).
    """
    return render(_draw_nightly_counts, _("Cramps per night"), nights, theme=theme, fmt=fmt)
