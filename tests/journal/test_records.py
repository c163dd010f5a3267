"""Day context page, medicines and conditions: saved state, messages, ownership."""

from datetime import date

from journal.models import Condition, DayContext, Medication

# --- /journal/day/<YYYY-MM-DD>/ --------------------------------------------------------


def test_day_context_form_saves_and_keeps_blanks_as_not_recorded(alice, alice_client):
    response = alice_client.post(
        "/journal/day/2026-03-09/",
        {
            "fluids": "1750",
            "exercise_minutes": "45",
            "exercise_intensity": "hard",
            "heat": "True",
            "stretched": "False",
            "sitting_hours": "7.5",
            "stress": "6",
            "notes": "long run",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/journal/day/2026-03-09/"
    context = DayContext.objects.get(owner=alice, day=date(2026, 3, 9))
    assert context.fluids_ml == 1750
    assert (context.exercise_minutes, context.exercise_intensity) == (45, "hard")
    assert context.heat is True and context.stretched is False
    assert str(context.sitting_hours) == "7.5"
    assert context.stress == 6
    # Untouched fields stay "not recorded".
    assert context.mineral_food is None and context.electrolyte_drink is None
    assert context.alcohol_drinks is None and context.standing_hours is None
    page = alice_client.get("/journal/day/2026-03-09/").content.decode()
    assert "Monday 9 March 2026" in page
    assert 'value="1750"' in page and "long run" in page


def test_day_context_in_fluid_ounces(alice, alice_client):
    alice.profile.fluid_unit = "floz"
    alice.profile.save()
    page = alice_client.get("/journal/day/2026-03-09/").content.decode()
    assert "Fluids (fl oz)" in page
    alice_client.post("/journal/day/2026-03-09/", {"fluids": "32"})
    # 32 x 29.5735 = 946.4 -> 946 ml
    assert DayContext.objects.get(owner=alice).fluids_ml == 946


def test_day_context_bad_input_keeps_typed_values(alice, alice_client):
    response = alice_client.post(
        "/journal/day/2026-03-09/", {"fluids": "25000", "sitting_hours": "30", "notes": "typed"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "At most 20 litres a day." in html
    assert "A day has 24 hours." in html
    assert 'value="25000"' in html and "typed" in html
    assert not DayContext.objects.exists()


def test_day_context_dates(alice_client):
    assert alice_client.get("/journal/day/2026-02-30/").status_code == 404
    assert alice_client.get("/journal/day/2999-01-01/").status_code == 404


def test_day_context_is_per_user(alice, bob, alice_client, bob_client):
    DayContext.objects.create(owner=alice, day=date(2026, 3, 9), notes="alice's secret")
    page = bob_client.get("/journal/day/2026-03-09/").content.decode()
    assert "alice&#x27;s secret" not in page and "alice's secret" not in page
    bob_client.post("/journal/day/2026-03-09/", {"stress": "2"})
    assert DayContext.objects.get(owner=alice).stress is None
    assert DayContext.objects.get(owner=bob).stress == 2


# --- Medications ----------------------------------------------------------------------


def test_add_edit_and_stop_a_medicine(alice, alice_client, freeze):
    freeze(2026, 3, 12, 9, 0)
    response = alice_client.post(
        "/journal/medications/new/",
        {
            "name": "Hydrochlorothiazide",
            "drug_class": "diuretic_thiazide",
            "dose": "12.5 mg",
            "started_on": "2026-02-01",
        },
    )
    assert response["Location"] == "/journal/medications/"
    medicine = Medication.objects.get(owner=alice)
    assert (medicine.drug_class, medicine.stopped_on) == ("diuretic_thiazide", None)
    listing = alice_client.get("/journal/medications/").content.decode()
    assert "Hydrochlorothiazide" in listing and "still taking" in listing
    assert "Diuretic (thiazide)" in listing

    alice_client.post(
        f"/journal/medications/{medicine.pk}/edit/",
        {
            "name": "Hydrochlorothiazide",
            "drug_class": "diuretic_thiazide",
            "dose": "25 mg",
            "started_on": "2026-02-01",
        },
    )
    medicine.refresh_from_db()
    assert medicine.dose == "25 mg"

    stopped = alice_client.post(f"/journal/medications/{medicine.pk}/stop/", follow=True)
    medicine.refresh_from_db()
    assert medicine.stopped_on == date(2026, 3, 12)
    assert "stopped on 12 March 2026" in stopped.content.decode()


def test_stop_today_uses_the_users_zone(alice, alice_client, freeze):
    # 00:30 on 13 March in Berlin is still 12 March in UTC.
    freeze(2026, 3, 13, 0, 30)
    medicine = Medication.objects.create(owner=alice, name="Pill", started_on=date(2026, 1, 1))
    alice_client.post(f"/journal/medications/{medicine.pk}/stop/")
    medicine.refresh_from_db()
    assert medicine.stopped_on == date(2026, 3, 13)


def test_medicine_bad_input(alice_client):
    response = alice_client.post(
        "/journal/medications/new/",
        {
            "name": "",
            "drug_class": "statin",
            "started_on": "2026-03-10",
            "stopped_on": "2026-03-01",
            "dose": "10 mg",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert 'value="10 mg"' in html
    assert not Medication.objects.exists()
    response = alice_client.post(
        "/journal/medications/new/",
        {
            "name": "X",
            "drug_class": "statin",
            "started_on": "2026-03-10",
            "stopped_on": "2026-03-01",
        },
    )
    assert "The stop date is before the start date." in response.content.decode()
    assert not Medication.objects.exists()


def test_medicines_are_private(alice, bob, alice_client, bob_client):
    medicine = Medication.objects.create(owner=alice, name="Alicepril", started_on=date(2026, 1, 1))
    assert "Alicepril" not in bob_client.get("/journal/medications/").content.decode()
    assert "Alicepril" in alice_client.get("/journal/medications/").content.decode()
    assert bob_client.get(f"/journal/medications/{medicine.pk}/edit/").status_code == 404
    assert bob_client.post(f"/journal/medications/{medicine.pk}/stop/").status_code == 404
    medicine.refresh_from_db()
    assert medicine.stopped_on is None


# --- Conditions -------------------------------------------------------------------------


def test_conditions_list_add_edit_delete(alice, alice_client):
    alice_client.post(
        "/journal/conditions/new/",
        {"kind": "diabetes", "started_on": "2019-05-01", "notes": "type 2"},
    )
    condition = Condition.objects.get(owner=alice)
    assert condition.kind == "diabetes"
    assert "Diabetes" in alice_client.get("/journal/conditions/").content.decode()
    alice_client.post(
        f"/journal/conditions/{condition.pk}/edit/",
        {"kind": "pregnancy", "started_on": "2026-01-01", "ended_on": "2026-09-30"},
    )
    condition.refresh_from_db()
    assert (condition.kind, condition.ended_on) == ("pregnancy", date(2026, 9, 30))
    confirm = alice_client.get(f"/journal/conditions/{condition.pk}/delete/").content.decode()
    assert "Delete “Pregnancy”?" in confirm
    assert Condition.objects.exists()
    alice_client.post(f"/journal/conditions/{condition.pk}/delete/")
    assert not Condition.objects.exists()


def test_condition_end_before_start(alice_client):
    response = alice_client.post(
        "/journal/conditions/new/",
        {"kind": "other", "started_on": "2026-03-10", "ended_on": "2026-03-01", "notes": "kept"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end date is before the start date." in html and "kept" in html
    assert not Condition.objects.exists()


def test_conditions_are_private(alice, bob_client):
    condition = Condition.objects.create(owner=alice, kind="ms")
    assert "Multiple sclerosis" not in bob_client.get("/journal/conditions/").content.decode()
    for url in (
        f"/journal/conditions/{condition.pk}/edit/",
        f"/journal/conditions/{condition.pk}/delete/",
    ):
        assert bob_client.get(url).status_code == 404
        assert bob_client.post(url, {"kind": "other"}).status_code == 404
    assert Condition.objects.get().kind == "ms"


def test_pages_need_login(client):
    for url in (
        "/",
        "/journal/",
        "/journal/new/",
        "/journal/medications/",
        "/journal/conditions/",
        "/journal/day/2026-03-09/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
