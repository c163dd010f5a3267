"""Simulated journals with known truth, for tests/insights/test_simulation.py.

Each scenario builds ``journal.records.Journal`` objects directly (no
database, no HTTP) from a fixed seed, so the real analysis runs on hundreds
of journals in seconds. The truth is planted in the nightly cramp rate:

    rate(night) = BASE_RATE * drift(night) * product of planted effects
    cramps ~ Poisson(rate * frailty), frailty ~ Gamma(shape 2, mean 1)

so nights cluster (overdispersion). Cramp nights are logged more reliably
than cramp-free nights (LOG_CRAMP_NIGHT vs LOG_FREE_NIGHT), day entries are
sometimes missing and fields sometimes blank, as in a real journal.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from journal.records import DayRecord, Journal, MedicationRecord, NightRecord, Thresholds

FIRST = date(2025, 1, 1)
BASE_RATE = 0.75  # night cramps per night with nothing planted (as in insights/demo.py)
FRAILTY_SHAPE = 3.0  # Gamma shape of the night-to-night clustering (variance 1/shape)
LOG_CRAMP_NIGHT = 0.95  # share of cramp nights the user logs
LOG_FREE_NIGHT = 0.85  # share of cramp-free nights confirmed
DAY_ENTRY_SHARE = 0.85  # days with a day entry
FIELD_BLANK = 0.1  # each field of an entry left blank

# Day fields, how often "exposed", and how an exposure is written into a DayRecord.
DAY_FACTORS = {
    "hard_exercise": 0.25,
    "low_fluids": 0.3,
    "heat": 0.15,
    "no_stretch": 0.5,
    "long_sitting": 0.3,
    "hard_floor_standing": 0.2,
    "no_mineral_food": 0.5,
    "high_stress": 0.2,
    "alcohol": 0.3,
}


def _day_fields(flags):
    """DayRecord keyword arguments for one day's exposures (None = blank)."""

    def pick(name, yes, no):
        flag = flags.get(name)
        return None if flag is None else (yes if flag else no)

    fields = {
        "exercise_intensity": pick("hard_exercise", "hard", "light") or "",
        "exercise_minutes": None if flags.get("hard_exercise") is None else 45,
        "fluids_ml": pick("low_fluids", 1000, 2000),
        "heat": flags.get("heat"),
        "stretched": pick("no_stretch", False, True),
        "sitting_hours": pick("long_sitting", 9.0, 3.0),
        "standing_hours": pick("hard_floor_standing", 6.0, 1.0),
        "mineral_food": pick("no_mineral_food", False, True),
        "stress": pick("high_stress", 8, 3),
        "alcohol_drinks": pick("alcohol", 2, 0),
    }
    return fields


@dataclass
class Simulated:
    journal: Journal
    planted: dict = field(default_factory=dict)  # trigger id or medicine name -> multiplier
    null: tuple = ()  # trigger ids / medicine names with no effect


def draw_days(rng, nights, shares=DAY_FACTORS):
    """{factor: bool array} of true exposures, and the DayRecords the user wrote."""
    exposed = {name: rng.random(nights) < share for name, share in shares.items()}
    entry = rng.random(nights) < DAY_ENTRY_SHARE
    blanks = {name: rng.random(nights) < FIELD_BLANK for name in shares}
    days = {}
    for i in range(nights):
        if not entry[i]:
            continue
        flags = {name: None if blanks[name][i] else bool(exposed[name][i]) for name in shares}
        day = FIRST + timedelta(i)
        days[day] = DayRecord(day=day, **_day_fields(flags))
    return exposed, days


def draw_cramps(rng, rate):
    frailty = rng.gamma(FRAILTY_SHAPE, 1 / FRAILTY_SHAPE, len(rate))
    return rng.poisson(rate * frailty)


def to_journal(rng, counts, days, medications=()):
    logged = np.where(
        counts > 0,
        rng.random(len(counts)) < LOG_CRAMP_NIGHT,
        rng.random(len(counts)) < LOG_FREE_NIGHT,
    )
    nights = [
        NightRecord(
            night=FIRST + timedelta(i),
            logged=bool(logged[i]),
            cramps=int(counts[i]) if logged[i] else 0,
            cramp_free_confirmed=bool(logged[i] and counts[i] == 0),
        )
        for i in range(len(counts))
    ]
    return Journal(
        first=FIRST,
        last=FIRST + timedelta(len(counts) - 1),
        time_zone="UTC",
        nights=nights,
        cramps=[],
        days=days,
        medications=list(medications),
        thresholds=Thresholds(),
    )


def medicine(med_id, name, drug_class, start, stop=None):
    return MedicationRecord(
        med_id,
        name,
        drug_class,
        "",
        FIRST + timedelta(int(start)),
        None if stop is None else FIRST + timedelta(int(stop)),
    )


def _on(nights, start, stop=None):
    index = np.arange(nights)
    return (index >= start) & (index <= (nights if stop is None else stop))


def two_medicines(seed, nights):
    """(a) A statin with no effect, then eight weeks later a diuretic that doubles the rate."""
    rng = np.random.default_rng(seed)
    statin_start = int(nights * 0.3)
    diuretic_start = statin_start + STATIN_LEAD_NIGHTS
    _, days = draw_days(rng, nights)
    rate = BASE_RATE * np.where(_on(nights, diuretic_start), 2.0, 1.0)
    meds = [
        medicine(1, "Simvastatin", "statin", statin_start),
        medicine(2, "Bendroflumethiazide", "diuretic_thiazide", diuretic_start),
    ]
    journal = to_journal(rng, draw_cramps(rng, rate), days, meds)
    return Simulated(journal, {"diuretic": 2.0}, ("statin", *DAY_FACTORS))


def drifting(seed, nights, season=False):
    """(b) A no-effect medicine started midway while the rate drifts (or follows a season)."""
    rng = np.random.default_rng(seed)
    t = np.arange(nights)
    if season:
        phase = rng.uniform(0, 2 * math.pi)
        multiplier = 1 + np.sin(2 * math.pi * t / 365.25 + phase) / 3
    else:
        direction = rng.choice([-1, 1])
        multiplier = np.exp(direction * math.log(2) * (t / nights - 0.5))  # halves or doubles
    _, days = draw_days(rng, nights)
    start = int(nights * rng.uniform(0.35, 0.65))
    meds = [medicine(1, "Atorvastatin", "statin", start)]
    journal = to_journal(rng, draw_cramps(rng, BASE_RATE * multiplier), days, meds)
    return Simulated(journal, {}, ("statin", *DAY_FACTORS))


def after_worst_month(seed, nights):
    """(c) A no-effect medicine stopped right after the worst 28 nights of the journal.

    The log rate wanders and drifts back (AR(1), lag-1 correlation 0.97,
    spread 0.3), so bad spells come and go; the stop is placed after
    whichever 28 nights turned out worst.
    """
    rng = np.random.default_rng(seed)
    wander = np.empty(nights)
    level = rng.normal(0, WANDER_SD)
    for i in range(nights):
        level = WANDER_PHI * level + rng.normal(0, WANDER_SD * math.sqrt(1 - WANDER_PHI**2))
        wander[i] = math.exp(level)
    counts = draw_cramps(rng, BASE_RATE * wander)
    window = np.convolve(counts, np.ones(28), mode="valid")  # window k = nights k..k+27
    lowest, highest = 40, nights - 60  # leave nights before and after to compare
    worst = lowest + int(np.argmax(window[lowest:highest]))
    stop = worst + 27  # last day taken: the night after the worst stretch is the first without
    _, days = draw_days(rng, nights)
    meds = [medicine(1, "Atorvastatin", "statin", -30, stop)]
    return Simulated(to_journal(rng, counts, days, meds), {}, ("statin", *DAY_FACTORS))


def one_heavy_night(seed, nights):
    """(d) Heat on a few days; one of those nights has 6 cramps, nothing planted."""
    rng = np.random.default_rng(seed)
    shares = dict(DAY_FACTORS, heat=0.03)
    exposed, days = draw_days(rng, nights, shares)
    counts = draw_cramps(rng, np.full(nights, BASE_RATE * 0.6))
    heat_days = [
        i for i in range(nights) if FIRST + timedelta(i) in days and days[FIRST + timedelta(i)].heat
    ]
    if heat_days:
        counts[heat_days[int(rng.integers(len(heat_days)))]] = 6
    journal = to_journal(rng, counts, days)
    journal = _log_heavy(journal, counts)
    return Simulated(journal, {}, tuple(DAY_FACTORS))


def _log_heavy(journal, counts):
    """The heavy night is always logged (it is the one a person remembers)."""
    nights = list(journal.nights)
    for i, night in enumerate(nights):
        if counts[i] >= 6 and not night.logged:
            nights[i] = NightRecord(night.night, True, int(counts[i]), False)
    journal.nights = nights
    return journal


WANDER_PHI = 0.97  # (c): night-to-night persistence of the wandering rate
WANDER_SD = 0.3  # (c): its spread on the log scale
STATIN_LEAD_NIGHTS = 56  # (a): the no-effect statin starts eight weeks before the diuretic
TRIGGER_BASE_SHARE = 0.5  # (e): three planted triggers multiply the base back up
PLANTED_TRIGGERS = {"hard_exercise": 2.4, "low_fluids": 2.5, "long_sitting": 2.3}
TRIGGER_SHARES = dict(DAY_FACTORS, hard_exercise=0.35, low_fluids=0.35, long_sitting=0.35)


def nightly_triggers(seed, nights):
    """(e) Three day triggers with planted ratios 2.3-2.5; the other six have no effect."""
    rng = np.random.default_rng(seed)
    exposed, days = draw_days(rng, nights, TRIGGER_SHARES)
    rate = np.full(nights, BASE_RATE * TRIGGER_BASE_SHARE)
    for name, ratio in PLANTED_TRIGGERS.items():
        rate = rate * np.where(exposed[name], ratio, 1.0)
    journal = to_journal(rng, draw_cramps(rng, rate), days)
    nulls = tuple(n for n in DAY_FACTORS if n not in PLANTED_TRIGGERS)
    return Simulated(journal, dict(PLANTED_TRIGGERS), nulls)


def one_medicine(seed, nights):
    """A diuretic that doubles the rate, started a third of the way in; nothing else planted."""
    rng = np.random.default_rng(seed)
    start = nights // 3
    _, days = draw_days(rng, nights)
    rate = BASE_RATE * np.where(_on(nights, start), 2.0, 1.0)
    meds = [medicine(1, "Bendroflumethiazide", "diuretic_thiazide", start)]
    journal = to_journal(rng, draw_cramps(rng, rate), days, meds)
    return Simulated(journal, {"diuretic": 2.0}, tuple(DAY_FACTORS))
