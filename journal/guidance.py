"""Calm, cited guidance: when to book a visit, notes on supplements and evidence.

Every sentence here paraphrases a source in ``journal.sources`` (the rules and
thresholds are listed in docs/sources.md). Nothing here diagnoses, and nothing
tells anyone to start, stop or change a medicine.

``visit_prompts`` is pure (plain rows in, prompts out); the few helpers that
read the database say so in their names and docstrings.
"""

from dataclasses import dataclass
from datetime import timedelta

from journal.medicines import kind_phrase, recognise
from journal.models import (
    REVIEW_ASSOCIATED_CLASSES,
    ConditionKind,
    DrugClass,
    Relief,
    Symptom,
)
from journal.sources import cite

# --- "Book a visit" prompts (docs/sources.md; S4, S1, S0) ---------------------

# The sources say "often", "frequently", "persistent": the numbers are CrampLog's
# own reading of those words, fixed here and stated in docs/sources.md.
SLEEP_WEEKS = 2  # K: look at the last two 7-night weeks ...
SLEEP_NIGHTS_PER_WEEK = 3  # N: ... each with at least 3 nights of broken sleep
SLEEP_DISTURBANCE_HIGH = 5  # a check-in score of 5/10 or more counts as broken sleep
SEVERE_SCORE = 7  # pain 7/10 or more is a severe cramp
SEVERE_NIGHTS = 3  # on at least 3 nights ...
WINDOW_NIGHTS = 28  # ... of the last 28
NOT_EASING_CRAMPS = 3  # at least 3 cramps in the window where home care did not help


@dataclass(frozen=True)
class VisitPrompt:
    code: str
    logged: str  # what the journal shows, in the user's own numbers
    guidance: str  # what the sources advise
    sources: tuple[str, ...]

    @property
    def source_text(self):
        return cite(*self.sources)

    @property
    def text(self):
        return f"{self.logged} Guidance: {self.guidance} (Source: {self.source_text})"


def broken_sleep_nights(cramps, checkins):
    """Nights a night cramp woke the user, or a check-in scored sleep disturbance >= 5/10."""
    nights = {c.journal_day for c in cramps if c.is_night and c.woke_from_sleep}
    nights |= {
        c.night
        for c in checkins
        if c.sleep_disturbance is not None and c.sleep_disturbance >= SLEEP_DISTURBANCE_HIGH
    }
    return nights


def _did_not_ease(cramp):
    return cramp.relief_best == Relief.NOTHING or Symptom.NO_EASE in (cramp.symptoms or ())


def visit_prompts(cramps, checkins, last_night):
    """Prompts to book a visit, from the nights up to ``last_night`` (a finished night).

    ``cramps`` have journal_day, is_night, woke_from_sleep, severity, relief_best
    and symptoms; ``checkins`` have night and sleep_disturbance. Rows outside the
    last 28 nights are ignored, so callers may pass a wider list.
    """
    first = last_night - timedelta(days=WINDOW_NIGHTS - 1)
    cramps = [c for c in cramps if c.is_night and first <= c.journal_day <= last_night]
    checkins = [c for c in checkins if first <= c.night <= last_night]
    prompts = []

    broken = broken_sleep_nights(cramps, checkins)
    weeks = []
    for week in range(SLEEP_WEEKS):
        end = last_night - timedelta(days=7 * week)
        weeks.append(sum(1 for n in broken if end - timedelta(days=6) <= n <= end))
    if all(count >= SLEEP_NIGHTS_PER_WEEK for count in weeks):
        counts = " and ".join(str(count) for count in reversed(weeks))
        prompts.append(
            VisitPrompt(
                "sleep",
                f"Cramps woke you or disturbed your sleep on {SLEEP_NIGHTS_PER_WEEK} or more "
                f"nights in each of the last {SLEEP_WEEKS} weeks ({counts} nights).",
                "cramps that often disturb your sleep or your daily life are a reason "
                "to book a visit with your doctor.",
                ("S4", "S1"),
            )
        )

    severe = {
        c.journal_day for c in cramps if c.severity is not None and c.severity >= SEVERE_SCORE
    }
    if len(severe) >= SEVERE_NIGHTS:
        prompts.append(
            VisitPrompt(
                "severe",
                f"You logged pain of {SEVERE_SCORE}/10 or more on {len(severe)} of the last "
                f"{WINDOW_NIGHTS} nights.",
                "cramps that keep coming back, especially severe ones, are a reason "
                "to see your doctor.",
                ("S4", "S0"),
            )
        )

    not_easing = sum(1 for c in cramps if _did_not_ease(c))
    if not_easing >= NOT_EASING_CRAMPS:
        prompts.append(
            VisitPrompt(
                "home_care",
                f"On {not_easing} cramps in the last {WINDOW_NIGHTS} nights you logged that "
                "nothing helped or that the cramp did not ease with movement.",
                "when home care does not help, ask your doctor.",
                ("S1", "S4"),
            )
        )
    return prompts


def visit_prompts_for(user, last_night):
    """Reads the last 28 nights of ``user``'s journal (two queries) and applies the rules."""
    from journal.models import Cramp, NightCheckIn

    first = last_night - timedelta(days=WINDOW_NIGHTS - 1)
    cramps = Cramp.objects.owned_by(user).filter(
        journal_day__gte=first, journal_day__lte=last_night, is_night=True
    )
    cramps = cramps.only(
        "journal_day", "is_night", "woke_from_sleep", "severity", "relief_best", "symptoms"
    )
    checkins = NightCheckIn.objects.owned_by(user).filter(
        night__gte=first, night__lte=last_night, sleep_disturbance__isnull=False
    )
    return visit_prompts(
        list(cramps), list(checkins.only("night", "sleep_disturbance")), last_night
    )


# --- Supplements (S1) --------------------------------------------------------------

SUPPLEMENT_NOTE = (
    "Potassium- or magnesium-rich food such as bananas or yogurt is one thing; before "
    "starting a high-dose mineral supplement, talk to your doctor."
)
SUPPLEMENT_SOURCES = ("S1",)


@dataclass(frozen=True)
class SupplementCaution:
    text: str
    reasons: tuple[str, ...]  # what the user listed that makes the note matter more

    @property
    def strong(self):
        return bool(self.reasons)

    @property
    def source_text(self):
        return cite(*SUPPLEMENT_SOURCES, *(("ext-label",) if self.reasons else ()))

    @property
    def emphasis(self):
        if not self.reasons:
            return ""
        return (
            f"This matters more for you: you listed {' and '.join(self.reasons)}. With these, "
            "extra potassium can build up in the blood, so ask your doctor before taking a "
            "potassium supplement or any high-dose mineral supplement."
        )


def supplement_caution(medicine_names, condition_kinds):
    """The supplement note, stronger when a potassium-sparing diuretic or kidney disease is listed.

    ``medicine_names`` are the names of the user's current potassium-sparing
    diuretics; ``condition_kinds`` the kinds of their conditions.
    """
    reasons = []
    if medicine_names:
        reasons.append(f"a potassium-sparing diuretic ({', '.join(sorted(medicine_names))})")
    if ConditionKind.KIDNEY in condition_kinds:
        reasons.append("kidney disease")
    return SupplementCaution(SUPPLEMENT_NOTE, tuple(reasons))


def supplement_caution_for(user, today):
    """Reads the user's current potassium-sparing diuretics and conditions (two queries)."""
    from django.db.models import Q

    from journal.models import Condition, Medication

    names = list(
        Medication.objects.owned_by(user)
        .filter(drug_class=DrugClass.DIURETIC_K_SPARING, started_on__lte=today)
        .filter(Q(stopped_on__isnull=True) | Q(stopped_on__gte=today))
        .values_list("name", flat=True)
    )
    kinds = set(
        Condition.objects.owned_by(user)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .values_list("kind", flat=True)
    )
    return supplement_caution(names, kinds)


# --- Published associations of medicine kinds (outside references) -------------------

PUBLISHED_ASSOCIATIONS = {
    DrugClass.LABA: (
        "In one population study of three kinds of medicine, cramp treatment was started "
        "about 2.4 times as often after starting a long-acting beta-agonist as before it.",
        ("ext-garrison",),
    ),
    DrugClass.DIURETIC_K_SPARING: (
        "In one population study, cramp treatment was started about 2.1 times as often "
        "after starting a potassium-sparing diuretic as before it.",
        ("ext-garrison",),
    ),
    DrugClass.DIURETIC_THIAZIDE: (
        "In one population study, cramp treatment was started about 1.5 times as often "
        "after starting a thiazide diuretic as before it.",
        ("ext-garrison",),
    ),
    DrugClass.DIURETIC_LOOP: (
        "One population study found a smaller association for loop diuretics than for "
        "thiazide or potassium-sparing ones.",
        ("ext-garrison",),
    ),
    DrugClass.STATIN: (
        "In one population study, cramp treatment was started slightly more often after "
        "starting a statin than before it (about 1.2 times).",
        ("ext-garrison",),
    ),
    **{
        kind: (
            f"A clinical review names {DrugClass(kind).label.lower()} among the medicines "
            "most strongly associated with leg cramps.",
            ("ext-aafp",),
        )
        for kind in REVIEW_ASSOCIATED_CLASSES
    },
}
PUBLISHED_CAVEAT = (
    "A published association across many people, not a finding about you. "
    "Do not stop or change a prescribed medicine because of it; discuss it with your doctor."
)


def published_association(kind):
    """(sentence, source text) for a medicine kind with a published association, or None."""
    if kind not in PUBLISHED_ASSOCIATIONS:
        return None
    text, sources = PUBLISHED_ASSOCIATIONS[kind]
    return text, cite(*sources)


def published_associations():
    """{kind: (sentence, source text)} for every kind with a published association."""
    return {kind: published_association(kind) for kind in PUBLISHED_ASSOCIATIONS}


# --- The medicine form's hint --------------------------------------------------------


def medicine_hint(user, name):
    """Context for journal/_medicine_hint.html: what a typed name is recognised as."""
    kind = recognise(name or "")
    context = {"hint_name": name, "hint_kind": kind}
    if kind:
        context["hint_phrase"] = kind_phrase(kind)
        context["hint_label"] = DrugClass(kind).label
        context["hint_published"] = published_association(kind)
        context["hint_caveat"] = PUBLISHED_CAVEAT
    if kind == DrugClass.SUPPLEMENT:
        from django.utils import timezone

        today = timezone.localdate(timezone=user.profile.zone)
        context["supplement"] = supplement_caution_for(user, today)
    return context


def recognised_note(form):
    """The message after saving a medicine whose kind was recognised from its name."""
    if not getattr(form, "recognised", None):
        return None
    return f"Recognised as {kind_phrase(form.recognised)}; change it if this is wrong."


# --- Evidence notes where a factor or relief appears (outside references) ------------

MAGNESIUM_NOTE = "Magnesium is unlikely to prevent ordinary night cramps in older adults."

RELIEF_NOTES = {
    Relief.STRETCH: (
        "Evidence that stretching prevents night cramps is limited.",
        ("ext-aafp",),
    ),
    Relief.MINERAL_FOOD: (
        f"{MAGNESIUM_NOTE} {SUPPLEMENT_NOTE}",
        ("ext-cochrane-mg", "S1"),
    ),
    Relief.PRESCRIPTION: (
        "Quinine is no longer recommended for leg cramps because of its serious side effects.",
        ("ext-aafp", "ext-aan"),
    ),
}


def relief_notes():
    """[(label, note, source text)] for the relief options that carry a caveat."""
    return [
        (Relief(code).label, text, cite(*sources)) for code, (text, sources) in RELIEF_NOTES.items()
    ]


ELECTROLYTE_NOTE = (
    "Night cramps are probably caused by tired muscles and nerves rather than low "
    "minerals or other blood changes."
)
ELECTROLYTE_SOURCES = ("ext-aafp",)


def mineral_help_text():
    """Under the day's "potassium/magnesium-rich food or supplement" question."""
    return (
        f"{SUPPLEMENT_NOTE} ({cite(*SUPPLEMENT_SOURCES)}) "
        f"{ELECTROLYTE_NOTE} ({cite(*ELECTROLYTE_SOURCES)}) "
        f"{MAGNESIUM_NOTE} ({cite('ext-cochrane-mg')})"
    )
