"""Trends: weekly points, ranges, the page and its charts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from insights import weekly
from journal.models import Medication
from journal.records import Journal
from tests.insights.test_week_factories import (
    alice_week_13,
    cramp_record,
    gids,
    log_cramp,
    night,
    parse_svg,
)

W13 = date(2026, 3, 23)


def test_week_points_count_cramps_logged_nights_and_medians():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Berlin")
    nights = [night(W13 + timedelta(days=i), cramps=[2, 0, 1, 0, 0, 0, 0][i]) for i in range(7)]
    nights += [night(W13 + timedelta(days=7 + i), logged=False) for i in range(7)]
    cramps = [
        cramp_record(datetime(2026, 3, 23, 23, 0, tzinfo=tz), duration=60, severity=4),
        cramp_record(datetime(2026, 3, 24, 3, 0, tzinfo=tz), duration=180, severity=6),
        cramp_record(datetime(2026, 3, 26, 1, 0, tzinfo=tz), duration=600, severity=9),
        cramp_record(datetime(2026, 3, 27, 15, 0, tzinfo=tz), duration=999, severity=1),  # day
    ]
    journal = Journal(W13, W13 + timedelta(days=13), "Europe/Berlin", nights, cramps, {})
    first, second = weekly.week_points(journal)
    assert (first.week_start, first.cramps, first.logged_nights, first.cramp_nights) == (
        W13,
        3,
        7,
        2,
    )
    assert first.median_minutes == 3.0  # 1, 3 and 10 minutes; the daytime cramp is left out
    assert first.median_severity == 6
    assert (second.cramps, second.logged_nights, second.logged) == (0, 0, False)
    assert second.median_minutes is None


def test_relief_rows_median_length_per_relief_tried():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Berlin")
    moment = datetime(2026, 3, 23, 23, 0, tzinfo=tz)
    cramps = [
        cramp_record(moment, duration=60, relief_tried=("stretch",)),
        cramp_record(moment, duration=180, relief_tried=("stretch", "massage")),
        cramp_record(moment, duration=None, relief_tried=("massage",)),
        cramp_record(moment, duration=30, relief_tried=("nothing",)),
    ]
    rows = weekly.relief_rows(cramps, {"stretch": "Stretch", "massage": "Massage"})
    assert [(r.label, r.cramps, r.median_minutes) for r in rows] == [
        ("Massage", 2, 3.0),
        ("Stretch", 2, 2.0),
    ]


def trends(client, query=""):
    return client.get(reverse("insights:trends") + query)


def test_trends_page_defaults_to_four_weeks(alice_client):
    response = trends(alice_client)
    html = response.content.decode()
    assert response.context["range"] == "4w"
    assert len(response.context["weeks"]) == 4
    assert html.count("Show as table") == 3
    assert "range=4w&amp;theme=light" in html
    assert 'aria-current="page">4 weeks</a>' in html


def test_bad_range_falls_back_to_four_weeks_with_a_note(alice_client):
    response = trends(alice_client, "?range=5y")
    assert response.context["range"] == "4w"
    assert "That range is not available; showing the last 4 weeks." in response.content.decode()


@pytest.mark.parametrize(("key", "weeks"), [("12w", 12), ("1y", 52)])
def test_ranges_end_with_this_week(alice_client, alice, key, weeks):
    response = trends(alice_client, f"?range={key}")
    points = response.context["weeks"]
    assert len(points) == weeks
    this_monday = weekly.current_monday(timezone.now(), alice.profile.time_zone)
    assert points[-1].week_start == this_monday


def test_all_range_starts_at_the_first_entry(alice_client, alice):
    alice_week_13(alice)  # earliest row: the night of 10 March 2026
    points = trends(alice_client, "?range=all").context["weeks"]
    assert points[0].week_start == date(2026, 3, 9)
    by_week = {p.week_start: p for p in points}
    assert by_week[W13].cramps == 4 and by_week[W13].logged_nights == 5


def test_trends_page_shows_only_own_numbers(alice, bob_client, bob):
    alice_week_13(alice)
    log_cramp(bob, "2026-03-24 23:00", zone="America/New_York")
    response = trends(bob_client, "?range=all")
    assert response.context["cramps"] == 1
    assert "1 night cramp," in response.content.decode()


def test_htmx_range_switch_returns_the_fragment(alice_client):
    response = trends(alice_client, "?range=12w")
    assert "<html" in response.content.decode()
    fragment = alice_client.get(reverse("insights:trends") + "?range=12w", HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert html.lstrip().startswith('<section id="trends"') and "<html" not in html


def test_trend_chart_marks_a_medicine_period(alice_client, alice):
    alice_week_13(alice)
    Medication.objects.create(
        owner=alice,
        name="Atorvastatin",
        drug_class="statin",
        started_on=date(2026, 3, 16),
        stopped_on=date(2026, 3, 25),
    )
    url = reverse("insights:chart", kwargs={"name": "trend"}) + "?range=all&theme=light"
    root = parse_svg(alice_client.get(url).content)
    assert gids(root, "med-") == ["med-0", "med-start-0", "med-stop-0"]
    assert "rolling" in gids(root, "rolling")


def test_trend_and_severity_tables(alice_client, alice):
    alice_week_13(alice)
    html = trends(alice_client, "?range=all").content.decode()
    # W13: 4 night cramps, 5 of 7 nights logged; medians of 2, 1, 14 and 5 minutes
    # = 3.5 min and of severities 6, 4, 8, 5 = 5.5.
    assert ('<th scope="row">23 Mar 2026</th><td>4</td><td>5 of 7</td>') in html
    assert '<th scope="row">23 Mar 2026</th><td>3.5</td><td>5.5</td>' in html
    # W12 (16-22 March): only the 1-minute cramp of Monday night, severity 3.
    assert '<th scope="row">16 Mar 2026</th><td>1</td><td>3</td>' in html
