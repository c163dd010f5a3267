"""Issue #15 "Clinically careful": wording, placement and sources of medical guidance."""

from datetime import date, datetime

import pytest

from journal.models import Condition, Cramp, Medication
from journal.redflags import RULES, describe
from tests.journal.conftest import BERLIN


def test_medicines_page_marks_as_stopped_instead_of_telling_to_stop(alice, alice_client):
    Medication.objects.create(owner=alice, name="Atorvastatin", started_on=date(2026, 1, 1))
    page = alice_client.get("/journal/medications/").content.decode()
    assert "Mark as stopped" in page
    assert 'aria-label="Mark Atorvastatin as stopped today"' in page
    assert "Stop today" not in page


def test_supplement_entries_carry_the_note_stronger_with_a_potassium_sparing_diuretic(
    alice, alice_client
):
    Medication.objects.create(
        owner=alice, name="Magnesium citrate", drug_class="supplement", started_on=date(2026, 1, 1)
    )
    page = alice_client.get("/journal/medications/").content.decode()
    assert "before starting a high-dose mineral supplement, talk to your doctor" in page
    assert "This matters more for you" not in page
    Medication.objects.create(
        owner=alice,
        name="Spironolactone",
        drug_class="diuretic_k_sparing",
        started_on=date(2026, 1, 1),
    )
    page = alice_client.get("/journal/medications/").content.decode()
    assert (
        "This matters more for you: you listed a potassium-sparing diuretic (Spironolactone)"
        in page
    )


def test_stopped_diuretic_does_not_strengthen_the_note(alice, alice_client, freeze):
    freeze(2026, 3, 12, 9, 0)
    Medication.objects.create(
        owner=alice,
        name="Amiloride",
        drug_class="diuretic_k_sparing",
        started_on=date(2026, 1, 1),
        stopped_on=date(2026, 2, 1),
    )
    Medication.objects.create(
        owner=alice, name="Magnesium", drug_class="supplement", started_on=date(2026, 1, 1)
    )
    page = alice_client.get("/journal/medications/").content.decode()
    assert "talk to your doctor" in page and "This matters more for you" not in page


def test_medicines_page_shows_published_facts_with_their_source(alice, alice_client):
    Medication.objects.create(
        owner=alice, name="Salmeterol", drug_class="laba", started_on=date(2026, 1, 1)
    )
    Medication.objects.create(
        owner=alice, name="Naproxen", drug_class="naproxen", started_on=date(2026, 1, 1)
    )
    page = alice_client.get("/journal/medications/").content.decode()
    assert "Published fact, not about you: In one population study of three kinds" in page
    assert "Garrison et al., Arch Intern Med 2012" in page
    assert "A clinical review names naproxen among the medicines most strongly" in page
    assert "Allen &amp; Kirby, Nocturnal Leg Cramps, Am Fam Physician 2012" in page


def test_day_mineral_question_has_the_supplement_note_stronger_with_kidney_disease(
    alice, alice_client
):
    page = alice_client.get("/journal/day/2026-03-09/").content.decode()
    assert "before starting a high-dose mineral supplement, talk to your doctor" in page
    assert "Magnesium is unlikely to prevent ordinary night cramps in older adults." in page
    assert "probably caused by tired muscles and nerves rather than low minerals" in page
    assert "This matters more for you" not in page
    Condition.objects.create(owner=alice, kind="kidney")
    page = alice_client.get("/journal/day/2026-03-09/").content.decode()
    hint = page[page.index('id="id_mineral_food_hint"') :]
    assert "This matters more for you: you listed kidney disease." in hint[:600]


def test_relief_options_carry_their_caveats(alice, alice_client):
    cramp = Cramp.objects.create(
        owner=alice,
        started_at=datetime(2026, 3, 10, 3, 0, tzinfo=BERLIN),
        time_zone="Europe/Berlin",
        muscle="calf",
    )
    page = alice_client.get(f"/journal/{cramp.pk}/details/").content.decode()
    relief = page[page.index("<legend>Relief tried</legend>") :]
    relief = relief[: relief.index('<div class="field')]
    assert "<summary>What the evidence says about some of these</summary>" in relief
    assert "Evidence that stretching prevents night cramps is limited." in relief
    assert "talk to your doctor" in relief
    assert "Quinine is no longer recommended" in relief
    assert "Katzberg et al., AAN guideline" in relief


@pytest.mark.parametrize(
    "symptom, urgency, source",
    [
        ("claudication", "soon", "Allen & Kirby, Nocturnal Leg Cramps, Am Fam Physician 2012"),
        ("wasting", "soon", "NHS, Leg cramps"),
        ("no_ease", "soon", "What Causes Muscle Spasms in Legs?"),
        ("breathing", "emergency", "Self-care guide to muscle spasms"),
    ],
)
def test_new_symptoms_raise_cited_red_flags(alice, symptom, urgency, source):
    cramp = Cramp(
        owner=alice,
        started_at=datetime(2026, 3, 10, 3, 0, tzinfo=BERLIN),
        time_zone="Europe/Berlin",
        muscle="calf",
        symptoms=[symptom],
    )
    cramp.full_clean()
    cramp.save()
    assert cramp.red_flags == [symptom]
    (rule,) = describe(cramp.red_flags)
    assert rule.urgency == urgency and source in rule.source_text


def test_long_and_did_not_ease_give_one_notice(alice):
    cramp = Cramp(
        owner=alice,
        started_at=datetime(2026, 3, 10, 3, 0, tzinfo=BERLIN),
        time_zone="Europe/Berlin",
        muscle="calf",
        duration_seconds=900,
        symptoms=["no_ease"],
    )
    cramp.save()
    assert cramp.red_flags == ["long"]


def test_red_flag_rules_cite_clinical_references_where_they_agree():
    # The summary prints rule.source_text: the article and, where it gives the same
    # advice, a clinical reference (docs/sources.md lists which supports which).
    assert "NHS, Leg cramps" in RULES["long"].source_text
    assert "[S4]" in RULES["long"].source_text
    assert "NHS, Leg cramps" in RULES["numbness"].source_text
    assert "NHS, Leg cramps" in RULES["toxin"].source_text
    assert "Allen & Kirby" in RULES["claudication"].source_text
    # Nothing in Katzberg (a treatment review) gives red-flag advice: never cited for one.
    assert not any("Katzberg" in rule.source_text for rule in RULES.values())


def test_doctor_summary_red_flags_carry_the_clinical_reference(alice):
    from export.summary import build_summary
    from journal.services import load_journal

    Cramp.objects.create(
        owner=alice,
        started_at=datetime(2026, 3, 10, 3, 0, tzinfo=BERLIN),
        time_zone="Europe/Berlin",
        muscle="calf",
        duration_seconds=900,
    )
    journal = load_journal(alice, date(2026, 3, 1), date(2026, 3, 28))
    (flag,) = build_summary(journal, generated_on=date(2026, 3, 29)).red_flags
    assert "What Causes Muscle Spasms in Legs?" in flag.source
    assert "NHS, Leg cramps (nhs.uk health A to Z) [ext]" in flag.source


@pytest.mark.parametrize(
    "kind, label",
    [("spinal_stenosis", "Lumbar spinal stenosis"), ("pinched_nerve", "Trapped or pinched nerve")],
)
def test_new_conditions_can_be_listed(alice, alice_client, kind, label):
    response = alice_client.post("/journal/conditions/new/", {"kind": kind})
    assert response.status_code == 302
    assert Condition.objects.get(owner=alice).kind == kind
    assert label in alice_client.get("/journal/conditions/").content.decode()


def test_backup_schema_lists_every_code_the_models_accept():
    import json
    from pathlib import Path

    from journal.models import ConditionKind, DrugClass, Symptom

    schema = json.loads(
        (Path(__file__).resolve().parents[2] / "docs" / "backup.schema.json").read_text()
    )
    enums = []

    def walk(node):
        if isinstance(node, dict):
            if "enum" in node:
                enums.append(set(node["enum"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    for choices in (Symptom, DrugClass, ConditionKind):
        assert set(choices.values) in enums, choices.__name__
