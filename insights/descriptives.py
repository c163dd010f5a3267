"""Descriptive statistics of one journal: how often, when, where, how long, what helped.

Frequency is told honestly (docs/insights-api.md, "Frequency"): cramp nights
get logged more reliably than cramp-free nights, so cramps per logged night
is an upper-leaning figure. Beside it stands a lower bound that counts every
unlogged night as cramp-free, and the share of nights logged.
Nothing here imports Django.
"""

import statistics
from dataclasses import dataclass

from journal.nights import NIGHT_HOURS as HOURS_IN_NIGHT

# A rate per night or week from at least this many logged nights, a middle half
# (quartiles) from at least this many timed cramps: below them the page, the
# JSON and the doctor summary give counts, not projections from a handful.
MIN_NIGHTS_FOR_RATE = 14
MIN_TIMED_FOR_SPREAD = 4


@dataclass(frozen=True)
class ReliefRow:
    relief: str  # journal.models.Relief value
    tried: int  # cramps where it was tried
    best: int  # cramps where it was rated most helpful
    median_duration_seconds: float | None  # of cramps where it was tried


@dataclass(frozen=True)
class Descriptives:
    logged_nights: int
    night_cramps: int  # night-time cramps on logged nights
    cramp_nights: int
    daytime_cramps: int
    per_logged_night: float | None
    per_week: float | None
    hour_counts: tuple[int, ...]  # 18 bins: 18:00-19:00 .. 11:00-12:00
    hour_labels: tuple[str, ...]
    muscles: tuple[tuple[str, int], ...]  # (journal.models.Muscle value, cramps), most first
    sides: tuple[tuple[str, int], ...]
    duration_median_seconds: float | None
    duration_q1_seconds: float | None
    duration_q3_seconds: float | None
    severity_median: float | None
    relief: tuple[ReliefRow, ...]
    # Lower bound: unlogged nights counted as cramp-free (night cramps / every night).
    per_night_lower: float | None = None
    per_week_lower: float | None = None
    total_nights: int = 0


def _median(values):
    return statistics.median(values) if values else None


def _quartiles(values):
    if not values:
        return None, None
    if len(values) == 1:
        return float(values[0]), float(values[0])
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def _counted(values):
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def relief_rows(cramps):
    best_counts, tried_durations = {}, {}
    for cramp in cramps:
        if cramp.relief_best:
            best_counts[cramp.relief_best] = best_counts.get(cramp.relief_best, 0) + 1
        for relief in cramp.relief_tried:
            durations_of = tried_durations.setdefault(relief, [])
            if cramp.duration_seconds is not None:
                durations_of.append(cramp.duration_seconds)
    return tuple(
        ReliefRow(
            relief=relief,
            tried=tried,
            best=best_counts.get(relief, 0),
            median_duration_seconds=_median(tried_durations.get(relief, [])),
        )
        for relief, tried in _counted(r for c in cramps for r in c.relief_tried)
    )


def describe(nights, cramps) -> Descriptives:
    logged_days = {n.night for n in nights if n.logged}
    night_cramps = [c for c in cramps if c.is_night and c.journal_day in logged_days]
    logged = len(logged_days)
    hours = [0] * HOURS_IN_NIGHT
    for cramp in night_cramps:
        hours[min(HOURS_IN_NIGHT - 1, max(0, int(cramp.hours_into_night)))] += 1
    durations = sorted(c.duration_seconds for c in cramps if c.duration_seconds is not None)
    q1, q3 = _quartiles(durations) if len(durations) >= MIN_TIMED_FOR_SPREAD else (None, None)
    enough = logged >= MIN_NIGHTS_FOR_RATE
    per_night = len(night_cramps) / logged if enough else None
    lower = len(night_cramps) / len(nights) if enough else None
    return Descriptives(
        logged_nights=logged,
        night_cramps=len(night_cramps),
        cramp_nights=len({c.journal_day for c in night_cramps}),
        daytime_cramps=sum(1 for c in cramps if not c.is_night),
        per_logged_night=per_night,
        per_week=None if per_night is None else per_night * 7,
        hour_counts=tuple(hours),
        hour_labels=tuple(f"{(18 + h) % 24:02d}:00" for h in range(HOURS_IN_NIGHT)),
        muscles=_counted(c.muscle for c in cramps),
        sides=_counted(c.side for c in cramps),
        duration_median_seconds=_median(durations),
        duration_q1_seconds=q1,
        duration_q3_seconds=q3,
        severity_median=_median([c.severity for c in cramps if c.severity is not None]),
        relief=relief_rows(cramps),
        per_night_lower=lower,
        per_week_lower=None if lower is None else lower * 7,
        total_nights=len(nights),
    )
