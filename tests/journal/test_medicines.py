"""journal/medicines.py: common names recognised as their kind; the form uses it."""

from datetime import date

import pytest

from journal.forms import MedicationForm
from journal.medicines import recognise
from journal.models import Medication

NAMES = [
    # statins
    ("Atorvastatin", "statin"),
    ("Atorvastatin 20 mg", "statin"),
    ("  ATORVASTATIN   calcium 40mg tablets ", "statin"),
    ("Lipitor", "statin"),
    ("simvastatin", "statin"),
    ("Zocor 20", "statin"),
    ("Rosuvastatin 10 mg", "statin"),
    ("Crestor", "statin"),
    ("Pravastatin", "statin"),
    ("lovastatin ER", "statin"),
    ("Pitavastatin (Livalo)", "statin"),
    ("Vytorin 10/40", "statin"),
    # thiazide diuretics
    ("Hydrochlorothiazide 12.5 mg", "diuretic_thiazide"),
    ("HCTZ", "diuretic_thiazide"),
    ("Chlorthalidone", "diuretic_thiazide"),
    ("Indapamide SR 1.5mg", "diuretic_thiazide"),
    ("Bendroflumethiazide 2.5 mg", "diuretic_thiazide"),
    ("Metolazone", "diuretic_thiazide"),
    ("Losartan/HCTZ 50-12.5", "diuretic_thiazide"),
    ("Diovan HCT", "diuretic_thiazide"),
    # loop diuretics
    ("Furosemide 40 mg", "diuretic_loop"),
    ("Lasix", "diuretic_loop"),
    ("frusemide", "diuretic_loop"),
    ("Bumetanide", "diuretic_loop"),
    ("Torsemide", "diuretic_loop"),
    ("Ethacrynic acid", "diuretic_loop"),
    # potassium-sparing diuretics
    ("Spironolactone 25 mg", "diuretic_k_sparing"),
    ("Aldactone", "diuretic_k_sparing"),
    ("Eplerenone", "diuretic_k_sparing"),
    ("Amiloride", "diuretic_k_sparing"),
    ("Triamterene", "diuretic_k_sparing"),
    ("Dyazide", "diuretic_k_sparing"),  # triamterene + thiazide: the larger association
    ("Maxzide 37.5/25", "diuretic_k_sparing"),
    ("Co-amilozide", "diuretic_k_sparing"),
    # long-acting beta-agonists, combination inhalers included
    ("Salmeterol", "laba"),
    ("Serevent Diskus", "laba"),
    ("Formoterol", "laba"),
    ("Symbicort 160/4.5", "laba"),
    ("Symbicort Turbuhaler", "laba"),
    ("Advair 250/50", "laba"),
    ("Seretide Evohaler", "laba"),
    ("Breo Ellipta", "laba"),
    ("Relvar", "laba"),
    ("Dulera", "laba"),
    ("Trelegy Ellipta", "laba"),
    ("Fostair", "laba"),
    ("Anoro", "laba"),
    ("Stiolto Respimat", "laba"),
    ("Indacaterol", "laba"),
    ("Wixela Inhub", "laba"),
    # named by a clinical review (Allen & Kirby 2012)
    ("IV iron sucrose", "iron_sucrose"),
    ("Venofer", "iron_sucrose"),
    ("Premarin 0.625 mg", "conjugated_estrogens"),
    ("Conjugated estrogens", "conjugated_estrogens"),
    ("Raloxifene", "raloxifene"),
    ("Evista 60mg", "raloxifene"),
    ("Naproxen 500 mg", "naproxen"),
    ("Naproxen sodium", "naproxen"),
    ("Aleve", "naproxen"),
    ("Teriparatide", "teriparatide"),
    ("Forteo pen", "teriparatide"),
    # supplements: a mineral named first
    ("Magnesium citrate 400 mg", "supplement"),
    ("Potassium chloride", "supplement"),
    ("Vitamin D 1000 IU", "supplement"),
    ("Vitamin D3 25 mcg", "supplement"),
]


@pytest.mark.parametrize("name, kind", NAMES)
def test_common_names_are_recognised(name, kind):
    assert recognise(name) == kind


def test_at_least_forty_names_are_covered():
    assert len(NAMES) >= 40


@pytest.mark.parametrize(
    "name",
    ["Paracetamol", "Losartan potassium", "Metformin 500 mg", "", "   ", "20 mg", "Vitamin"],
)
def test_other_names_are_not_recognised(name):
    assert recognise(name) is None


def medicine_form(data, instance=None):
    return MedicationForm({"started_on": "2026-02-01", **data}, instance=instance)


def test_kind_left_not_sure_or_other_is_recognised_on_save(alice):
    for kind in ("", "other"):
        form = medicine_form({"name": "Atorvastatin 20 mg", "drug_class": kind})
        form.instance.owner = alice
        assert form.is_valid(), form.errors
        saved = form.save()
        saved.refresh_from_db()
        assert saved.drug_class == "statin"
        assert form.recognised == "statin"


def test_a_chosen_kind_is_kept(alice):
    form = medicine_form({"name": "Atorvastatin", "drug_class": "hormone"})
    form.instance.owner = alice
    assert form.is_valid() and form.save().drug_class == "hormone"
    assert form.recognised is None


def test_unknown_name_left_not_sure_is_saved_as_other(alice):
    form = medicine_form({"name": "Paracetamol", "drug_class": ""})
    form.instance.owner = alice
    assert form.is_valid() and form.save().drug_class == "other"


def test_edit_keeps_other_when_the_name_is_unchanged(alice):
    medicine = Medication.objects.create(
        owner=alice, name="Magnesium", drug_class="supplement", started_on=date(2026, 2, 1)
    )
    # The user corrects the recognised kind back to "Other": not overruled.
    form = medicine_form({"name": "Magnesium", "drug_class": "other"}, instance=medicine)
    assert form.is_valid() and form.save().drug_class == "other"
    # A new name left as "Other" is recognised again.
    form = medicine_form({"name": "Spironolactone", "drug_class": "other"}, instance=medicine)
    assert form.is_valid() and form.save().drug_class == "diuretic_k_sparing"


def test_save_says_what_was_recognised_without_javascript(alice, alice_client):
    response = alice_client.post(
        "/journal/medications/new/",
        {"name": "Atorvastatin 20 mg", "drug_class": "", "started_on": "2026-02-01"},
        follow=True,
    )
    assert Medication.objects.get(owner=alice).drug_class == "statin"
    assert "Recognised as a statin; change it if this is wrong." in response.content.decode()


def test_hint_as_the_user_types(alice, alice_client):
    html = alice_client.get(
        "/journal/medications/hint/", {"name": "symbicort 160/4.5"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Recognised as a long-acting beta-agonist inhaler" in html
    # The published association is shown as a fact with its source, not the user's numbers.
    assert "2.4 times" in html and "Garrison et al., Arch Intern Med 2012" in html
    assert "Do not stop or change a prescribed medicine" in html
    html = alice_client.get("/journal/medications/hint/", {"name": "paracetamol"}).content.decode()
    assert "Recognised" not in html


def test_review_medicines_cite_the_clinical_review(alice_client):
    html = alice_client.get("/journal/medications/hint/", {"name": "Evista"}).content.decode()
    assert "Recognised as raloxifene" in html
    assert "A clinical review names raloxifene among the medicines most strongly" in html
    assert "Allen &amp; Kirby, Nocturnal Leg Cramps, Am Fam Physician 2012" in html


def test_medicine_form_page_has_the_hint_next_to_the_name(alice_client):
    html = alice_client.get("/journal/medications/new/").content.decode()
    assert 'hx-get="/journal/medications/hint/"' in html
    assert 'id="id_name_hint"' in html
    assert (
        html.index('id="id_name"')
        < html.index('id="id_name_hint"')
        < html.index('id="id_drug_class"')
    )
    select = html[html.index('id="id_drug_class"') :]
    select = select[: select.index("</select>")]
    assert '<option value="" selected>Not sure</option>' in select
    assert "selected" not in select.replace('<option value="" selected>', "")


def test_medicines_are_in_the_main_navigation(alice_client):
    html = alice_client.get("/").content.decode()
    nav = html[html.index('<nav class="bottom-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert 'href="/journal/medications/"' in nav and "Medicines" in nav


def test_edit_page_opens_with_the_hint_for_the_saved_name(alice, alice_client):
    medicine = Medication.objects.create(
        owner=alice, name="Lasix 40 mg", drug_class="other", started_on=date(2026, 2, 1)
    )
    html = alice_client.get(f"/journal/medications/{medicine.pk}/edit/").content.decode()
    hint = html[html.index('id="id_name_hint"') :]
    assert "Recognised as a loop diuretic" in hint[:400]
