"""What the user records: cramps, nights, day context, medicines, conditions.

Validation lives here (field validators and ``clean()``) so forms, imports and
the admin share the same rules. Blank exposure fields mean "not recorded",
never "no": the statistics treat them as missing.
"""

import re
import uuid
from datetime import date, timedelta
from functools import cache
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from journal.nights import journal_slot

MAX_NOTES = 2000
CLOCK_SKEW = timedelta(minutes=5)
EARLIEST_YEAR = 1900
MAX_DURATION_SECONDS = 6 * 3600
RED_FLAG_MINUTES = 10
# What the "10+ min" preset stores: more than ten minutes, the red-flag threshold.
OVER_TEN_MINUTES_SECONDS = RED_FLAG_MINUTES * 60 + 1


def validate_time_zone(value):
    if value not in _time_zones():
        raise ValidationError(_("Choose a time zone from the list, for example Europe/Berlin."))


_ZONES = None


def _time_zones():
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def validate_not_future(value):
    if value > timezone.now() + CLOCK_SKEW:
        raise ValidationError(_("This is in the future. Pick a time that has already happened."))
    if value.year < EARLIEST_YEAR:
        raise ValidationError(_("Pick a time after %(year)s."), params={"year": EARLIEST_YEAR})


def validate_past_date(value):
    if value > timezone.localdate() + timedelta(days=1):
        raise ValidationError(_("This date is in the future."))
    if value.year < EARLIEST_YEAR:
        raise ValidationError(_("Pick a date after %(year)s."), params={"year": EARLIEST_YEAR})


MAX_CRAMPS_BEGAN = 80


@cache
def _months():
    """{month name or abbreviation: number} in every shipped language.

    Django's own translated month names, so "März 2024" or "marzo de 2024" (the
    examples the translated help text gives) read as a month like "March 2024",
    and a language added to LANGUAGES is read without a list of its own. Built
    on first use: translations are not ready while models are imported.
    """
    months = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for number in range(1, 13):
                for name in (MONTHS[number], MONTHS_3[number], MONTHS_ALT[number]):
                    months[str(name).lower().rstrip(".")] = number
    months["setiembre"] = months["set"] = 9  # the other Spanish spelling
    return months


def began_month(text):
    """The month a "cramps began" answer names, or None for free text.

    Reads "2024", "2024-03", "03/2024", "3/2024", "March 2024" and "Mar 2024"
    (also in German and Spanish: "März 2024", "marzo de 2024"; the first of the
    month, or 1 January for a year alone).
    """
    words = (text or "").strip().lower().replace(",", " ").split()
    if len(words) == 3 and words[1] == "de":  # "marzo de 2024"
        words = [words[0], words[2]]
    if len(words) == 1 and re.fullmatch(r"\d{4}", words[0]):
        year, month = int(words[0]), 1
    elif len(words) == 1 and (
        match := re.fullmatch(r"(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4})", words[0])
    ):
        year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
        year, month = int(year), int(month)
    elif len(words) == 2 and words[0].rstrip(".") in _months() and re.fullmatch(r"\d{4}", words[1]):
        year, month = int(words[1]), _months()[words[0].rstrip(".")]
    else:
        return None
    return date(year, month, 1) if 1 <= month <= 12 and year >= 1 else None


def validate_cramps_began(value):
    """A month and year in the past (see began_month), or a short free-text answer."""
    text = value.strip()
    if not text:
        return
    if re.fullmatch(r"[\d\s/.-]+", text) and began_month(text) is None:
        raise ValidationError(
            _("Write a month and year such as 2024-03 or March 2024, or a few words.")
        )
    if (month := began_month(text)) is None:
        return
    if month.year < EARLIEST_YEAR:
        raise ValidationError(_("Pick a year after %(year)s."), params={"year": EARLIEST_YEAR})
    if month > timezone.localdate():
        raise ValidationError(_("This month is in the future."))


def score_validators():
    return [MinValueValidator(0, _("Use 0 to 10.")), MaxValueValidator(10, _("Use 0 to 10."))]


@deconstructible
class ChoiceListValidator:
    """A JSON list whose items are all values of one TextChoices enum, once each."""

    def __init__(self, choices_path):
        self.choices_path = choices_path

    @property
    def choices_class(self):
        return globals()[self.choices_path]

    def __call__(self, value):
        if not isinstance(value, list):
            raise ValidationError(_("Expected a list of choices."))
        allowed = set(self.choices_class.values)
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise ValidationError(
                _("Unknown choice: %(choices)s."),
                params={"choices": ", ".join(map(str, unknown))},
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("A choice is listed twice."))

    def __eq__(self, other):
        return isinstance(other, ChoiceListValidator) and other.choices_path == self.choices_path


# --- Choices ---------------------------------------------------------------


class Muscle(models.TextChoices):
    CALF = "calf", _("Calf")
    FOOT = "foot", _("Foot / toes")
    SHIN = "shin", _("Shin")
    THIGH_FRONT = "thigh_front", _("Thigh (front)")
    THIGH_BACK = "thigh_back", _("Thigh (back) / hamstring")
    HIP = "hip", _("Hip / buttock")
    HAND = "hand", _("Hand / fingers")
    ARM = "arm", _("Arm")
    NECK = "neck", _("Neck")
    BACK = "back", pgettext_lazy("body part", "Back")
    ABDOMEN = "abdomen", _("Abdomen")
    OTHER = "other", pgettext_lazy("muscle", "Other")


class Side(models.TextChoices):
    LEFT = "left", pgettext_lazy("side of the body", "Left")
    RIGHT = "right", pgettext_lazy("side of the body", "Right")
    BOTH = "both", pgettext_lazy("side of the body", "Both")
    # Also what is saved when no side was chosen: "not recorded" is an answer.
    NA = "na", _("Not recorded")


class Activity(models.TextChoices):
    ASLEEP = "asleep", _("Asleep")
    LYING_AWAKE = "lying_awake", _("Lying awake")
    SITTING = "sitting", _("Sitting")
    STANDING = "standing", _("Standing")
    WALKING = "walking", _("Walking")
    EXERCISING = "exercising", _("Exercising")
    OTHER = "other", pgettext_lazy("activity", "Other")


class Relief(models.TextChoices):
    STRETCH = "stretch", _("Stretch")
    MASSAGE = "massage", _("Massage")
    HEAT = "heat", pgettext_lazy("relief", "Heat")
    COLD = "cold", _("Cold pack")
    WALKED = "walked", _("Walked it off")
    DRINK = "drink", _("Water or electrolyte drink")
    MINERAL_FOOD = "mineral_food", _("Potassium/magnesium food")
    PAIN_RELIEVER = "pain_reliever", _("Pain reliever")
    TOPICAL = "topical", _("Topical cream")
    MASSAGE_GUN = "massage_gun", _("Massage gun")
    PRESCRIPTION = "prescription", _("Prescription medicine")
    NOTHING = "nothing", pgettext_lazy("relief", "Nothing")


class Symptom(models.TextChoices):
    WEAKNESS = "weakness", _("Weakness")
    NUMBNESS = "numbness", _("Numbness")
    SWELLING = "swelling", _("Swelling")
    RED_WARM = "red_warm", _("Red or warm skin")
    FEVER = "fever", _("Fever")
    BREATHING = "breathing", _("Difficulty breathing")
    HEAD_INJURY = "head_injury", _("After a head or neck injury")
    TOXIN = "toxin", _("After contact with a toxin (lead, mercury…)")
    WOULD_NOT_STOP = "would_not_stop", _("Would not stop")
    NO_EASE = "no_ease", _("Did not ease with movement or stretching")
    CLAUDICATION = "claudication", _("Calf pain when walking that eases with rest")
    WASTING = "wasting", _("Muscles getting smaller (wasting)")


class Soreness(models.TextChoices):
    NONE = "none", pgettext_lazy("soreness", "None")
    HOURS = "hours", _("For hours")
    NEXT_DAY = "next_day", _("Into the next day")


class Intensity(models.TextChoices):
    NONE = "none", pgettext_lazy("exercise intensity", "None")
    LIGHT = "light", pgettext_lazy("exercise intensity", "Light")
    MODERATE = "moderate", pgettext_lazy("exercise intensity", "Moderate")
    HARD = "hard", pgettext_lazy("exercise intensity", "Hard")


class DrugClass(models.TextChoices):
    STATIN = "statin", _("Statin")
    DIURETIC_THIAZIDE = "diuretic_thiazide", _("Diuretic (thiazide)")
    DIURETIC_LOOP = "diuretic_loop", _("Diuretic (loop)")
    DIURETIC_K_SPARING = "diuretic_k_sparing", _("Diuretic (potassium-sparing)")
    LABA = "laba", _("Long-acting beta-agonist inhaler")
    CCB = "ccb", _("Calcium-channel blocker")
    MUSCLE_RELAXANT = "muscle_relaxant", _("Muscle relaxant")
    HORMONE = "hormone", _("Hormone therapy")
    # Named by a clinical review as strongly associated with leg cramps (Allen &
    # Kirby 2012); kept apart from the classes the analysis compares nights on.
    IRON_SUCROSE = "iron_sucrose", _("Intravenous iron sucrose")
    CONJUGATED_ESTROGENS = "conjugated_estrogens", _("Conjugated estrogens")
    RALOXIFENE = "raloxifene", _("Raloxifene")
    NAPROXEN = "naproxen", _("Naproxen")
    TERIPARATIDE = "teriparatide", _("Teriparatide")
    SUPPLEMENT = "supplement", _("Supplement (mineral or vitamin)")
    OTHER = "other", pgettext_lazy("kind of medicine", "Other")


DIURETIC_CLASSES = (
    DrugClass.DIURETIC_THIAZIDE,
    DrugClass.DIURETIC_LOOP,
    DrugClass.DIURETIC_K_SPARING,
)
# Classes with a published association with cramps (docs/sources.md).
FLAGGED_DRUG_CLASSES = (DrugClass.STATIN, DrugClass.LABA, *DIURETIC_CLASSES)
REVIEW_ASSOCIATED_CLASSES = (
    DrugClass.IRON_SUCROSE,
    DrugClass.CONJUGATED_ESTROGENS,
    DrugClass.RALOXIFENE,
    DrugClass.NAPROXEN,
    DrugClass.TERIPARATIDE,
)


class ConditionKind(models.TextChoices):
    PREGNANCY = "pregnancy", _("Pregnancy")
    DIABETES = "diabetes", _("Diabetes")
    KIDNEY = "kidney", _("Kidney disease")
    LIVER = "liver", _("Liver disease")
    VASCULAR = "vascular", _("Vascular disease / poor circulation")
    NEUROPATHY = "neuropathy", _("Neuropathy / nerve damage")
    PINCHED_NERVE = "pinched_nerve", _("Trapped or pinched nerve")
    SPINAL_STENOSIS = "spinal_stenosis", _("Lumbar spinal stenosis")
    MS = "ms", _("Multiple sclerosis")
    VITAMIN_D = "vitamin_d", _("Vitamin D deficiency")
    OTHER = "other", pgettext_lazy("health condition", "Other")


class FluidUnit(models.TextChoices):
    ML = "ml", _("Millilitres (ml)")
    FLOZ = "floz", _("US fluid ounces (fl oz)")


class Clock(models.TextChoices):
    H24 = "24", _("24-hour (23:10)")
    H12 = "12", _("12-hour (11:10 pm)")


class Theme(models.TextChoices):
    AUTO = "auto", _("Follow the phone")
    LIGHT = "light", pgettext_lazy("colour theme", "Light")
    DARK = "dark", pgettext_lazy("colour theme", "Dark")


class CheckInMode(models.TextChoices):
    MORNING = "morning", _("Morning: I confirm each cramp-free night")
    EVENING = "evening", _("Evening: a day I logged with no cramp that night counts as cramp-free")


ML_PER_FLOZ = 29.5735


# --- Models ----------------------------------------------------------------


class SavedWithVersion:
    """save() in a transaction, so the journal version moved by the pre_save
    signal (journal/signals.py) commits with the row, never before or after it."""

    def save(self, *args, **kwargs):
        # No savepoint: inside a caller's transaction an error spoils it anyway,
        # as Django's own save() does, and the quick log stays one query shorter.
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)


class Profile(SavedWithVersion, models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    fluid_unit = models.CharField(
        _("fluid unit"), max_length=4, choices=FluidUnit, default=FluidUnit.ML
    )
    clock = models.CharField(_("clock"), max_length=2, choices=Clock, default=Clock.H24)
    theme = models.CharField(_("theme"), max_length=5, choices=Theme, default=Theme.AUTO)
    # Blank: the browser's language (Accept-Language), else one of settings.LANGUAGES.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )
    checkin_mode = models.CharField(max_length=8, choices=CheckInMode, default=CheckInMode.MORNING)
    glass_ml = models.PositiveIntegerField(
        default=250,
        validators=[
            MinValueValidator(50, _("Use at least 50 ml.")),
            MaxValueValidator(1000, _("Use at most 1,000 ml.")),
        ],
        help_text=_("How much one +1 glass tap adds."),
    )
    fluid_target_ml = models.PositiveIntegerField(
        default=1500,
        validators=[
            MinValueValidator(250, _("Use at least 250 ml.")),
            MaxValueValidator(10000, _("Use at most 10,000 ml.")),
        ],
        help_text=_("Days with less fluid logged than this count as low-fluid days."),
    )
    sitting_hours_threshold = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=8,
        validators=[
            MinValueValidator(1, _("Use 1 to 24 hours.")),
            MaxValueValidator(24, _("Use 1 to 24 hours.")),
        ],
    )
    standing_hours_threshold = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=4,
        validators=[
            MinValueValidator(1, _("Use 1 to 24 hours.")),
            MaxValueValidator(24, _("Use 1 to 24 hours.")),
        ],
    )
    alcohol_drinks_threshold = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Evenings with at least this many drinks count as alcohol evenings."),
    )
    last_muscle = models.CharField(max_length=16, choices=Muscle, default=Muscle.CALF)
    # Blank until the user first chooses a side: a new user gets no side guessed.
    last_side = models.CharField(max_length=5, choices=Side, blank=True, default="")
    # The running timer lives on the server so it survives a reload or a locked phone.
    timer_started_at = models.DateTimeField(null=True, blank=True, validators=[validate_not_future])
    timer_muscle = models.CharField(max_length=16, choices=Muscle, blank=True)
    timer_side = models.CharField(max_length=5, choices=Side, blank=True)
    # Before the journal: a doctor asks how long this has been going on.
    cramps_began = models.CharField(
        _("when the cramps began"),
        max_length=MAX_CRAMPS_BEGAN,
        blank=True,
        validators=[validate_cramps_began],
        help_text=_(
            "Optional, for the doctor summary: a month and year such as "
            "2024-03 or March 2024, or a few words such as 'after my second child'."
        ),
    )

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def zone(self):
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.time_zone)


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)


class JournalEntry(SavedWithVersion, models.Model):
    """What every row of the journal has besides its owner: notes, when it was
    written and changed, and `objects.owned_by(user)`. Each model declares its
    own `owner` (the related names differ)."""

    # TextField's max_length only reaches forms; the validator makes imports and
    # full_clean() enforce it too.
    notes = models.TextField(
        _("notes"), max_length=MAX_NOTES, blank=True, validators=[MaxLengthValidator(MAX_NOTES)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class Cramp(JournalEntry):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cramps"
    )
    started_at = models.DateTimeField(validators=[validate_not_future])
    # The zone the user was in when the cramp happened: its night never moves
    # when the user later travels or changes the profile zone.
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    journal_day = models.DateField(editable=False, db_index=True)
    is_night = models.BooleanField(editable=False, default=True)
    duration_seconds = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, _("A cramp lasts at least one second.")),
            MaxValueValidator(MAX_DURATION_SECONDS, _("A cramp can be at most 6 hours long.")),
        ],
    )
    muscle = models.CharField(_("muscle"), max_length=16, choices=Muscle)
    side = models.CharField(_("side"), max_length=5, choices=Side, default=Side.NA)
    severity = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=score_validators()
    )
    woke_from_sleep = models.BooleanField(null=True, blank=True)
    activity = models.CharField(max_length=16, choices=Activity, blank=True)
    relief_tried = models.JSONField(
        default=list, blank=True, validators=[ChoiceListValidator("Relief")]
    )
    relief_best = models.CharField(max_length=16, choices=Relief, blank=True)
    symptoms = models.JSONField(
        default=list, blank=True, validators=[ChoiceListValidator("Symptom")]
    )
    soreness = models.CharField(max_length=8, choices=Soreness, blank=True)
    # Derived on save from duration and symptoms; stored so summaries can list them.
    red_flags = models.JSONField(default=list, blank=True, editable=False)
    client_token = models.UUIDField(null=True, blank=True, editable=False)
    # A stable identity that travels with the row through backups and CSV files,
    # so an import can tell "already here" from "a second, identical entry".
    uuid = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            # Ordered by start within a night, so "the cramps of night D" needs no sort.
            models.Index(fields=["owner", "journal_day", "started_at"]),
            models.Index(fields=["owner", "-started_at"]),
            models.Index(fields=["owner", "updated_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "client_token"], name="cramp_unique_client_token"
            ),
            models.UniqueConstraint(fields=["owner", "uuid"], name="cramp_unique_uuid"),
            models.CheckConstraint(
                condition=models.Q(severity__isnull=True)
                | models.Q(severity__gte=0, severity__lte=10),
                name="cramp_severity_0_10",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_seconds__isnull=True)
                | models.Q(duration_seconds__gte=1, duration_seconds__lte=MAX_DURATION_SECONDS),
                name="cramp_duration_bounds",
            ),
        ]

    def __str__(self):
        return f"{self.get_muscle_display()} cramp at {self.started_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        self.refresh_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {
                "journal_day",
                "is_night",
                "red_flags",
                "updated_at",
            }
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.relief_best and self.relief_best not in (self.relief_tried or []):
            errors["relief_best"] = _("Pick what helped most from the relief you tried.")
        if errors:
            raise ValidationError(errors)

    def refresh_derived(self):
        slot = journal_slot(self.started_at, self.time_zone)
        self.journal_day = slot.day
        self.is_night = slot.is_night
        from journal.redflags import red_flags_for

        self.red_flags = red_flags_for(self.duration_seconds, self.symptoms or [])

    @property
    def night(self):
        return self.journal_day if self.is_night else None

    @property
    def local_started_at(self):
        from zoneinfo import ZoneInfo

        return self.started_at.astimezone(ZoneInfo(self.time_zone))


class NightCheckIn(JournalEntry):
    """One per user per night: the denominator the statistics need."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    night = models.DateField(validators=[validate_past_date])
    cramp_free = models.BooleanField(
        default=False, help_text=_("Confirmed: no cramp at all that night.")
    )
    sleep_disturbance = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=score_validators()
    )

    class Meta:
        ordering = ["-night"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "night"], name="checkin_one_per_night"),
        ]
        indexes = [models.Index(fields=["owner", "updated_at"])]

    def __str__(self):
        return f"Check-in for the night of {self.night}"


class DayContext(JournalEntry):
    """The day's exposures, which go with that evening's night (lag 0)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="day_contexts"
    )
    day = models.DateField(validators=[validate_past_date])
    fluids_ml = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(20000, _("At most 20 litres a day."))],
    )
    electrolyte_drink = models.BooleanField(null=True, blank=True)
    exercise_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(1440, _("A day has 1,440 minutes."))],
    )
    exercise_intensity = models.CharField(
        _("exercise intensity"), max_length=8, choices=Intensity, blank=True
    )
    heat = models.BooleanField(null=True, blank=True, verbose_name=_("exercised or worked in heat"))
    sitting_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, _("Hours cannot be negative.")),
            MaxValueValidator(24, _("A day has 24 hours.")),
        ],
    )
    standing_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        verbose_name=_("hours standing on hard floors"),
        validators=[
            MinValueValidator(0, _("Hours cannot be negative.")),
            MaxValueValidator(24, _("A day has 24 hours.")),
        ],
    )
    stretched = models.BooleanField(null=True, blank=True, verbose_name=_("stretched today"))
    mineral_food = models.BooleanField(
        null=True, blank=True, verbose_name=_("potassium/magnesium-rich food or supplement")
    )
    stress = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=score_validators(), verbose_name=_("evening stress")
    )
    alcohol_drinks = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(50, _("At most 50 drinks."))],
    )

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "day"], name="daycontext_one_per_day"),
        ]
        indexes = [models.Index(fields=["owner", "updated_at"])]

    def __str__(self):
        return f"Day context for {self.day}"

    def clean(self):
        errors = {}
        if self.exercise_intensity == Intensity.NONE and self.exercise_minutes:
            errors["exercise_intensity"] = _("You logged exercise minutes; pick how hard it was.")
        hours = (self.sitting_hours, self.standing_hours)
        if None not in hours and sum(hours) > 24:
            errors["standing_hours"] = _("Sitting and standing add up to more than 24 hours.")
        if errors:
            raise ValidationError(errors)


class Medication(JournalEntry):
    """A period on one medicine at one dose. A dose change starts a new period."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="medications"
    )
    name = models.CharField(_("name"), max_length=120)
    drug_class = models.CharField(max_length=20, choices=DrugClass, default=DrugClass.OTHER)
    dose = models.CharField(_("dose"), max_length=120, blank=True)
    started_on = models.DateField(_("started on"), validators=[validate_past_date])
    stopped_on = models.DateField(null=True, blank=True, validators=[validate_past_date])
    # A stable identity that travels with the row through backups and CSV files,
    # so an import can tell "already here" from "a second, identical entry".
    uuid = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["-started_on", "name"]
        indexes = [models.Index(fields=["owner", "updated_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stopped_on__isnull=True)
                | models.Q(stopped_on__gte=models.F("started_on")),
                name="medication_stop_after_start",
            ),
            models.UniqueConstraint(fields=["owner", "uuid"], name="medication_unique_uuid"),
        ]

    def __str__(self):
        return f"{self.name} {self.dose}".strip()

    def clean(self):
        if self.stopped_on and self.started_on and self.stopped_on < self.started_on:
            raise ValidationError({"stopped_on": _("The stop date is before the start date.")})

    def is_active_on(self, day):
        return self.started_on <= day and (self.stopped_on is None or day <= self.stopped_on)

    @property
    def is_flagged_class(self):
        return self.drug_class in FLAGGED_DRUG_CLASSES


class Condition(JournalEntry):
    """A health condition for the doctor summary (not correlated nightly)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conditions"
    )
    kind = models.CharField(max_length=16, choices=ConditionKind)
    started_on = models.DateField(
        _("started on"), null=True, blank=True, validators=[validate_past_date]
    )
    ended_on = models.DateField(null=True, blank=True, validators=[validate_past_date])
    # A stable identity that travels with the row through backups and CSV files,
    # so an import can tell "already here" from "a second, identical entry".
    uuid = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["kind", "-started_on"]
        indexes = [models.Index(fields=["owner", "updated_at"])]
        constraints = [
            models.UniqueConstraint(fields=["owner", "uuid"], name="condition_unique_uuid"),
        ]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end date is before the start date.")})


class PendingImport(models.Model):
    """An upload checked and previewed, waiting for the user to confirm it.

    Kept here rather than in the session: a 10 MB backup in the session would
    be read and decoded on every request until the preview was left. One per
    user; replaced by the next upload, removed on confirm, cancel, or leaving
    the preview, and with the account.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_import"
    )
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Import waiting since {self.created_at:%Y-%m-%d %H:%M}"


class JournalVersion(models.Model):
    """A counter that every write to the owner's journal moves (journal/caching.py)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_version"
    )
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"Journal version {self.number} of {self.owner_id}"


def new_client_token():
    return uuid.uuid4()
