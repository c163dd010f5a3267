"""The night is the journal's unit.

Night D runs from 18:00 on day D to 12:00 on day D+1, in the zone the user was
in at that moment. The afternoon in between (12:00-18:00 of day D) is the
*daytime* of journal day D: a cramp then is kept and shown, but it is not a
night-time cramp and the statistics do not count it for night D.

Every place that buckets moments (timeline, check-ins, insights, exports) calls
these functions; nothing else does date arithmetic on cramps.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

NIGHT_STARTS = time(18, 0)
NIGHT_ENDS = time(12, 0)
NIGHT_HOURS = 18  # 18:00 .. 12:00: the length of a night on an hour axis


@dataclass(frozen=True)
class JournalSlot:
    day: date  # journal day D
    is_night: bool  # True for 18:00 D .. 12:00 D+1, False for 12:00-18:00 of D


def _zone(tz):
    return tz if not isinstance(tz, str) else ZoneInfo(tz)


def journal_slot(moment: datetime, tz) -> JournalSlot:
    """Where an aware moment belongs: journal day D and night or daytime."""
    if moment.tzinfo is None:
        raise ValueError("journal_slot needs an aware datetime")
    local = moment.astimezone(_zone(tz))
    if local.time() < NIGHT_ENDS:
        return JournalSlot(local.date() - timedelta(days=1), True)
    return JournalSlot(local.date(), local.time() >= NIGHT_STARTS)


def night_of(moment: datetime, tz) -> date | None:
    """The night D an aware moment falls in, or None for a daytime moment.

    >>> from datetime import timezone
    >>> night_of(datetime(2026, 3, 3, 2, 10, tzinfo=timezone.utc), "UTC")
    datetime.date(2026, 3, 2)
    """
    slot = journal_slot(moment, tz)
    return slot.day if slot.is_night else None


def last_finished_night(now: datetime, tz) -> date:
    """The most recent night that has ended (after noon) or is ending (morning).

    In the morning (before noon) that is the night still ending; from noon on it
    is the night that ended at noon today.
    """
    local = now.astimezone(_zone(tz))
    return local.date() - timedelta(days=1)


def nights_between(first: date, last: date):
    """Every night from first to last inclusive."""
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def hours_into_night(moment: datetime, tz) -> float:
    """Hours since 18:00 of the night's evening (0 at 18:00, 18 at noon).

    Gives the clock-wise time-of-night axis that never splits at midnight.
    """
    local = moment.astimezone(_zone(tz))
    hours = local.hour + local.minute / 60
    return hours - 18 if hours >= 18 else hours + 6
