"""Recognising a medicine's kind from the name someone types.

One job: a table of common generic and brand names for each kind the app
analyses or cites (statins; thiazide, loop and potassium-sparing diuretics;
long-acting beta-agonists, combination inhalers included; the medicines a
clinical review names as strongly associated with leg cramps), and
``recognise(name)`` that looks a typed name up in it. Case, spacing, doses and
forms ("Atorvastatin 20 mg", "Symbicort 160/4.5 Turbuhaler") are ignored.

The table says what a medicine is, never what to do about it: the user can
always choose another kind, and nothing here advises changing a medicine.
"""

import re

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from journal.models import DrugClass

# When a name matches several kinds (a combination product), the kind with the
# larger published association wins (Garrison 2012: LABA > potassium-sparing >
# thiazide > statin), then the review's five, then the rest.
PRIORITY = (
    DrugClass.LABA,
    DrugClass.DIURETIC_K_SPARING,
    DrugClass.DIURETIC_THIAZIDE,
    DrugClass.DIURETIC_LOOP,
    DrugClass.STATIN,
    DrugClass.IRON_SUCROSE,
    DrugClass.CONJUGATED_ESTROGENS,
    DrugClass.RALOXIFENE,
    DrugClass.NAPROXEN,
    DrugClass.TERIPARATIDE,
    DrugClass.CCB,
    DrugClass.MUSCLE_RELAXANT,
    DrugClass.SUPPLEMENT,
)

_NAMES = {
    DrugClass.STATIN: """
        atorvastatin lipitor simvastatin zocor rosuvastatin crestor pravastatin
        pravachol lovastatin mevacor altoprev fluvastatin lescol pitavastatin livalo
        zypitamag ezallor flolipid vytorin inegy caduet atozet roszet
    """,
    DrugClass.DIURETIC_THIAZIDE: """
        hydrochlorothiazide hctz hct chlorthalidone chlortalidone indapamide metolazone
        chlorothiazide bendroflumethiazide bendrofluazide microzide hygroton thalitone
        lozol natrilix zaroxolyn diuril aprinox hyzaar zestoretic prinzide tenoretic
    """,
    DrugClass.DIURETIC_LOOP: """
        furosemide frusemide lasix bumetanide bumex burinex torsemide torasemide
        demadex soaanz edecrin
    """,
    DrugClass.DIURETIC_K_SPARING: """
        spironolactone aldactone carospir eplerenone inspra amiloride midamor
        triamterene dyrenium dyazide maxzide aldactazide moduretic co-amilozide
        co-triamterzide co-amilofruse
    """,
    DrugClass.LABA: """
        salmeterol serevent formoterol foradil perforomist oxis arformoterol brovana
        vilanterol indacaterol arcapta onbrez olodaterol striverdi symbicort advair
        seretide wixela airduo breo relvar dulera zenhale trelegy trimbow breztri
        trixeo fostair flutiform duaklir bevespi anoro stiolto spiolto ultibro
        utibron duoresp bufomix sirdupla aloflute
    """,
    DrugClass.IRON_SUCROSE: "venofer",
    DrugClass.CONJUGATED_ESTROGENS: "premarin prempro premphase duavee",
    DrugClass.RALOXIFENE: "raloxifene evista",
    DrugClass.NAPROXEN: "naproxen naprosyn aleve anaprox naprelan vimovo treximet",
    DrugClass.TERIPARATIDE: "teriparatide forteo forsteo bonsity terrosa movymia",
    DrugClass.CCB: """
        nifedipine amlodipine felodipine diltiazem verapamil norvasc adalat procardia
        cardizem
    """,
    DrugClass.MUSCLE_RELAXANT: """
        cyclobenzaprine flexeril baclofen lioresal tizanidine zanaflex carisoprodol soma
    """,
}
# Several words, matched as a phrase.
_PHRASES = {
    ("iron", "sucrose"): DrugClass.IRON_SUCROSE,
    ("conjugated", "estrogens"): DrugClass.CONJUGATED_ESTROGENS,
    ("conjugated", "oestrogens"): DrugClass.CONJUGATED_ESTROGENS,
    ("conjugated", "estrogen"): DrugClass.CONJUGATED_ESTROGENS,
    ("ethacrynic", "acid"): DrugClass.DIURETIC_LOOP,
    ("etacrynic", "acid"): DrugClass.DIURETIC_LOOP,
    ("vitamin", "d"): DrugClass.SUPPLEMENT,
    ("vitamin", "d3"): DrugClass.SUPPLEMENT,
    ("vitamin", "b12"): DrugClass.SUPPLEMENT,
}
# Minerals count only as the first word: "magnesium citrate" is a supplement,
# but "losartan potassium" or "atorvastatin calcium" name a salt of a medicine.
_SUPPLEMENT_FIRST_WORDS = frozenset(
    [
        "magnesium",
        "potassium",
        "calcium",
        "zinc",
        "multivitamin",
        "cholecalciferol",
        "ergocalciferol",
        "slow-mag",
        "mag-tab",
        "klor-con",
        "k-dur",
        "slow-k",
        "sando-k",
        "electrolyte",
    ]
)

NAMES = {word: kind for kind, words in _NAMES.items() for word in words.split()}

# Words that say how much or in what form, not what: dropped before matching.
_FORM_WORDS = frozenset(
    [
        "mg",
        "mcg",
        "µg",
        "ug",
        "g",
        "ml",
        "iu",
        "units",
        "unit",
        "tablet",
        "tablets",
        "tab",
        "tabs",
        "capsule",
        "capsules",
        "cap",
        "caps",
        "oral",
        "inhaler",
        "inhalation",
        "puff",
        "puffs",
        "spray",
        "er",
        "xr",
        "xl",
        "sr",
        "cr",
        "la",
        "mr",
        "hfa",
        "ellipta",
        "diskus",
        "accuhaler",
        "evohaler",
        "turbuhaler",
        "easyhaler",
        "nexthaler",
        "respimat",
        "genuair",
        "pressair",
        "aerosphere",
        "breezhaler",
        "injection",
        "infusion",
        "iv",
        "pen",
        "daily",
        "once",
        "twice",
        "film-coated",
        "sodium",
    ]
)
_SEPARATORS = re.compile(r"[^\w\-]+")


def words_of(name):
    """Lower-case words of a typed name without doses and forms."""
    words = []
    for raw in _SEPARATORS.split(name.lower().replace("®", " ").replace("™", " ")):
        word = raw.strip("-")
        if not word or word[0].isdigit() or word in _FORM_WORDS:
            continue
        words.append(word)
    return words


def recognise(name):
    """The DrugClass a typed medicine name belongs to, or None if not in the table."""
    words = words_of(name or "")
    found = set()
    for index, word in enumerate(words):
        if word in NAMES:
            found.add(NAMES[word])
        elif index == 0 and word in _SUPPLEMENT_FIRST_WORDS:
            found.add(DrugClass.SUPPLEMENT)
        pair = tuple(words[index : index + 2])
        if pair in _PHRASES:
            found.add(_PHRASES[pair])
    for kind in PRIORITY:
        if kind in found:
            return kind
    return None


# "Recognised as a statin", "... as a long-acting beta-agonist inhaler".
# Translators: each completes "Recognised as …" (a medicine kind, lower case in English).
_PHRASE_FOR_KIND = {
    DrugClass.STATIN: _("a statin"),
    DrugClass.DIURETIC_THIAZIDE: _("a thiazide diuretic"),
    DrugClass.DIURETIC_LOOP: _("a loop diuretic"),
    DrugClass.DIURETIC_K_SPARING: _("a potassium-sparing diuretic"),
    DrugClass.LABA: _("a long-acting beta-agonist inhaler"),
    DrugClass.IRON_SUCROSE: _("intravenous iron sucrose"),
    DrugClass.CONJUGATED_ESTROGENS: _("conjugated estrogens"),
    DrugClass.RALOXIFENE: _("raloxifene"),
    DrugClass.NAPROXEN: _("naproxen"),
    DrugClass.TERIPARATIDE: _("teriparatide"),
    DrugClass.CCB: _("a calcium-channel blocker"),
    DrugClass.MUSCLE_RELAXANT: _("a muscle relaxant"),
    DrugClass.SUPPLEMENT: _("a supplement"),
    DrugClass.HORMONE: _("hormone therapy"),
    DrugClass.OTHER: pgettext_lazy("kind of medicine", "other"),
}


def kind_phrase(kind):
    """The kind as a phrase in the active language (lower case in English)."""
    phrase = _PHRASE_FOR_KIND.get(kind)
    return str(phrase) if phrase is not None else str(DrugClass(kind).label).lower()
