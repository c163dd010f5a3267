"""/insights/ and /insights/triggers.json: content, states, ownership, query counts."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from insights.analysis import MEDICINE_CAVEAT, analyse
from insights.demo import generate_demo
from insights.management.commands.seed_demo import write_demo
from journal.models import Cramp, DayContext, NightCheckIn
from journal.services import journal_extent, load_journal

END = date(2026, 6, 30)
INDEX = reverse("insights:index")
JSON = reverse("insights:triggers_json")


def seed(user, days=180, seed=7):
    write_demo(user, generate_demo(days, seed, end=END))


def log_nights(user, cramp_nights, free_nights, first=date(2026, 5, 1)):
    """Cramps at 03:00 Berlin on the first ``cramp_nights`` nights, then check-ins."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Berlin")
    for i in range(cramp_nights):
        started = datetime.combine(first + timedelta(i + 1), datetime.min.time(), zone)
        Cramp.objects.create(
            owner=user,
            started_at=started.replace(hour=3),
            time_zone="Europe/Berlin",
            muscle="calf",
            side="left",
            duration_seconds=90,
            relief_tried=["stretch"],
            relief_best="stretch",
        )
    for i in range(cramp_nights, cramp_nights + free_nights):
        NightCheckIn.objects.create(owner=user, night=first + timedelta(i), cramp_free=True)


def test_login_is_required(client, db):
    for url in (INDEX, JSON):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_empty_journal_explains_what_to_log(alice_client):
    response = alice_client.get(INDEX)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing to analyse yet" in content
    assert "confirm it with the morning check-in" in content
    assert "Possible links" not in content
    data = alice_client.get(JSON).json()
    assert data["status"] == "empty"
    assert data["completeness"] == {"logged": 0, "total": 0, "share": 0.0}


def test_early_journal_shows_no_verdicts_and_how_many_nights_are_needed(alice, alice_client):
    log_nights(alice, cramp_nights=4, free_nights=9)  # 13 logged nights
    content = alice_client.get(INDEX).content.decode()
    assert "Early days: no findings yet" in content
    assert "You have 13 logged nights, 4 with a cramp." in content
    assert "About 1 more logged night needed." in content
    assert "Possible link" not in content
    assert "4 night-time cramps on 13 logged nights" in content
    assert "13 of 13 nights logged (100%)" in content
    data = alice_client.get(JSON).json()
    assert data["status"] == "charts_only" and data["nights_needed"] == 1
    # Nothing was recorded besides cramps: every factor is "not recorded", none "N more nights".
    assert {t["verdict"] for t in data["triggers"]} == {"not_recorded"}
    assert data["version"] == 2
    assert data["based_on"]["text"] == content.split("Based on your nights from ")[1].split(":")[0]


def test_ready_page_puts_findings_first_with_caveats(alice, alice_client):
    seed(alice)
    content = alice_client.get(INDEX).content.decode()
    journal = load_journal(alice, *journal_extent(alice))
    analysis = analyse(journal, today=date.today())
    links = analysis.possible_links
    # The planted hard exercise is found; a planted medicine (60 nights on it, with the
    # trend allowed for) is found in under half of such journals (test_simulation.py).
    assert {t.trigger_id for t in links} >= {"hard_exercise"}
    hard = next(t for t in links if t.trigger_id == "hard_exercise")
    assert hard.sentence in content
    assert "This is a pattern in your own journal, not proof of cause." in content
    assert f"{hard.n_exposed} with, {hard.n_unexposed} without" in content
    # Plain words first: the sentence leads, the numbers sit behind "How this is worked out".
    assert content.index(hard.sentence) < content.index("How this is worked out")
    assert content.index("How this is worked out") < content.index(
        "Per factor: adjusted rate ratio"
    )
    # How medicine changes are judged is said where the method is.
    assert content.index("How this is worked out") < content.index(
        "A change counts only when a step on its date fits your nights better than a slow "
        "bend (a curve, or the seasons) would without it"
    )
    assert f"Based on your nights from {analysis.range_text}" in content
    assert analysis.frequency_text in content
    # Published titles stay as published, marked as English.
    assert 'Source: <cite lang="en">What Causes Muscle Spasms in Legs?' in content
    assert (
        f"{analysis.factors_checked} factors checked; about 1 in 20 can look linked by chance."
        in content
    )
    # Order: possible links, then no clear pattern, then what was not recorded.
    assert content.index("Possible link: more cramps") < content.index("No clear pattern")
    assert content.index("No clear pattern") < content.index("Not recorded, so not checked")
    assert '<a href="/insights/week/">Weekly review</a>' in content
    # Medicine cards always carry the caveat; the statin start is among them.
    assert "Before and after medicine changes" in content
    assert "Atorvastatin" in content and str(MEDICINE_CAVEAT) in content
    assert "What helped (observational)" in content
    c = analysis.completeness
    assert f"{c.logged} of {c.total} nights logged ({round(c.share * 100)}%)" in content
    # Strict CSP: nothing inline.
    assert 'style="' not in content and "<script>" not in content and "onclick" not in content


def test_htmx_request_gets_the_fragment(alice, alice_client):
    seed(alice, days=60)
    response = alice_client.get(INDEX, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="insights-body"')
    assert "<html" not in content
    assert "How complete your logging is" in content


def test_json_matches_the_analysis(alice, alice_client):
    seed(alice)
    data = alice_client.get(JSON).json()
    journal = load_journal(alice, *journal_extent(alice))
    analysis = analyse(journal, today=date.today())
    assert data["status"] == "ready"
    assert data["factors_checked"] == analysis.factors_checked
    assert data["completeness"]["logged"] == analysis.completeness.logged
    by_id = {t["trigger_id"]: t for t in data["triggers"]}
    for result in analysis.triggers:
        row = by_id[result.trigger_id]
        assert (row["n_exposed"], row["n_unexposed"]) == (result.n_exposed, result.n_unexposed)
        assert (row["x_exposed"], row["x_unexposed"]) == (result.x_exposed, result.x_unexposed)
        assert row["rate_ratio"] == result.rate_ratio and row["q_value"] == result.q_value
        assert row["verdict"] == result.verdict
    assert by_id["hard_exercise"]["verdict"] == "possible_more"
    assert by_id["hard_exercise"]["sources"] == ["S0", "S1", "S2", "S4"]
    assert by_id["alcohol"]["source_titles"].endswith("[ext]")
    statin_start = next(m for m in data["medication_changes"] if m["name"] == "Atorvastatin")
    assert statin_start["kind"] == "start"
    assert statin_start["on"] == str(END - timedelta(days=179) + timedelta(days=120))
    assert len(data["descriptives"]["hour_counts"]) == 18


def test_bob_never_sees_alices_numbers(alice, bob, alice_client, bob_client):
    seed(alice)
    DayContext.objects.create(owner=bob, day=date(2026, 6, 1), fluids_ml=900)
    bob_page = bob_client.get(INDEX).content.decode()
    assert "Possible link" not in bob_page and "Atorvastatin" not in bob_page
    bob_data = bob_client.get(JSON).json()
    assert bob_data["status"] == "empty"
    assert bob_data["medication_changes"] == []
    assert all(t["n_exposed"] == 0 for t in bob_data["triggers"])
    alice_data = alice_client.get(JSON).json()
    assert alice_data["status"] == "ready"


@pytest.mark.parametrize("days", [30, 400])
def test_query_count_does_not_grow_with_the_journal(
    alice, alice_client, days, django_assert_num_queries
):
    seed(alice, days=days)
    alice = type(alice).objects.get(pk=alice.pk)  # drop cached profile
    # 1 session, 2 user with profile, 3 data version (the cache key), 4-6
    # journal_extent (cramps, check-ins, day contexts), 7-10 load_journal
    # (cramps, check-ins, day contexts, medicines). A fresh session is not
    # written again (accounts/sessions.py).
    with django_assert_num_queries(10):
        response = alice_client.get(INDEX)
    assert response.status_code == 200 and "nights logged" in response.content.decode()
    # Unchanged journal: the cached analysis is used, the journal is not read.
    # 1 session, 2 user with profile, 3 data version.
    with django_assert_num_queries(3):
        again = alice_client.get(INDEX)

    def without_tokens(content):  # CSRF tokens are masked anew on every response
        return re.sub(rb'"x-csrftoken": "[^"]+"|value="[A-Za-z0-9]{64}"', b"", content)

    assert without_tokens(again.content) == without_tokens(response.content)


def test_ready_insights_page_embeds_the_forest_plot_and_links_reviews(alice_client, alice):
    from django.urls import reverse

    from insights.management.commands.seed_demo import seed_demo_user

    seed_demo_user("alice", days=120, seed=3, force=True)
    content = alice_client.get(reverse("insights:index")).content.decode()
    assert 'src="/insights/charts/triggers.svg?theme=light"' in content
    assert f'href="{reverse("insights:week")}"' in content
    assert f'href="{reverse("insights:trends")}"' in content
    chart = alice_client.get("/insights/charts/triggers.svg?theme=light")
    assert chart["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in chart.content


def test_what_helped_carries_the_evidence_caveats(alice, alice_client):
    log_nights(alice, cramp_nights=4, free_nights=9)
    content = alice_client.get(INDEX).content.decode()
    notes = content[content.index('id="relief-title"') :]
    assert "Evidence that stretching prevents night cramps is limited." in notes
    assert "Magnesium is unlikely to prevent ordinary night cramps in older adults." in notes
    assert "Quinine is no longer recommended for leg cramps" in notes


def test_a_few_nights_give_counts_not_rates_or_spreads(alice, alice_client):
    log_nights(alice, cramp_nights=2, free_nights=0)
    content = alice_client.get(INDEX).content.decode()
    assert (
        "2 night-time cramps on 2 logged nights (a rate per night or week is shown from "
        "14 logged nights on)." in content
    )
    assert "a week" not in content and "per logged night" not in content
    assert "middle half" not in content
    data = alice_client.get(JSON).json()["descriptives"]
    assert data["per_week"] is None and data["duration_q1_seconds"] is None
