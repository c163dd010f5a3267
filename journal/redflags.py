"""Red flags: noticed and shown with their source, never a diagnosis.

Rules and their sources are listed in docs/sources.md. Each rule states what was logged and what
the source advises; none names a disease or gives drug advice.

Every text people read is a whole translated sentence (or a whole phrase for a table cell):
``logged`` ("You logged a cramp that ..."), ``cramp`` ("A cramp that ...") and ``guidance``.
"""

from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from journal.sources import cite, cite_html

LONG_CRAMP_SECONDS = 10 * 60


@dataclass(frozen=True)
class RedFlagRule:
    code: str
    # The texts people read are stored lazy (translated when read); the properties
    # ``logged``, ``cramp`` and ``guidance`` give plain strings in the active language.
    logged_text: str  # the whole sentence: "You logged a cramp that lasted more than 10 minutes."
    cramp_text: str  # the same as a phrase for a list or table: "A cramp that lasted ..."
    guidance_text: str
    sources: tuple[str, ...]  # the article(s) giving this advice
    urgency: str  # "emergency", "now" (see a doctor right away) or "soon"
    # Clinical references that support the same advice; the doctor summary cites
    # them beside the article. Only where they do (docs/sources.md says which).
    clinical: tuple[str, ...] = ()

    @property
    def logged(self):
        return str(self.logged_text)

    @property
    def cramp(self):
        return str(self.cramp_text)

    @property
    def guidance(self):
        return str(self.guidance_text)

    @property
    def source_text(self):
        return cite(*self.sources, *self.clinical)

    @property
    def source_html(self):
        """The sources with their published titles in <cite lang="en">."""
        return cite_html(*self.sources, *self.clinical)

    @property
    def urgency_label(self):
        return str(URGENCY_LABELS[self.urgency])

    @property
    def notice(self):
        """What was logged, what the source advises and the source, as plain text."""
        return NOTICE % {
            "logged": self.logged,
            "guidance": self.guidance,
            "source": self.source_text,
        }

    @property
    def notice_html(self):
        """``notice`` for HTML, the source titles marked as English."""
        return mark_safe(
            str(NOTICE)
            % {
                "logged": conditional_escape(self.logged),
                "guidance": conditional_escape(self.guidance),
                "source": self.source_html,
            }
        )


# Translators: a red-flag notice: what the user logged, the advice of the source, the source.
NOTICE = _("%(logged)s Guidance: %(guidance)s (Source: %(source)s)")

URGENCY_LABELS = {
    "emergency": _("Get medical help now"),
    "now": _("See a doctor right away"),
    "soon": _("Seek medical advice soon"),
}

_LONG_GUIDANCE = _(
    "A cramp lasting over 10 minutes, or one that does not ease with movement, is a reason to "
    "seek medical advice."
)
_RED_SWOLLEN_GUIDANCE = _("Red, swollen skin with a cramp is a reason to see a doctor right away.")

RULES = {
    "long": RedFlagRule(
        code="long",
        logged_text=_("You logged a cramp that lasted more than 10 minutes."),
        cramp_text=_("A cramp that lasted more than 10 minutes"),
        guidance_text=_LONG_GUIDANCE,
        sources=("S4",),
        urgency="soon",
        clinical=("ext-nhs",),
    ),
    "no_ease": RedFlagRule(
        code="no_ease",
        logged_text=_("You logged a cramp that did not ease with movement or stretching."),
        cramp_text=_("A cramp that did not ease with movement or stretching"),
        guidance_text=_(
            "A cramp that does not get better with movement, or lasts over 10 minutes, is a "
            "reason to seek medical advice."
        ),
        sources=("S4",),
        urgency="soon",
        clinical=("ext-nhs",),
    ),
    "claudication": RedFlagRule(
        code="claudication",
        logged_text=_("You logged a cramp with calf pain when walking that eases with rest."),
        cramp_text=_("A cramp with calf pain when walking that eases with rest"),
        guidance_text=_(
            "Calf pain that comes with walking and eases with rest is not the same as a night "
            "cramp; a doctor can examine you to tell them apart."
        ),
        sources=("ext-aafp",),
        urgency="soon",
    ),
    "wasting": RedFlagRule(
        code="wasting",
        logged_text=_("You logged a cramp with muscles getting smaller."),
        cramp_text=_("A cramp with muscles getting smaller"),
        guidance_text=_(
            "Leg muscles that are shrinking or getting weaker are a reason to see your doctor."
        ),
        sources=("ext-nhs",),
        urgency="soon",
    ),
    "would_not_stop": RedFlagRule(
        code="would_not_stop",
        logged_text=_("You logged a cramp that was severe and would not stop."),
        cramp_text=_("A cramp that was severe and would not stop"),
        guidance_text=_(
            "An extreme spasm that will not stop is a reason to see a doctor right away."
        ),
        sources=("S1",),
        urgency="now",
    ),
    "weakness": RedFlagRule(
        code="weakness",
        logged_text=_("You logged a cramp with weakness."),
        cramp_text=_("A cramp with weakness"),
        guidance_text=_("A cramp together with weakness is a reason to see a doctor right away."),
        sources=("S1",),
        urgency="now",
    ),
    "numbness": RedFlagRule(
        code="numbness",
        logged_text=_("You logged a cramp with numbness."),
        cramp_text=_("A cramp with numbness"),
        guidance_text=_("A cramp together with numbness is a reason to see a doctor right away."),
        sources=("S1",),
        urgency="now",
        clinical=("ext-nhs",),
    ),
    "swelling": RedFlagRule(
        code="swelling",
        logged_text=_("You logged a cramp with swelling."),
        cramp_text=_("A cramp with swelling"),
        guidance_text=_RED_SWOLLEN_GUIDANCE,
        sources=("S1",),
        urgency="now",
        clinical=("ext-nhs",),
    ),
    "red_warm": RedFlagRule(
        code="red_warm",
        logged_text=_("You logged a cramp with red or warm skin."),
        cramp_text=_("A cramp with red or warm skin"),
        guidance_text=_RED_SWOLLEN_GUIDANCE,
        sources=("S1",),
        urgency="now",
    ),
    "fever": RedFlagRule(
        code="fever",
        logged_text=_("You logged a cramp with fever."),
        cramp_text=_("A cramp with fever"),
        guidance_text=_("A cramp together with fever is a reason to see a doctor right away."),
        sources=("S1",),
        urgency="now",
    ),
    "breathing": RedFlagRule(
        code="breathing",
        logged_text=_("You logged a cramp with difficulty breathing."),
        cramp_text=_("A cramp with difficulty breathing"),
        guidance_text=_(
            "Difficulty breathing with a cramp needs medical help right away: treat it as an "
            "emergency."
        ),
        sources=("S1",),
        urgency="emergency",
    ),
    "head_injury": RedFlagRule(
        code="head_injury",
        logged_text=_("You logged a cramp after a head or neck injury."),
        cramp_text=_("A cramp after a head or neck injury"),
        guidance_text=_(
            "Cramps that follow a head or neck injury are a reason to see a doctor right away."
        ),
        sources=("S1",),
        urgency="now",
    ),
    "toxin": RedFlagRule(
        code="toxin",
        logged_text=_("You logged a cramp after contact with lead, mercury or another toxin."),
        cramp_text=_("A cramp after contact with lead, mercury or another toxin"),
        guidance_text=_(
            "Spasms after contact with a toxin such as lead or mercury are a reason to seek "
            "medical help."
        ),
        sources=("S4",),
        urgency="now",
        clinical=("ext-nhs",),
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
