"""Forms for the journal. Rules live on the models; forms add only what the
screen needs (presets, the user's units and zone)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.dateformat import format as date_pattern
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from journal.guidance import mineral_help_text
from journal.medicines import recognise
from journal.models import (
    MAX_DURATION_SECONDS,
    ML_PER_FLOZ,
    OVER_TEN_MINUTES_SECONDS,
    Condition,
    Cramp,
    DayContext,
    DrugClass,
    FluidUnit,
    Medication,
    Muscle,
    NightCheckIn,
    Relief,
    Side,
    Soreness,
    Symptom,
)

YES_NO = [("", _("Not recorded")), ("True", _("Yes")), ("False", _("No"))]
SCORE_CHOICES = [("", "–"), *((str(n), str(n)) for n in range(11))]

# --- Quick log ---------------------------------------------------------------

WHEN_NOW = "now"
WHEN_PICK = "pick"
WHEN_CHOICES = [
    (WHEN_NOW, _("Just now")),
    ("15", _("15 min ago")),
    ("30", _("30 min ago")),
    ("60", _("60 min ago")),
    (WHEN_PICK, _("Pick a time")),
]
PICK_STEP_MINUTES = 15
PICK_HOURS = 12


def pick_time_choices(profile, now=None):
    """Quarter hours over the last 12 hours, newest first: a list, not a keyboard."""
    now = (now or timezone.now()).astimezone(profile.zone)
    latest = now.replace(
        minute=now.minute - now.minute % PICK_STEP_MINUTES, second=0, microsecond=0
    )
    # Keyed by the UTC instant: aware datetimes in one zone compare by wall time,
    # which would mix up the two 01:30s of a night the clocks go back.
    return list(_pick_times(latest.astimezone(UTC), profile.zone, profile.clock, get_language()))


@lru_cache(maxsize=256)
def _pick_times(latest_utc, zone, clock, language):
    """The same for everyone in a zone, clock format and language for 15 minutes: built once.

    `language` is the active language, passed so the cache keeps one list per language
    (the weekday names and AM/PM are translated).
    """
    latest = latest_utc.astimezone(zone)
    # 12-hour: "11:10 PM" (AM/PM in the active language); 24-hour: "23:10".
    fmt = "g:i A" if clock == "12" else "H:i"
    choices = []
    for step in range(PICK_HOURS * 60 // PICK_STEP_MINUTES + 1):
        # Stepped in UTC: arithmetic on a zoned datetime is wall-clock arithmetic,
        # which gives the hour the clocks go back the wrong offset.
        moment = (latest_utc - timedelta(minutes=step * PICK_STEP_MINUTES)).astimezone(zone)
        label = date_pattern(moment, fmt)
        if moment.utcoffset() != latest.utcoffset():
            label = f"{label} {moment.tzname()}"  # the night the clocks change: 02:30 twice
        if moment.date() != latest.date():
            label = f"{label} ({date_pattern(moment, 'D')})"
        choices.append((moment.isoformat(), label))
    return tuple(choices)


def plain_number_messages(form):
    """Replace Django's "Ensure this value is greater than or equal to 0." with plain words.

    Only validators still carrying Django's stock message are replaced; a field
    with its own message keeps it.
    """
    for field in form.fields.values():
        for index, validator in enumerate(field.validators):
            limit = getattr(validator, "limit_value", None)
            if (
                type(validator) is MinValueValidator
                and validator.message == MinValueValidator.message
            ):
                # Django fills in %(limit_value)s when the message is shown.
                text = (
                    _("This cannot be negative.")
                    if limit == 0
                    else _("Use %(limit_value)s or more.")
                )
                field.validators[index] = MinValueValidator(limit, text)
            elif (
                type(validator) is MaxValueValidator
                and validator.message == MaxValueValidator.message
            ):
                field.validators[index] = MaxValueValidator(
                    limit, _("Use %(limit_value)s or less.")
                )


class QuickLogForm(forms.Form):
    muscle = forms.ChoiceField(choices=Muscle.choices, widget=forms.RadioSelect, label=_("Muscle"))
    # Optional: a cramp logged without a side is saved as "not recorded".
    side = forms.ChoiceField(
        choices=Side.choices, widget=forms.RadioSelect, required=False, label=_("Side")
    )
    when = forms.ChoiceField(
        choices=WHEN_CHOICES,
        initial=WHEN_NOW,
        required=False,
        widget=forms.RadioSelect,
        label=_("When"),
    )
    picked_time = forms.CharField(required=False, label=_("Time"), widget=forms.Select)
    client_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, profile, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.now = now or timezone.now()
        self.fields["picked_time"].widget.choices = [
            ("", gettext("Choose a time")),
            *pick_time_choices(profile, self.now),
        ]
        self.fields["muscle"].initial = profile.last_muscle
        self.fields["side"].initial = profile.last_side or None

    def clean_picked_time(self):
        # Validated by parsing, not by the rendered list, so a form rendered a few
        # minutes ago (the list has moved on) still saves.
        raw = self.cleaned_data["picked_time"]
        if not raw:
            return None
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            raise ValidationError(gettext("Pick a time from the list.")) from None
        if moment.tzinfo is None:
            raise ValidationError(gettext("Pick a time from the list."))
        return moment

    def started_at(self):
        when = self.cleaned_data.get("when") or WHEN_NOW
        if when == WHEN_NOW:
            return self.now
        if when == WHEN_PICK:
            return self.cleaned_data["picked_time"]
        return self.now - timedelta(minutes=int(when))

    def clean(self):
        cleaned = super().clean()
        when = cleaned.get("when") or WHEN_NOW
        if when == WHEN_PICK and not cleaned.get("picked_time"):
            if "picked_time" not in self.errors:
                self.add_error("picked_time", gettext("Pick the time the cramp started."))
            return cleaned
        if not self.errors:
            started = self.started_at()
            if started > self.now + timedelta(minutes=5):
                self.add_error(
                    "picked_time", gettext("This is in the future. Pick a time that has passed.")
                )
            elif self.now - started > timedelta(days=1):
                self.add_error(
                    "picked_time",
                    gettext("Longer ago than a day? Use the full form for older entries."),
                )
        return cleaned


# --- Cramp details ------------------------------------------------------------

DURATION_PRESETS = [
    ("15", _("<30 s")),
    ("60", _("1 min")),
    ("120", _("2 min")),
    ("300", _("5 min")),
    ("600", _("10+ min")),
]
# What each preset stores. "10+ min" means more than ten minutes, which is the
# red-flag rule's threshold, so it stores one second over it rather than 600
# (exactly ten minutes, which the rule rightly does not flag). The posted value
# stays "600" so pages and offline queues rendered before keep working.
PRESET_STORED_SECONDS = {value: int(value) for value, _ in DURATION_PRESETS}
PRESET_STORED_SECONDS["600"] = OVER_TEN_MINUTES_SECONDS
PRESET_FOR_SECONDS = {seconds: value for value, seconds in PRESET_STORED_SECONDS.items()}


class CrampDetailsForm(forms.ModelForm):
    """The card after a quick log: every field optional, saved on each change."""

    duration_preset = forms.ChoiceField(
        choices=DURATION_PRESETS, required=False, widget=forms.RadioSelect, label=_("How long")
    )
    duration_minutes = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=1,
        label=_("Exact minutes"),
        help_text=_("Longer than 10 minutes? Enter the minutes here."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
        error_messages={
            "min_value": _("Minutes cannot be negative. Enter how long it lasted, e.g. 12."),
            "invalid": _("Enter a number of minutes, e.g. 12 or 2.5."),
            "max_decimal_places": _("Use at most one decimal, e.g. 2.5 minutes."),
            "max_digits": _("That is far too long for a cramp: at most 360 minutes."),
            "max_whole_digits": _("That is far too long for a cramp: at most 360 minutes."),
        },
    )
    severity = forms.TypedChoiceField(
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=_("Pain (0 none – 10 worst)"),
    )
    woke_from_sleep = forms.NullBooleanField(
        required=False, widget=forms.RadioSelect(choices=YES_NO), label=_("Woke me from sleep")
    )
    relief_tried = forms.MultipleChoiceField(
        choices=Relief.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Relief tried"),
    )
    symptoms = forms.MultipleChoiceField(
        choices=Symptom.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Also noticed"),
    )

    class Meta:
        model = Cramp
        fields = [
            "side",
            "severity",
            "relief_tried",
            "relief_best",
            "symptoms",
            "woke_from_sleep",
            "soreness",
            "notes",
        ]
        widgets = {
            "side": forms.RadioSelect,
            "relief_best": forms.Select,
            "soreness": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"relief_best": _("Helped most"), "soreness": _("Sore afterwards")}

    field_order = ["duration_preset", "duration_minutes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relief_best"].choices = [("", _("Not recorded")), *Relief.choices]
        self.fields["soreness"].choices = [("", _("Not recorded")), *Soreness.choices]
        self.fields["side"].choices = Side.choices
        seconds = self.instance.duration_seconds
        if not self.is_bound and seconds is not None:
            if seconds in PRESET_FOR_SECONDS:
                self.initial["duration_preset"] = PRESET_FOR_SECONDS[seconds]
            else:
                self.initial["duration_minutes"] = Decimal(seconds) / 60

    def clean(self):
        cleaned = super().clean()
        minutes = cleaned.get("duration_minutes")
        preset = cleaned.get("duration_preset")
        if minutes is not None:
            seconds = round(minutes * 60)
            if seconds < 1:
                self.add_error("duration_minutes", gettext("A cramp lasts at least one second."))
            elif seconds > MAX_DURATION_SECONDS:
                self.add_error(
                    "duration_minutes", gettext("A cramp can be at most 6 hours (360 minutes).")
                )
            else:
                self.instance.duration_seconds = seconds
        elif preset:
            self.instance.duration_seconds = PRESET_STORED_SECONDS[preset]
        elif "duration_minutes" not in self.errors:
            self.instance.duration_seconds = None
        return cleaned


class CrampForm(CrampDetailsForm):
    """The full form: backdated entries and edits, start time in the user's zone."""

    started_at = forms.DateTimeField(
        label=_("Started"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )

    class Meta(CrampDetailsForm.Meta):
        fields = ["started_at", "muscle", "activity", *CrampDetailsForm.Meta.fields]
        widgets = {**CrampDetailsForm.Meta.widgets, "muscle": forms.RadioSelect}
        labels = {**CrampDetailsForm.Meta.labels, "activity": _("What I was doing")}

    field_order = ["started_at", "muscle", "side", "duration_preset", "duration_minutes"]

    def __init__(self, *args, zone, **kwargs):
        self.zone = zone
        super().__init__(*args, **kwargs)
        self.fields["started_at"].help_text = gettext("Your time zone: %(zone)s.") % {"zone": zone}
        self.fields["muscle"].choices = Muscle.choices
        self.fields["activity"].choices = [
            ("", _("Not recorded")),
            *self.fields["activity"].choices[1:],
        ]
        if self.instance.pk:
            # Edits keep the zone the cramp was logged in, so its night never moves.
            self.zone = self.instance.local_started_at.tzinfo
            self.fields["started_at"].help_text = gettext("Time zone of this entry: %(zone)s.") % {
                "zone": self.zone
            }
            if not self.is_bound:
                self.initial["started_at"] = self.instance.local_started_at

    def get_initial_for_field(self, field, field_name):
        value = super().get_initial_for_field(field, field_name)
        # Show wall-clock time in the entry's zone; an aware value would be
        # rendered in the server's zone instead.
        if field_name == "started_at" and getattr(value, "tzinfo", None) is not None:
            value = value.astimezone(self.zone).replace(tzinfo=None)
        return value

    def clean_started_at(self):
        value = self.cleaned_data["started_at"]
        # The field parsed it in the server zone; the user meant their own wall clock.
        local = timezone.make_naive(value, timezone.get_current_timezone()).replace(
            tzinfo=self.zone
        )
        return local

    def _post_clean(self):
        if not self.instance.time_zone:
            self.instance.time_zone = str(self.zone)
        super()._post_clean()


# --- Check-ins and day context ---------------------------------------------------


class CheckInForm(forms.ModelForm):
    sleep_disturbance = forms.TypedChoiceField(
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=_("Sleep disturbance (0 none – 10 awful)"),
    )

    class Meta:
        model = NightCheckIn
        fields = ["night", "cramp_free", "sleep_disturbance"]
        widgets = {"night": forms.HiddenInput, "cramp_free": forms.HiddenInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        night = cleaned.get("night")
        if cleaned.get("cramp_free") and night:
            count = (
                Cramp.objects.owned_by(self.user).filter(journal_day=night, is_night=True).count()
            )
            if count:
                self.add_error(
                    "cramp_free",
                    ngettext(
                        "You logged %(count)s cramp that night, so it was not cramp-free.",
                        "You logged %(count)s cramps that night, so it was not cramp-free.",
                        count,
                    )
                    % {"count": count},
                )
        return cleaned


class DayContextForm(forms.ModelForm):
    """Every exposure optional: blank means "not recorded", never "no"."""

    fluids = forms.DecimalField(required=False, min_value=0, max_digits=7, decimal_places=1)
    electrolyte_drink = forms.NullBooleanField(
        required=False, widget=forms.RadioSelect(choices=YES_NO), label=_("Electrolyte drink")
    )
    heat = forms.NullBooleanField(
        required=False,
        widget=forms.RadioSelect(choices=YES_NO),
        label=_("Exercised or worked in heat"),
    )
    stretched = forms.NullBooleanField(
        required=False, widget=forms.RadioSelect(choices=YES_NO), label=_("Stretched today")
    )
    mineral_food = forms.NullBooleanField(
        required=False,
        widget=forms.RadioSelect(choices=YES_NO),
        label=_("Potassium/magnesium-rich food or supplement"),
        # Lazy: built in the language of the request that shows the form.
        help_text=lazy(mineral_help_text, str)(),
    )
    stress = forms.TypedChoiceField(
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=_("Evening stress (0 calm – 10 very stressed)"),
    )

    class Meta:
        model = DayContext
        fields = [
            "electrolyte_drink",
            "exercise_minutes",
            "exercise_intensity",
            "heat",
            "sitting_hours",
            "standing_hours",
            "stretched",
            "mineral_food",
            "stress",
            "alcohol_drinks",
            "notes",
        ]
        labels = {
            "exercise_minutes": _("Exercise (minutes)"),
            "sitting_hours": _("Hours sitting"),
            "standing_hours": _("Hours standing on hard floors"),
            "alcohol_drinks": _("Alcoholic drinks"),
        }
        widgets = {
            "exercise_intensity": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["fluids"]

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        plain_number_messages(self)
        self.unit = unit
        self.fields["fluids"].label = (
            gettext("Fluids (fl oz)") if unit == FluidUnit.FLOZ else gettext("Fluids (ml)")
        )
        self.fields["exercise_intensity"].choices = [
            ("", _("Not recorded")),
            *self.fields["exercise_intensity"].choices[1:],
        ]
        if not self.is_bound and self.instance.fluids_ml is not None:
            self.initial["fluids"] = fluid_in_unit(self.instance.fluids_ml, unit)

    def clean_fluids(self):
        value = self.cleaned_data["fluids"]
        if value is None:
            return None
        ml = (
            round(value * Decimal(str(ML_PER_FLOZ)))
            if self.unit == FluidUnit.FLOZ
            else round(value)
        )
        if ml > 20000:
            raise ValidationError(gettext("At most 20 litres a day."))
        return ml

    def _post_clean(self):
        self.instance.fluids_ml = self.cleaned_data.get("fluids")
        super()._post_clean()


def fluid_in_unit(ml, unit):
    """Millilitres shown in the user's unit (whole ml, or fl oz to one decimal)."""
    if ml is None:
        return None
    if unit == FluidUnit.FLOZ:
        return round(Decimal(ml) / Decimal(str(ML_PER_FLOZ)), 1)
    return ml


# --- Medications and conditions ----------------------------------------------------

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


NOT_SURE = ""


class MedicationForm(forms.ModelForm):
    """A medicine period. A kind left "Not sure" or "Other" is recognised from the name.

    On an edit, an unchanged name keeps the kind the user chose, so someone who
    corrects a recognised kind back to "Other" is not overruled.
    """

    drug_class = forms.ChoiceField(
        required=False,
        label=_("Kind of medicine"),
        help_text=_("Leave it as “Not sure” and CrampLog recognises common names."),
    )

    class Meta:
        model = Medication
        fields = ["name", "drug_class", "dose", "started_on", "stopped_on", "notes"]
        labels = {
            "drug_class": _("Kind of medicine"),
            "stopped_on": _("Stopped on (blank: still taking)"),
        }
        help_texts = {
            "dose": _("A dose change is a new entry: stop this one and add the new dose.")
        }
        widgets = {
            "started_on": DATE_WIDGET,
            "stopped_on": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.recognised = None
        self.fields["drug_class"].choices = [(NOT_SURE, _("Not sure")), *DrugClass.choices]
        if not self.instance.pk:
            # The model's default ("Other") would be preselected otherwise.
            self.initial["drug_class"] = NOT_SURE
        name = self.fields["name"]
        name.widget.attrs.update(
            {
                "hx-get": reverse_lazy("journal:medication_hint"),
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#id_name_hint",
                "hx-swap": "innerHTML",
                "autocomplete": "off",
            }
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("drug_class") or NOT_SURE
        name = cleaned.get("name") or ""
        may_recognise = kind == NOT_SURE or (
            kind == DrugClass.OTHER and (not self.instance.pk or "name" in self.changed_data)
        )
        recognised = recognise(name) if may_recognise else None
        if recognised:
            kind = recognised
            self.recognised = recognised
        cleaned["drug_class"] = kind or DrugClass.OTHER
        return cleaned

    def _post_clean(self):
        # Also when the field was not posted at all (the model default would stay).
        if "drug_class" in self.cleaned_data:
            self.instance.drug_class = self.cleaned_data["drug_class"]
        super()._post_clean()


class ConditionForm(forms.ModelForm):
    class Meta:
        model = Condition
        fields = ["kind", "started_on", "ended_on", "notes"]
        labels = {"kind": _("Condition"), "ended_on": _("Ended on (blank: ongoing)")}
        widgets = {
            "started_on": DATE_WIDGET,
            "ended_on": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
