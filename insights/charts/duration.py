"""Duration and severity: how long and how bad, with the 10-minute line."""

import math
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from matplotlib.ticker import FixedLocator, MaxNLocator

from insights.charts.data import (
    duration_severity_points,
)
from insights.charts.style import (
    axes,
    figure,
    nothing,
    render,
    xlabel,
)
from journal.models import RED_FLAG_MINUTES


def _draw_duration_severity(cramps, *, palette, title):
    points, missing = duration_severity_points(cramps)
    if not points:
        detail = (
            ngettext(
                "%(count)s cramp without both duration and severity",
                "%(count)s cramps without both duration and severity",
                missing,
            )
            % {"count": missing}
            if missing
            else ""
        )
        return nothing(title, palette, detail=detail)
    fig = figure()
    ax = axes(fig, title)
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
        # Translators: the 10-minute mark on the duration axis.
        " " + _("%(minutes)s min") % {"minutes": RED_FLAG_MINUTES},
        color=palette.highlight,
        ha="left",
        va="bottom",
    )
    ax.set_xlim(0, right)
    ax.set_ylim(-0.5, 11.2)
    ax.yaxis.set_major_locator(FixedLocator([0, 5, 10]))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.set_ylabel(_("Severity (0–10)"))
    note = ""
    if missing:
        note = ngettext(
            "%(count)s cramp without duration or severity not shown",
            "%(count)s cramps without duration or severity not shown",
            missing,
        ) % {"count": missing}
    xlabel(ax, _("Duration (minutes)"), note)
    return fig


def duration_severity_chart(cramps: Sequence, *, theme="light", fmt="svg") -> bytes:
    """One dot per cramp (same duration and severity share a larger dot);
    the dashed line marks 10 minutes, the red-flag length."""
    return render(_draw_duration_severity, _("Duration and severity"), cramps, theme=theme, fmt=fmt)
