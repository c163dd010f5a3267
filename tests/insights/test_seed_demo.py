"""seed_demo: creates a demo user whose journal matches the in-memory generator."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from insights.analysis import analyse
from insights.demo import generate_demo
from insights.management.commands.seed_demo import default_end, seed_demo_user
from journal.models import Cramp, DayContext, Medication, NightCheckIn
from journal.services import journal_extent, load_journal

END = date(2026, 6, 30)
OLD_CRAMP_AT = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_creates_the_user_prints_the_login_and_what_was_planted():
    output = run(
        "--user",
        "demo",
        "--days",
        "150",
        "--seed",
        "7",
        "--password",
        "pw-12345678",
        "--end",
        "2026-06-30",
    )
    assert "Created user demo with password pw-12345678" in output
    assert (
        "hard_exercise: hard exercise on a day multiplies that night's cramp rate by 2.5" in output
    )
    assert "statin: a statin started on day 120 multiplies the nightly rate by 2" in output
    user = get_user_model().objects.get(username="demo")
    assert user.check_password("pw-12345678")
    assert user.profile.time_zone == "Europe/Berlin"

    demo = generate_demo(150, 7, end=END)
    assert Cramp.objects.filter(owner=user).count() == len(demo.cramps)
    assert NightCheckIn.objects.filter(owner=user).count() == len(demo.checkins)
    assert DayContext.objects.filter(owner=user).count() == len(demo.days)
    assert list(
        Medication.objects.filter(owner=user)
        .order_by("started_on")
        .values_list("name", "drug_class", "started_on")
    ) == [(m.name, m.drug_class, m.started_on) for m in demo.medications]
    # Derived fields were set although bulk_create skips save().
    assert not Cramp.objects.filter(owner=user, journal_day__isnull=True).exists()
    assert Cramp.objects.filter(owner=user, is_night=True).count() > 100


@pytest.mark.django_db
def test_database_journal_equals_the_in_memory_journal():
    result = seed_demo_user("demo", days=200, seed=3, end=END, time_zone="America/New_York")
    first, last = journal_extent(result.user)
    memory = generate_demo(200, 3, end=END, time_zone="America/New_York").to_journal()
    stored = load_journal(result.user, memory.first, memory.last)
    assert first <= memory.first and last == END
    assert stored.nights == memory.nights
    assert stored.days == {
        d: r for d, r in memory.days.items() if d >= memory.first - date.resolution
    }
    assert [(c.journal_day, c.is_night, c.red_flags) for c in stored.cramps] == [
        (c.journal_day, c.is_night, c.red_flags) for c in memory.cramps
    ]
    from_db, in_memory = analyse(stored), analyse(memory)
    assert [(t.trigger_id, t.n_exposed, t.x_exposed, t.verdict) for t in from_db.triggers] == [
        (t.trigger_id, t.n_exposed, t.x_exposed, t.verdict) for t in in_memory.triggers
    ]
    assert any(c.red_flags for c in stored.cramps) or len(stored.cramps) < 300


@pytest.mark.django_db
def test_refuses_a_user_with_data_unless_forced(alice):
    Cramp.objects.create(owner=alice, started_at=OLD_CRAMP_AT, time_zone="UTC", muscle="calf")
    with pytest.raises(CommandError, match="already has journal entries"):
        run("--user", "alice", "--days", "30", "--seed", "1", "--end", "2026-06-30")
    assert Cramp.objects.filter(owner=alice).count() == 1

    output = run("--user", "alice", "--days", "30", "--seed", "1", "--end", "2026-06-30", "--force")
    assert "Replaced the journal of alice" in output
    demo = generate_demo(30, 1, end=END)
    assert Cramp.objects.filter(owner=alice).count() == len(demo.cramps)
    assert not Cramp.objects.filter(owner=alice, started_at=OLD_CRAMP_AT).exists()
    # Forcing twice replaces rather than adds.
    run("--user", "alice", "--days", "30", "--seed", "1", "--end", "2026-06-30", "--force")
    assert Cramp.objects.filter(owner=alice).count() == len(demo.cramps)


@pytest.mark.django_db
def test_an_existing_user_without_data_is_filled(bob):
    run("--user", "bob", "--days", "20", "--seed", "2", "--end", "2026-06-30", "--tz", "Asia/Tokyo")
    bob.refresh_from_db()
    assert bob.profile.time_zone == "Asia/Tokyo"
    assert NightCheckIn.objects.filter(owner=bob).exists()


@pytest.mark.django_db
def test_bad_arguments_are_refused():
    with pytest.raises(CommandError, match="time zone"):
        run("--user", "x", "--days", "20", "--tz", "Mars/Base")
    with pytest.raises(CommandError, match="at least 1"):
        run("--user", "x", "--days", "0")
    assert not get_user_model().objects.filter(username="x").exists()


def test_the_generator_is_deterministic_and_realistic():
    a = generate_demo(365, 11, end=END)
    b = generate_demo(365, 11, end=END)
    assert a.cramps == b.cramps and a.days == b.days and a.checkins == b.checkins
    assert generate_demo(365, 12, end=END).cramps != a.cramps
    journal = a.to_journal()
    night = [c for c in journal.cramps if c.is_night]
    assert sum(c.muscle == "calf" for c in night) > 0.6 * len(night)
    early_morning = [c for c in night if 7 <= c.hours_into_night < 11]  # 01:00-05:00
    assert len(early_morning) > 0.7 * len(night)
    durations = [c.duration_seconds for c in journal.cramps if c.duration_seconds]
    assert min(durations) >= 5 and max(durations) <= 15 * 60
    logged = len(journal.logged_nights)
    assert 0.8 * 365 < logged < 0.97 * 365  # some nights are never logged
    assert any(d.fluids_ml is None for d in journal.days.values())  # blank fields exist
    assert any(c.cramp_free_confirmed for c in journal.nights)


def test_default_end_is_the_last_night_whose_cramps_are_surely_past():
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    # Morning: the night of 29 June is still ending, so the demo ends on 28 June.
    assert default_end("Europe/Berlin", datetime(2026, 6, 30, 9, 0, tzinfo=berlin)) == date(
        2026, 6, 28
    )
    # Afternoon: the night of 29 June ended at noon.
    assert default_end("Europe/Berlin", datetime(2026, 6, 30, 13, 0, tzinfo=berlin)) == date(
        2026, 6, 29
    )
