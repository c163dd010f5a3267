"""The doctor summary written for the clinician (#15 item 10): its sections, and what it
leaves out (factors that could not be compared, trends from a handful of cramps)."""

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from export.pdf import PDF_CHARTS, render_summary_pdf
from export.summary import (
    TREND_MIN_CRAMPS,
    TREND_MIN_WEEKS,
    build_summary,
    summary_charts,
)
from journal.guidance import PUBLISHED_ASSOCIATIONS
from journal.models import DrugClass
from journal.records import MedicationRecord
from journal.services import load_journal
from tests.export.test_export_summary import LAST, RANGE, ninety_nights, pdf_text
from tests.insights.journals import build_journal

FIRST = date(2026, 1, 1)
TODAY = date(2026, 4, 2)


@pytest.fixture
def journal_90(alice):
    ninety_nights(alice)
    return load_journal(alice, FIRST, LAST)


def medicine(name, kind, started, stopped=None, dose=""):
    return MedicationRecord(0, name, kind, dose, started, stopped)


def test_cramps_began_from_settings_is_printed_on_the_page_and_the_pdf(alice_client, alice):
    alice.profile.cramps_began = "March 2019"
    alice.profile.save()
    page = alice_client.get(reverse("export:summary"), RANGE).content.decode()
    assert "Cramps began: March 2019 (before the journal)" in page
    text = pdf_text(alice_client.get(reverse("export:summary_pdf"), RANGE).content)[1]
    assert "cramps began: March 2019 (before the journal)" in text


def test_no_cramps_began_line_when_the_field_is_empty(alice_client, alice):
    page = alice_client.get(reverse("export:summary"), RANGE).content.decode()
    assert "Cramps began" not in page
    export = alice_client.get(reverse("export:index")).content.decode()
    assert "When your cramps began (before the journal) is printed on the summary from" in export
    assert f'<a href="{reverse("account_settings")}">Settings</a>' in export


def sleep_journal(extra_free_nights=0):
    # 14 nights: 4 cramp nights (each cramp woke them), 8 cramp-free, 2 not logged.
    counts = [1, 0, 1, 0, 0, 2, 0, 0, None, 1, 0, 0, 0, None] + [0] * extra_free_nights
    journal = build_journal(FIRST, counts)
    nights = list(journal.nights)
    nights[1] = replace(nights[1], sleep_disturbance=5)  # counts: 5/10 or more
    nights[3] = replace(nights[3], sleep_disturbance=4)  # does not: below 5
    nights[8] = replace(nights[8], sleep_disturbance=9)  # not logged: not counted
    journal.nights = nights
    return journal


def test_sleep_disrupted_nights_per_week_count_wakings_and_check_ins_of_five_or_more():
    headline = build_summary(sleep_journal(), generated_on=TODAY).headline
    assert headline.sleep_disrupted_nights == 5  # 4 cramp nights + night 2
    # 12 logged nights are below the 14 a weekly rate needs: the count only.
    assert dict(headline.rows())["Sleep"].startswith("Disrupted on 5 of 12 logged nights;")
    # Two more cramp-free nights logged: 5 of 14, 5 / 14 * 7 = 2.5 per week.
    headline = build_summary(sleep_journal(extra_free_nights=2), generated_on=TODAY).headline
    sleep = dict(headline.rows())["Sleep"]
    assert sleep.startswith("Disrupted on 5 of 14 logged nights (2.5 nights per week)")


def test_every_medicine_kind_with_a_published_association_is_marked_with_its_source():
    kinds = [*DrugClass.values]
    journal = build_journal(FIRST, [0] * 7)
    journal.medications = [medicine(f"Medicine {k}", k, FIRST) for k in kinds]
    summary = build_summary(journal, generated_on=TODAY)
    marked = {m.kind for m in summary.medications if m.flagged}
    assert marked == set(PUBLISHED_ASSOCIATIONS)
    # The review's five are marked too, not only the classes the analysis compares.
    assert {
        "naproxen",
        "raloxifene",
        "teriparatide",
        "iron_sucrose",
        "conjugated_estrogens",
    } < marked
    assert {"ccb", "supplement", "other", "muscle_relaxant", "hormone"}.isdisjoint(marked)
    assert "Garrison et al., Arch Intern Med 2012" in summary.association_note
    assert "Allen & Kirby, Nocturnal Leg Cramps" in summary.association_note
    only_statin = build_summary(
        replace(journal, medications=[medicine("Atorvastatin", "statin", FIRST)]),
        generated_on=TODAY,
    )
    assert "Allen & Kirby" not in only_statin.association_note
    assert (
        build_summary(replace(journal, medications=[]), generated_on=TODAY).association_note == ""
    )


def test_treatments_tried_name_supplements_relaxants_and_quinine_with_their_dates():
    journal = build_journal(FIRST, [0] * 7)
    journal.medications = [
        medicine("Magnesium citrate", "supplement", date(2025, 6, 1), dose="300 mg"),
        medicine("Quinine sulfate", "other", date(2024, 1, 5), date(2024, 3, 1), "200 mg"),
        medicine("Baclofen", "muscle_relaxant", date(2025, 9, 9)),
        medicine("Atorvastatin", "statin", date(2025, 1, 1), dose="20 mg"),
        medicine("Ramipril", "other", date(2023, 1, 1)),
    ]
    summary = build_summary(journal, generated_on=TODAY)
    assert [t.text for t in summary.treatments] == [
        "Quinine sulfate 200 mg (5 Jan 2024 to 1 Mar 2024)",
        "Magnesium citrate 300 mg (since 1 Jun 2025)",
        "Baclofen (since 9 Sep 2025)",
    ]
    text = pdf_text(render_summary_pdf(summary))[1]
    assert (
        "Supplements and cramp medicines (from the medicine list): Quinine sulfate 200 mg" in text
    )
    assert "Ramipril" in text and "Ramipril (since" not in text  # listed as a medicine only


def nightly(weeks_nights, cramps):
    """`weeks_nights` nights, all logged; `cramps` of them (spread evenly) with one cramp."""
    counts = [0] * weeks_nights
    step = weeks_nights / cramps if cramps else 1
    for i in range(cramps):
        counts[int(i * step)] = 1
    return build_journal(FIRST, counts)


def test_trend_needs_four_weeks_and_eight_night_cramps():
    assert (TREND_MIN_WEEKS, TREND_MIN_CRAMPS) == (4, 8)
    stated = build_summary(nightly(28, 8), generated_on=TODAY).headline.trend
    assert stated.startswith(("More often lately", "Less often lately", "About the same"))
    too_short = build_summary(nightly(27, 8), generated_on=TODAY).headline.trend
    assert too_short == "Range too short to describe a trend (at least 4 weeks)."
    too_few = build_summary(nightly(28, 7), generated_on=TODAY).headline.trend
    assert too_few == "Too few night cramps to describe a trend (at least 8)."


def analysis_with_uncomparable_factors():
    def trigger(label, verdict, sentence=""):
        return SimpleNamespace(
            trigger_id=label.lower().replace(" ", "_"),
            label=label,
            verdict=verdict,
            verdict_label="Possible link: more cramps" if verdict == "possible_more" else "",
            sentence=sentence,
            is_medication=False,
        )

    return SimpleNamespace(
        status="ready",
        first=FIRST,
        last=LAST,
        range_text="1 Jan 2026 to 31 Mar 2026 (90 nights)",
        triggers=[
            trigger("Hard exercise that day", "possible_more", "6 of 10 vs 4 of 20 nights."),
            trigger("Did not stretch", "no_clear"),
            trigger("Alcohol that evening", "not_enough"),
            trigger("Long hours standing on hard floors", "not_enough"),
        ],
        medication_changes=[
            SimpleNamespace(
                name="Amlodipine",
                drug_class="other",
                kind="stop",
                on=date(2026, 3, 20),
                sentence="Too few logged nights around you stopped Amlodipine to compare.",
                verdict="not_enough",
                verdict_label="Not enough data yet",
            )
        ],
        factors_checked=2,
    )


def test_factors_that_could_not_be_compared_are_left_out_of_page_and_pdf(
    alice_client, alice, journal_90, monkeypatch
):
    from export import views

    monkeypatch.setattr(views, "run_analysis", lambda journal: analysis_with_uncomparable_factors())
    summary = build_summary(
        journal_90, analysis=analysis_with_uncomparable_factors(), generated_on=TODAY
    )
    assert summary.no_clear == ["Did not stretch"]
    assert summary.medication_changes == []
    assert not hasattr(summary, "not_enough")
    page = alice_client.get(reverse("export:summary"), RANGE).content.decode()
    text = pdf_text(alice_client.get(reverse("export:summary_pdf"), RANGE).content)[1]
    for rendered in (page, text):
        assert "Hard exercise that day" in rendered
        assert "No clear pattern: Did not stretch." in rendered
        assert "Not enough data" not in rendered
        assert "Alcohol that evening" not in rendered
        assert "Long hours standing" not in rendered
        assert "Too few logged nights around" not in rendered


def severe_nights_journal():
    """28 nights ending 31 Mar with pain 8/10 on three nights: the "severe" prompt."""
    journal = build_journal(date(2026, 3, 4), [1, 0, 0, 1, 0, 0, 1] + [0] * 21)
    journal.cramps = [replace(c, severity=8) for c in journal.cramps]
    return journal


def test_book_a_visit_prompts_are_in_the_pdf_with_their_source():
    summary = build_summary(severe_nights_journal(), generated_on=TODAY)
    assert [p.code for p in summary.visit_prompts] == ["severe"]
    text = pdf_text(render_summary_pdf(summary))[1]
    assert "Reasons to book a visit (last 28 nights of the range)" in text
    assert "You logged pain of 7/10 or more on 3 of the last 28 nights." in text
    assert "are a reason to see your doctor" in text
    assert "[S4]" in text and "[S0]" in text
    assert text.index("Red flags logged") < text.index("Reasons to book a visit")
    assert text.index("Reasons to book a visit") < text.index("Medications")


def test_weekly_trend_chart_marked_with_medicines_is_on_the_page_and_in_the_pdf(
    alice_client, alice, journal_90
):
    page = alice_client.get(reverse("export:summary"), RANGE).content.decode()
    assert "Cramps per week, with medicine periods" in page
    assert page.count('src="data:image/png;base64,') == 3  # trend, time of night, muscles
    journal = journal_90
    charts = summary_charts(journal, kinds=PDF_CHARTS)
    assert list(charts) == ["trend"] and charts["trend"].startswith(b"\x89PNG")
    summary = build_summary(journal, generated_on=TODAY)
    with_chart = pdf_text(render_summary_pdf(summary, charts=charts))[0]
    assert len(with_chart.pages[0].images) == 1
    response = alice_client.get(reverse("export:summary_pdf"), RANGE)
    assert len(pdf_text(response.content)[0].pages[0].images) == 1


@pytest.mark.parametrize("view", ["export:summary", "export:summary_pdf"])
def test_summary_sections_in_the_order_a_clinician_reads(alice_client, alice, journal_90, view):
    from journal.models import Medication

    Medication.objects.create(
        owner=alice, name="Magnesium", drug_class="supplement", started_on=date(2025, 1, 1)
    )
    alice.profile.cramps_began = "2019"
    alice.profile.save()
    response = alice_client.get(reverse(view), {**RANGE, "questions": "Why at night?"})
    text = (
        pdf_text(response.content)[1]
        if view.endswith("pdf")
        else " ".join(response.content.decode().split())
    )
    order = [
        "ramps began: 2019 (before the journal)",
        "Headline",
        "More often lately",
        "Disrupted on 20 of 62 logged nights (2.3 nights per week)",
        "Red flags logged",
        "21 Feb 2026 03:10",
        "Medications",
        "Atorvastatin 20 mg",
        "Conditions",
        "Diabetes",
        "When and where",
        "Possible triggers",
        "Relief and treatments tried",
        "Magnesium (since 1 Jan 2025)",
        "My questions",
        "Why at night?",
        "not a diagnosis",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "Not enough data" not in text
