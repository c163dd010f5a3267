"""Issue #14 item 6: text the user typed is drawn letter for letter, never as math."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from insights import charts
from insights.charts import WeekPoint
from insights.charts.text import literal
from journal.models import Medication
from tests.insights.test_week_factories import log_cramp, medication, parse_svg

MONDAY = date(2026, 3, 23)


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_a_medicine_named_like_math_does_not_break_the_trend_chart(alice_client, alice, fmt):
    log_cramp(alice, "2026-03-24 03:00")
    Medication.objects.create(
        owner=alice, name=r"Mg $\foo$", started_on=date(2026, 3, 1), drug_class="other"
    )
    route = "insights:chart" if fmt == "svg" else "insights:chart_png"
    response = alice_client.get(reverse(route, kwargs={"name": "trend"}) + "?range=all")
    assert response.status_code == 200
    assert response["Content-Type"] == ("image/svg+xml" if fmt == "svg" else "image/png")


@pytest.mark.parametrize("name", ["$x$", r"Mg $\foo$", "Cost: $5 or $6", "a\\$b$"])
def test_user_text_is_drawn_as_written(name):
    weeks = [WeekPoint(MONDAY - timedelta(weeks=3 - i), 2, 7) for i in range(4)]
    svg = charts.trend_chart(weeks, [medication(1, name, MONDAY - timedelta(weeks=2))])
    texts = ["".join(t.itertext()) for t in parse_svg(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert name in texts


def test_literal_escapes_every_dollar():
    assert literal("$x$") == r"\$x\$"
    assert literal("no dollars") == "no dollars"
