"""A realistic, deterministic demo journal with known truth.

``generate_demo(days, seed, end=..., time_zone=...)`` draws a journal from
documented planted effects (``PLANTED``): a baseline nightly cramp rate,
multiplied by 2.5 on nights after a hard-exercise day and by 2 from the night a
statin is started (day 120). Every other exposure is drawn independently and
has no effect, so a correct analysis should call hard exercise "Possible link"
and leave the rest alone; the statin, with the trend over time allowed for,
is found in only some 180-night journals (tests/insights/test_recovery.py).

The result is plain data. ``DemoJournal.to_journal()`` turns it into
``journal.records.Journal`` without a database (the recovery test uses this),
and the ``seed_demo`` management command writes the same data as model rows.
Nothing here imports Django.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from journal.nights import hours_into_night, journal_slot, nights_between
from journal.records import (
    CrampRecord,
    DayRecord,
    Journal,
    MedicationRecord,
    NightRecord,
    Thresholds,
)
from journal.redflags import red_flags_for

BASE_RATE = 0.75  # night-time cramps per night without any planted trigger
HARD_EXERCISE_SHARE = 0.2
HARD_EXERCISE_EFFECT = 2.5
STATIN_START_DAY = 120
STATIN_EFFECT = 2.0
LABA_START_DAY = 80
LABA_NIGHTS = 60
LOGGED_SHARE = 0.9  # nights the demo user logs at all
DAY_RECORDED_SHARE = 0.85  # days with a day-context entry
FIELD_BLANK_SHARE = 0.1  # each field of a day entry left blank
DAYTIME_CRAMP_SHARE = 0.03


@dataclass(frozen=True)
class PlantedEffect:
    trigger_id: str
    multiplier: float
    description: str


def planted_effects(days):
    effects = [
        PlantedEffect(
            "hard_exercise",
            HARD_EXERCISE_EFFECT,
            f"hard exercise on a day multiplies that night's cramp rate by {HARD_EXERCISE_EFFECT} "
            f"(about {HARD_EXERCISE_SHARE:.0%} of days)",
        )
    ]
    if days > STATIN_START_DAY:
        effects.append(
            PlantedEffect(
                "statin",
                STATIN_EFFECT,
                f"a statin started on day {STATIN_START_DAY} multiplies the nightly rate "
                f"by {STATIN_EFFECT:g}",
            )
        )
    return tuple(effects)


@dataclass(frozen=True)
class DemoCramp:
    started_at: datetime  # aware, in time_zone
    time_zone: str
    duration_seconds: int | None
    muscle: str
    side: str
    severity: int | None
    woke_from_sleep: bool | None
    activity: str
    relief_tried: tuple[str, ...]
    relief_best: str
    symptoms: tuple[str, ...]
    soreness: str


@dataclass(frozen=True)
class DemoCheckIn:
    night: date
    cramp_free: bool
    sleep_disturbance: int | None


@dataclass
class DemoJournal:
    first: date
    last: date
    time_zone: str
    seed: int
    cramps: list[DemoCramp]
    checkins: list[DemoCheckIn]
    days: list[DayRecord]
    medications: list[MedicationRecord]
    planted: tuple[PlantedEffect, ...]
    thresholds: Thresholds = field(default_factory=Thresholds)

    def summary_lines(self):
        """What was planted, for the command's output."""
        lines = [
            f"Journal {self.first} to {self.last} ({(self.last - self.first).days + 1} nights), "
            f"seed {self.seed}, zone {self.time_zone}.",
            f"Baseline: {BASE_RATE:g} night cramps per night; about {LOGGED_SHARE:.0%} of nights "
            f"logged, {DAY_RECORDED_SHARE:.0%} of days with a day entry.",
            "Planted effects:",
            *(f"  - {effect.trigger_id}: {effect.description}" for effect in self.planted),
            "Everything else (fluids, heat, stretching, sitting, standing, food, stress, "
            "alcohol, other medicines) has no effect.",
            f"Rows: {len(self.cramps)} cramps, {len(self.checkins)} check-ins, "
            f"{len(self.days)} day entries, {len(self.medications)} medication periods.",
        ]
        return lines

    def to_journal(self) -> Journal:
        """The same journal as plain records, as load_journal would build it (morning mode)."""
        records = []
        night_counts = {}
        for index, cramp in enumerate(self.cramps, start=1):
            slot = journal_slot(cramp.started_at, cramp.time_zone)
            if not self.first <= slot.day <= self.last:
                continue
            records.append(
                CrampRecord(
                    id=index,
                    started_at=cramp.started_at,
                    journal_day=slot.day,
                    is_night=slot.is_night,
                    hours_into_night=hours_into_night(cramp.started_at, cramp.time_zone),
                    duration_seconds=cramp.duration_seconds,
                    muscle=cramp.muscle,
                    side=cramp.side,
                    severity=cramp.severity,
                    woke_from_sleep=cramp.woke_from_sleep,
                    activity=cramp.activity,
                    relief_tried=cramp.relief_tried,
                    relief_best=cramp.relief_best,
                    symptoms=cramp.symptoms,
                    red_flags=tuple(red_flags_for(cramp.duration_seconds, cramp.symptoms)),
                    soreness=cramp.soreness,
                    notes="",
                )
            )
            if slot.is_night:
                night_counts[slot.day] = night_counts.get(slot.day, 0) + 1
        checkins = {c.night: c for c in self.checkins}
        nights = []
        for night in nights_between(self.first, self.last):
            count = night_counts.get(night, 0)
            checkin = checkins.get(night)
            confirmed = bool(checkin and checkin.cramp_free) and count == 0
            nights.append(
                NightRecord(
                    night=night,
                    logged=count > 0 or confirmed,
                    cramps=count,
                    cramp_free_confirmed=confirmed,
                    sleep_disturbance=checkin.sleep_disturbance if checkin else None,
                )
            )
        return Journal(
            first=self.first,
            last=self.last,
            time_zone=self.time_zone,
            nights=nights,
            cramps=sorted(records, key=lambda c: c.started_at),
            days={d.day: d for d in self.days},
            medications=list(self.medications),
            thresholds=self.thresholds,
        )


def _poisson(rng, mean):
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _maybe(rng, value, blank_share=FIELD_BLANK_SHARE):
    """The value, or None (left blank) now and then."""
    return None if rng.random() < blank_share else value


MUSCLES = (("calf", 70), ("foot", 15), ("thigh_back", 7), ("thigh_front", 4), ("hand", 2))
RELIEFS = (
    ("stretch", 50),
    ("massage", 25),
    ("walked", 25),
    ("heat", 10),
    ("drink", 10),
    ("cold", 4),
    ("topical", 4),
    ("mineral_food", 4),
)


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _cramp_time(rng, night, zone):
    """A local moment in night D: mostly 01:00-05:00, sometimes late evening or morning."""
    roll = rng.random()
    if roll < 0.78:
        hours = 7 + rng.random() * 4  # 01:00-05:00
    elif roll < 0.93:
        hours = 4 + rng.random() * 3  # 22:00-01:00
    else:
        hours = 11 + rng.random() * 3  # 05:00-08:00
    evening = datetime.combine(night, time(18, 0), tzinfo=zone)
    naive = evening.replace(tzinfo=None) + timedelta(minutes=round(hours * 60))
    return naive.replace(tzinfo=zone)


def _cramp(rng, started_at, time_zone, at_night):
    muscle = _pick(rng, MUSCLES)
    side = (
        "na"
        if muscle == "hand" and rng.random() < 0.5
        else _pick(rng, (("left", 45), ("right", 45), ("both", 10)))
    )
    duration = int(min(540, max(5, math.exp(rng.gauss(math.log(60), 0.9)))))
    symptoms = ()
    red_roll = rng.random()
    if red_roll < 0.008:
        duration = rng.randint(11 * 60, 15 * 60)  # a rare over-10-minute cramp
    elif red_roll < 0.012:
        symptoms = ("numbness",)
    count = rng.choice((1, 1, 2, 2, 3))
    tried = []
    while len(tried) < count:
        relief = _pick(rng, RELIEFS)
        if relief not in tried:
            tried.append(relief)
    return DemoCramp(
        started_at=started_at,
        time_zone=time_zone,
        duration_seconds=_maybe(rng, duration, 0.05),
        muscle=muscle,
        side=side,
        severity=_maybe(rng, round(rng.triangular(1, 10, 5)), 0.05),
        woke_from_sleep=(rng.random() < 0.9) if at_night else False,
        activity="asleep" if at_night and rng.random() < 0.85 else "lying_awake",
        relief_tried=tuple(tried),
        relief_best=rng.choice(tried) if rng.random() < 0.7 else "",
        symptoms=symptoms,
        soreness=_pick(rng, (("none", 50), ("hours", 35), ("next_day", 15))),
    )


def _day_record(rng, day, hard):
    intensity = "hard" if hard else _pick(rng, (("none", 40), ("light", 30), ("moderate", 30)))
    minutes = 0 if intensity == "none" else rng.randrange(20, 121, 5)
    return DayRecord(
        day=day,
        fluids_ml=_maybe(rng, int(min(4000, max(300, round(rng.gauss(1800, 450), -1))))),
        electrolyte_drink=_maybe(rng, rng.random() < 0.15),
        exercise_minutes=_maybe(rng, minutes),
        exercise_intensity=_maybe(rng, intensity) or "",
        heat=_maybe(rng, rng.random() < 0.2),
        sitting_hours=_maybe(rng, round(rng.uniform(2, 11), 1)),
        standing_hours=_maybe(rng, round(rng.uniform(0, 7), 1)),
        stretched=_maybe(rng, rng.random() < 0.5),
        mineral_food=_maybe(rng, rng.random() < 0.6),
        stress=_maybe(rng, rng.randint(0, 10)),
        alcohol_drinks=_maybe(rng, 0 if rng.random() < 0.7 else rng.randint(1, 4)),
    )


def _medications(first, last, days):
    meds = [
        MedicationRecord(1, "Vitamin D", "other", "1000 IU", first + timedelta(10), None),
    ]
    if days > LABA_START_DAY:
        # Placed so that, in a 180-night journal, a third of the inhaler nights and
        # a third of the other nights fall in the statin period: no confounding.
        meds.append(
            MedicationRecord(
                2,
                "Salmeterol inhaler",
                "laba",
                "50 mcg twice daily",
                first + timedelta(LABA_START_DAY),
                first + timedelta(LABA_START_DAY + LABA_NIGHTS - 1),
            )
        )
    if days > STATIN_START_DAY:
        meds.append(
            MedicationRecord(
                3, "Atorvastatin", "statin", "20 mg", first + timedelta(STATIN_START_DAY), None
            )
        )
    return [m for m in meds if m.started_on <= last]


def generate_demo(days, seed, *, end: date, time_zone="Europe/Berlin") -> DemoJournal:
    """A demo journal of ``days`` nights ending with night ``end``; same seed, same journal."""
    if days < 1:
        raise ValueError("days must be at least 1")
    rng = random.Random(seed)
    zone = ZoneInfo(time_zone)
    first = end - timedelta(days - 1)
    planted = planted_effects(days)
    medications = _medications(first, end, days)
    statin_from = first + timedelta(STATIN_START_DAY) if days > STATIN_START_DAY else None

    day_records, cramps, checkins = [], [], []
    hard_days = {}
    for day in nights_between(first, end):
        hard = rng.random() < HARD_EXERCISE_SHARE
        hard_days[day] = hard
        if rng.random() < DAY_RECORDED_SHARE:
            day_records.append(_day_record(rng, day, hard))

    for night in nights_between(first, end):
        rate = BASE_RATE
        if hard_days[night]:
            rate *= HARD_EXERCISE_EFFECT
        if statin_from is not None and night >= statin_from:
            rate *= STATIN_EFFECT
        count = _poisson(rng, rate)
        logged = rng.random() < LOGGED_SHARE
        if rng.random() < DAYTIME_CRAMP_SHARE:
            afternoon = datetime.combine(night, time(13, 0), tzinfo=zone) + timedelta(
                minutes=rng.randrange(0, 300)
            )
            cramps.append(_cramp(rng, afternoon, time_zone, at_night=False))
        if not logged:
            continue  # a night the user never logged: its cramps are unknown
        for _ in range(count):
            cramps.append(_cramp(rng, _cramp_time(rng, night, zone), time_zone, at_night=True))
        if count == 0:
            checkins.append(DemoCheckIn(night, True, _maybe(rng, 0, 0.5)))
        elif rng.random() < 0.5:
            checkins.append(DemoCheckIn(night, False, min(10, 2 + 2 * count)))

    cramps.sort(key=lambda c: c.started_at)
    return DemoJournal(
        first=first,
        last=end,
        time_zone=time_zone,
        seed=seed,
        cramps=cramps,
        checkins=checkins,
        days=day_records,
        medications=medications,
        planted=planted,
    )
