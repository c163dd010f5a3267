"""The trigger catalog: what the insights app compares nights against.

Each entry is a documented trigger (docs/sources.md) that a journal can
observe for one night. The exposure rule looks at the day records (lag 0 = the
day before that night; lag 1 = the day before that) or the medication list,
and answers True (exposed), False (unexposed) or None (not recorded). None is
missing, never "no": those nights are left out of that comparison.

Explanations paraphrase the source articles; the tags point into
``journal.sources`` (S3 is a sales page and is never cited as evidence).
Labels, explanations, missing rules and the phrases that complete other
sentences (``exposed_phrase``, ``unexposed_phrase``) are lazy translations
(Django's translation helpers are the only Django import).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from journal.records import DayRecord, Journal, MedicationRecord, Thresholds

STRESS_HIGH = 7  # evening stress on a 0-10 scale counted as high

STATIN = ("statin",)
DIURETICS = ("diuretic_thiazide", "diuretic_loop", "diuretic_k_sparing")
LABA = ("laba",)


@dataclass(frozen=True)
class Trigger:
    id: str
    # The three texts people read are stored lazy (translated when read); the
    # properties ``label``, ``explanation`` and ``missing_rule`` give plain strings
    # in the active language, so callers can join, lower() or pickle them.
    label_text: str
    explanation_text: str  # one plain line, paraphrased from the sources
    source_keys: tuple[str, ...]  # keys of journal.sources.SOURCES
    lag: int  # 0: that day's exposure goes with that night; 1: the day before
    # "group of nights" phrases: plural noun phrases without a preposition.
    exposed_phrase: str  # completes "More cramps were logged on ..."
    unexposed_phrase: str  # completes "... vs 4 cramps in 20 ..."
    missing_rule_text: str  # how a blank entry is treated, in plain words
    day_rule: Callable[[DayRecord, Thresholds], bool | None] | None = None
    drug_classes: tuple[str, ...] = ()

    @property
    def label(self):
        return str(self.label_text)

    @property
    def explanation(self):
        return str(self.explanation_text)

    @property
    def missing_rule(self):
        return str(self.missing_rule_text)

    @property
    def sources(self):
        """Source tags, e.g. ("S0", "S4") or ("ext",)."""
        tags = []
        for key in self.source_keys:
            tag = "ext" if key.startswith("ext") else key
            if tag not in tags:
                tags.append(tag)
        return tuple(tags)

    @property
    def is_medication(self):
        return bool(self.drug_classes)


# --- Day rules: True exposed, False unexposed, None not recorded ---------------


def _low_fluids(day, thresholds):
    if day.fluids_ml is None:
        return None
    return day.fluids_ml < thresholds.fluid_target_ml


def _hard_exercise(day, thresholds):
    if day.exercise_intensity:
        return day.exercise_intensity == "hard"
    if day.exercise_minutes == 0:
        return False  # logged "no exercise" without picking an intensity
    return None


def _heat(day, thresholds):
    return day.heat


def _no_stretch(day, thresholds):
    return None if day.stretched is None else not day.stretched


def _long_sitting(day, thresholds):
    if day.sitting_hours is None:
        return None
    return day.sitting_hours >= thresholds.sitting_hours


def _hard_floor_standing(day, thresholds):
    if day.standing_hours is None:
        return None
    return day.standing_hours >= thresholds.standing_hours


def _no_mineral_food(day, thresholds):
    return None if day.mineral_food is None else not day.mineral_food


def _high_stress(day, thresholds):
    return None if day.stress is None else day.stress >= STRESS_HIGH


def _alcohol(day, thresholds):
    if day.alcohol_drinks is None:
        return None
    return day.alcohol_drinks >= thresholds.alcohol_drinks


MISSING_DAY = _("Nights after a day where this was left blank are left out, never counted as 'no'.")

MISSING_MEDICINE = _(
    "Medicines come from your medication list; a night outside every listed period counts as "
    "not taking it."
)

CATALOG = (
    Trigger(
        id="low_fluids",
        label_text=_("Drank less than your target"),
        explanation_text=_(
            "Not drinking enough, or losing fluid through heavy sweating, is a commonly named cause of cramps."
        ),
        source_keys=("S0", "S2", "S4", "S1"),
        lag=0,
        exposed_phrase=pgettext_lazy(
            "group of nights", "nights after days you drank less than your target"
        ),
        unexposed_phrase=pgettext_lazy("group of nights", "nights after days you reached it"),
        missing_rule_text=MISSING_DAY,
        day_rule=_low_fluids,
    ),
    Trigger(
        id="hard_exercise",
        label_text=_("Hard exercise that day"),
        explanation_text=_(
            "Overworking or tiring a muscle, especially with intense exercise, is listed as a cramp trigger."
        ),
        source_keys=("S0", "S1", "S2", "S4"),
        lag=0,
        exposed_phrase=pgettext_lazy("group of nights", "nights after hard-exercise days"),
        unexposed_phrase=pgettext_lazy("group of nights", "nights after other days"),
        missing_rule_text=MISSING_DAY,
        day_rule=_hard_exercise,
    ),
    Trigger(
        id="hard_exercise_day_before",
        label_text=_("Hard exercise the day before"),
        explanation_text=_(
            "The sources name overuse and hard exercise as triggers but do not say how long "
            "the effect lasts. CrampLog also checks the day before: a choice fixed in advance, "
            "not a claim of the sources."
        ),
        source_keys=("S0", "S1", "S2", "S4"),
        lag=1,
        exposed_phrase=pgettext_lazy("group of nights", "nights one day after a hard-exercise day"),
        unexposed_phrase=pgettext_lazy("group of nights", "nights one day after other days"),
        missing_rule_text=MISSING_DAY,
        day_rule=_hard_exercise,
    ),
    Trigger(
        id="heat",
        label_text=_("Exercised or worked in heat"),
        explanation_text=_("Exercising or working in hot weather is named as a trigger."),
        source_keys=("S2", "S4"),
        lag=0,
        exposed_phrase=pgettext_lazy("group of nights", "nights after days in the heat"),
        unexposed_phrase=pgettext_lazy("group of nights", "nights after days not in the heat"),
        missing_rule_text=MISSING_DAY,
        day_rule=_heat,
    ),
    Trigger(
        id="no_stretch",
        label_text=_("Did not stretch"),
        explanation_text=_(
            "Skipping stretching or a warm-up is listed as a reason muscles cramp. A clinical "
            "review finds only limited evidence that stretching prevents night cramps."
        ),
        source_keys=("S4", "S1", "ext-aafp"),
        lag=0,
        exposed_phrase=pgettext_lazy("group of nights", "nights after days without stretching"),
        unexposed_phrase=pgettext_lazy("group of nights", "nights after days you stretched"),
        missing_rule_text=MISSING_DAY,
        day_rule=_no_stretch,
    ),
    Trigger(
        id="long_sitting",
        label_text=_("Long hours sitting"),
        explanation_text=_(
            "Sitting for a long time, or in an awkward position, is listed as a trigger."
        ),
        source_keys=("S4",),
        lag=0,
        exposed_phrase=pgettext_lazy("group of nights", "nights after long sitting days"),
        unexposed_phrase=pgettext_lazy("group of nights", "nights after shorter sitting days"),
        missing_rule_text=MISSING_DAY,
        day_rule=_long_sitting,
    ),
    Trigger(
        id="hard_floor_standing",
        label_text=_("Long hours standing on hard floors"),
        explanation_text=_(
            "Standing or working on concrete or other hard floors is listed as a trigger."
        ),
        source_keys=("S4",),
        lag=0,
        exposed_phrase=pgettext_lazy(
            "group of nights", "nights after long days standing on hard floors"
        ),
        unexposed_phrase=pgettext_lazy("group of nights", "nights after shorter standing days"),
        missing_rule_text=MISSING_DAY,
        day_rule=_hard_floor_standing,
    ),
    Trigger(
        id="no_mineral_food",
        label_text=_("No potassium or magnesium-rich food"),
        explanation_text=_(
            "Low potassium, magnesium or calcium is often named as a cause; foods such as "
            "bananas or yogurt supply them. A clinical review says night cramps are probably "
            "due to tired muscles and nerves rather than low minerals, and magnesium is "
            "unlikely to prevent ordinary night cramps in older adults. Talk to your doctor "
            "before starting a high-dose supplement."
        ),
        source_keys=("S0", "S1", "S4", "ext-aafp", "ext-cochrane-mg"),
        lag=0,
        exposed_phrase=pgettext_lazy(
            "group of nights", "nights after days without potassium or magnesium-rich food"
        ),
        unexposed_phrase=pgettext_lazy("group of nights", "nights after days with it"),
        missing_rule_text=MISSING_DAY,
        day_rule=_no_mineral_food,
    ),
    Trigger(
        id="high_stress",
        label_text=_("High evening stress (7 or more of 10)"),
        explanation_text=_("Stress and anxiety are mentioned as possible triggers."),
        source_keys=("S0", "S4"),
        lag=0,
        exposed_phrase=pgettext_lazy("group of nights", "nights after high-stress evenings"),
        unexposed_phrase=pgettext_lazy("group of nights", "nights after calmer evenings"),
        missing_rule_text=MISSING_DAY,
        day_rule=_high_stress,
    ),
    Trigger(
        id="alcohol",
        label_text=_("Alcohol that evening"),
        explanation_text=_(
            "Not named in the source articles. One study of people aged 60 and over seen in "
            "family practices found night cramps more common among those who drank more "
            "alcohol: an association, not proof that alcohol causes cramps."
        ),
        source_keys=("ext-delacour",),
        lag=0,
        exposed_phrase=pgettext_lazy("group of nights", "nights after evenings with alcohol"),
        unexposed_phrase=pgettext_lazy("group of nights", "nights after evenings without"),
        missing_rule_text=MISSING_DAY,
        day_rule=_alcohol,
    ),
    Trigger(
        id="statin",
        label_text=_("On a statin"),
        explanation_text=_(
            "Some medicines, statins among them, can bring on cramps. In one population study "
            "of three kinds of medicine, statins showed a small association (about 1.2 times)."
        ),
        source_keys=("S1", "ext-garrison"),
        lag=0,
        exposed_phrase=pgettext_lazy("group of nights", "nights while you were on a statin"),
        unexposed_phrase=pgettext_lazy("group of nights", "nights without one"),
        missing_rule_text=MISSING_MEDICINE,
        drug_classes=STATIN,
    ),
    Trigger(
        id="diuretic",
        label_text=_("On a diuretic (water tablet)"),
        explanation_text=_(
            "Some diuretics can bring on cramps. In one population study of three kinds of "
            "medicine, the association was largest for potassium-sparing diuretics (about 2.1 "
            "times), then thiazides (about 1.5 times)."
        ),
        source_keys=("S1", "ext-garrison"),
        lag=0,
        exposed_phrase=pgettext_lazy("group of nights", "nights while you were on a diuretic"),
        unexposed_phrase=pgettext_lazy("group of nights", "nights without one"),
        missing_rule_text=MISSING_MEDICINE,
        drug_classes=DIURETICS,
    ),
    Trigger(
        id="laba",
        label_text=_("On a long-acting beta-agonist inhaler"),
        explanation_text=_(
            "In one population study of three kinds of medicine (these inhalers, diuretics and "
            "statins), cramp treatment was started about 2.4 times as often after starting one "
            "of these inhalers as before: the largest of the three associations."
        ),
        source_keys=("ext-garrison",),
        lag=0,
        exposed_phrase=pgettext_lazy(
            "group of nights", "nights while you were using a long-acting beta-agonist inhaler"
        ),
        unexposed_phrase=pgettext_lazy("group of nights", "nights without one"),
        missing_rule_text=MISSING_MEDICINE,
        drug_classes=LABA,
    ),
)

BY_ID = {trigger.id: trigger for trigger in CATALOG}


def medication_nights(medications: list[MedicationRecord], classes, first: date, last: date):
    """The set of nights first..last on which any medicine of these classes was taken.

    Built from the periods (one pass per period), not by scanning every
    medicine for every night.
    """
    nights = set()
    for med in medications:
        if med.drug_class not in classes:
            continue
        start = max(med.started_on, first)
        end = last if med.stopped_on is None else min(med.stopped_on, last)
        day = start
        while day <= end:
            nights.add(day)
            day += timedelta(days=1)
    return nights


def exposure(trigger: Trigger, night: date, journal: Journal, on_medicine=None):
    """True, False or None (not recorded) for one night.

    ``on_medicine`` is the precomputed ``medication_nights`` set for a
    medication trigger; without it the medication list is scanned.
    """
    if trigger.is_medication:
        if on_medicine is not None:
            return night in on_medicine
        return any(
            med.drug_class in trigger.drug_classes and med.active_on(night)
            for med in journal.medications
        )
    day = journal.days.get(night - timedelta(days=trigger.lag))
    if day is None:
        return None
    return trigger.day_rule(day, journal.thresholds)


def exposures(journal: Journal, triggers=CATALOG):
    """{trigger id: [True/False/None per night of journal.nights]}.

    The day record behind each night is looked up once per lag and reused by
    every day trigger; medication nights come from one pass over the periods.
    """
    records_by_lag = {}
    result = {}
    for trigger in triggers:
        if trigger.is_medication:
            on = medication_nights(
                journal.medications, trigger.drug_classes, journal.first, journal.last
            )
            result[trigger.id] = [n.night in on for n in journal.nights]
            continue
        if trigger.lag not in records_by_lag:
            lag, get = timedelta(days=trigger.lag), journal.days.get
            records_by_lag[trigger.lag] = [get(n.night - lag) for n in journal.nights]
        rule, thresholds = trigger.day_rule, journal.thresholds
        result[trigger.id] = [
            None if record is None else rule(record, thresholds)
            for record in records_by_lag[trigger.lag]
        ]
    return result
