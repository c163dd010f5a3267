"""The sources CrampLog cites. The app paraphrases them; it never copies them.

Tags S0-S4 are the articles in shared/seeds (see docs/sources.md); "ext" are
outside clinical references. S3 is a supplement vendor's sales page: it is
listed for completeness and never cited as evidence on its own.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    tag: str
    title: str
    kind: str  # "article", "marketing" or "clinical"

    @property
    def citation(self):
        return f"{self.title} [{self.tag}]"


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
        "The Reason We Get Muscle Cramps and Spasms (Redd Remedies, a supplement seller)",
        "marketing",
    ),
    "S4": Source(
        "S4", "What Causes Muscle Spasms in Legs? Top Remedies for Quick Relief", "article"
    ),
    "ext-aafp": Source(
        "ext", "Allen & Kirby, Nocturnal Leg Cramps, Am Fam Physician 2012", "clinical"
    ),
    "ext-garrison": Source(
        "ext",
        "Garrison et al., Arch Intern Med 2012 (medicines started before cramp treatment)",
        "clinical",
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
        "Spironolactone (Aldactone) prescribing information: potassium supplements and hyperkalaemia",
        "clinical",
    ),
    "ext-nhs": Source("ext", "NHS, Leg cramps (nhs.uk health A to Z)", "clinical"),
    "ext-delacour": Source(
        "ext",
        "Delacour et al., Nocturnal leg cramps and alcohol consumption, Ann Fam Med 2018",
        "clinical",
    ),
}


def cite(*keys):
    """ "Title [S1]; Title [S4]" for the given source keys."""
    return "; ".join(SOURCES[key].citation for key in keys)
