"""Red flags: noticed and shown with their source, never a diagnosis.

Rules and their sources are listed in docs/sources.md. Each rule states what was logged and what
the source advises; none names a disease or gives drug advice.
"""

from dataclasses import dataclass

from journal.sources import cite

LONG_CRAMP_SECONDS = 10 * 60


@dataclass(frozen=True)
class RedFlagRule:
    code: str
    what: str  # what the user logged, completing "You logged a cramp ..."
    guidance: str
    sources: tuple[str, ...]  # the article(s) giving this advice
    urgency: str  # "emergency", "now" (see a doctor right away) or "soon"
    # Clinical references that support the same advice; the doctor summary cites
    # them beside the article. Only where they do (docs/sources.md says which).
    clinical: tuple[str, ...] = ()

    @property
    def source_text(self):
        return cite(*self.sources, *self.clinical)

    @property
    def urgency_label(self):
        return URGENCY_LABELS[self.urgency]


URGENCY_LABELS = {
    "emergency": "Get medical help now",
    "now": "See a doctor right away",
    "soon": "Seek medical advice soon",
}


RULES = {
    "long": RedFlagRule(
        "long",
        "that lasted more than 10 minutes",
        "A cramp lasting over 10 minutes, or one that does not ease with movement, is a reason to seek medical advice.",
        ("S4",),
        "soon",
        ("ext-nhs",),
    ),
    "no_ease": RedFlagRule(
        "no_ease",
        "that did not ease with movement or stretching",
        "A cramp that does not get better with movement, or lasts over 10 minutes, is a reason to seek medical advice.",
        ("S4",),
        "soon",
        ("ext-nhs",),
    ),
    "claudication": RedFlagRule(
        "claudication",
        "with calf pain when walking that eases with rest",
        "Calf pain that comes with walking and eases with rest is not the same as a night cramp; a doctor can examine you to tell them apart.",
        ("ext-aafp",),
        "soon",
    ),
    "wasting": RedFlagRule(
        "wasting",
        "with muscles getting smaller",
        "Leg muscles that are shrinking or getting weaker are a reason to see your doctor.",
        ("ext-nhs",),
        "soon",
    ),
    "would_not_stop": RedFlagRule(
        "would_not_stop",
        "that was severe and would not stop",
        "An extreme spasm that will not stop is a reason to see a doctor right away.",
        ("S1",),
        "now",
    ),
    "weakness": RedFlagRule(
        "weakness",
        "with weakness",
        "A cramp together with weakness is a reason to see a doctor right away.",
        ("S1",),
        "now",
    ),
    "numbness": RedFlagRule(
        "numbness",
        "with numbness",
        "A cramp together with numbness is a reason to see a doctor right away.",
        ("S1",),
        "now",
        ("ext-nhs",),
    ),
    "swelling": RedFlagRule(
        "swelling",
        "with swelling",
        "Red, swollen skin with a cramp is a reason to see a doctor right away.",
        ("S1",),
        "now",
        ("ext-nhs",),
    ),
    "red_warm": RedFlagRule(
        "red_warm",
        "with red or warm skin",
        "Red, swollen skin with a cramp is a reason to see a doctor right away.",
        ("S1",),
        "now",
    ),
    "fever": RedFlagRule(
        "fever",
        "with fever",
        "A cramp together with fever is a reason to see a doctor right away.",
        ("S1",),
        "now",
    ),
    "breathing": RedFlagRule(
        "breathing",
        "with difficulty breathing",
        "Difficulty breathing with a cramp needs medical help right away: treat it as an emergency.",
        ("S1",),
        "emergency",
    ),
    "head_injury": RedFlagRule(
        "head_injury",
        "after a head or neck injury",
        "Cramps that follow a head or neck injury are a reason to see a doctor right away.",
        ("S1",),
        "now",
    ),
    "toxin": RedFlagRule(
        "toxin",
        "after contact with lead, mercury or another toxin",
        "Spasms after contact with a toxin such as lead or mercury are a reason to seek medical help.",
        ("S4",),
        "now",
        ("ext-nhs",),
    ),
}


def red_flags_for(duration_seconds, symptoms):
    """Codes of the red-flag rules a cramp meets, in a stable order."""
    codes = []
    if duration_seconds is not None and duration_seconds > LONG_CRAMP_SECONDS:
        codes.append("long")
    codes.extend(code for code in RULES if code != "long" and code in symptoms)
    # "no_ease" and "long" give the same advice: when both apply, one notice says it.
    if "long" in codes and "no_ease" in codes:
        codes.remove("no_ease")
    return codes


def describe(codes):
    """The rules behind stored codes, skipping any code no longer known."""
    return [RULES[code] for code in codes if code in RULES]
