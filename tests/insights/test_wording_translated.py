"""The insights sentences in German and Spanish: whole sentences, plural forms, decimal commas.

The expected strings are written out by hand (not read from the catalogs), so
a wrong or missing translation, a sentence glued from fragments, or a number
in the English style shows up here. The JSON keeps its keys and codes in
every language.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from insights.analysis import analyse
from insights.demo import generate_demo
from insights.management.commands.seed_demo import write_demo
from insights.stats import NightGroup
from insights.wording import (
    MEDICINE_CAVEAT,
    NOT_ENOUGH,
    POSSIBLE_MORE,
    frequency_sentence,
    trigger_sentence,
    verdict_label,
)
from tests.insights import simulation


@pytest.fixture(autouse=True)
def _language_restored():
    """A request as a German user leaves German active in this thread: put it back."""
    language = translation.get_language()
    yield
    translation.activate(language)


HARD_EXERCISE = {
    # The trigger phrases belong to the trigger catalog; here they stand in as given.
    "de": ("Nächte nach Tagen mit hartem Training", "Nächte nach anderen Tagen"),
    "es": ("noches después de días de ejercicio intenso", "noches después de otros días"),
}


def trigger(language, is_medication=False):
    exposed, unexposed = HARD_EXERCISE[language]
    return SimpleNamespace(
        exposed_phrase=exposed, unexposed_phrase=unexposed, is_medication=is_medication
    )


POSSIBLE_LINK = {
    "de": (
        "Für Nächte nach Tagen mit hartem Training wurden mehr Krämpfe eingetragen "
        "(30 Krämpfe in 15 Nächten gegenüber 10 in 45 Nächten), unter Berücksichtigung "
        "der anderen Faktoren und der Veränderung Ihrer Krämpfe im Lauf der Zeit. "
        "Das ist ein Muster in Ihrem eigenen Tagebuch, kein Beweis für eine Ursache."
    ),
    "es": (
        "Se registraron más calambres en noches después de días de ejercicio intenso "
        "(30 calambres en 15 noches frente a 10 en 45 noches), teniendo en cuenta los "
        "demás factores y cómo cambiaron tus calambres con el tiempo. "
        "Es un patrón en tu propio diario, no una prueba de la causa."
    ),
}
MEDICINE = {
    "de": (
        "Setzen Sie ein verordnetes Medikament deshalb nicht ab und ändern Sie es nicht; "
        "besprechen Sie es mit Ihrem Arzt oder Ihrer Ärztin."
    ),
    "es": "No dejes ni cambies un medicamento recetado por esto; háblalo con tu médico.",
}


@pytest.mark.parametrize("language", ["de", "es"])
def test_a_possible_link_reads_as_one_sentence(language):
    with translation.override(language):
        exposed, unexposed = NightGroup(nights=15, cramps=30), NightGroup(nights=45, cramps=10)
        sentence = trigger_sentence(trigger(language), POSSIBLE_MORE, exposed, unexposed)
        assert sentence == POSSIBLE_LINK[language]
        assert (
            verdict_label(POSSIBLE_MORE)
            == {
                "de": "Möglicher Zusammenhang: mehr Krämpfe",
                "es": "Posible relación: más calambres",
            }[language]
        )
        on_medicine = trigger_sentence(
            trigger(language, is_medication=True), POSSIBLE_MORE, exposed, unexposed
        )
        assert on_medicine == f"{POSSIBLE_LINK[language]} {MEDICINE[language]}"
        assert str(MEDICINE_CAVEAT) == MEDICINE[language]


NOT_ENOUGH_LABELS = {
    "de": {
        1: "Noch nicht genug Daten (1 weitere Nacht nötig)",
        5: "Noch nicht genug Daten (5 weitere Nächte nötig)",
    },
    "es": {
        1: "Todavía no hay suficientes datos (falta 1 noche más)",
        5: "Todavía no hay suficientes datos (faltan 5 noches más)",
    },
}
NOT_ENOUGH_SENTENCES = {
    "de": {
        1: (
            "Noch zu wenige eingetragene Nächte für einen Vergleich (Nächte nach Tagen mit "
            "hartem Training: 1; Nächte nach anderen Tagen: 12; Krämpfe in diesen Nächten: 1). "
            "Etwa 1 weitere eingetragene Nacht ist nötig."
        ),
        5: (
            "Noch zu wenige eingetragene Nächte für einen Vergleich (Nächte nach Tagen mit "
            "hartem Training: 1; Nächte nach anderen Tagen: 12; Krämpfe in diesen Nächten: 1). "
            "Etwa 5 weitere eingetragene Nächte sind nötig."
        ),
    },
    "es": {
        1: (
            "Todavía hay muy pocas noches registradas para comparar (noches después de días "
            "de ejercicio intenso: 1; noches después de otros días: 12; calambres en esas "
            "noches: 1). Falta aproximadamente 1 noche registrada más."
        ),
        5: (
            "Todavía hay muy pocas noches registradas para comparar (noches después de días "
            "de ejercicio intenso: 1; noches después de otros días: 12; calambres en esas "
            "noches: 1). Faltan aproximadamente 5 noches registradas más."
        ),
    },
}


@pytest.mark.parametrize("language", ["de", "es"])
@pytest.mark.parametrize("needed", [1, 5])
def test_not_enough_data_yet_counts_in_the_right_plural_form(language, needed):
    with translation.override(language):
        assert verdict_label(NOT_ENOUGH, needed) == NOT_ENOUGH_LABELS[language][needed]
        exposed, unexposed = NightGroup(nights=1, cramps=1), NightGroup(nights=12, cramps=0)
        sentence = trigger_sentence(trigger(language), NOT_ENOUGH, exposed, unexposed, needed)
        assert sentence == NOT_ENOUGH_SENTENCES[language][needed]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            "Zwischen 5,9 und 6,5 nächtlichen Krämpfen pro Woche: 6,5, gerechnet nur mit den "
            "112 Nächten, die Sie eingetragen haben, 5,9, wenn jede nicht eingetragene Nacht "
            "krampffrei war (112 von 123 Nächten eingetragen, 91 %).",
        ),
        (
            "es",
            "Entre 5,9 y 6,5 calambres nocturnos por semana: 6,5 contando solo las 112 noches "
            "que registraste, 5,9 si cada noche sin registrar fue una noche sin calambres "
            "(112 de 123 noches registradas, 91 %).",
        ),
    ],
)
def test_rates_per_week_have_a_decimal_comma(language, expected):
    d = SimpleNamespace(
        logged_nights=112, total_nights=123, night_cramps=104, per_week=6.5, per_week_lower=5.9
    )
    with translation.override(language):
        assert frequency_sentence(d) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1.54 (95% interval 0.93 to 2.54)"),
        ("de", "1,54 (95-%-Intervall 0,93 bis 2,54)"),
        ("es", "1,54 (intervalo del 95 % de 0,93 a 2,54)"),
    ],
)
def test_a_rate_ratio_follows_the_language(language, expected):
    with translation.override(language):
        html = render_to_string(
            "insights/_insights_ratio.html", {"ratio": 1.5432, "low": 0.931, "high": 2.539}
        )
    assert html.strip() == expected


CODES = ("trigger_id", "verdict", "method", "lag", "sources", "is_medication")
CHANGE_CODES = ("medication_id", "name", "drug_class", "kind", "on", "verdict", "method")


def test_the_json_keeps_its_keys_and_codes_in_german(alice, client):
    write_demo(alice, generate_demo(180, 7, end=date(2026, 6, 30)))
    client.force_login(alice)
    english = client.get(reverse("insights:triggers_json")).json()
    alice.profile.language = "de"
    alice.profile.save()
    response = client.get(reverse("insights:triggers_json"))
    assert response["Content-Language"] == "de"
    german = response.json()

    assert german.keys() == english.keys()
    for key in ("version", "status", "method", "completeness", "factors_checked", "descriptives"):
        assert german[key] == english[key], key
    assert german["based_on"]["first"] == english["based_on"]["first"]
    assert german["based_on"]["text"] != english["based_on"]["text"]
    for de_row, en_row in zip(german["triggers"], english["triggers"], strict=True):
        assert de_row.keys() == en_row.keys()
        assert {k: de_row[k] for k in CODES} == {k: en_row[k] for k in CODES}
    for de_row, en_row in zip(
        german["medication_changes"], english["medication_changes"], strict=True
    ):
        assert {k: de_row[k] for k in CHANGE_CODES} == {k: en_row[k] for k in CHANGE_CODES}
    hard = next(t for t in german["triggers"] if t["trigger_id"] == "hard_exercise")
    assert hard["verdict"] == "possible_more"
    assert hard["verdict_label"] == "Möglicher Zusammenhang: mehr Krämpfe"
    assert hard["sentence"].startswith("Für ")
    assert "Das ist ein Muster in Ihrem eigenen Tagebuch" in hard["sentence"]
    assert {t["verdict"] for t in german["triggers"]} <= {
        "possible_more", "possible_fewer", "no_clear", "cannot_separate", "not_enough",
        "not_recorded",
    }  # fmt: skip
    assert {m["kind"] for m in german["medication_changes"]} <= {"start", "stop", "dose change"}


WITHHELD = {
    "de": (
        "Eine langsame Veränderung über die Monate (ein allmählicher Wandel oder die "
        "Jahreszeiten) passt ebenso gut zu Ihren Nächten wie eine Änderung an diesem Tag, "
        "daher gibt es keine Einschätzung.",
        "weniger Krämpfe danach gelten daher nicht als Zeichen der Änderung.",
    ),
    "es": (
        "Un cambio lento a lo largo de los meses (una tendencia o las estaciones) encaja "
        "con tus noches tan bien como un cambio en esa fecha, así que no recibe ningún "
        "veredicto.",
        "así que tener menos calambres después no se toma como señal del cambio.",
    ),
}


@pytest.mark.parametrize("language", ["de", "es"])
def test_why_a_medicine_change_gets_no_verdict_is_said_in_the_language(language):
    # Simulated seasons with a no-effect statin (tests/insights/test_analysis.py).
    trend, spell = WITHHELD[language]
    with translation.override(language):
        (bend,) = analyse(simulation.drifting(2, 365, season=True).journal).medication_changes
        (after_spell,) = analyse(
            simulation.drifting(4, 365, season=True).journal
        ).medication_changes
    assert bend.withheld_because == "trend" and trend in bend.sentence
    assert after_spell.withheld_because == "bad_spell" and spell in after_spell.sentence
    assert bend.sentence.endswith(MEDICINE[language])
