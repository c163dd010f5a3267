"""The weekly review, the trends page and the chart images they embed.

Chart images are always drawn from the logged-in user's own journal: the URL
names a chart and a period, never a user. Each image carries an ETag built from
(code version and language, user, chart, period, theme, profile settings, journal version:
journal/caching.py) and is kept in the
Django cache under the same key, so an unchanged chart is neither redrawn nor
re-sent.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotModified,
)
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from insights import charts, weekly
from insights.services import user_analysis, user_today
from journal.caching import journal_version, render_version
from journal.htmx import render_page
from journal.models import (
    Muscle,
    Relief,
    Side,
)
from journal.records import Journal
from journal.services import journal_extent, load_journal

# A day: a user's charts are drawn again at most daily, and each journal write
# leaves new keys behind, so old entries must not linger for long.
CACHE_SECONDS = 24 * 3600
LABELS = {"muscle": dict(Muscle.choices), "side": dict(Side.choices)}
RELIEF_LABELS = dict(Relief.choices)
TRIGGER_VERDICT_HIGHLIGHT = ("possible_more", "possible_fewer")


# --- Periods -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    key: str  # "2026-W13" or "12w"
    first: date | None  # first night (None: the whole journal)
    last: date | None  # last night

    @property
    def cache_key(self):
        return f"{self.key}:{self.first}:{self.last}"


def _zone(request):
    return request.user.profile.time_zone


def this_monday(request):
    return weekly.current_monday(timezone.now(), _zone(request))


def current_night(request):
    return weekly.current_night(timezone.now(), _zone(request))


def week_period(request, monday):
    """A week's nights up to tonight: nights that have not happened yet are not
    "not logged" and are left out of charts."""
    last = min(monday + timedelta(days=6), current_night(request))
    return Period(weekly.isoweek(monday), monday, last)


def range_period(request, key):
    extent = journal_extent(request.user) if weekly.RANGES[key] is None else None
    first, _last = weekly.range_mondays(key, this_monday(request), extent[0] if extent else None)
    return Period(key, first, current_night(request))


def chart_period(request):
    """The period a chart image asks for (?week= or ?range=); ValueError if bad."""
    week, range_key = request.GET.get("week"), request.GET.get("range")
    if week and range_key:
        raise ValueError("give week or range, not both")
    if range_key:
        if range_key not in weekly.RANGES:
            raise ValueError("unknown range")
        return range_period(request, range_key)
    if week:
        return week_period(request, weekly.parse_isoweek(week))
    return week_period(request, this_monday(request))


# --- The chart catalogue ---------------------------------------------------------------


@dataclass(frozen=True)
class ChartContext:
    journal: Journal | None  # the period's journal; None for whole-journal charts
    profile: object  # journal.models.Profile


def _clock(ctx):
    return ctx.profile.clock


def _trigger_rows(ctx):
    # The same cached analysis as /insights/, so the plot and the page agree.
    results = user_analysis(ctx.profile.user).triggers
    return [
        charts.ForestRow(
            label=r.label,  # already says "the day before" for lag-1 factors
            rate_ratio=r.rate_ratio,
            ci_low=r.ci_low,
            ci_high=r.ci_high,
            highlight=r.verdict in TRIGGER_VERDICT_HIGHLIGHT,
        )
        for r in results
    ]


@dataclass(frozen=True)
class ChartSpec:
    name: str
    heading: str  # lazy: translated when a page shows it
    draw: object  # (ChartContext, theme, fmt) -> bytes
    table: object  # ChartContext -> weekly.ChartTable
    whole_journal: bool = False  # ignores the period (trigger findings)


SPECS = {
    spec.name: spec
    for spec in (
        ChartSpec(
            "nightly",
            gettext_lazy("Cramps per night"),
            lambda c, **kw: charts.nightly_counts_chart(c.journal.nights, **kw),
            lambda c: weekly.nightly_table(c.journal.nights),
        ),
        ChartSpec(
            "time-of-night",
            gettext_lazy("Time of night"),
            lambda c, **kw: charts.time_of_night_chart(c.journal.cramps, clock=_clock(c), **kw),
            lambda c: weekly.hour_table(c.journal.cramps, _clock(c)),
        ),
        ChartSpec(
            "muscles",
            gettext_lazy("Muscles and sides"),
            lambda c, **kw: charts.muscles_chart(c.journal.cramps, labels=LABELS["muscle"], **kw),
            lambda c: weekly.muscles_table(c.journal.cramps, LABELS["muscle"]),
        ),
        ChartSpec(
            "duration",
            gettext_lazy("Duration and severity"),
            lambda c, **kw: charts.duration_severity_chart(c.journal.cramps, **kw),
            lambda c: weekly.duration_table(c.journal.cramps, _clock(c)),
        ),
        ChartSpec(
            "context",
            gettext_lazy("Day context and cramps"),
            lambda c, **kw: charts.context_chart(
                c.journal.nights,
                c.journal.days,
                fluid_unit=c.profile.fluid_unit,
                fluid_target_ml=c.profile.fluid_target_ml,
                **kw,
            ),
            lambda c: weekly.context_table(c.journal.nights, c.journal.days, c.profile.fluid_unit),
        ),
        ChartSpec(
            "trend",
            gettext_lazy("Cramps per week"),
            lambda c, **kw: charts.trend_chart(
                weekly.week_points(c.journal), c.journal.medications, **kw
            ),
            lambda c: weekly.trend_table(weekly.week_points(c.journal)),
        ),
        ChartSpec(
            "severity",
            gettext_lazy("Duration and severity over time"),
            lambda c, **kw: charts.severity_trend_chart(weekly.week_points(c.journal), **kw),
            lambda c: weekly.severity_table(weekly.week_points(c.journal)),
        ),
        ChartSpec(
            "relief",
            gettext_lazy("What helped"),
            lambda c, **kw: charts.relief_chart(
                weekly.relief_rows(c.journal.cramps, RELIEF_LABELS), **kw
            ),
            lambda c: weekly.relief_table(weekly.relief_rows(c.journal.cramps, RELIEF_LABELS)),
        ),
        ChartSpec(
            "triggers",
            gettext_lazy("Factors and cramps"),
            lambda c, **kw: charts.trigger_forest_chart(_trigger_rows(c), **kw),
            lambda c: weekly.forest_table(_trigger_rows(c)),
            whole_journal=True,
        ),
    )
}
WEEK_CHARTS = ("nightly", "time-of-night", "muscles", "duration", "context")
TREND_CHARTS = ("trend", "severity", "relief")


# --- Chart images ------------------------------------------------------------------------------


def chart_etag(user, name, period, theme, fmt):
    profile = user.profile
    settings_part = ":".join(
        str(v)
        for v in (
            profile.time_zone,
            profile.clock,
            profile.checkin_mode,
            profile.fluid_unit,
            profile.fluid_target_ml,
            profile.sitting_hours_threshold,
            profile.standing_hours_threshold,
            profile.alcohol_drinks_threshold,
        )
    )
    key = "|".join(
        (
            render_version(),
            str(user.pk),
            name,
            period.cache_key,
            theme,
            fmt,
            settings_part,
            journal_version(user),
        )
    )
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:40] + '"'


def chart_theme(request):
    theme = request.GET.get("theme")
    if theme is None:
        theme = request.user.profile.theme
        return theme if theme in charts.THEMES else "light"
    if theme not in charts.THEMES:
        raise ValueError("unknown theme")
    return theme


def draw_chart(user, spec, period, theme, fmt):
    if spec.whole_journal:
        # Drawn from the cached whole-journal analysis (_trigger_rows), the one
        # /insights/ shows: there is no period to read.
        ctx = ChartContext(None, user.profile)
    else:
        ctx = ChartContext(load_journal(user, period.first, period.last), user.profile)
    return spec.draw(ctx, theme=theme, fmt=fmt)


CONTENT_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def _private(response):
    # The image is the user's health data: browsers may keep it, shared caches
    # may not, and the browser must revalidate (ETag) before reusing it.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Cookie",))
    return response


@require_safe
def chart(request, name, fmt="svg"):
    spec = SPECS.get(name)
    if spec is None:
        raise Http404("No such chart.")
    try:
        theme = chart_theme(request)
        period = chart_period(request)
    except (ValueError, KeyError):
        return HttpResponseBadRequest(
            # Translators: keep the query parameters (week, range, theme) and values as they are.
            _("Use ?week=YYYY-Www or ?range=4w|12w|1y|all, and theme=light or dark."),
            content_type="text/plain",
        )
    if spec.whole_journal:
        # Drawn from the analysis, which is of the journal as of today (its
        # cache key has the date): the ETag must move with it.
        period = Period("all", None, user_today(request.user))
    etag = chart_etag(request.user, name, period, theme, fmt)
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return _private(response)
    cache_key = f"cramplog:chart:{etag.strip(chr(34))}"
    content = cache.get(cache_key)
    if content is None:
        content = draw_chart(request.user, spec, period, theme, fmt)
        cache.set(cache_key, content, CACHE_SECONDS)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["ETag"] = etag
    return _private(response)


def chart_png(request, name):
    return chart(request, name, fmt="png")


# --- Pages ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartBlock:
    name: str
    heading: str
    query: str  # URL-encoded period, e.g. "week=2026-W13"; the template adds the theme
    table: weekly.ChartTable


def chart_blocks(request, names, journal, query):
    """What a page needs to embed charts: name, period query and the table."""
    ctx = ChartContext(journal, request.user.profile)
    return [
        ChartBlock(name, SPECS[name].heading, urlencode(query), SPECS[name].table(ctx))
        for name in names
    ]


def week(request, isoweek=None):
    current = this_monday(request)
    current_complete = weekly.week_is_complete(current, timezone.now(), _zone(request))
    if isoweek is None:
        # Open on the last complete week: early in a week there is little to review.
        monday = current if current_complete else current - timedelta(weeks=1)
    else:
        try:
            monday = weekly.parse_isoweek(isoweek)
        except ValueError:
            raise Http404("Not an ISO week such as 2026-W13.") from None
    journal = load_journal(
        request.user, monday - timedelta(weeks=weekly.COMPARE_WEEKS), monday + timedelta(days=6)
    )
    summary = weekly.week_summary(
        journal,
        monday,
        labels=LABELS,
        clock=request.user.profile.clock,
        until=current_night(request),
    )
    previous, following = monday - timedelta(weeks=1), monday + timedelta(weeks=1)
    context = {
        "summary": summary,
        "is_current": monday == current,
        "so_far": summary.days_so_far < 7,
        "next_is_so_far": following == current and not current_complete,
        "previous_week": weekly.isoweek(previous),
        "next_week": weekly.isoweek(following) if following <= current else None,
        "current_week": weekly.isoweek(current),
        "charts": chart_blocks(
            request, WEEK_CHARTS, summary.journal, {"week": weekly.isoweek(monday)}
        ),
    }
    return render_page(request, "insights/week.html", "week", context)


def trends(request):
    key = request.GET.get("range", weekly.DEFAULT_RANGE)
    note = ""
    if key not in weekly.RANGES:
        note = _("That range is not available; showing the last 4 weeks.")
        key = weekly.DEFAULT_RANGE
    period = range_period(request, key)
    journal = load_journal(request.user, period.first, period.last)
    points = weekly.week_points(journal)
    context = {
        "range": key,
        "ranges": list(weekly.RANGE_LABELS.items()),
        "note": note,
        "period": period,
        "weeks": points,
        "logged_nights": len(journal.logged_nights),
        "night_count": len(journal.nights),
        "cramps": sum(p.cramps for p in points),
        "charts": chart_blocks(request, TREND_CHARTS, journal, {"range": key}),
    }
    return render_page(request, "insights/trends.html", "trends", context)
