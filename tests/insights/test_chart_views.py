"""Chart images: own data only, ETag/304, server-side cache, bad parameters."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from insights import charts
from journal.models import Cramp, Medication, NightCheckIn
from tests.insights.test_week_factories import (
    SVG,
    alice_week_13,
    cramp_free,
    gids,
    log_cramp,
    markup,
    parse_svg,
    png_size,
    svg_title,
)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def chart_url(name, query="week=2026-W13&theme=light", fmt="svg"):
    route = "insights:chart" if fmt == "svg" else "insights:chart_png"
    return reverse(route, kwargs={"name": name}) + ("?" + query if query else "")


def test_nightly_chart_of_the_week(alice_client, alice):
    alice_week_13(alice)
    response = alice_client.get(chart_url("nightly"))
    assert response["Content-Type"] == "image/svg+xml"
    root = parse_svg(response.content)
    assert svg_title(root) == "Cramps per night"
    # Logged: Mon 1, Tue 2, Wed 0 (check-in), Fri 0 (check-in), Sat 1. Thu, Sun unlogged.
    assert gids(root, "bar-") == ["bar-0", "bar-1", "bar-2", "bar-4", "bar-5"]
    assert gids(root, "unlogged-") == ["unlogged-3", "unlogged-6"]
    assert response["Cache-Control"] == "private, no-cache"
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 42


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("time-of-night", "Time of night"),
        ("muscles", "Muscles and sides"),
        ("duration", "Duration and severity"),
        ("context", "Day context and cramps"),
        ("trend", "Cramps per week"),
        ("severity", "Weekly median duration and severity"),
        ("relief", "What helped (observational)"),
    ],
)
def test_every_named_chart_is_served(alice_client, alice, name, title):
    alice_week_13(alice)
    for query in ("week=2026-W13&theme=dark", "range=12w", "range=all&theme=light", ""):
        response = alice_client.get(chart_url(name, query))
        assert response.status_code == 200, query
        assert svg_title(parse_svg(response.content)) == title


def test_time_of_night_chart_counts_alices_hours(alice_client, alice):
    alice_week_13(alice)
    root = parse_svg(alice_client.get(chart_url("time-of-night")).content)
    # 23:30 -> hour 5; 02:00 -> 8; 04:00 and 04:30 -> 10. The 15:00 daytime cramp is left out.
    assert gids(root, "bar-") == ["bar-10", "bar-5", "bar-8"]


def test_context_chart_marks_the_unrecorded_days(alice_client, alice):
    alice_week_13(alice)
    root = parse_svg(alice_client.get(chart_url("context")).content)
    recorded = ["fluid-0", "fluid-1", "fluid-2", "fluid-4", "fluid-5"]
    assert gids(root, "fluid-") == sorted(recorded + ["fluid-missing-3", "fluid-missing-6"])
    assert gids(root, "exercise-missing-") == ["exercise-missing-3", "exercise-missing-6"]


def test_png_variant(alice_client, alice):
    alice_week_13(alice)
    response = alice_client.get(chart_url("muscles", fmt="png"))
    assert response["Content-Type"] == "image/png"
    assert png_size(response.content)[0] == 800


def test_theme_defaults_to_the_profile(alice_client, alice):
    alice.profile.theme = "dark"
    alice.profile.save()
    dark = alice_client.get(chart_url("nightly", "week=2026-W13")).content
    assert dark == alice_client.get(chart_url("nightly", "week=2026-W13&theme=dark")).content
    assert b"#161b22" in dark


def test_bob_only_ever_sees_his_own_numbers(alice_client, alice, bob_client, bob):
    alice_week_13(alice)
    log_cramp(bob, "2026-03-26 22:00", zone="America/New_York")
    alice_chart = alice_client.get(chart_url("nightly"))
    bob_chart = bob_client.get(chart_url("nightly"))
    assert gids(parse_svg(bob_chart.content), "bar-") == ["bar-3"]
    assert alice_chart["ETag"] != bob_chart["ETag"]
    # Bob sending Alice's ETag does not get a 304 for her chart: the key holds the user.
    again = bob_client.get(chart_url("nightly"), HTTP_IF_NONE_MATCH=alice_chart["ETag"])
    assert again.status_code == 200
    assert gids(parse_svg(again.content), "bar-") == ["bar-3"]


def test_if_none_match_answers_304_until_the_data_changes(alice_client, alice):
    alice_week_13(alice)
    first = alice_client.get(chart_url("nightly"))
    etag = first["ETag"]
    unchanged = alice_client.get(chart_url("nightly"), HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag and unchanged["Cache-Control"] == "private, no-cache"

    log_cramp(alice, "2026-03-27 23:00")  # Friday: was a cramp-free check-in
    changed = alice_client.get(chart_url("nightly"), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_deleting_an_old_row_changes_the_etag(alice_client, alice):
    alice_week_13(alice)
    before = alice_client.get(chart_url("nightly"))["ETag"]
    # The newest row is untouched: only the row count reveals the delete.
    Cramp.objects.filter(owner=alice).order_by("updated_at").first().delete()
    assert alice_client.get(chart_url("nightly"))["ETag"] != before


def test_every_journal_table_feeds_the_journal_version(alice_client, alice):
    seen = {alice_client.get(chart_url("trend", "range=4w"))["ETag"]}
    cramp_free(alice, "2026-03-20")
    seen.add(alice_client.get(chart_url("trend", "range=4w"))["ETag"])
    Medication.objects.create(owner=alice, name="Atorvastatin", started_on=date(2026, 3, 1))
    seen.add(alice_client.get(chart_url("trend", "range=4w"))["ETag"])
    from journal.models import DayContext

    DayContext.objects.create(owner=alice, day=date(2026, 3, 20), fluids_ml=900)
    seen.add(alice_client.get(chart_url("trend", "range=4w"))["ETag"])
    assert len(seen) == 4


def test_etag_differs_by_theme_week_and_chart(alice_client, alice):
    alice_week_13(alice)
    etags = {
        alice_client.get(chart_url(name, query))["ETag"]
        for name, query in [
            ("nightly", "week=2026-W13&theme=light"),
            ("nightly", "week=2026-W13&theme=dark"),
            ("nightly", "week=2026-W12&theme=light"),
            ("muscles", "week=2026-W13&theme=light"),
            ("nightly", "range=4w&theme=light"),
        ]
    }
    assert len(etags) == 5


def test_repeat_request_is_served_from_the_cache(alice_client, alice, monkeypatch):
    alice_week_13(alice)
    calls = []
    real = charts.nightly_counts_chart

    def counting(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(charts, "nightly_counts_chart", counting)
    first = alice_client.get(chart_url("nightly"))
    second = alice_client.get(chart_url("nightly"))  # no If-None-Match: a new tab, say
    assert len(calls) == 1
    assert second.content == first.content
    alice_client.get(chart_url("nightly", "week=2026-W13&theme=dark"))
    assert len(calls) == 2  # another theme is another image
    NightCheckIn.objects.create(owner=alice, night=date(2026, 3, 29), cramp_free=True)
    third = alice_client.get(chart_url("nightly"))
    assert len(calls) == 3  # new data, new key: redrawn
    assert gids(parse_svg(third.content), "bar-") == [f"bar-{i}" for i in (0, 1, 2, 4, 5, 6)]


def test_profile_settings_are_part_of_the_key(alice_client, alice):
    alice_week_13(alice)
    before = alice_client.get(chart_url("time-of-night"))
    alice.profile.clock = "12"
    alice.profile.save()
    after = alice_client.get(chart_url("time-of-night"), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]


def test_unknown_chart_is_404(alice_client):
    assert alice_client.get(chart_url("pie")).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "week=2026-W54",
        "week=yesterday",
        "range=2w",
        "theme=neon",
        "week=2026-W13&range=4w",
    ],
)
def test_bad_parameters_are_400(alice_client, query):
    response = alice_client.get(chart_url("nightly", query))
    assert response.status_code == 400
    assert b"?week=YYYY-Www" in response.content


def test_charts_need_login(client):
    response = client.get(chart_url("nightly"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_post_is_not_allowed(alice_client):
    assert alice_client.post(chart_url("nightly")).status_code == 405


def test_trigger_forest_chart_from_the_analysis(alice_client, alice):
    pytest.importorskip("insights.analysis")
    alice_week_13(alice)
    response = alice_client.get(chart_url("triggers", "theme=light"))
    root = parse_svg(response.content)
    assert svg_title(root) == "Factors and cramps"
    # Nine logged nights are far too few to compare any factor.
    assert gids(root, "empty") == ["empty"]


def test_query_counts_cold_cached_and_304(alice_client, alice, django_assert_num_queries):
    alice_week_13(alice)
    url = chart_url("nightly")
    # Every request: session, user with its profile, data version (one query of
    # scalar subqueries); a fresh session is not written again (accounts/sessions.py).
    with django_assert_num_queries(7):  # + cramps, check-ins, day contexts, medications
        etag = alice_client.get(url)["ETag"]
    with django_assert_num_queries(3):  # served from the cache: no journal queries
        alice_client.get(url)
    with django_assert_num_queries(3):
        assert alice_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_chart_image_partial_for_other_pages():
    from django.template.loader import render_to_string

    context = {"name": "triggers", "query": "", "alt": "Factors and cramps"}
    dark = render_to_string("insights/_chart_image.html", {**context, "theme": "dark"})
    assert '<img class="chart" src="/insights/charts/triggers.svg?theme=dark"' in dark
    assert 'alt="Factors and cramps"' in dark and "<picture>" not in dark
    auto = render_to_string("insights/_chart_image.html", {**context, "theme": "auto"})
    assert 'srcset="/insights/charts/triggers.svg?theme=dark"' in auto
    assert 'src="/insights/charts/triggers.svg?theme=light"' in auto
    week = render_to_string(
        "insights/_chart_image.html", {**context, "query": "week=2026-W13", "theme": "light"}
    )
    assert 'src="/insights/charts/triggers.svg?week=2026-W13&amp;theme=light"' in week


def test_this_weeks_chart_stops_at_tonight(alice_client, alice):
    from django.utils import timezone

    from insights import weekly

    now = timezone.now()
    tonight = weekly.current_night(now, alice.profile.time_zone)
    monday = weekly.current_monday(now, alice.profile.time_zone)
    cramp_free(alice, monday.isoformat())
    query = f"week={weekly.isoweek(monday)}&theme=light"
    root = parse_svg(alice_client.get(chart_url("nightly", query)).content)
    nights_so_far = (tonight - monday).days + 1
    assert gids(root, "bar-") == ["bar-0"]
    assert len(gids(root, "unlogged-")) == nights_so_far - 1  # later nights are not drawn
    next_week = weekly.isoweek(monday + timedelta(weeks=1))
    future = parse_svg(alice_client.get(chart_url("nightly", f"week={next_week}")).content)
    assert gids(future, "empty") == ["empty"]


def test_triggers_chart_maps_the_analysis_verdicts(alice_client, alice, monkeypatch):
    from types import SimpleNamespace

    from insights import services

    def result(label, rr, low, high, verdict):
        return SimpleNamespace(
            label=label, rate_ratio=rr, ci_low=low, ci_high=high, verdict=verdict
        )

    fake = SimpleNamespace(
        triggers=[
            result("Hard exercise that day", 3.0, 1.6, 5.5, "possible_more"),
            result("Did not stretch", 1.1, 0.6, 2.0, "no_clear"),
            result("Alcohol that evening", None, None, None, "not_enough"),
        ]
    )
    monkeypatch.setattr(services, "analyse", lambda journal, today=None: fake)
    log_cramp(alice, "2026-03-23 23:30")
    root = parse_svg(alice_client.get(chart_url("triggers", "theme=light")).content)
    assert gids(root, "row-") == ["row-0", "row-1"]  # "not enough data" has no interval
    (possible,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == "row-0"]
    assert charts.OKABE_ITO["vermillion"].lower() in markup(possible)
    (unclear,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == "row-1"]
    assert charts.OKABE_ITO["vermillion"].lower() not in markup(unclear)


def test_the_whole_journal_chart_etag_moves_with_the_analysis_date(
    alice_client, alice, monkeypatch
):
    # The triggers chart is drawn from the analysis of the journal as of today
    # (its cache key has the date), so a new day may change its bytes.
    from datetime import UTC, datetime

    alice_week_13(alice)
    etags = []
    for moment in (
        datetime(2026, 4, 6, 12, tzinfo=UTC),
        datetime(2026, 4, 7, 12, tzinfo=UTC),
    ):
        monkeypatch.setattr("django.utils.timezone.now", lambda moment=moment: moment)
        etags.append(alice_client.get(chart_url("triggers", "theme=light"))["ETag"])
    assert etags[0] != etags[1]
