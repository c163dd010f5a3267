"""Day context against cramps: fluids, exercise, heat, sitting, stress."""

from collections.abc import Mapping, Sequence
from datetime import timedelta

from django.utils.translation import gettext as _
from matplotlib.ticker import FixedLocator

from insights.charts.data import (
    FLUID_DAY_LABELS,
    FLUID_UNITS,
    bucket_nights,
    format_number,
)
from insights.charts.style import (
    axes,
    bars,
    bucket_labels,
    figure,
    missing_bars,
    nothing,
    render,
    sparse_ticks,
    xlabel,
)


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
        return nothing(title, palette, detail=_("No day context or nights logged"))
    fig = figure(3.0)
    ax = axes(fig, title)
    # Two bands in one axes (exercise below, fluids above), each scaled to its
    # own maximum and labelled with its unit: as readable as two panels, at
    # the layout cost of one.
    scale, fluid_label = FLUID_UNITS[fluid_unit]
    if unit == "night":
        exercise_label = _("Exercise (min)")
    else:
        # The mean day of a week or month.
        exercise_label = _("Exercise (min) a day")
        fluid_label = FLUID_DAY_LABELS[fluid_unit]
    series = (
        ([e for _, _, e in rows], exercise_label, "exercise", palette.series[1], None),
        (
            [None if f is None else f * scale for _, f, _ in rows],
            str(fluid_label),
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
        ax.text(-0.5, base + CONTEXT_BAND, label, va="top", ha="left", color=palette.text)
        if not present:
            ax.text(len(rows) / 2 - 0.5, base + CONTEXT_BAND / 3, _("Not recorded"), ha="center")
            continue
        gaps = gaps or bool(missing)
        bars(
            ax,
            present,
            [values[i] * per_unit for i in present],
            [f"{prefix}-{i}" for i in present],
            bottom=base,
            color=colour,
        )
        missing_bars(ax, missing, CONTEXT_BAND * 0.6, palette, f"{prefix}-missing", bottom=base)
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
            bucket_labels(unit, [r[0] for r in rows]), rows, strict=True
        )
    ]
    sparse_ticks(ax, labels)
    xlabel(
        ax,
        _("Day; last line: cramps that night (– not logged)"),
        _("hatched: not recorded") if gaps else "",
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
    return render(
        _draw_context,
        _("Day context and cramps"),
        nights,
        days,
        theme=theme,
        fmt=fmt,
        fluid_unit=fluid_unit,
        fluid_target_ml=fluid_target_ml,
    )
