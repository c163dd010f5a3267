"""The insights page and its JSON twin: the whole journal, analysed honestly.

Both views read the journal in a fixed number of queries (journal_extent,
load_journal) and hand plain records to insights.analysis; the view only adds
display labels and source citations.
"""

from dataclasses import asdict

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from insights.analysis import METHOD_TEXT, MIN_NIGHTS_FOR_RATE
from insights.services import (
    ANALYSIS_CACHE_SECONDS,
    analysis_cache_key,
    user_analysis,
    user_today,
)
from insights.triggers import BY_ID
from journal.formatting import format_duration
from journal.guidance import relief_notes
from journal.htmx import vary_on_htmx, wants_fragment
from journal.models import DrugClass, Muscle, Relief, Side
from journal.sources import cite

PAGE = "insights/index.html"
API_VERSION = 2  # docs/insights-api.md; bump on any change to the JSON shape


# The kinds of medicine change (codes in the JSON) as the page says them.
CHANGE_KINDS = {
    "start": pgettext_lazy("medicine change", "start"),
    "stop": pgettext_lazy("medicine change", "stop"),
    "dose change": pgettext_lazy("medicine change", "dose change"),
}


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


def trigger_citation(trigger_id):
    return cite(*BY_ID[trigger_id].source_keys)


def format_q(q):
    if q is None:
        return ""
    if q < 0.001:
        # Translators: a q value too small to show, e.g. "below 0.001".
        return _("below %(value)s") % {"value": number_format(0.001, 3)}
    return number_format(q, 3)


def _page_context(analysis):
    def cards(results):
        return [
            {"t": t, "source": trigger_citation(t.trigger_id), "q": format_q(t.q_value)}
            for t in results
        ]

    d = analysis.descriptives
    busiest = max(d.hour_counts) if any(d.hour_counts) else 0
    return {
        "analysis": analysis,
        "findings": cards(analysis.possible_links),
        "no_clear": cards(analysis.no_clear),
        "not_enough": cards(analysis.not_enough),
        "not_recorded": cards(analysis.not_recorded),
        "checked": cards([t for t in analysis.triggers if t.rate_ratio is not None]),
        "medication_changes": [
            {
                "m": m,
                "drug_class": _label(DrugClass, m.drug_class),
                "kind": CHANGE_KINDS.get(m.kind, m.kind),
                "q": format_q(m.q_value),
            }
            for m in analysis.medication_changes
        ],
        "d": d,
        "completeness_percent": round(analysis.completeness.share * 100),
        "hours": [
            {"label": label, "count": count, "peak": busiest and count == busiest}
            for label, count in zip(d.hour_labels, d.hour_counts, strict=True)
        ],
        "muscles": [(_label(Muscle, value), count) for value, count in d.muscles],
        "sides": [(_label(Side, value), count) for value, count in d.sides],
        "relief": [
            {
                "label": _label(Relief, row.relief),
                "tried": row.tried,
                "best": row.best,
                "median": format_duration(row.median_duration_seconds),
            }
            for row in d.relief
        ],
        "relief_notes": relief_notes(),
        "min_nights_for_rate": MIN_NIGHTS_FOR_RATE,
        "method_text": METHOD_TEXT,
        "duration_median": format_duration(d.duration_median_seconds),
        "duration_q1": format_duration(d.duration_q1_seconds),
        "duration_q3": format_duration(d.duration_q3_seconds),
    }


def index(request):
    """The analysis section is drawn once per analysis and theme, then cached.

    It holds no form and no token, only the user's own numbers, so it is keyed
    by the analysis cache key (user, date, data version, settings) and the theme
    its chart images are in. A cached page then costs the same for a 10-year
    journal as for a 6-month one.
    """
    user = request.user
    key = analysis_cache_key(user, user_today(user))
    html_key = f"{key}:page:{user.profile.theme}"
    html = cache.get(html_key)
    if html is None:
        context = _page_context(user_analysis(user, key=key))
        html = render_to_string(f"{PAGE}#insights", context, request)
        cache.set(html_key, html, ANALYSIS_CACHE_SECONDS)
    html = mark_safe(html)  # rendered and escaped by the template
    if wants_fragment(request):
        return vary_on_htmx(HttpResponse(html))
    return vary_on_htmx(render(request, PAGE, {"insights_html": html}))


def triggers_json(request):
    """The same analysis as JSON (documented in docs/insights-api.md).

    Keys and code values (verdict, status, kind, method, ...) never change; the
    sentences and labels are in the request's language.
    """
    analysis = user_analysis(request.user)
    triggers = []
    for result in analysis.triggers:
        row = asdict(result)
        row["source_titles"] = trigger_citation(result.trigger_id)
        triggers.append(row)
    return JsonResponse(
        {
            "version": API_VERSION,
            "based_on": {
                "first": analysis.first,
                "last": analysis.last,
                "text": analysis.range_text,
            },
            "method": analysis.method,
            "dispersion": analysis.dispersion,
            "status": analysis.status,
            "nights_needed": analysis.nights_needed,
            "completeness": asdict(analysis.completeness),
            "factors_checked": analysis.factors_checked,
            "triggers": triggers,
            "medication_changes": [asdict(m) for m in analysis.medication_changes],
            "descriptives": asdict(analysis.descriptives),
        }
    )
