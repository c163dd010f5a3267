"""night_of / journal_slot at the 2026 DST changes, and across zones."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from journal.models import Cramp
from journal.nights import journal_slot, last_finished_night, night_of

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def sweep(zone, night):
    """Every minute from noon before night D to noon after: slot counts per night."""
    start = datetime.combine(night, datetime.min.time(), tzinfo=zone).replace(hour=12)
    start = start.astimezone(UTC)
    end = datetime.combine(night + timedelta(days=2), datetime.min.time(), tzinfo=zone)
    end = end.replace(hour=12).astimezone(UTC)
    minutes = {}
    previous = None
    moment = start
    while moment < end:
        slot = journal_slot(moment, zone)
        key = (slot.day, slot.is_night)
        minutes[key] = minutes.get(key, 0) + 1
        if previous is not None:
            # Walking forward in real time, the slot never goes backwards.
            assert (slot.day, slot.is_night) >= previous
        previous = (slot.day, slot.is_night)
        moment += timedelta(minutes=1)
    return minutes


# --- Europe/Berlin: 29 March 02:00 CET -> 03:00 CEST; 25 October 03:00 CEST -> 02:00 CET


def test_berlin_spring_forward_night_is_one_short_night():
    night = date(2026, 3, 28)
    # 01:30 CET (00:30 UTC) and 03:30 CEST (01:30 UTC) are one hour apart and the same night.
    assert night_of(utc(2026, 3, 29, 0, 30), BERLIN) == night
    assert night_of(utc(2026, 3, 29, 1, 30), BERLIN) == night
    assert night_of(utc(2026, 3, 29, 9, 59), BERLIN) == night  # 11:59 CEST
    assert night_of(utc(2026, 3, 29, 10, 0), BERLIN) is None  # 12:00 CEST: daytime
    assert journal_slot(utc(2026, 3, 29, 10, 0), BERLIN).day == date(2026, 3, 29)
    minutes = sweep(BERLIN, night)
    assert minutes[(night, True)] == 17 * 60  # 18:00 .. 12:00 less the skipped hour
    assert minutes[(date(2026, 3, 29), False)] == 6 * 60
    assert minutes[(date(2026, 3, 29), True)] == 18 * 60


def test_berlin_fall_back_night_is_one_long_night():
    night = date(2026, 10, 24)
    # 02:30 happens twice (00:30 UTC in CEST, 01:30 UTC in CET): both in night 24 Oct.
    assert night_of(utc(2026, 10, 25, 0, 30), BERLIN) == night
    assert night_of(utc(2026, 10, 25, 1, 30), BERLIN) == night
    assert night_of(utc(2026, 10, 25, 10, 59), BERLIN) == night  # 11:59 CET
    assert night_of(utc(2026, 10, 25, 11, 0), BERLIN) is None
    minutes = sweep(BERLIN, night)
    assert minutes[(night, True)] == 19 * 60
    assert minutes[(date(2026, 10, 25), True)] == 18 * 60


# --- America/New_York: 8 March 02:00 EST -> 03:00 EDT; 1 November 02:00 EDT -> 01:00 EST


def test_new_york_spring_forward():
    night = date(2026, 3, 7)
    assert night_of(utc(2026, 3, 8, 6, 30), NEW_YORK) == night  # 01:30 EST
    assert night_of(utc(2026, 3, 8, 7, 30), NEW_YORK) == night  # 03:30 EDT
    assert night_of(utc(2026, 3, 8, 16, 0), NEW_YORK) is None  # 12:00 EDT
    assert night_of(utc(2026, 3, 8, 22, 0), NEW_YORK) == date(2026, 3, 8)  # 18:00 EDT
    minutes = sweep(NEW_YORK, night)
    assert minutes[(night, True)] == 17 * 60
    assert minutes[(date(2026, 3, 8), False)] == 6 * 60


def test_new_york_fall_back():
    night = date(2026, 10, 31)
    assert night_of(utc(2026, 11, 1, 5, 30), NEW_YORK) == night  # 01:30 EDT
    assert night_of(utc(2026, 11, 1, 6, 30), NEW_YORK) == night  # 01:30 EST, again
    assert night_of(utc(2026, 11, 1, 16, 59), NEW_YORK) == night  # 11:59 EST
    assert night_of(utc(2026, 11, 1, 17, 0), NEW_YORK) is None
    minutes = sweep(NEW_YORK, night)
    assert minutes[(night, True)] == 19 * 60


@pytest.mark.parametrize(
    "local, expected",
    [
        (datetime(2026, 3, 3, 3, 10), (date(2026, 3, 2), True)),  # Tuesday 03:10: Monday night
        (datetime(2026, 3, 3, 14, 0), (date(2026, 3, 3), False)),  # Tuesday afternoon
        (datetime(2026, 3, 3, 18, 0), (date(2026, 3, 3), True)),
        (datetime(2026, 3, 3, 11, 59), (date(2026, 3, 2), True)),
        (datetime(2026, 3, 3, 12, 0), (date(2026, 3, 3), False)),
        (datetime(2026, 3, 3, 0, 0), (date(2026, 3, 2), True)),
    ],
)
def test_slot_edges(local, expected):
    slot = journal_slot(local.replace(tzinfo=BERLIN), BERLIN)
    assert (slot.day, slot.is_night) == expected


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        journal_slot(datetime(2026, 3, 3, 3, 0), BERLIN)


def test_last_finished_night_in_the_morning_and_afternoon():
    assert last_finished_night(datetime(2026, 3, 3, 7, 0, tzinfo=BERLIN), BERLIN) == date(
        2026, 3, 2
    )
    assert last_finished_night(datetime(2026, 3, 3, 15, 0, tzinfo=BERLIN), BERLIN) == date(
        2026, 3, 2
    )


# --- Travel: logged in one zone, viewed with another profile zone ----------------


def test_a_cramp_keeps_its_night_when_the_profile_zone_changes(alice, alice_client):
    # 07:00 in New York on Tue 10 March (EDT) is 11:00 UTC, 12:00 in Berlin:
    # night of 9 March where it happened, but Berlin would call it daytime.
    moment = datetime(2026, 3, 10, 7, 0, tzinfo=NEW_YORK)
    assert journal_slot(moment, BERLIN).is_night is False
    cramp = Cramp(owner=alice, started_at=moment, time_zone="America/New_York", muscle="calf")
    cramp.save()
    assert (cramp.journal_day, cramp.is_night) == (date(2026, 3, 9), True)

    alice.profile.time_zone = "Asia/Tokyo"
    alice.profile.save()
    cramp.severity = 4
    cramp.save()
    cramp.refresh_from_db()
    assert (cramp.journal_day, cramp.is_night) == (date(2026, 3, 9), True)

    html = alice_client.get("/journal/").content.decode()
    assert "Night of Mon 9 Mar 2026" in html
    # Shown at the local time where it happened, flagged with that zone.
    assert "07:00 EDT" in html
    assert html.count('class="cramp-row"') == 1


def test_cramps_logged_in_two_zones_on_one_trip_are_not_duplicated(alice, alice_client):
    # Evening in Berlin, then a cramp after landing in New York, same night D = 9 March.
    Cramp(
        owner=alice,
        started_at=datetime(2026, 3, 9, 23, 0, tzinfo=BERLIN),
        time_zone="Europe/Berlin",
        muscle="calf",
    ).save()
    Cramp(
        owner=alice,
        started_at=datetime(2026, 3, 10, 2, 0, tzinfo=NEW_YORK),
        time_zone="America/New_York",
        muscle="foot",
    ).save()
    html = alice_client.get("/journal/").content.decode()
    assert html.count("Night of Mon 9 Mar 2026") == 1
    assert html.count('class="cramp-row"') == 2
