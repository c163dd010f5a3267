"""The clinical texts read in German and Spanish, and published source titles stay English.

Expected strings are written by hand (not read from the catalogs), so a lost or
changed translation fails here. Needs the compiled catalogs (`make catalogs`).
"""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import translation

from insights.triggers import BY_ID
from journal.guidance import visit_prompts
from journal.redflags import RULES
from journal.sources import SOURCES, cite, cite_html

NIGHT = date(2026, 3, 28)


def severe_cramps():
    return [
        SimpleNamespace(
            journal_day=NIGHT - timedelta(days=days),
            is_night=True,
            woke_from_sleep=False,
            severity=8,
            relief_best=None,
            symptoms=[],
        )
        for days in (1, 3, 5)
    ]


EXPECTED = {
    "de": {
        "logged": "Sie haben einen Krampf mit Taubheitsgefühl eingetragen.",
        "guidance": (
            "Ein Krampf zusammen mit Taubheitsgefühl ist ein Grund, sofort einen Arzt oder "
            "eine Ärztin aufzusuchen."
        ),
        "urgency": "Sofort einen Arzt oder eine Ärztin aufsuchen",
        "notice_start": (
            "Sie haben einen Krampf mit Taubheitsgefühl eingetragen. Hinweis: Ein Krampf "
            "zusammen mit Taubheitsgefühl"
        ),
        "source_word": "(Quelle: ",
        "prompt_logged": (
            "Sie haben in 3 der letzten 28 Nächte Schmerzen von 7/10 oder mehr eingetragen."
        ),
        "prompt_guidance": (
            "Krämpfe, die immer wiederkommen, besonders starke, sind ein Grund, Ihren Arzt "
            "oder Ihre Ärztin aufzusuchen."
        ),
        "trigger_label": "Alkohol an diesem Abend",
        "trigger_explanation": (
            "In den Quellartikeln nicht genannt. Eine Studie mit Menschen ab 60 Jahren in "
            "hausärztlichen Praxen fand nächtliche Krämpfe häufiger bei denen, die mehr Alkohol "
            "tranken: ein Zusammenhang, kein Beweis, dass Alkohol Krämpfe verursacht."
        ),
        "note": "Redd Remedies, ein Anbieter von Nahrungsergänzungsmitteln",
    },
    "es": {
        "logged": "Registraste un calambre con entumecimiento.",
        "guidance": (
            "Un calambre acompañado de entumecimiento es un motivo para consultar a un médico "
            "de inmediato."
        ),
        "urgency": "Consulta a un médico de inmediato",
        "notice_start": (
            "Registraste un calambre con entumecimiento. Orientación: Un calambre acompañado "
            "de entumecimiento"
        ),
        "source_word": "(Fuente: ",
        "prompt_logged": ("Registraste un dolor de 7/10 o más en 3 de las últimas 28 noches."),
        "prompt_guidance": (
            "los calambres que vuelven una y otra vez, sobre todo los intensos, son un motivo "
            "para consultar a tu médico."
        ),
        "trigger_label": "Alcohol esa tarde",
        "trigger_explanation": (
            "No se menciona en los artículos de las fuentes. Un estudio con personas de 60 años "
            "o más atendidas en consultas de medicina de familia encontró calambres nocturnos "
            "más frecuentes entre quienes bebían más alcohol: una asociación, no una prueba de "
            "que el alcohol cause calambres."
        ),
        "note": "Redd Remedies, un vendedor de suplementos",
    },
}


@pytest.mark.parametrize("language", ["de", "es"])
def test_red_flag_notice_is_in_the_language(language):
    expected = EXPECTED[language]
    rule = RULES["numbness"]
    with translation.override(language):
        assert str(rule.logged) == expected["logged"]
        assert str(rule.guidance) == expected["guidance"]
        assert str(rule.urgency_label) == expected["urgency"]
        assert rule.notice.startswith(expected["notice_start"])
        assert expected["source_word"] in rule.notice
        # The published title is unchanged, and marked as English in HTML.
        assert "Self-care guide to muscle spasms: relief, prevention and red flags [S1]" in (
            rule.notice
        )
        assert (
            '<cite lang="en">Self-care guide to muscle spasms: relief, prevention and red '
            "flags</cite> [S1]" in rule.notice_html
        )


@pytest.mark.parametrize("language", ["de", "es"])
def test_visit_prompt_is_in_the_language(language):
    expected = EXPECTED[language]
    with translation.override(language):
        (prompt,) = visit_prompts(severe_cramps(), [], NIGHT)
        assert prompt.code == "severe"
        assert prompt.logged == expected["prompt_logged"]
        assert prompt.guidance == expected["prompt_guidance"]
        assert "What Causes Muscle Spasms in Legs? Top Remedies for Quick Relief [S4]" in (
            prompt.text
        )


@pytest.mark.parametrize("language", ["de", "es"])
def test_trigger_explanation_is_in_the_language(language):
    expected = EXPECTED[language]
    trigger = BY_ID["alcohol"]
    with translation.override(language):
        assert str(trigger.label) == expected["trigger_label"]
        assert str(trigger.explanation) == expected["trigger_explanation"]


@pytest.mark.parametrize("language", ["de", "es"])
def test_source_titles_stay_as_published_and_only_the_note_is_translated(language):
    with translation.override(language):
        assert SOURCES["S1"].title == (
            "Self-care guide to muscle spasms: relief, prevention and red flags"
        )
        assert cite("ext-nhs") == "NHS, Leg cramps (nhs.uk health A to Z) [ext]"
        assert cite("S3") == (
            f"The Reason We Get Muscle Cramps and Spasms ({EXPECTED[language]['note']}) [S3]"
        )
        assert cite_html("S3") == (
            '<cite lang="en">The Reason We Get Muscle Cramps and Spasms</cite> '
            f"({EXPECTED[language]['note']}) [S3]"
        )


def test_english_is_unchanged():
    with translation.override("en"):
        assert RULES["numbness"].notice == (
            "You logged a cramp with numbness. Guidance: A cramp together with numbness is a "
            "reason to see a doctor right away. (Source: Self-care guide to muscle spasms: "
            "relief, prevention and red flags [S1]; NHS, Leg cramps (nhs.uk health A to Z) [ext])"
        )
        assert cite("S3") == (
            "The Reason We Get Muscle Cramps and Spasms (Redd Remedies, a supplement seller) [S3]"
        )
