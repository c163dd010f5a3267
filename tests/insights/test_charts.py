"""The chart functions: plain records in, valid SVG/PNG out, for every size of journal."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from insights import charts
from insights.charts import ForestRow, ReliefRow, WeekPoint
from tests.insights.test_week_factories import (
    SVG,
    cramp_record,
    day_record,
    gids,
    markup,
    medication,
    night,
    parse_svg,
    png_size,
    svg_title,
    ten_years_of_cramps,
    ten_years_of_nights,
)

TZ = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 3, 23)  # ISO week 2026-W13


def at(day, hour, minute=0):
    """An aware local moment; hour may exceed 23 to mean the next morning."""
    return datetime.combine(day, datetime.min.time(), TZ) + timedelta(hours=hour, minutes=minute)


def week_nights(counts):
    """Seven nights from MONDAY; None means not logged."""
    return [
        night(MONDAY + timedelta(days=i), cramps=c or 0, logged=c is not None)
        for i, c in enumerate(counts)
    ]


TYPICAL_CRAMPS = [
    cramp_record(at(MONDAY, 26, 30), id=1, duration=90, severity=6, muscle="calf", side="left"),
    cramp_record(at(MONDAY + timedelta(1), 27, 10), id=2, duration=30, severity=3, side="right"),
    cramp_record(at(MONDAY + timedelta(1), 27, 20), id=3, duration=30, severity=3, side="right"),
    cramp_record(
        at(MONDAY + timedelta(4), 23, 5),
        id=4,
        duration=14 * 60,
        severity=8,
        muscle="foot",
        side="both",
    ),
    cramp_record(at(MONDAY + timedelta(5), 14, 0), id=5, duration=60, severity=2),  # daytime
]


def all_charts():
    """(name, call) for every chart on empty, single, typical and 10-year data."""
    ten_nights = ten_years_of_nights()
    ten_cramps = ten_years_of_cramps("Europe/Berlin")
    one = [TYPICAL_CRAMPS[0]]
    ten_days = {
        n.night: day_record(n.night, fluids_ml=1200, exercise_minutes=30) for n in ten_nights
    }
    ten_weeks = [
        WeekPoint(MONDAY - timedelta(weeks=520 - i), i % 7, 7 if i % 9 else 0, 2, 2.0, 5)
        for i in range(521)
    ]
    meds = [
        medication(1, "Atorvastatin", MONDAY - timedelta(weeks=300), MONDAY - timedelta(weeks=100))
    ]
    forest = [ForestRow(f"Factor {i}", 1 + i / 10, 0.5, 3 + i, i % 3 == 0) for i in range(12)]
    return {
        "nightly": {
            "empty": lambda **k: charts.nightly_counts_chart([], **k),
            "single": lambda **k: charts.nightly_counts_chart(week_nights([1] + [None] * 6), **k),
            "typical": lambda **k: charts.nightly_counts_chart(
                week_nights([1, 2, 0, None, 1, None, 0]), **k
            ),
            "ten_years": lambda **k: charts.nightly_counts_chart(ten_nights, **k),
        },
        "time_of_night": {
            "empty": lambda **k: charts.time_of_night_chart([], **k),
            "single": lambda **k: charts.time_of_night_chart(one, **k),
            "typical": lambda **k: charts.time_of_night_chart(TYPICAL_CRAMPS, **k),
            "ten_years": lambda **k: charts.time_of_night_chart(ten_cramps, **k),
        },
        "muscles": {
            "empty": lambda **k: charts.muscles_chart([], **k),
            "single": lambda **k: charts.muscles_chart(one, **k),
            "typical": lambda **k: charts.muscles_chart(TYPICAL_CRAMPS, **k),
            "ten_years": lambda **k: charts.muscles_chart(ten_cramps, **k),
        },
        "duration": {
            "empty": lambda **k: charts.duration_severity_chart([], **k),
            "single": lambda **k: charts.duration_severity_chart(one, **k),
            "typical": lambda **k: charts.duration_severity_chart(TYPICAL_CRAMPS, **k),
            "ten_years": lambda **k: charts.duration_severity_chart(ten_cramps, **k),
        },
        "context": {
            "empty": lambda **k: charts.context_chart([], {}, **k),
            "single": lambda **k: charts.context_chart(
                week_nights([1] + [None] * 6), {MONDAY: day_record(MONDAY, fluids_ml=900)}, **k
            ),
            "typical": lambda **k: charts.context_chart(
                week_nights([1, 2, 0, None, 1, None, 0]),
                {
                    MONDAY + timedelta(i): day_record(
                        MONDAY + timedelta(i), fluids_ml=1000 + 200 * i, exercise_minutes=20 * i
                    )
                    for i in range(5)
                },
                fluid_target_ml=1500,
                **k,
            ),
            "ten_years": lambda **k: charts.context_chart(ten_nights, ten_days, **k),
        },
        "trend": {
            "empty": lambda **k: charts.trend_chart([], [], **k),
            "single": lambda **k: charts.trend_chart([WeekPoint(MONDAY, 3, 5)], [], **k),
            "typical": lambda **k: charts.trend_chart(
                [
                    WeekPoint(MONDAY - timedelta(weeks=3 - i), c, 7)
                    for i, c in enumerate([2, 4, 1, 3])
                ],
                [medication(1, "Atorvastatin", MONDAY - timedelta(weeks=2))],
                **k,
            ),
            "ten_years": lambda **k: charts.trend_chart(ten_weeks, meds, **k),
        },
        "severity": {
            "empty": lambda **k: charts.severity_trend_chart([], **k),
            "single": lambda **k: charts.severity_trend_chart(
                [WeekPoint(MONDAY, 1, 1, 1, 1.5, 4)], **k
            ),
            "typical": lambda **k: charts.severity_trend_chart(ten_weeks[-12:], **k),
            "ten_years": lambda **k: charts.severity_trend_chart(ten_weeks, **k),
        },
        "forest": {
            "empty": lambda **k: charts.trigger_forest_chart([], **k),
            "single": lambda **k: charts.trigger_forest_chart(
                [ForestRow("Hard exercise", 3.0, 0.71, 14.5, True)], **k
            ),
            "typical": lambda **k: charts.trigger_forest_chart(forest[:5], **k),
            "ten_years": lambda **k: charts.trigger_forest_chart(forest, **k),
        },
        "relief": {
            "empty": lambda **k: charts.relief_chart([], **k),
            "single": lambda **k: charts.relief_chart([ReliefRow("Stretch", 1, 1.5)], **k),
            "typical": lambda **k: charts.relief_chart(
                [ReliefRow("Stretch", 5, 1.5), ReliefRow("Massage", 2, 3.0)], **k
            ),
            "ten_years": lambda **k: charts.relief_chart(
                [ReliefRow(f"Relief {i}", 100 * i, i / 2) for i in range(1, 12)], **k
            ),
        },
    }


CHARTS = all_charts()
CASES = [(chart, case) for chart, cases in CHARTS.items() for case in cases]
TITLES = {
    "nightly": "Cramps per night",
    "time_of_night": "Time of night",
    "muscles": "Muscles and sides",
    "duration": "Duration and severity",
    "context": "Day context and cramps",
    "trend": "Cramps per week",
    "severity": "Weekly median duration and severity",
    "forest": "Factors and cramps",
    "relief": "What helped (observational)",
}


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("chart", "case"), CASES)
def test_every_chart_draws_valid_svg_in_both_themes(chart, case, theme):
    content = CHARTS[chart][case](theme=theme)
    root = parse_svg(content)
    assert svg_title(root) == TITLES[chart]
    assert bool(gids(root, "empty")) == (case == "empty")
    # Aggregated before drawing: even ten years stay small.
    assert len(content) < 400_000


@pytest.mark.parametrize(("chart", "case"), [c for c in CASES if c[1] in ("empty", "typical")])
def test_png_decodes_at_phone_friendly_size(chart, case):
    width, height = png_size(CHARTS[chart][case](fmt="png"))
    assert width == 800  # 4.0 in at 200 dpi: sharp at 390 CSS px on a 2x screen
    assert 500 <= height <= 1200


@pytest.mark.parametrize("chart", list(CHARTS))
def test_svg_is_byte_stable(chart):
    draw = CHARTS[chart]["typical"]
    assert draw() == draw()


def test_themes_differ_in_background():
    light = charts.nightly_counts_chart(week_nights([1, 0, 0, 0, 0, 0, 0]), theme="light")
    dark = charts.nightly_counts_chart(week_nights([1, 0, 0, 0, 0, 0, 0]), theme="dark")
    assert b"#ffffff" in light and b"#161b22" not in light
    assert b"#161b22" in dark


def test_bad_theme_or_format_is_an_error_not_a_blank_chart():
    with pytest.raises(ValueError):
        charts.nightly_counts_chart([], theme="purple")
    with pytest.raises(ValueError):
        charts.nightly_counts_chart([], fmt="gif")
    with pytest.raises(ValueError):
        charts.time_of_night_chart([], clock="13")


# --- What each chart shows -----------------------------------------------------------------


def test_nightly_counts_bars_zero_nights_and_hatches_unlogged_nights():
    root = parse_svg(charts.nightly_counts_chart(week_nights([1, 2, 0, None, 3, None, 0])))
    # Five logged nights (two of them zero) get a bar; two unlogged ones a hatched marker.
    assert gids(root, "bar-") == ["bar-0", "bar-1", "bar-2", "bar-4", "bar-6"]
    assert gids(root, "unlogged-") == ["unlogged-3", "unlogged-5"]


def test_nightly_counts_week_with_nothing_logged_says_so():
    root = parse_svg(charts.nightly_counts_chart(week_nights([None] * 7)))
    assert gids(root, "empty") == ["empty"]
    assert gids(root, "bar-") == []


def test_nightly_counts_over_ten_years_are_summed_per_quarter():
    nights = ten_years_of_nights()
    unit, buckets = charts.bucket_nights(nights)
    assert unit == "quarter"
    # 29 Mar 2016 .. 29 Mar 2026: Q1 2016 (three nights), 2016 Q2-Q4, 36 in 2017-2025, Q1 2026.
    assert len(buckets) == 1 + 3 + 36 + 1
    assert (buckets[0].first, buckets[0].last, buckets[0].nights) == (
        date(2016, 3, 29),
        date(2016, 3, 31),
        3,
    )
    assert sum(b.cramps for b in buckets) == sum(n.cramps for n in nights)
    root = parse_svg(charts.nightly_counts_chart(nights))
    assert len(gids(root, "bar-")) == 41


def test_bucket_nights_by_month_up_to_three_years():
    nights = [night(date(2025, 1, 1) + timedelta(days=i), cramps=1) for i in range(365)]
    unit, buckets = charts.bucket_nights(nights)
    assert unit == "month"
    assert [b.cramps for b in buckets][:3] == [31, 28, 31]


def test_bucket_nights_by_week_between_a_month_and_31_weeks():
    nights = [night(MONDAY + timedelta(days=i), cramps=1) for i in range(70)]  # 10 weeks
    unit, buckets = charts.bucket_nights(nights)
    assert unit == "week"
    assert [b.cramps for b in buckets] == [7] * 10
    assert buckets[0].first == MONDAY and buckets[0].last == MONDAY + timedelta(days=6)


def test_time_of_night_counts_hours_across_midnight_and_leaves_out_daytime():
    counts, daytime = charts.hour_counts(TYPICAL_CRAMPS)
    # 02:30 -> hour 8 (02:00-03:00); 03:10 and 03:20 -> hour 9; 23:05 -> hour 5.
    assert counts[8] == 1 and counts[9] == 2 and counts[5] == 1
    assert sum(counts) == 4 and daytime == 1
    root = parse_svg(charts.time_of_night_chart(TYPICAL_CRAMPS))
    assert gids(root, "bar-") == ["bar-5", "bar-8", "bar-9"]


def test_clock_labels_in_24_and_12_hour_formats():
    assert [charts.clock_label(h) for h in (0, 6, 9, 18)] == ["18:00", "00:00", "03:00", "12:00"]
    assert [charts.clock_label(h, "12") for h in (0, 6, 9, 18)] == [
        "6 pm",
        "12 am",
        "3 am",
        "12 pm",
    ]


def test_only_daytime_cramps_is_a_nothing_figure():
    root = parse_svg(charts.time_of_night_chart([TYPICAL_CRAMPS[-1]]))
    assert gids(root, "empty") == ["empty"]


def test_muscles_split_by_side():
    rows = charts.muscle_side_counts(TYPICAL_CRAMPS)
    assert [(m, dict(s)) for m, s in rows] == [
        ("calf", {"left": 2, "right": 2}),
        ("foot", {"both": 1}),
    ]
    root = parse_svg(charts.muscles_chart(TYPICAL_CRAMPS, labels={"calf": "Calf"}))
    assert gids(root, "bar-") == ["bar-calf-left", "bar-calf-right", "bar-foot-both"]


def test_duration_severity_one_dot_per_distinct_cramp_and_red_flag_colour():
    points, missing = charts.duration_severity_points(TYPICAL_CRAMPS)
    # The two 30-second severity-3 cramps share one (larger) dot.
    assert points == {(1.5, 6): 1, (0.5, 3): 2, (14.0, 8): 1, (1.0, 2): 1}
    assert missing == 0
    root = parse_svg(charts.duration_severity_chart(TYPICAL_CRAMPS))
    (dots,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == "dots"]
    assert len(list(dots)) == 4
    # The 14-minute cramp is drawn in the red-flag colour (vermillion).
    assert charts.OKABE_ITO["vermillion"].lower() in markup(dots)


def test_duration_severity_counts_cramps_it_cannot_place():
    no_severity = cramp_record(at(MONDAY, 25), severity=None)
    points, missing = charts.duration_severity_points([no_severity, TYPICAL_CRAMPS[0]])
    assert missing == 1 and sum(points.values()) == 1


def test_context_marks_unrecorded_days_differently_from_zero():
    nights = week_nights([1, 0, None, 0, 0, 0, 0])
    days = {
        MONDAY: day_record(MONDAY, fluids_ml=800, exercise_minutes=0),
        MONDAY + timedelta(1): day_record(MONDAY + timedelta(1), exercise_intensity="none"),
    }
    unit, rows = charts.context_rows(nights, days)
    assert unit == "night"
    assert [(f, e) for _, f, e in rows][:3] == [(800, 0), (None, 0), (None, None)]
    root = parse_svg(charts.context_chart(nights, days))
    assert gids(root, "fluid-") == ["fluid-0"] + [f"fluid-missing-{i}" for i in range(1, 7)]
    assert gids(root, "exercise-") == ["exercise-0", "exercise-1"] + [
        f"exercise-missing-{i}" for i in range(2, 7)
    ]


def test_trend_bars_rolling_average_and_medicine_band():
    weeks = [WeekPoint(MONDAY - timedelta(weeks=4 - i), c, 7) for i, c in enumerate([2, 4, 0, 6])]
    weeks.append(WeekPoint(MONDAY, 0, 0))  # not logged
    assert charts.rolling_mean(weeks, 4) == [2, 3, 2, 3, None]
    started = MONDAY - timedelta(weeks=2)
    stopped = MONDAY - timedelta(days=3)
    root = parse_svg(charts.trend_chart(weeks, [medication(1, "Atorvastatin", started, stopped)]))
    assert gids(root, "bar-") == ["bar-0", "bar-1", "bar-2", "bar-3"]
    assert gids(root, "unlogged-") == ["unlogged-4"]
    assert gids(root, "med-") == ["med-0", "med-start-0", "med-stop-0"]
    assert gids(root, "rolling") == ["rolling"]


def test_trend_ignores_medicines_outside_the_range():
    weeks = [WeekPoint(MONDAY, 1, 7)]
    old = medication(1, "Old", MONDAY - timedelta(weeks=60), MONDAY - timedelta(weeks=50))
    root = parse_svg(charts.trend_chart(weeks, [old]))
    assert gids(root, "med-") == []


def test_trend_over_ten_years_is_one_area_not_520_bars():
    root = parse_svg(CHARTS["trend"]["ten_years"]())
    assert gids(root, "bar-") == []
    assert gids(root, "weekly-area") == ["weekly-area"]


def test_forest_omits_rows_without_numbers_and_highlights_possible_links():
    rows = [
        ForestRow("Hard exercise", 3.0, 0.71, 14.5, True),
        ForestRow("Heat", None, None, None, False),
        ForestRow("Low fluids", 0.8, 0.3, 2.1, False),
        ForestRow("Stress", 1.2, 0.0, float("inf"), False),  # clipped, not dropped
    ]
    content = charts.trigger_forest_chart(rows)
    root = parse_svg(content)
    assert gids(root, "row-") == ["row-0", "row-1", "row-2"]
    (first,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == "row-0"]
    assert charts.OKABE_ITO["vermillion"].lower() in markup(first)
    (second,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == "row-1"]
    assert charts.OKABE_ITO["vermillion"].lower() not in markup(second)


def test_forest_with_only_missing_numbers_says_not_enough_data():
    root = parse_svg(charts.trigger_forest_chart([ForestRow("Heat", None, None, None, False)]))
    assert gids(root, "empty") == ["empty"]


def test_relief_chart_leaves_out_rows_without_a_duration():
    rows = [ReliefRow("Stretch", 5, 1.5), ReliefRow("Heat", 2, None), ReliefRow("Massage", 2, 3.0)]
    root = parse_svg(charts.relief_chart(rows))
    assert gids(root, "bar-") == ["bar-0", "bar-1"]


@pytest.mark.parametrize("chart", list(CHARTS))
def test_ten_years_draw_no_more_than_a_typical_journal(chart):
    """Aggregated before drawing: ten years make a file of about the size of a
    typical week's or quarter's, so the cost of drawing is bounded too (the
    times themselves are measured by `make bench`, not here)."""
    typical = len(CHARTS[chart]["typical"]())
    ten_years = len(CHARTS[chart]["ten_years"]())
    # The trend keeps one point a week (520 in ten years); the scatter one dot per
    # distinct (quarter minute, severity), which ten years fill much more than a
    # week does, but far fewer than the ~7,000 cramps drawn one by one.
    assert ten_years < {"trend": 10, "duration": 50}.get(chart, 3) * typical


def test_charts_drawn_at_once_from_threads_keep_their_own_theme():
    """Matplotlib's style is process-wide; drawing is serialised so a threaded
    server never draws one chart in another's theme."""
    from concurrent.futures import ThreadPoolExecutor

    draw = CHARTS["nightly"]["typical"]
    expected = {theme: draw(theme=theme) for theme in charts.THEMES}
    with ThreadPoolExecutor(max_workers=4) as pool:
        themes = [charts.THEMES[i % 2] for i in range(12)]
        drawn = list(pool.map(lambda theme: (theme, draw(theme=theme)), themes))
    assert all(svg == expected[theme] for theme, svg in drawn)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_what_helped_keeps_its_title_labels_and_caveat_inside_390_px(theme):
    import matplotlib

    from insights import charts
    from insights.charts.relief import _draw_relief
    from insights.charts.style import palette_for, rc

    rows = [
        charts.ReliefRow("Water or electrolyte drink", 4, 3.5),
        charts.ReliefRow("Potassium/magnesium food", 2, 12.0),
        charts.ReliefRow("Prescription medicine", 1, 12.0),
        charts.ReliefRow("Stretch", 9, 2.0),
    ]
    palette = palette_for(theme)
    with matplotlib.rc_context(rc(palette)):
        fig = _draw_relief(rows, palette=palette, title="What helped (observational)")
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw(renderer)
        texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]
        words = " ".join(t.get_text() for t in texts)
        assert "What helped (observational)" in words
        assert "Observational: not a test of what works" in words
        # Everything drawn (titles, labels, caveat) lies inside the 4-inch figure.
        drawn = fig.get_tightbbox(renderer)
        width, height = fig.get_size_inches()
        assert drawn.x0 >= -0.01 and drawn.x1 <= width + 0.01
        assert drawn.y0 >= -0.01 and drawn.y1 <= height + 0.01
