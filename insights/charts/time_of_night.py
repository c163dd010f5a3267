"""Time of night: cramps by hour on one axis from 18:00 to 12:00."""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from matplotlib.ticker import FixedLocator

from insights.charts.data import (
    NIGHT_HOURS,
    clock_label,
    hour_counts,
)
from insights.charts.style import (
    axes,
    bars,
    figure,
    label_bars,
    nothing,
    render,
    xlabel,
)


def _draw_time_of_night(cramps, *, palette, title, clock):
    counts, daytime = hour_counts(cramps)
    if not any(counts):
        detail = (
            ngettext(
                "%(count)s daytime cramp, none at night",
                "%(count)s daytime cramps, none at night",
                daytime,
            )
            % {"count": daytime}
            if daytime
            else ""
        )
        return nothing(title, palette, detail=detail)
    fig = figure()
    ax = axes(fig, title)
    hours = [h for h, count in enumerate(counts) if count]
    bars(
        ax,
        [h + 0.5 for h in hours],
        [counts[h] for h in hours],
        [f"bar-{h}" for h in hours],
        width=0.9,
        color=palette.primary,
    )
    label_bars(ax, [h + 0.5 for h in hours], [counts[h] for h in hours], max(counts), palette)
    ax.set_xlim(0, NIGHT_HOURS)
    ax.set_ylim(0, max(counts) * 1.15)
    ticks = list(range(0, NIGHT_HOURS + 1, 3))
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticklabels([clock_label(h, clock) for h in ticks])
    ax.set_ylabel(_("Cramps (count)"))
    note = ""
    if daytime:
        note = ngettext(
            "+%(count)s daytime cramp, 12:00–18:00, not shown",
            "+%(count)s daytime cramps, 12:00–18:00, not shown",
            daytime,
        ) % {"count": daytime}
    xlabel(ax, _("Time of night (local clock, hour starting)"), note)
    return fig


def time_of_night_chart(cramps: Sequence, *, clock="24", theme="light", fmt="svg") -> bytes:
    """Night cramps by hour from 18:00 to 12:00 (one axis across midnight)."""
    if clock not in ("24", "12"):
        raise ValueError(f"clock must be '24' or '12', not {clock!r}")
    return render(
        _draw_time_of_night, _("Time of night"), cramps, theme=theme, fmt=fmt, clock=clock
    )
