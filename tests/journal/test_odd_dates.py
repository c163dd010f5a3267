"""Issue #14 items 9 and 10: dates outside what can have happened are refused."""

import json
from datetime import date, datetime

import pytest

from export import importer
from export.files import build_backup
from journal.models import Condition, Cramp, Profile
from tests.conftest import make_user
from tests.journal.conftest import BERLIN


@pytest.mark.parametrize("ended_on", ["0001-01-01", "9999-12-31"])
def test_a_condition_cannot_end_in_year_1_or_9999(alice_client, ended_on):
    response = alice_client.post(
        "/journal/conditions/new/", {"kind": "other", "ended_on": ended_on, "notes": "kept"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This date is in the future." in html or "Pick a date after 1900." in html
    assert "kept" in html
    assert not Condition.objects.exists()


@pytest.mark.parametrize("ended_on", ["0001-01-01", "9999-12-31"])
def test_an_imported_condition_cannot_end_in_year_1_or_9999(alice, ended_on):
    raw = json.dumps(
        {
            "format": "cramplog-backup",
            "version": 2,
            "conditions": [{"kind": "other", "ended_on": ended_on}],
        }
    ).encode()
    plan = importer.plan_import(alice, importer.parse_upload(raw, len(raw)))
    assert [e.where for e in plan.errors] == ["conditions entry 1"]
    assert "ended_on" in plan.errors[0].message


def test_a_timer_started_in_the_future_saves_the_cramp_at_the_stop(alice_client, alice, freeze):
    now = freeze(2026, 3, 10, 3, 12)
    # As an old import could leave it: a start five years ahead.
    Profile.objects.filter(user=alice).update(
        timer_started_at=datetime(2031, 3, 10, 3, 0, tzinfo=BERLIN), timer_muscle="calf"
    )
    response = alice_client.post("/timer/stop/", follow=True)
    cramp = Cramp.objects.get(owner=alice)
    assert cramp.started_at == now
    assert cramp.duration_seconds is None
    assert "The timer&#x27;s start was in the future" in response.content.decode()
    # And the user's own backup imports again.
    raw = json.dumps(build_backup(alice)).encode()
    plan = importer.plan_import(make_user("carol"), importer.parse_upload(raw, len(raw)))
    assert plan.ok, plan.errors
    assert date(2026, 3, 9) == cramp.journal_day
