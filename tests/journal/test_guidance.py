"""journal/guidance.py: "book a visit" prompts at their thresholds, supplement notes."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from journal.guidance import supplement_caution, visit_prompts

LAST = date(2026, 3, 28)  # the last finished night


def cramp(night, **fields):
    row = {
        "journal_day": night,
        "is_night": True,
        "woke_from_sleep": None,
        "severity": None,
        "relief_best": "",
        "symptoms": [],
    }
    row.update(fields)
    return SimpleNamespace(**row)


def checkin(night, score):
    return SimpleNamespace(night=night, sleep_disturbance=score)


def night(weeks_back, day):
    """Night ``day`` (0-6) of the week ``weeks_back`` weeks before the last one."""
    return LAST - timedelta(days=7 * weeks_back + day)


def codes(prompts):
    return [p.code for p in prompts]


@pytest.mark.parametrize(
    "per_week, expected",
    [((3, 3), ["sleep"]), ((3, 2), []), ((2, 3), []), ((4, 5), ["sleep"])],
)
def test_sleep_prompt_needs_three_nights_in_each_of_two_weeks(per_week, expected):
    rows = [
        cramp(night(week, day), woke_from_sleep=True)
        for week, count in enumerate(per_week)
        for day in range(count)
    ]
    assert codes(visit_prompts(rows, [], LAST)) == expected


def test_sleep_prompt_counts_a_night_once_and_reads_check_in_scores():
    rows = [cramp(night(0, 0), woke_from_sleep=True), cramp(night(0, 0), woke_from_sleep=True)]
    checkins = [checkin(night(0, 1), 5), checkin(night(0, 2), 9), checkin(night(1, 0), 5)]
    checkins += [checkin(night(1, 1), 6), checkin(night(1, 2), 4)]  # 4 is below 5
    assert codes(visit_prompts(rows, checkins, LAST)) == []
    checkins.append(checkin(night(1, 3), 5))
    prompts = visit_prompts(rows, checkins, LAST)
    assert codes(prompts) == ["sleep"]
    assert "on 3 or more nights in each of the last 2 weeks (3 and 3 nights)" in prompts[0].text
    assert "book a visit with your doctor" in prompts[0].text
    assert "[S4]" in prompts[0].text


def test_sleep_outside_the_two_weeks_does_not_count():
    rows = [cramp(night(2, day), woke_from_sleep=True) for day in range(7)]
    rows += [cramp(night(0, day), woke_from_sleep=True) for day in range(3)]
    assert codes(visit_prompts(rows, [], LAST)) == []


def test_severe_prompt_at_three_nights_of_seven_or_more():
    rows = [cramp(night(0, 0), severity=7), cramp(night(1, 0), severity=10)]
    rows += [cramp(night(0, 0), severity=9)]  # same night: still two nights
    rows += [cramp(night(2, 0), severity=6)]  # below 7
    rows += [cramp(LAST - timedelta(days=28), severity=9)]  # 29th night back: outside
    assert codes(visit_prompts(rows, [], LAST)) == []
    rows.append(cramp(LAST - timedelta(days=27), severity=7))
    prompts = visit_prompts(rows, [], LAST)
    assert codes(prompts) == ["severe"]
    assert "pain of 7/10 or more on 3 of the last 28 nights" in prompts[0].text


def test_home_care_prompt_when_nothing_helped_three_times():
    rows = [
        cramp(night(0, 0), relief_best="nothing"),
        cramp(night(1, 0), symptoms=["no_ease"]),
        cramp(night(2, 0), relief_best="stretch"),
    ]
    assert codes(visit_prompts(rows, [], LAST)) == []
    rows.append(cramp(night(3, 0), relief_best="nothing"))
    prompts = visit_prompts(rows, [], LAST)
    assert codes(prompts) == ["home_care"]
    assert "when home care does not help, ask your doctor" in prompts[0].text


def test_day_cramps_are_not_nights():
    rows = [cramp(night(0, d), severity=9, is_night=False) for d in range(5)]
    assert visit_prompts(rows, [], LAST) == []


def test_supplement_note_is_stronger_for_potassium_sparing_diuretics_or_kidney_disease():
    plain = supplement_caution([], set())
    assert not plain.strong and plain.emphasis == ""
    assert "talk to your doctor" in plain.text and "[S1]" in plain.source_text
    strong = supplement_caution(["Spironolactone"], {"kidney"})
    assert strong.strong
    assert "a potassium-sparing diuretic (Spironolactone) and kidney disease" in strong.emphasis
    assert "extra potassium can build up in the blood" in strong.emphasis
    assert "Spironolactone (Aldactone) prescribing information" in strong.source_text
    assert "prescribing information" not in plain.source_text
    assert supplement_caution([], {"kidney"}).strong
    assert not supplement_caution([], {"diabetes"}).strong


def three_severe_nights(alice):
    from datetime import datetime

    from journal.models import Cramp
    from tests.journal.conftest import BERLIN

    for days_back in range(3):
        Cramp.objects.create(
            owner=alice,
            started_at=datetime(2026, 3, 28 - days_back, 23, 30, tzinfo=BERLIN),
            time_zone="Europe/Berlin",
            muscle="calf",
            severity=9,
        )


def test_home_page_shows_the_prompt_when_it_applies(alice, alice_client, freeze):
    freeze(2026, 3, 29, 9, 0)  # the night of the 28th is over
    html = alice_client.get("/").content.decode()
    assert "Worth raising with your doctor" not in html
    three_severe_nights(alice)
    html = alice_client.get("/").content.decode()
    assert "Worth raising with your doctor" in html
    assert "You logged pain of 7/10 or more on 3 of the last 28 nights." in html
    assert 'Source: <cite lang="en">What Causes Muscle Spasms in Legs?' in html


def test_doctor_summary_lists_the_prompts(alice):
    from export.summary import build_summary
    from journal.services import load_journal

    three_severe_nights(alice)
    journal = load_journal(alice, date(2026, 3, 1), date(2026, 3, 28))
    summary = build_summary(journal, generated_on=date(2026, 3, 29))
    assert [p.code for p in summary.visit_prompts] == ["severe"]


def test_doctor_summary_page_shows_the_prompts(alice, alice_client, freeze):
    three_severe_nights(alice)
    freeze(2026, 3, 29, 9, 0)
    html = alice_client.get("/export/summary/", {"from": "2026-03-01", "to": "2026-03-28"})
    html = html.content.decode()
    section = html[html.index('id="s-visit"') :]
    assert "You logged pain of 7/10 or more on 3 of the last 28 nights." in section
    assert "What Causes Muscle Spasms in Legs?" in section
