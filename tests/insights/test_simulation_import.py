"""Simulated journals judged the way held-out ones are: through /import/ and triggers.json.

Issue #12's own planted-effect journals come in through the import page and
are read from /insights/triggers.json. Here simulated journals
(tests/insights/simulation.py) take that road: written into one account,
downloaded as backup.json, imported into a fresh account, and the JSON must
give every factor and medicine change the verdict that the analysis of the
simulated journal itself gives (the analysis whose rates
tests/insights/test_simulation.py measures on 200 journals per scenario).
"""

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from insights.analysis import analyse
from insights.demo import DemoCheckIn, DemoCramp, DemoJournal
from insights.management.commands.seed_demo import write_demo
from journal.models import Side
from tests.conftest import make_user
from tests.export.test_export_fixtures import import_file
from tests.insights import simulation

CASES = {
    # (a) a no-effect statin, then a diuretic that doubles the rate: found here.
    "two medicines, 180 nights": (
        lambda: simulation.two_medicines(1, 180),
        {"statin:start": "no_clear", "diuretic_thiazide:start": "possible_more"},
    ),
    # (b) the seasons and a no-effect statin: a bend fits as well as its step.
    "seasons, 365 nights": (
        lambda: simulation.drifting(2, 365, season=True),
        {"statin:start": "no_clear"},
    ),
    # (b) again: the statin started right after a bad spell; fewer after is not credited.
    "seasons after a bad spell, 365 nights": (
        lambda: simulation.drifting(4, 365, season=True),
        {"statin:start": "no_clear"},
    ),
    # (e) three planted nightly triggers.
    "nightly triggers, 180 nights": (lambda: simulation.nightly_triggers(1, 180), {}),
}


def write_simulated(user, journal):
    """The simulated journal as the rows a person would have logged (UTC, no details)."""
    cramps = [
        DemoCramp(
            started_at=datetime.combine(night.night + timedelta(1), time(1), UTC)
            + timedelta(minutes=10 * k),
            time_zone="UTC",
            duration_seconds=None,
            muscle="calf",
            side=Side.NA,
            severity=None,
            woke_from_sleep=None,
            activity="",
            relief_tried=(),
            relief_best="",
            symptoms=(),
            soreness="",
        )
        for night in journal.nights
        for k in range(night.cramps)
    ]
    checkins = [
        DemoCheckIn(night.night, cramp_free=True, sleep_disturbance=None)
        for night in journal.nights
        if night.cramp_free_confirmed
    ]
    demo = DemoJournal(
        journal.first,
        journal.last,
        "UTC",
        0,
        cramps,
        checkins,
        list(journal.days.values()),
        journal.medications,
        planted=(),
    )
    write_demo(user, demo)


def as_recorded(journal):
    """The simulated journal over the nights the account holds an entry for."""
    entries = [n.night for n in journal.nights if n.logged] + list(journal.days)
    first, last = min(entries), max(entries)
    nights = [n for n in journal.nights if first <= n.night <= last]
    return replace(journal, first=first, last=last, nights=nights)


def verdicts(document):
    factors = {t["trigger_id"]: t["verdict"] for t in document["triggers"]}
    changes = {
        f"{c['drug_class']}:{c['kind']}": (c["verdict"], c["withheld_because"])
        for c in document["medication_changes"]
    }
    return factors, changes


@pytest.mark.parametrize("case", CASES)
def test_an_imported_simulated_journal_gets_the_verdicts_of_its_analysis(db, case):
    make, expected_changes = CASES[case]
    sim = make()
    writer = make_user("writer", time_zone="UTC")
    write_simulated(writer, sim.journal)
    client = Client()
    client.force_login(writer)
    backup = client.get(reverse("export:backup")).content

    reader = make_user("reader", time_zone="UTC")
    client.force_login(reader)
    assert import_file(client, backup).status_code == 302
    document = client.get(reverse("insights:triggers_json")).json()

    journal = as_recorded(sim.journal)
    analysis = analyse(journal)
    assert document["status"] == analysis.status == "ready"
    assert (document["based_on"]["first"], document["based_on"]["last"]) == (
        journal.first.isoformat(),
        journal.last.isoformat(),
    )
    assert document["completeness"]["logged"] == analysis.completeness.logged
    factors, changes = verdicts(document)
    assert factors == {t.trigger_id: t.verdict for t in analysis.triggers}
    assert changes == {
        f"{c.drug_class}:{c.kind}": (c.verdict, c.withheld_because)
        for c in analysis.medication_changes
    }
    # And what was planted is what the JSON says.
    assert {k: v for k, (v, _) in changes.items()} == expected_changes
    for trigger_id in sim.planted:
        if trigger_id in factors and trigger_id != "diuretic":
            assert factors[trigger_id] == "possible_more", trigger_id
