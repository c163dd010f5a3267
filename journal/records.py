"""Plain data the analysis and charts work on.

`journal.services.load_journal()` builds a `Journal` from the database; the
analysis (`insights.analysis`), the trigger catalog (`insights.triggers`) and the
charts (`insights.charts`) only ever see these frozen records, so they are
testable without HTTP or a database. Nothing here imports Django.
"""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class CrampRecord:
    id: int
    started_at: datetime  # aware, in the zone the cramp was logged in
    journal_day: date  # journal day D (see journal.nights)
    is_night: bool  # False for a daytime cramp (12:00-18:00 of D)
    hours_into_night: float  # 0 = 18:00, 6 = midnight, 18 = noon (daytime: 18-24)
    duration_seconds: int | None
    muscle: str  # journal.models.Muscle value
    side: str  # journal.models.Side value
    severity: int | None
    woke_from_sleep: bool | None
    activity: str
    relief_tried: tuple[str, ...]
    relief_best: str
    symptoms: tuple[str, ...]
    red_flags: tuple[str, ...]  # journal.redflags rule codes
    soreness: str
    notes: str

    @property
    def night(self):
        return self.journal_day if self.is_night else None


@dataclass(frozen=True)
class DayRecord:
    """Exposures logged for day D; they go with night D (lag 0). None = not recorded."""

    day: date
    fluids_ml: int | None = None
    electrolyte_drink: bool | None = None
    exercise_minutes: int | None = None
    exercise_intensity: str = ""  # "", "none", "light", "moderate", "hard"
    heat: bool | None = None
    sitting_hours: float | None = None
    standing_hours: float | None = None
    stretched: bool | None = None
    mineral_food: bool | None = None
    stress: int | None = None
    alcohol_drinks: int | None = None


@dataclass(frozen=True)
class MedicationRecord:
    id: int
    name: str
    drug_class: str  # journal.models.DrugClass value
    dose: str
    started_on: date
    stopped_on: date | None  # None = still taking it

    def active_on(self, day):
        return self.started_on <= day and (self.stopped_on is None or day <= self.stopped_on)


@dataclass(frozen=True)
class NightRecord:
    night: date
    logged: bool  # a night cramp, a cramp-free check-in, or (evening mode) a logged day
    cramps: int  # night-time cramps logged for this night (0 when not logged)
    cramp_free_confirmed: bool
    sleep_disturbance: int | None = None


@dataclass(frozen=True)
class Thresholds:
    fluid_target_ml: int = 1500
    sitting_hours: float = 8.0
    standing_hours: float = 4.0
    alcohol_drinks: int = 1  # drinks that evening from which it counts as an alcohol evening


@dataclass
class Journal:
    """One user's journal between two nights, inclusive."""

    first: date
    last: date
    time_zone: str
    nights: list[NightRecord]  # every night first..last in order, logged or not
    cramps: list[CrampRecord]  # every cramp whose journal day is in range, oldest first
    days: dict[date, DayRecord]  # day context by day (may include first - 1 for lag 1)
    medications: list[MedicationRecord] = field(default_factory=list)  # all, any date
    thresholds: Thresholds = field(default_factory=Thresholds)

    @property
    def logged_nights(self):
        return [n for n in self.nights if n.logged]
