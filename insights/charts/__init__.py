"""Charts for the journal: plain records in, SVG or PNG bytes out.

Pure matplotlib through the object API (a ``Figure`` per call, no global
figure state). Every chart function takes the keywords ``theme="light"|"dark"``
and ``fmt="svg"|"png"`` and returns bytes; an empty input draws a clear
"Nothing logged" figure, never a blank axis.

One module per chart, the shared look in ``style``, the data and its
aggregation (also used by each chart's "Show as table" fallback) in ``data``.
This package's namespace is the charts' public face: callers import from here.
"""

from insights.charts.context import context_chart, context_rows
from insights.charts.data import (
    CRAMPS_PER_UNIT,
    FLUID_DAY_LABELS,
    FLUID_UNITS,
    SIDE_LABELS,
    SIDE_ORDER,
    UNIT_LABELS,
    Bucket,
    ForestRow,
    ReliefRow,
    WeekPoint,
    bucket_nights,
    clock_label,
    decimal_text,
    duration_severity_points,
    format_number,
    hour_counts,
    muscle_side_counts,
)
from insights.charts.duration import duration_severity_chart
from insights.charts.forest import trigger_forest_chart
from insights.charts.muscles import muscles_chart
from insights.charts.nightly import nightly_counts_chart
from insights.charts.relief import relief_chart
from insights.charts.style import OKABE_ITO, PALETTES, THEMES
from insights.charts.time_of_night import time_of_night_chart
from insights.charts.trend import rolling_mean, severity_trend_chart, trend_chart

__all__ = [
    "CRAMPS_PER_UNIT",
    "FLUID_DAY_LABELS",
    "FLUID_UNITS",
    "OKABE_ITO",
    "PALETTES",
    "SIDE_LABELS",
    "SIDE_ORDER",
    "THEMES",
    "UNIT_LABELS",
    "Bucket",
    "ForestRow",
    "ReliefRow",
    "WeekPoint",
    "bucket_nights",
    "clock_label",
    "context_chart",
    "context_rows",
    "decimal_text",
    "duration_severity_chart",
    "duration_severity_points",
    "format_number",
    "hour_counts",
    "muscle_side_counts",
    "muscles_chart",
    "nightly_counts_chart",
    "relief_chart",
    "rolling_mean",
    "severity_trend_chart",
    "time_of_night_chart",
    "trend_chart",
    "trigger_forest_chart",
]
