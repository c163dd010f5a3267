"""The doctor summary in the doctor's language (?lang=): the page and the PDF follow it,
with their dates and numbers; the rest of the app stays in the user's language."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from export.pdf import render_summary_pdf
from export.summary import build_summary
from insights.demo import generate_demo
from insights.management.commands.seed_demo import write_demo
from journal.sources import SOURCES
from tests.export.test_export_summary import LAST, RANGE, ninety_nights, pdf_text
from tests.export.test_summary_pdf_layout import (
    VARIANTS,
    heavy,  # noqa: F401 (a fixture)
    heavy_pdf,
    page_lines,
)
from tests.test_i18n_pages import ENGLISH, WORD

GERMAN_HEADINGS = {
    "Überblick",
    "Eingetragene Warnzeichen",
    "Gründe für einen Praxisbesuch (letzte 28 Nächte des Zeitraums)",
    "Medikamente",
    "Erkrankungen",
    "Wann und wo",
    "Mögliche Auslöser",
    "Linderung und versuchte Behandlungen",
    "Meine Fragen",
}
NAME, QUESTION = "Zoë Example", "Warum nachts?"


def german_pdf(client):
    response = client.get(
        reverse("export:summary_pdf"), {**RANGE, "lang": "de", "name": NAME, "questions": QUESTION}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def test_an_english_speaker_prints_the_pdf_in_german(alice_client, alice):
    ninety_nights(alice)
    reader, text = german_pdf(alice_client)
    for heading in GERMAN_HEADINGS - {
        "Gründe für einen Praxisbesuch (letzte 28 Nächte des Zeitraums)"
    }:
        assert heading in text, heading
    assert "Nächtliche Muskelkrämpfe: Zusammenfassung des Tagebuchs" in text
    assert f"Seite 1 von {len(reader.pages)}" in text
    # German dates and decimal commas.
    assert "Zeitraum: 1. Jan. 2026 bis 31. März 2026 (90 Nächte)" in text
    assert "62 von 90 Nächten eingetragen" in text
    assert "20 von 62 eingetragenen Nächten (2,3 pro Woche)" in text
    assert "30 (2,3-3,4 pro Woche" in text
    assert "Atorvastatin 20 mg" in text and "10. Feb. 2026" in text
    assert "(2.3 per week)" not in text
    assert "Meine Fragen" in text and f"1. {QUESTION}" in text
    assert "keine Diagnose" in text


def english_words(text, typed=()):
    """Common English words left in `text`, after what the patient typed and the
    titles of published sources (which stay as published) are taken out."""
    for title in sorted({s.title for s in SOURCES.values()}, key=len, reverse=True):
        text = text.replace(title, " ")
    for value in typed:
        text = text.replace(value, " ")
    return sorted({w for w in WORD.findall(text) if w.lower() in ENGLISH})


def test_the_german_pdf_has_no_common_english_words(alice_client, alice):
    ninety_nights(alice)
    text = german_pdf(alice_client)[1]
    typed = [NAME, QUESTION, "Atorvastatin", "Amlodipine", "Typ 2"]
    assert english_words(text, typed) == []


def test_the_english_check_finds_english():
    assert english_words("Zeitraum: 3 nights with cramps") == ["cramps", "nights", "with"]
    assert english_words(f"Quelle: {SOURCES['S4'].title} [S4]") == []


def test_the_summary_page_in_spanish_while_the_export_page_stays_english(alice_client, alice):
    ninety_nights(alice)
    response = alice_client.get(reverse("export:summary"), {**RANGE, "lang": "es"})
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    page = response.content.decode()
    assert re.search(r'<html[^>]* lang="es"', page)
    for spanish in (
        "Calambres musculares nocturnos: resumen del diario",
        "Datos principales",
        "Señales de alarma registradas",
        "Medicamentos",
        "Posibles desencadenantes",
        "del 1 ene 2026 al 31 mar 2026 (90 noches)",
        "20 de 62 noches registradas (2,3 por semana)",
    ):
        assert spanish in page, spanish
    # The PDF link keeps the language.
    assert "lang=es" in page.split('class="button primary"')[1].split(">")[0]
    # The rest of the app is still in alice's language.
    export = alice_client.get(reverse("export:index"))
    assert export["Content-Language"] == "en"
    html = export.content.decode()
    assert re.search(r'<html[^>]* lang="en"', html)
    assert "Summary for a doctor visit" in html


@pytest.mark.parametrize("view", ["export:summary", "export:summary_pdf"])
def test_an_unknown_language_is_a_clear_400_and_changes_nothing(alice_client, alice, view):
    response = alice_client.get(reverse(view), {**RANGE, "lang": "xx"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "The summary language must be one of: English (en), Deutsch (de), Español (es)." in (
        content
    )
    assert re.search(r'<html[^>]* lang="en"', content)  # said in alice's own language
    assert "django_language" not in response.cookies  # nothing remembered
    alice.profile.refresh_from_db()
    assert alice.profile.language == ""
    page = alice_client.get(reverse("export:summary"), RANGE)
    assert page.status_code == 200 and page["Content-Language"] == "en"


def test_the_export_form_offers_each_language_named_in_itself(alice_client, alice):
    page = alice_client.get(reverse("export:index")).content.decode()
    assert "Language of the doctor summary" in page
    select = page.split('name="lang"')[1].split("</select>")[0]
    options = [
        (code, " selected" in attributes, f'lang="{code}"' in attributes, name)
        for code, attributes, name in re.findall(
            r'<option value="(\w+)"([^>]*)>([^<]+)</option>', select
        )
    ]
    assert all(marked for _code, _selected, marked, _name in options)
    assert [(code, name) for code, _selected, _marked, name in options] == [
        ("en", "English"),
        ("de", "Deutsch"),
        ("es", "Español"),
    ]
    assert [code for code, selected, _marked, _name in options if selected] == ["en"]  # hers


def test_the_export_form_passes_the_chosen_language_on(alice_client, alice):
    form = {"period": "custom", "start": "2026-01-01", "end": "2026-03-31"}
    response = alice_client.get(reverse("export:index"), {**form, "lang": "de", "get": "pdf"})
    assert response["Location"] == (
        reverse("export:summary_pdf") + "?from=2026-01-01&to=2026-03-31&lang=de"
    )
    response = alice_client.get(reverse("export:index"), {**form, "lang": "es", "get": "preview"})
    assert response["Location"].endswith("&lang=es")
    # Her own language is the default: the URL does not need to say it.
    response = alice_client.get(reverse("export:index"), {**form, "lang": "en", "get": "pdf"})
    assert "lang=" not in response["Location"]
    # The CSV is a data format: no language.
    response = alice_client.get(reverse("export:index"), {**form, "lang": "de", "get": "csv"})
    assert "lang=" not in response["Location"]
    # An unknown language is a form error, not a redirect.
    response = alice_client.get(reverse("export:index"), {**form, "lang": "xx", "get": "pdf"})
    assert response.status_code == 200


def test_a_german_speaker_gets_the_summary_in_german_by_default(alice_client, alice):
    alice.profile.language = "de"
    alice.profile.save()
    page = alice_client.get(reverse("export:index")).content.decode()
    select = page.split('name="lang"')[1].split("</select>")[0]
    assert re.search(r'<option value="de"[^>]* selected[^>]*>Deutsch</option>', select)
    response = alice_client.get(reverse("export:summary"), RANGE)
    assert re.search(r'<html[^>]* lang="de"', response.content.decode())
    # And can print it for an English-speaking doctor.
    response = alice_client.get(reverse("export:summary"), {**RANGE, "lang": "en"})
    assert re.search(r'<html[^>]* lang="en"', response.content.decode())
    assert "Night-time muscle cramps: journal summary" in response.content.decode()


# --- The page limits of tests/export/test_summary_pdf_layout.py, in German (longer) ------


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_typical_90_days_fit_on_one_page_in_german(alice_client, alice, paper):
    write_demo(alice, generate_demo(90, 1, end=LAST))
    response = alice_client.get(
        reverse("export:summary_pdf"),
        {**RANGE, "paper": paper, "questions": QUESTION, "lang": "de"},
    )
    reader, pages = page_lines(response.content)
    text = " ".join(t for page in pages for _, t in page)
    assert len(reader.pages) == 1
    for heading in GERMAN_HEADINGS - {
        "Gründe für einen Praxisbesuch (letzte 28 Nächte des Zeitraums)"
    }:
        assert heading in text, heading
    assert QUESTION in text and "keine Diagnose" in text


@pytest.mark.parametrize("medicines", VARIANTS)
def test_heavy_german_summary_fits_two_pages_and_keeps_headings_with_what_follows(
    heavy,  # noqa: F811
    medicines,
):
    with translation.override("de"):
        reader, pages = page_lines(heavy_pdf(heavy, medicines))
    assert len(reader.pages) <= 2
    for number, lines in enumerate(pages, start=1):
        assert lines, f"page {number} is empty"
        assert lines[-1][1] not in GERMAN_HEADINGS, f"heading {lines[-1][1]!r} ends page {number}"
    assert any("Überblick" in line for _, line in pages[0])
    if len(pages) == 2:
        height = float(reader.pages[0].mediabox.height)
        assert pages[0][-1][0] < height / 4


def test_a_summary_built_in_english_can_be_drawn_again_in_german(alice):
    ninety_nights(alice)
    from journal.services import load_journal

    journal = load_journal(alice, date(2026, 1, 1), LAST)
    with translation.override("de"):
        summary = build_summary(journal, generated_on=date(2026, 4, 2))
        text = pdf_text(render_summary_pdf(summary))[1]
    assert "Erstellt am 2. April 2026" in text
    assert "Seite 1 von" in text
