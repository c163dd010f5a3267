"""Model and form rules from the issue: each bad value gets a message on its field."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from journal.forms import CrampDetailsForm, CrampForm, DayContextForm, MedicationForm
from journal.models import Cramp, DayContext, Medication, NightCheckIn
from journal.templatetags.journal_tags import duration
from tests.journal.conftest import BERLIN


def cramp_for(user, **fields):
    return Cramp(
        owner=user,
        started_at=fields.pop("started_at", datetime(2026, 3, 10, 3, 0, tzinfo=BERLIN)),
        time_zone="Europe/Berlin",
        muscle=fields.pop("muscle", "calf"),
        **fields,
    )


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"duration_seconds": 0}, "duration_seconds", "A cramp lasts at least one second."),
        (
            {"duration_seconds": 6 * 3600 + 1},
            "duration_seconds",
            "A cramp can be at most 6 hours long.",
        ),
        ({"severity": 11}, "severity", "Use 0 to 10."),
        ({"muscle": "elbow"}, "muscle", "Value 'elbow' is not a valid choice."),
        ({"side": "middle"}, "side", "Value 'middle' is not a valid choice."),
        ({"soreness": "weeks"}, "soreness", "Value 'weeks' is not a valid choice."),
        ({"activity": "dancing"}, "activity", "Value 'dancing' is not a valid choice."),
        ({"relief_tried": ["yoga"]}, "relief_tried", "Unknown choice: yoga."),
        ({"symptoms": ["itch"]}, "symptoms", "Unknown choice: itch."),
        (
            {"notes": "x" * 2001},
            "notes",
            "Ensure this value has at most 2000 characters (it has 2001).",
        ),
        (
            {"relief_tried": ["stretch"], "relief_best": "heat"},
            "relief_best",
            "Pick what helped most from the relief you tried.",
        ),
        (
            {"started_at": datetime(1899, 6, 1, 3, 0, tzinfo=BERLIN)},
            "started_at",
            "Pick a time after 1900.",
        ),
    ],
)
def test_cramp_model_rules(alice, fields, field, message):
    assert message in errors_of(cramp_for(alice, **fields))[field]


def test_cramp_in_the_future_beyond_five_minutes(alice, freeze):
    now = freeze(2026, 3, 10, 3, 0)
    assert "started_at" in errors_of(cramp_for(alice, started_at=now + timedelta(minutes=6)))
    cramp_for(alice, started_at=now + timedelta(minutes=4)).full_clean()


def test_valid_cramp_bounds_pass(alice):
    cramp_for(alice, duration_seconds=1, severity=0).full_clean()
    cramp_for(alice, duration_seconds=6 * 3600, severity=10).full_clean()


def test_database_refuses_out_of_range_values(alice):
    cramp = cramp_for(alice, severity=12)
    with pytest.raises(IntegrityError):
        cramp.save()


@pytest.mark.parametrize(
    "seconds, symptoms, flags",
    [
        (599, [], []),
        (600, [], []),  # exactly 10 minutes is not "more than 10"
        (601, [], ["long"]),
        (60, ["weakness", "toxin"], ["weakness", "toxin"]),
        (None, ["would_not_stop"], ["would_not_stop"]),
    ],
)
def test_red_flags_are_stored_on_save(alice, seconds, symptoms, flags):
    cramp = cramp_for(alice, duration_seconds=seconds, symptoms=symptoms)
    cramp.save()
    cramp.refresh_from_db()
    assert cramp.red_flags == flags


def test_details_form_duration_presets_and_exact(alice):
    cramp = cramp_for(alice)
    cramp.save()
    form = CrampDetailsForm({"side": "left", "duration_preset": "15"}, instance=cramp)
    assert form.is_valid()
    assert form.save().duration_seconds == 15
    form = CrampDetailsForm({"side": "left", "duration_minutes": "2.5"}, instance=cramp)
    assert form.is_valid()
    assert form.save().duration_seconds == 150
    # Both given (no JavaScript to clear one): the exact minutes win.
    form = CrampDetailsForm(
        {"side": "left", "duration_preset": "60", "duration_minutes": "3"}, instance=cramp
    )
    assert form.is_valid() and form.save().duration_seconds == 180
    # Neither: not recorded.
    form = CrampDetailsForm({"side": "left"}, instance=cramp)
    assert form.is_valid() and form.save().duration_seconds is None


def test_ten_plus_preset_raises_the_long_cramp_flag(alice):
    """A 15-minute cramp logged with "10+ min" is over 10 minutes: the red flag shows."""
    cramp = cramp_for(alice)
    cramp.save()
    form = CrampDetailsForm({"side": "left", "duration_preset": "600"}, instance=cramp)
    assert form.is_valid()
    saved = form.save()
    saved.refresh_from_db()
    assert saved.duration_seconds > 600
    assert saved.red_flags == ["long"]
    # Shown again as the preset, and formatted as what it means.
    assert CrampDetailsForm(instance=saved)["duration_preset"].value() == "600"
    assert duration(saved.duration_seconds) == "over 10 min"
    # Exactly 10 exact minutes stays unflagged and is shown as minutes, not as "10+".
    form = CrampDetailsForm({"side": "left", "duration_minutes": "10"}, instance=saved)
    assert form.is_valid()
    saved = form.save()
    assert (saved.duration_seconds, saved.red_flags) == (600, [])
    assert CrampDetailsForm(instance=saved)["duration_preset"].value() is None


def test_details_form_shows_the_stored_duration(alice):
    cramp = cramp_for(alice, duration_seconds=300)
    assert CrampDetailsForm(instance=cramp)["duration_preset"].value() == "300"
    cramp = cramp_for(alice, duration_seconds=90)
    form = CrampDetailsForm(instance=cramp)
    assert form["duration_minutes"].value() == Decimal("1.5")
    assert form["duration_preset"].value() is None


def test_full_form_interprets_the_time_in_the_given_zone(alice):
    form = CrampForm(
        {"started_at": "2026-03-10T02:00", "muscle": "calf", "side": "left"},
        instance=Cramp(owner=alice),
        zone=BERLIN,
    )
    assert form.is_valid(), form.errors
    cramp = form.save()
    assert cramp.started_at == datetime(2026, 3, 10, 1, 0, tzinfo=BERLIN).replace(hour=2)
    assert cramp.started_at.utcoffset() is None or cramp.started_at.astimezone(BERLIN).hour == 2
    assert cramp.time_zone == "Europe/Berlin"


# --- Day context -------------------------------------------------------------------


def day_form(data, unit="ml", instance=None):
    return DayContextForm(data, unit=unit, instance=instance or DayContext(day=date(2026, 3, 9)))


def test_blank_day_context_means_not_recorded(alice):
    form = day_form({})
    assert form.is_valid(), form.errors
    form.instance.owner = alice
    context = form.save()
    assert context.fluids_ml is None
    assert context.stretched is None and context.heat is None and context.stress is None


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"fluids": "20001"}, "fluids", "At most 20 litres a day."),
        ({"sitting_hours": "25"}, "sitting_hours", "A day has 24 hours."),
        ({"standing_hours": "-1"}, "standing_hours", "Hours cannot be negative."),
        (
            {"sitting_hours": "16", "standing_hours": "10"},
            "standing_hours",
            "Sitting and standing add up to more than 24 hours.",
        ),
        (
            {"stress": "11"},
            "stress",
            "Select a valid choice. 11 is not one of the available choices.",
        ),
        ({"exercise_intensity": "extreme"}, "exercise_intensity", "Select a valid choice."),
        (
            {"exercise_minutes": "30", "exercise_intensity": "none"},
            "exercise_intensity",
            "You logged exercise minutes; pick how hard it was.",
        ),
        ({"alcohol_drinks": "51"}, "alcohol_drinks", "At most 50 drinks."),
        ({"exercise_minutes": "1441"}, "exercise_minutes", "A day has 1,440 minutes."),
    ],
)
def test_day_context_rules(data, field, message):
    form = day_form(data)
    assert not form.is_valid()
    assert any(message in e for e in form.errors[field]), form.errors


def test_fluids_in_fluid_ounces_are_stored_as_ml(alice):
    form = day_form({"fluids": "16"}, unit="floz")
    assert form.is_valid(), form.errors
    form.instance.owner = alice
    # 16 x 29.5735 = 473.2 -> 473 ml
    assert form.save().fluids_ml == 473
    shown = DayContextForm(instance=form.instance, unit="floz")["fluids"].value()
    assert shown == Decimal("16.0")
    assert not day_form({"fluids": "677"}, unit="floz").is_valid()  # 20,021 ml


# --- Medications and check-ins -------------------------------------------------------------


def test_medication_stop_before_start_is_refused():
    form = MedicationForm(
        {
            "name": "Pill",
            "drug_class": "statin",
            "started_on": "2026-03-10",
            "stopped_on": "2026-03-01",
        },
        instance=Medication(),
    )
    assert not form.is_valid()
    assert form.errors["stopped_on"] == ["The stop date is before the start date."]


def test_medication_unknown_class_is_refused(db):
    form = MedicationForm(
        {"name": "Pill", "drug_class": "magic", "started_on": "2026-03-10"}, instance=Medication()
    )
    assert not form.is_valid() and "drug_class" in form.errors


def test_one_check_in_per_night(alice):
    NightCheckIn.objects.create(owner=alice, night=date(2026, 3, 9), cramp_free=True)
    with pytest.raises(IntegrityError):
        NightCheckIn.objects.create(owner=alice, night=date(2026, 3, 9))
