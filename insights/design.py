"""What goes into the nightly model: factors, medicine changes, lead-up terms.

Rows are the logged nights (an unlogged night is missing, never zero). Each
catalog trigger becomes one column over those nights.

Missing exposure values (a blank in a day entry, or no day entry at all) are
never read as "no". Decision, tested in tests/insights/test_analysis.py: a
factor's column is 1 on nights recorded "yes" and 0 otherwise, and a second
column marks the nights where it was not recorded. The not-recorded nights
thus get their own level and the factor's rate ratio compares recorded-yes
nights with recorded-no nights only, while those nights still inform the
trend and the other factors. (Leaving them out instead would drop every night
without a full day entry from the whole model.) The raw counts shown beside
the ratio leave blank nights out the same way.

Medicines: each drug class in the catalog is "in force" on the nights any
listed medicine of that class was taken. A start or stop is the step of that
column; a dose change gets its own step column (nights on the new dose); a
medicine outside the catalog classes gets its own "taking it" column.
Nothing here imports Django.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from insights.stats import NightGroup
from insights.triggers import CATALOG, exposures
from journal.records import Journal

MIN_GROUP_NIGHTS = 5  # logged nights with and without a factor before it is modelled
LEAD_UP_NIGHTS = 28  # the stretch just before a change that might be a bad spell
BAD_SPELL_RATIO = 1.2  # lead-up rate vs the rest of the journal that counts as a bad spell
CLEAR_BAD_SPELL_RATIO = 1.5  # from here the sentence names the spell even when nothing is withheld
MIN_BASELINE_NIGHTS = 14  # logged nights before the lead-up needed to judge a change after one
MIN_APART_NIGHTS = 14  # logged nights between two medicine changes to tell them apart


@dataclass
class Factor:
    trigger: object  # insights.triggers.Trigger
    column: str  # model column name (the trigger id)
    values: list  # True / False / None per modelled night
    exposed: NightGroup = field(default_factory=NightGroup)
    unexposed: NightGroup = field(default_factory=NightGroup)
    missing: int = 0

    @property
    def recorded(self):
        if self.trigger.is_medication:
            return self.exposed.nights > 0
        return self.exposed.nights + self.unexposed.nights > 0

    @property
    def modelled(self):
        return self.exposed.nights >= MIN_GROUP_NIGHTS and self.unexposed.nights >= MIN_GROUP_NIGHTS


@dataclass(frozen=True)
class MedicationEvent:
    medication: object  # MedicationRecord
    kind: str  # "start" | "stop" | "dose change"
    on: date
    first_new_night: date  # first night in the new state


@dataclass
class EventDesign:
    event: MedicationEvent
    column: str | None  # the model column whose step this change is (None: not modelled)
    sign: int  # +1: after/before = exp(beta); -1 for a stop
    before: NightGroup
    after: NightGroup
    after_bad_spell: bool = False
    lead_up: NightGroup | None = None
    baseline_too_short: bool = False
    clear_bad_spell: bool = False  # lead-up at least CLEAR_BAD_SPELL_RATIO times the rest
    tangled_with: list = field(default_factory=list)  # other events too close to tell apart


def medication_events(medications):
    """Starts, stops and dose changes, oldest first.

    A dose change is recorded as a new period of the same medicine that begins
    within a day of the previous one ending; it is one event, not a stop and a
    start.
    """
    by_name = {}
    for med in medications:
        by_name.setdefault(med.name.strip().casefold(), []).append(med)
    events = []
    for periods in by_name.values():
        events.extend(_events_of_one_medicine(sorted(periods, key=lambda m: (m.started_on, m.id))))
    events.sort(key=lambda e: (e.on, e.medication.id, e.kind))
    return events


def _events_of_one_medicine(periods):
    events, continued = [], set()
    for previous, current in zip(periods, periods[1:], strict=False):
        if (
            previous.stopped_on is not None
            and previous.stopped_on <= current.started_on <= previous.stopped_on + timedelta(1)
        ):
            events.append(
                MedicationEvent(current, "dose change", current.started_on, current.started_on)
            )
            continued.add((previous.id, "stop"))
            continued.add((current.id, "start"))
    for med in periods:
        if (med.id, "start") not in continued:
            events.append(MedicationEvent(med, "start", med.started_on, med.started_on))
        if med.stopped_on is not None and (med.id, "stop") not in continued:
            events.append(
                MedicationEvent(med, "stop", med.stopped_on, med.stopped_on + timedelta(1))
            )
    return events


@dataclass
class Design:
    nights: list  # the modelled (logged) NightRecords
    y: np.ndarray
    offsets: np.ndarray  # nights since the journal's first night
    span: int
    factors: list  # Factor per catalog trigger
    events: list  # EventDesign per medicine change inside the range
    tested: dict  # column name -> values (factors and medicine-change columns)
    nuisance: list  # missing-value indicators and lead-up terms
    medications: list = field(default_factory=list)

    @property
    def ordinals(self):
        """Each modelled night as a day number (date.toordinal), for vectorised windows."""
        if getattr(self, "_ordinals", None) is None:
            self._ordinals = np.array([n.night.toordinal() for n in self.nights], dtype=int)
        return self._ordinals


def build_design(journal: Journal, nights) -> Design:
    """The model's rows and columns for these nights (the journal's, minus future ones)."""
    logged_index = [i for i, n in enumerate(nights) if n.logged]
    modelled = [nights[i] for i in logged_index]
    y = np.array([n.cramps for n in modelled], dtype=float)
    offsets = np.array([(n.night - journal.first).days for n in modelled], dtype=float)
    span = (nights[-1].night - journal.first).days + 1 if nights else 1
    all_values = exposures(journal)
    factors = []
    for trigger in CATALOG:
        values = all_values[trigger.id]
        factor = Factor(trigger, trigger.id, [values[i] for i in logged_index])
        _count(factor, y)
        factors.append(factor)
    design = Design(modelled, y, offsets, span, factors, [], {}, [], list(journal.medications))
    for factor in factors:
        if factor.modelled:
            design.tested[factor.column] = np.array([v is True for v in factor.values], float)
            missing = np.array([v is None for v in factor.values], float)
            if missing.any():
                design.nuisance.append(missing)
    _add_medication_events(design, journal)
    return design


def _count(factor, y):
    values = factor.values
    yes = np.fromiter((v is True for v in values), bool, len(values))
    no = np.fromiter((v is False for v in values), bool, len(values))
    factor.missing = int(len(values) - yes.sum() - no.sum())  # blank: missing, never "no"
    factor.exposed = NightGroup.of_array(y[yes])
    factor.unexposed = NightGroup.of_array(y[no])


def _class_column(drug_class):
    for trigger in CATALOG:
        if drug_class in trigger.drug_classes:
            return trigger.id
    return None


def _add_medication_events(design, journal):
    if not design.nights:
        return
    first_night, last_night = design.nights[0].night, design.nights[-1].night
    events = [
        e
        for e in medication_events(journal.medications)
        if first_night < e.first_new_night <= last_night
    ]
    nights = [n.night for n in design.nights]
    for event in events:
        # column None: a class with too few nights on or off it to model; listed, no verdict.
        column, sign = _event_column(design, event, nights)
        item = EventDesign(event, column, sign, *_before_after(design, event, events))
        _mark_bad_spell(design, item)
        design.events.append(item)
    _mark_tangled(design)


def _event_column(design, event, nights):
    """(column name, sign) for this change, adding the column when it is new."""
    med = event.medication
    if event.kind == "dose change":
        name = f"dose:{med.id}"
        design.tested[name] = np.array([med.active_on(n) for n in nights], float)
        return name, 1
    sign = -1 if event.kind == "stop" else 1
    class_column = _class_column(med.drug_class)
    if class_column is not None:
        return (class_column, sign) if class_column in design.tested else (None, 0)
    key = med.name.strip().casefold()
    name = f"med:{key}"
    if name not in design.tested:
        design.tested[name] = np.array(
            [
                any(m.name.strip().casefold() == key and m.active_on(n) for m in design.medications)
                for n in nights
            ],
            float,
        )
    return name, sign


def _before_after(design, event, events):
    """Logged nights from the medicine's previous change to this one, and to its next."""
    key = event.medication.name.strip().casefold()
    same = [e.first_new_night for e in events if e.medication.name.strip().casefold() == key]
    earlier = [d for d in same if d < event.first_new_night]
    later = [d for d in same if d > event.first_new_night]
    start = max(earlier).toordinal() if earlier else 0
    end = min(later).toordinal() if later else date.max.toordinal() + 1
    change, days, y = event.first_new_night.toordinal(), design.ordinals, design.y
    before = NightGroup.of_array(y[(days >= start) & (days < change)])
    after = NightGroup.of_array(y[(days >= change) & (days < end)])
    return before, after


def _mark_bad_spell(design, item):
    """Mark a change made right after a bad spell, and give that spell its own term.

    Cramps often ease after a bad spell on their own (regression to the mean):
    the 28 nights before a change are a bad spell when their rate is at least
    BAD_SPELL_RATIO times that of every other logged night of the journal
    (before and after). The change is then judged against the nights before
    the spell, and fewer cramps after it are not credited to it
    (``insights.analysis``). Compared with the whole rest of the journal, not
    only the nights just before it: in a journal whose level wanders, the
    weeks before the worst month are often high too (simulation (c)).
    """
    change = item.event.first_new_night.toordinal()
    lead_start = change - LEAD_UP_NIGHTS
    in_lead_up = (design.ordinals >= lead_start) & (design.ordinals < change)
    lead_up = NightGroup.of_array(design.y[in_lead_up])
    rest = NightGroup.of_array(design.y[~in_lead_up])
    item.lead_up = lead_up
    if lead_up.cramps == 0 or rest.nights == 0 or lead_up.rate < BAD_SPELL_RATIO * rest.rate:
        return
    item.after_bad_spell = True
    item.clear_bad_spell = lead_up.rate >= CLEAR_BAD_SPELL_RATIO * rest.rate
    if int((design.ordinals < lead_start).sum()) < MIN_BASELINE_NIGHTS:
        item.baseline_too_short = True
    else:
        design.nuisance.append(in_lead_up.astype(float))


def _mark_tangled(design):
    """Changes of different medicines with too few logged nights between them."""
    logged = design.ordinals
    for i, a in enumerate(design.events):
        for b in design.events[i + 1 :]:
            if (
                a.event.medication.name.strip().casefold()
                == b.event.medication.name.strip().casefold()
            ):
                continue
            low, high = sorted((a.event.first_new_night, b.event.first_new_night))
            between = int(((logged >= low.toordinal()) & (logged < high.toordinal())).sum())
            if between < MIN_APART_NIGHTS:
                a.tangled_with.append(b)
                b.tangled_with.append(a)
