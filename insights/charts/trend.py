"""Weekly trend with medicine periods, and the severity trend."""

import math
from collections.abc import Sequence
from datetime import timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num, num2date
from matplotlib.ticker import MaxNLocator

from insights.charts.data import (
    MAX_WEEK_BARS,
    WeekPoint,
)
from insights.charts.style import (
    axes,
    bars,
    count_axis,
    figure,
    nothing,
    render,
    stacked_axes,
    xlabel,
)
from insights.charts.text import literal
from journal.models import RED_FLAG_MINUTES


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


class LocalizedDateFormatter(ConciseDateFormatter):
    """matplotlib's concise date ticks with the month names of the active
    language (strftime's "%b" is English whatever the language)."""

    def format_ticks(self, values):
        labels = super().format_ticks(values)
        localized = []
        for value, label in zip(values, labels, strict=True):
            day = num2date(value, tz=self._tz)
            localized.append(label.replace(day.strftime("%b"), date_format(day.date(), "M")))
        return localized


def _date_axis(ax):
    locator = AutoDateLocator(minticks=3, maxticks=6)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(LocalizedDateFormatter(locator, show_offset=False))


def _draw_trend(weeks, medications, *, palette, title, window):
    weeks = list(weeks)
    if not any(w.logged for w in weeks):
        return nothing(title, palette, detail=_("No logged nights in this range"))
    fig = figure(3.4)
    ax = axes(fig, title)
    xs = [date2num(w.week_start) + 3.5 for w in weeks]  # the middle of the week
    first, last = date2num(weeks[0].week_start), date2num(weeks[-1].week_start) + 7
    top = max(2, max(w.cramps for w in weeks))
    if len(weeks) <= MAX_WEEK_BARS:
        logged = [i for i, w in enumerate(weeks) if w.logged]
        bars(
            ax,
            [xs[i] for i in logged],
            [weeks[i].cramps for i in logged],
            [f"bar-{i}" for i in logged],
            width=6,
            color=palette.primary,
            label=_("Cramps"),
        )
        unlogged = [i for i, w in enumerate(weeks) if not w.logged]
        # A low hatched strip: plainly "no data", without drowning the logged weeks.
        bars(
            ax,
            [xs[i] for i in unlogged],
            [top * 0.12] * len(unlogged),
            [f"unlogged-{i}" for i in unlogged],
            width=6,
            label=_("Not logged"),
            fill=False,
            hatch="///",
            edgecolor=palette.missing,
            linewidth=0.8,
        )
    else:
        counts = [w.cramps if w.logged else math.nan for w in weeks]
        area = ax.fill_between(
            xs, counts, step="mid", color=palette.primary, alpha=0.6, linewidth=0, label=_("Cramps")
        )
        area.set_gid("weekly-area")
    rolling = rolling_mean(weeks, window)
    line = ax.plot(
        xs,
        [math.nan if v is None else v for v in rolling],
        color=palette.secondary,
        linewidth=2,
        label=ngettext("%(weeks)s-week average", "%(weeks)s-week average", window)
        % {"weeks": window},
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
            label=literal(med.name),
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
    count_axis(ax.yaxis)
    _date_axis(ax)
    ax.set_ylabel(_("Cramps per week"))
    xlabel(
        ax,
        _("Week"),
        _("medicine: solid line started, dashed stopped") if shown else "",
    )
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
    return render(
        _draw_trend, _("Cramps per week"), weeks, medications, theme=theme, fmt=fmt, window=window
    )


def _draw_severity_trend(weeks, *, palette, title):
    weeks = list(weeks)
    if not any(w.median_minutes is not None or w.median_severity is not None for w in weeks):
        return nothing(title, palette, detail=_("No durations or severities logged"))
    fig = figure(3.0)
    panels = stacked_axes(fig, title)
    xs = [date2num(w.week_start) + 3.5 for w in weeks]
    for ax, values, label, gid, colour in (
        (
            panels[0],
            [w.median_minutes for w in weeks],
            _("Duration (min)"),
            "duration-line",
            palette.primary,
        ),
        (
            panels[1],
            [w.median_severity for w in weeks],
            _("Severity (0–10)"),
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
    panels[0].axhline(RED_FLAG_MINUTES, color=palette.highlight, linestyle="--", linewidth=1)
    top = max([w.median_minutes or 0 for w in weeks] + [RED_FLAG_MINUTES * 1.2])
    panels[0].set_ylim(0, top * 1.1)
    panels[1].set_ylim(0, 10.5)
    for ax in panels:
        ax.set_xlim(date2num(weeks[0].week_start), date2num(weeks[-1].week_start) + 7)
    _date_axis(panels[1])
    panels[1].set_xlabel(_("Week"))
    return fig


def severity_trend_chart(weeks: Sequence[WeekPoint], *, theme="light", fmt="svg") -> bytes:
    """Weekly median duration (with the 10-minute line) and median severity."""
    return render(
        _draw_severity_trend, _("Weekly median duration and severity"), weeks, theme=theme, fmt=fmt
    )
