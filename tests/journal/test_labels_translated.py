"""The journal's labels, messages and durations follow the active language.

Expected strings are checked by hand against locale/{de,es}/LC_MESSAGES/django.po.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from journal.formatting import format_duration
from journal.forms import CrampDetailsForm, DayContextForm, pick_time_choices
from journal.medicines import kind_phrase
from journal.models import DrugClass, Muscle, Side, began_month, validate_past_date

EXPECTED = {
    "de": {
        "calf": "Wade",
        "left": "Links",
        "exact_minutes": "Genaue Minuten",
        "future_date": "Dieses Datum liegt in der Zukunft.",
        "negative": "Das kann nicht negativ sein.",
        "1 h 5 min": "1 Std. 5 Min.",
        "over 10 min": "über 10 Min.",
        "statin": "Statin",
    },
    "es": {
        "calf": "Pantorrilla",
        "left": "Izquierda",
        "exact_minutes": "Minutos exactos",
        "future_date": "Esta fecha está en el futuro.",
        "negative": "No puede ser negativo.",
        "1 h 5 min": "1 h 5 min",
        "over 10 min": "más de 10 min",
        "statin": "una estatina",
    },
}


@pytest.mark.parametrize("language", ["de", "es"])
def test_choice_and_form_labels_are_translated(language):
    expected = EXPECTED[language]
    with translation.override(language):
        assert str(Muscle.CALF.label) == expected["calf"]
        assert dict(Side.choices)["left"] == expected["left"]
        assert str(CrampDetailsForm().fields["duration_minutes"].label) == expected["exact_minutes"]
        assert kind_phrase(DrugClass.STATIN) == expected["statin"]


@pytest.mark.parametrize("language", ["de", "es"])
def test_validator_messages_are_translated(language):
    expected = EXPECTED[language]
    with translation.override(language):
        with pytest.raises(ValidationError) as raised:
            validate_past_date(timezone.localdate() + timedelta(days=3))
        assert raised.value.messages == [expected["future_date"]]
        form = DayContextForm(data={"fluids": "-1"}, unit="ml")
        assert form.errors["fluids"] == [expected["negative"]]


@pytest.mark.parametrize("language", ["de", "es"])
def test_durations_are_translated(language):
    expected = EXPECTED[language]
    with translation.override(language):
        assert format_duration(3900) == expected["1 h 5 min"]
        assert format_duration(601) == expected["over 10 min"]


def test_english_is_unchanged():
    with translation.override("en"):
        assert Muscle.CALF.label == "Calf"
        assert format_duration(3900) == "1 h 5 min"
        assert format_duration(601) == "over 10 min"
        form = DayContextForm(data={"fluids": "-1"}, unit="ml")
        assert form.errors["fluids"] == ["This cannot be negative."]


def test_the_time_list_names_the_weekday_in_the_language(alice):
    # 12-hour clock, a list that reaches back into the day before.
    alice.profile.clock = "12"
    alice.profile.time_zone = "UTC"
    now = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # a Tuesday
    with translation.override("en"):
        english = pick_time_choices(alice.profile, now)
    with translation.override("de"):
        german = pick_time_choices(alice.profile, now)
    assert english[0][1] == "3:00 AM"
    assert english[-1][1] == "3:00 PM (Mon)"
    assert german[-1][1] == "3:00 nachm. (Mo)"  # not the English list from the cache


def test_translated_month_names_read_as_a_month():
    assert began_month("März 2024") == began_month("marzo de 2024") == began_month("March 2024")


def test_the_csv_keeps_english_labels_in_any_language():
    from export.formats import csv_code, csv_label

    with translation.override("de"):
        assert csv_label("muscle", "calf") == "Calf"
        assert csv_code("muscle", "Calf") == "calf"
