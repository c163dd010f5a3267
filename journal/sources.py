"""The sources CrampLog cites. The app paraphrases them; it never copies them.

Tags S0-S4 are the articles in shared/seeds (see docs/sources.md); "ext" are
outside clinical references. S3 is a supplement vendor's sales page: it is
listed for completeness and never cited as evidence on its own.

Titles stay as published (English) and are never translated; in HTML they are
wrapped in ``<cite lang="en">`` (``cite_html``). A source's ``note`` is CrampLog's
own description and is translated.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Source:
    tag: str
    title: str  # as published, in English: never translated
    kind: str  # "article", "marketing" or "clinical"
    note: str = ""  # CrampLog's description after the title (translated)

    @property
    def citation(self):
        """ "Title (note) [tag]" as plain text."""
        if self.note:
            return f"{self.title} ({self.note}) [{self.tag}]"
        return f"{self.title} [{self.tag}]"

    @property
    def citation_html(self):
        """The citation with the published title marked as English: <cite lang="en">."""
        if self.note:
            return format_html(
                '<cite lang="en">{}</cite> ({}) [{}]', self.title, self.note, self.tag
            )
        return format_html('<cite lang="en">{}</cite> [{}]', self.title, self.tag)


SOURCES = {
    "S0": Source("S0", "Unveiling Effective Solutions to Alleviate Muscle Spasms", "article"),
    "S1": Source(
        "S1", "Self-care guide to muscle spasms: relief, prevention and red flags", "article"
    ),
    "S2": Source(
        "S2", "Unlock the Power of Massage: Relief for Debilitating Leg Cramps", "article"
    ),
    "S3": Source(
        "S3",
        "The Reason We Get Muscle Cramps and Spasms",
        "marketing",
        # Translators: describes a cited web page; "Redd Remedies" is a company name.
        gettext_lazy("Redd Remedies, a supplement seller"),
    ),
    "S4": Source(
        "S4", "What Causes Muscle Spasms in Legs? Top Remedies for Quick Relief", "article"
    ),
    "ext-aafp": Source(
        "ext", "Allen & Kirby, Nocturnal Leg Cramps, Am Fam Physician 2012", "clinical"
    ),
    "ext-garrison": Source(
        "ext",
        "Garrison et al., Arch Intern Med 2012",
        "clinical",
        # Translators: what a cited study looked at: medicines people had started
        # before they were first treated for cramps.
        gettext_lazy("medicines started before cramp treatment"),
    ),
    "ext-aan": Source(
        "ext", "Katzberg et al., AAN guideline on muscle cramps, Neurology 2010", "clinical"
    ),
    "ext-cochrane-mg": Source(
        "ext",
        "Garrison et al., Magnesium for skeletal muscle cramps, Cochrane Review 2020",
        "clinical",
    ),
    "ext-label": Source(
        "ext",
        "Spironolactone (Aldactone) prescribing information",
        "clinical",
        # Translators: the topic of the cited part of a medicine's prescribing
        # information (hyperkalaemia = too much potassium in the blood).
        gettext_lazy("potassium supplements and hyperkalaemia"),
    ),
    "ext-nhs": Source("ext", "NHS, Leg cramps (nhs.uk health A to Z)", "clinical"),
    "ext-delacour": Source(
        "ext",
        "Delacour et al., Nocturnal leg cramps and alcohol consumption, Ann Fam Med 2018",
        "clinical",
    ),
}


def cite(*keys):
    """ "Title [S1]; Title [S4]" for the given source keys (plain text, e.g. for the PDF)."""
    return "; ".join(SOURCES[key].citation for key in keys)


def cite_html(*keys):
    """Like ``cite`` for HTML: each published title in <cite lang="en">."""
    return format_html_join(mark_safe("; "), "{}", ((SOURCES[key].citation_html,) for key in keys))
