"""Small journals from nightly counts, for the statistics tests."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from journal.nights import hours_into_night
from journal.records import CrampRecord, Journal, NightRecord, Thresholds


def build_journal(
    first: date,
    counts,
    *,
    days=(),
    medications=(),
    thresholds=None,
    time_zone="Europe/Berlin",
) -> Journal:
    """A small journal from nightly counts, for tests and examples.

    ``counts[i]`` is night ``first + i``: None = not logged, 0 = a confirmed
    cramp-free night, n = n night cramps logged (each a calf cramp at 02:00).
    ``days`` are DayRecords; ``medications`` MedicationRecords.
    """
    zone = ZoneInfo(time_zone)
    nights, cramps = [], []
    for index, count in enumerate(counts):
        night = first + timedelta(index)
        nights.append(NightRecord(night, count is not None, count or 0, count == 0))
        for _ in range(count or 0):
            moment = datetime.combine(night + timedelta(1), time(2, 0), tzinfo=zone)
            cramps.append(
                CrampRecord(
                    id=len(cramps) + 1,
                    started_at=moment,
                    journal_day=night,
                    is_night=True,
                    hours_into_night=hours_into_night(moment, zone),
                    duration_seconds=60,
                    muscle="calf",
                    side="left",
                    severity=5,
                    woke_from_sleep=True,
                    activity="asleep",
                    relief_tried=("stretch",),
                    relief_best="stretch",
                    symptoms=(),
                    red_flags=(),
                    soreness="none",
                    notes="",
                )
            )
    return Journal(
        first=first,
        last=first + timedelta(len(counts) - 1),
        time_zone=time_zone,
        nights=nights,
        cramps=cramps,
        days={d.day: d for d in days},
        medications=list(medications),
        thresholds=thresholds or Thresholds(),
    )
