"""Calm, cited guidance: when to book a visit, notes on supplements and evidence.

Every sentence here paraphrases a source in ``journal.sources`` (the rules and
thresholds are listed in docs/sources.md). Nothing here diagnoses, and nothing
tells anyone to start, stop or change a medicine.

``visit_prompts`` is pure (plain rows in, prompts out); the few helpers that
read the database say so in their names and docstrings.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from journal.medicines import kind_phrase, recognise
from journal.models import (
    REVIEW_ASSOCIATED_CLASSES,
    ConditionKind,
    DrugClass,
    Relief,
    Symptom,
)
from journal.sources import cite, cite_html

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
    def source_html(self):
        """The sources with their published titles in <cite lang="en">."""
        return cite_html(*self.sources)

    @property
    def text(self):
        return str(VISIT_TEXT) % {
            "logged": self.logged,
            "guidance": self.guidance,
            "source": self.source_text,
        }


# Translators: a "book a visit" prompt: what the journal shows, what the sources advise, the sources.
VISIT_TEXT = _("%(logged)s Guidance: %(guidance)s (Source: %(source)s)")


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
        earlier, later = reversed(weeks)  # SLEEP_WEEKS is 2: the sentence names both weeks
        prompts.append(
            VisitPrompt(
                "sleep",
                ngettext(
                    "Cramps woke you or disturbed your sleep on %(threshold)s or more nights in "
                    "each of the last %(weeks)s weeks (%(earlier)s and %(later)s nights).",
                    "Cramps woke you or disturbed your sleep on %(threshold)s or more nights in "
                    "each of the last %(weeks)s weeks (%(earlier)s and %(later)s nights).",
                    later,
                )
                % {
                    "threshold": SLEEP_NIGHTS_PER_WEEK,
                    "weeks": SLEEP_WEEKS,
                    "earlier": earlier,
                    "later": later,
                },
                gettext(
                    "cramps that often disturb your sleep or your daily life are a reason "
                    "to book a visit with your doctor."
                ),
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
                ngettext(
                    "You logged pain of %(score)s/10 or more on %(count)s of the last "
                    "%(window)s nights.",
                    "You logged pain of %(score)s/10 or more on %(count)s of the last "
                    "%(window)s nights.",
                    len(severe),
                )
                % {"score": SEVERE_SCORE, "count": len(severe), "window": WINDOW_NIGHTS},
                gettext(
                    "cramps that keep coming back, especially severe ones, are a reason "
                    "to see your doctor."
                ),
                ("S4", "S0"),
            )
        )

    not_easing = sum(1 for c in cramps if _did_not_ease(c))
    if not_easing >= NOT_EASING_CRAMPS:
        prompts.append(
            VisitPrompt(
                "home_care",
                ngettext(
                    "On %(count)s cramp in the last %(window)s nights you logged that "
                    "nothing helped or that the cramp did not ease with movement.",
                    "On %(count)s cramps in the last %(window)s nights you logged that "
                    "nothing helped or that the cramp did not ease with movement.",
                    not_easing,
                )
                % {"count": not_easing, "window": WINDOW_NIGHTS},
                gettext("when home care does not help, ask your doctor."),
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

SUPPLEMENT_NOTE = _(
    "Potassium- or magnesium-rich food such as bananas or yogurt is one thing; before "
    "starting a high-dose mineral supplement, talk to your doctor."
)
SUPPLEMENT_SOURCES = ("S1",)


@dataclass(frozen=True)
class SupplementCaution:
    text: str
    reasons: tuple[str, ...]  # what the user listed that makes the note matter more
    listed: str = ""  # the reasons as one translated phrase

    @property
    def strong(self):
        return bool(self.reasons)

    @property
    def source_text(self):
        return cite(*SUPPLEMENT_SOURCES, *(("ext-label",) if self.reasons else ()))

    @property
    def source_html(self):
        """The sources with their published titles in <cite lang="en">."""
        return cite_html(*SUPPLEMENT_SOURCES, *(("ext-label",) if self.reasons else ()))

    @property
    def emphasis(self):
        if not self.reasons:
            return ""
        return gettext(
            "This matters more for you: you listed %(listed)s. With these, "
            "extra potassium can build up in the blood, so ask your doctor before taking a "
            "potassium supplement or any high-dose mineral supplement."
        ) % {"listed": self.listed}


def supplement_caution(medicine_names, condition_kinds):
    """The supplement note, stronger when a potassium-sparing diuretic or kidney disease is listed.

    ``medicine_names`` are the names of the user's current potassium-sparing
    diuretics; ``condition_kinds`` the kinds of their conditions.
    """
    reasons = []
    names = ", ".join(sorted(medicine_names))
    if medicine_names:
        reasons.append("diuretic_k_sparing")
    if ConditionKind.KIDNEY in condition_kinds:
        reasons.append("kidney")
    if len(reasons) == 2:
        # Translators: completes "you listed ..."; %(names)s are the user's medicine names.
        listed = gettext("a potassium-sparing diuretic (%(names)s) and kidney disease")
    elif medicine_names:
        # Translators: completes "you listed ..."; %(names)s are the user's medicine names.
        listed = gettext("a potassium-sparing diuretic (%(names)s)")
    elif reasons:
        # Translators: completes "you listed ...".
        listed = gettext("kidney disease")
    else:
        listed = ""
    if "%(names)s" in listed:
        listed = listed % {"names": names}
    return SupplementCaution(str(SUPPLEMENT_NOTE), tuple(reasons), listed)


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
        _(
            "In one population study of three kinds of medicine, cramp treatment was started "
            "about 2.4 times as often after starting a long-acting beta-agonist as before it."
        ),
        ("ext-garrison",),
    ),
    DrugClass.DIURETIC_K_SPARING: (
        _(
            "In one population study, cramp treatment was started about 2.1 times as often "
            "after starting a potassium-sparing diuretic as before it."
        ),
        ("ext-garrison",),
    ),
    DrugClass.DIURETIC_THIAZIDE: (
        _(
            "In one population study, cramp treatment was started about 1.5 times as often "
            "after starting a thiazide diuretic as before it."
        ),
        ("ext-garrison",),
    ),
    DrugClass.DIURETIC_LOOP: (
        _(
            "One population study found a smaller association for loop diuretics than for "
            "thiazide or potassium-sparing ones."
        ),
        ("ext-garrison",),
    ),
    DrugClass.STATIN: (
        _(
            "In one population study, cramp treatment was started slightly more often after "
            "starting a statin than before it (about 1.2 times)."
        ),
        ("ext-garrison",),
    ),
    # The five medicines the clinical review names (REVIEW_ASSOCIATED_CLASSES).
    DrugClass.IRON_SUCROSE: (
        _(
            "A clinical review names intravenous iron sucrose among the medicines most "
            "strongly associated with leg cramps."
        ),
        ("ext-aafp",),
    ),
    DrugClass.CONJUGATED_ESTROGENS: (
        _(
            "A clinical review names conjugated estrogens among the medicines most strongly "
            "associated with leg cramps."
        ),
        ("ext-aafp",),
    ),
    DrugClass.RALOXIFENE: (
        _(
            "A clinical review names raloxifene among the medicines most strongly associated "
            "with leg cramps."
        ),
        ("ext-aafp",),
    ),
    DrugClass.NAPROXEN: (
        _(
            "A clinical review names naproxen among the medicines most strongly associated "
            "with leg cramps."
        ),
        ("ext-aafp",),
    ),
    DrugClass.TERIPARATIDE: (
        _(
            "A clinical review names teriparatide among the medicines most strongly "
            "associated with leg cramps."
        ),
        ("ext-aafp",),
    ),
}
assert all(kind in PUBLISHED_ASSOCIATIONS for kind in REVIEW_ASSOCIATED_CLASSES)
PUBLISHED_CAVEAT = _(
    "A published association across many people, not a finding about you. "
    "Do not stop or change a prescribed medicine because of it; discuss it with your doctor."
)


def published_association(kind):
    """(sentence, source HTML with <cite lang="en"> titles) for a medicine kind with a published association, or None."""
    if kind not in PUBLISHED_ASSOCIATIONS:
        return None
    text, sources = PUBLISHED_ASSOCIATIONS[kind]
    return str(text), cite_html(*sources)


def published_associations():
    """{kind: (sentence, source HTML)} for every kind with a published association."""
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
    # Translators: %(kind)s is a kind of medicine, e.g. "a statin" ("Recognised as" phrases).
    return gettext("Recognised as %(kind)s; change it if this is wrong.") % {
        "kind": kind_phrase(form.recognised)
    }


# --- Evidence notes where a factor or relief appears (outside references) ------------

MAGNESIUM_NOTE = _("Magnesium is unlikely to prevent ordinary night cramps in older adults.")

RELIEF_NOTES = {
    Relief.STRETCH: (
        _("Evidence that stretching prevents night cramps is limited."),
        ("ext-aafp",),
    ),
    Relief.MINERAL_FOOD: (
        format_lazy("{} {}", MAGNESIUM_NOTE, SUPPLEMENT_NOTE),
        ("ext-cochrane-mg", "S1"),
    ),
    Relief.PRESCRIPTION: (
        _("Quinine is no longer recommended for leg cramps because of its serious side effects."),
        ("ext-aafp", "ext-aan"),
    ),
}


def relief_notes():
    """[(label, note, source HTML)] for the relief options that carry a caveat.

    The source is HTML with each published title in <cite lang="en">.
    """
    return [
        (Relief(code).label, str(text), cite_html(*sources))
        for code, (text, sources) in RELIEF_NOTES.items()
    ]


ELECTROLYTE_NOTE = _(
    "Night cramps are probably caused by tired muscles and nerves rather than low "
    "minerals or other blood changes."
)
ELECTROLYTE_SOURCES = ("ext-aafp",)


def _mineral_help_html():
    return format_html(
        "{} ({}) {} ({}) {} ({})",
        SUPPLEMENT_NOTE,
        cite_html(*SUPPLEMENT_SOURCES),
        ELECTROLYTE_NOTE,
        cite_html(*ELECTROLYTE_SOURCES),
        MAGNESIUM_NOTE,
        cite_html("ext-cochrane-mg"),
    )


def mineral_help_text():
    """Under the day's "potassium/magnesium-rich food or supplement" question.

    HTML (the form shows help texts as HTML), published titles in <cite lang="en">;
    lazy, so a form class built at import time still shows the reader's language.
    """
    return _mineral_help_lazy()


_mineral_help_lazy = lazy(_mineral_help_html, SafeString)
