"""The doctor PDF on paper (#15 item 12): one page for a typical 90 days, at most two for
a heavy journal, no heading left alone at the foot of a page, no half-empty first page."""

import io
from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from pypdf import PdfReader

from export.pdf import PDF_CHARTS, render_summary_pdf
from export.summary import build_summary, summary_charts
from insights.demo import generate_demo
from insights.management.commands.seed_demo import write_demo
from journal.records import MedicationRecord

FIRST, LAST = date(2026, 1, 1), date(2026, 3, 31)
RANGE = {"from": FIRST.isoformat(), "to": LAST.isoformat()}
TODAY = date(2026, 4, 2)
FOOTER_TOP = 30  # points from the foot of the page: the page number and range line
HEADINGS = {
    "Headline",
    "Red flags logged",
    "Reasons to book a visit (last 28 nights of the range)",
    "Medications",
    "Conditions",
    "When and where",
    "Possible triggers",
    "Relief and treatments tried",
    "My questions",
}


def page_lines(content):
    """(reader, pages): each page's text lines above the footer, top to bottom, as (y, text)."""
    reader = PdfReader(io.BytesIO(content))
    pages = []
    for page in reader.pages:
        rows = {}

        def visit(text, cm, tm, font, size, rows=rows):
            if text.strip():
                y = round(cm[5] + tm[5])
                rows.setdefault(y, []).append((cm[4] + tm[4], text.strip()))

        page.extract_text(visitor_text=visit)
        lines = [
            (y, " ".join(text for _, text in sorted(parts)))
            for y, parts in sorted(rows.items(), reverse=True)
        ]
        pages.append([line for line in lines if line[0] > FOOTER_TOP])
    return reader, pages


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_typical_90_days_fit_on_one_page(alice_client, alice, paper):
    write_demo(alice, generate_demo(90, 1, end=LAST))
    response = alice_client.get(
        reverse("export:summary_pdf"), {**RANGE, "paper": paper, "questions": "Why at night?"}
    )
    reader, pages = page_lines(response.content)
    text = " ".join(t for page in pages for _, t in page)
    assert len(reader.pages) == 1
    # The whole summary is on that page, the questions and the closing note included.
    for heading in HEADINGS - {"Reasons to book a visit (last 28 nights of the range)"}:
        assert heading in text, heading
    assert "Why at night?" in text and "not a diagnosis" in text


QUESTION = "Is this cramp pattern something to look into further, and what should I watch?"


def heavy_journal():
    """The demo's 90 nights with many red flags and a long medicine list."""
    journal = generate_demo(90, 1, end=LAST).to_journal()
    symptoms = ["weakness", "numbness", "swelling", "red_warm", "fever", "claudication"]
    cramps = list(journal.cramps)
    for index, symptom in enumerate(symptoms):
        cramp = cramps[index * 10]
        cramps[index * 10] = replace(cramp, symptoms=(symptom,), red_flags=(symptom,))
    journal.cramps = cramps
    kinds = [
        "statin",
        "diuretic_thiazide",
        "diuretic_loop",
        "naproxen",
        "raloxifene",
        "ccb",
        "supplement",
        "other",
        "other",
        "hormone",
    ] * 2
    journal.medications = [
        *journal.medications,
        *(
            MedicationRecord(
                10 + i,
                f"Medicine number {i} with a long brand name",
                kind,
                "10 mg twice daily",
                FIRST + timedelta(days=7 * i),
                None if i % 2 else FIRST + timedelta(days=7 * i + 30),
            )
            for i, kind in enumerate(kinds)
        ),
    ]
    return journal


def heavy_analysis():
    def trigger(label):
        return SimpleNamespace(
            label=label,
            verdict="possible_more",
            verdict_label="Possible link: more cramps",
            sentence=f"More cramps were logged on nights with {label.lower()} "
            "(30 of 40 vs 20 of 50 nights). This is a pattern in your own journal, "
            "not proof of cause.",
            is_medication=False,
        )

    labels = ["Hard exercise that day", "Low fluids", "Heat", "Long sitting", "Stress"]
    return SimpleNamespace(
        status="ready",
        range_text="1 Jan 2026 to 31 Mar 2026 (90 nights)",
        triggers=[trigger(label) for label in labels],
        medication_changes=[],
        factors_checked=12,
    )


@pytest.fixture(scope="module")
def heavy():
    journal = heavy_journal()
    return journal, summary_charts(journal, kinds=PDF_CHARTS)


def heavy_pdf(heavy, medicines, questions=6, conditions=5):
    """The heavy summary with the demo's medicines and `medicines` more."""
    journal, charts = heavy
    demo_medicines = 3
    journal = replace(journal, medications=journal.medications[: demo_medicines + medicines])
    summary = build_summary(
        journal,
        analysis=heavy_analysis(),
        conditions=[
            SimpleNamespace(
                kind=kind, started_on=date(2015, 1, 1), ended_on=None, notes="Since years"
            )
            for kind in ["diabetes", "kidney", "vascular", "neuropathy", "spinal_stenosis"][
                :conditions
            ]
        ],
        generated_on=TODAY,
        patient_name="A. Patient",
        questions="\n".join([QUESTION] * questions),
        cramps_began="March 2019",
    )
    return render_summary_pdf(summary, charts=charts)


# Medicines added one by one move every later section down the page, so in some of
# these summaries a heading falls right at the page break.
VARIANTS = range(0, 12)


@pytest.mark.parametrize("medicines", VARIANTS)
def test_heavy_summary_keeps_every_heading_with_what_follows(heavy, medicines):
    reader, pages = page_lines(heavy_pdf(heavy, medicines))
    assert len(reader.pages) <= 2
    for number, lines in enumerate(pages, start=1):
        assert lines, f"page {number} is empty"
        assert lines[-1][1] not in HEADINGS, f"heading {lines[-1][1]!r} ends page {number}"
    if len(pages) == 2:
        # The first page is full: its last line is in the bottom quarter of the page.
        height = float(reader.pages[0].mediabox.height)
        assert pages[0][-1][0] < height / 4


def test_the_heavy_summaries_do_break_pages_next_to_headings(heavy):
    """The variants above test something: they break pages, and in some a heading that
    would have ended page 1 was moved to the top of page 2 with its first block."""
    breaks = []
    for medicines in VARIANTS:
        reader, pages = page_lines(heavy_pdf(heavy, medicines))
        if len(pages) == 2:
            breaks.append(pages[1][0][1])
    assert len(breaks) == len(VARIANTS)
    assert len({line for line in breaks if line in HEADINGS}) >= 2
