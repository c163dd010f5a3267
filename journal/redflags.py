"""Red flags: noticed and shown with their source, never a diagnosis.

Rules follow DOMAIN.md section 4. Each rule states what was logged and what
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
    sources: tuple[str, ...]
    urgency: str  # "now" (see a doctor right away) or "soon"

    @property
    def source_text(self):
        return cite(*self.sources)


RULES = {
    "long": RedFlagRule(
        "long",
        "that lasted more than 10 minutes",
        "A cramp lasting over 10 minutes, or one that does not ease with movement, is a reason to seek medical advice.",
        ("S4",),
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
    ),
    "swelling": RedFlagRule(
        "swelling",
        "with swelling",
        "Red, swollen skin with a cramp is a reason to see a doctor right away.",
        ("S1",),
        "now",
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
        "Difficulty breathing with a cramp needs medical help right away.",
        ("S1",),
        "now",
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
    ),
}


def red_flags_for(duration_seconds, symptoms):
    """Codes of the red-flag rules a cramp meets, in a stable order."""
    codes = []
    if duration_seconds is not None and duration_seconds > LONG_CRAMP_SECONDS:
        codes.append("long")
    codes.extend(code for code in RULES if code != "long" and code in symptoms)
    return codes


def describe(codes):
    """The rules behind stored codes, skipping any code no longer known."""
    return [RULES[code] for code in codes if code in RULES]
