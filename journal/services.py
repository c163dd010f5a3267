"""Reading a user's journal as plain records for insights, charts and exports."""

import json
from dataclasses import fields
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.db.models import TextField
from django.db.models.functions import Cast

from journal.models import CheckInMode, Condition, Cramp, DayContext, Medication, NightCheckIn
from journal.nights import hours_into_night, nights_between
from journal.records import (
    CrampRecord,
    DayRecord,
    Journal,
    MedicationRecord,
    NightRecord,
    Thresholds,
)

# What a CrampRecord is read from: its own fields, less the one computed from the
# others, plus the zone its time is shown in.
RECORD_FIELDS = tuple(f.name for f in fields(CrampRecord) if f.name != "hours_into_night")
CRAMP_FIELDS = (*RECORD_FIELDS, "time_zone")
DAY_FIELDS = (
    "day",
    "fluids_ml",
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
)


def _float(value):
    return None if value is None else float(value)


# Read as text, not through JSONField: most lists are empty, and json.loads("[]")
# for every list of every cramp was a quarter of load_journal() for ten years
# (make bench, load_journal() row in docs/performance.md).
JSON_LIST_FIELDS = ("relief_tried", "symptoms", "red_flags")


@lru_cache(maxsize=4096)
def _json_list(text):
    # A journal repeats a handful of lists ('["stretch"]'); tuples are safe to share.
    return () if text in (None, "", "[]") else tuple(json.loads(text))


def cramp_rows(queryset):
    """Dicts of CRAMP_FIELDS for `queryset`, with the JSON lists as tuples."""
    texts = {f"{name}_text": Cast(name, TextField()) for name in JSON_LIST_FIELDS}
    plain = [name for name in CRAMP_FIELDS if name not in JSON_LIST_FIELDS]
    for values in queryset.annotate(**texts).values_list(*plain, *texts):
        row = dict(zip(plain, values, strict=False))
        for name, text in zip(JSON_LIST_FIELDS, values[len(plain) :], strict=True):
            row[name] = _json_list(text)
        yield row


def cramp_record(row):
    """A CrampRecord from a dict of CRAMP_FIELDS (as from cramp_rows() or .values())."""
    local = row["started_at"].astimezone(ZoneInfo(row["time_zone"]))
    values = {name: row[name] for name in RECORD_FIELDS}
    for name in JSON_LIST_FIELDS:
        values[name] = tuple(values[name] or ())
    values["started_at"] = local
    return CrampRecord(**values, hours_into_night=hours_into_night(local, local.tzinfo))


def day_record(row):
    return DayRecord(
        **{
            **row,
            "sitting_hours": _float(row["sitting_hours"]),
            "standing_hours": _float(row["standing_hours"]),
        }
    )


def journal_extent(user):
    """(first, last) journal day with any entry, or None for an empty journal."""
    from django.db.models import Max, Min

    bounds = [
        Cramp.objects.owned_by(user).aggregate(a=Min("journal_day"), b=Max("journal_day")),
        NightCheckIn.objects.owned_by(user).aggregate(a=Min("night"), b=Max("night")),
        DayContext.objects.owned_by(user).aggregate(a=Min("day"), b=Max("day")),
    ]
    firsts = [b["a"] for b in bounds if b["a"]]
    lasts = [b["b"] for b in bounds if b["b"]]
    if not firsts:
        return None
    return min(firsts), max(lasts)


def load_journal(user, first: date, last: date) -> Journal:
    """Everything the analysis needs for nights first..last, in four queries.

    Queries: profile (cached on the user after the first access), cramps in
    range, check-ins in range, day contexts in range (plus the day before, for
    lag-1 exposures), all medication periods.
    """
    profile = user.profile
    cramps = [
        cramp_record(row)
        for row in cramp_rows(
            Cramp.objects.owned_by(user)
            .filter(journal_day__range=(first, last))
            # Night, then start: read in (owner, journal_day, started_at) index
            # order, so a week of a 10-year journal touches only that week's rows.
            .order_by("journal_day", "started_at")
        )
    ]
    checkins = {
        row["night"]: row
        for row in NightCheckIn.objects.owned_by(user)
        .filter(night__range=(first, last))
        .values("night", "cramp_free", "sleep_disturbance")
    }
    days = {
        row["day"]: day_record(row)
        for row in DayContext.objects.owned_by(user)
        .filter(day__range=(first - timedelta(days=1), last))
        .values(*DAY_FIELDS)
    }
    medications = [
        MedicationRecord(**row)
        for row in Medication.objects.owned_by(user)
        .order_by("started_on", "id")
        .values("id", "name", "drug_class", "dose", "started_on", "stopped_on")
    ]

    night_counts = {}
    for cramp in cramps:
        if cramp.is_night:
            night_counts[cramp.journal_day] = night_counts.get(cramp.journal_day, 0) + 1

    evening_mode = profile.checkin_mode == CheckInMode.EVENING
    nights = []
    for night in nights_between(first, last):
        count = night_counts.get(night, 0)
        checkin = checkins.get(night)
        confirmed = bool(checkin and checkin["cramp_free"]) and count == 0
        logged = count > 0 or confirmed or (evening_mode and night in days)
        nights.append(
            NightRecord(
                night=night,
                logged=logged,
                cramps=count,
                cramp_free_confirmed=confirmed,
                sleep_disturbance=checkin["sleep_disturbance"] if checkin else None,
            )
        )

    return Journal(
        first=first,
        last=last,
        time_zone=profile.time_zone,
        nights=nights,
        cramps=cramps,
        days=days,
        medications=medications,
        thresholds=Thresholds(
            fluid_target_ml=profile.fluid_target_ml,
            sitting_hours=float(profile.sitting_hours_threshold),
            standing_hours=float(profile.standing_hours_threshold),
            alcohol_drinks=profile.alcohol_drinks_threshold,
        ),
    )


# What a user owns, by the names the backup and the delete page use.
OWNED_MODELS = {
    "cramps": Cramp,
    "checkins": NightCheckIn,
    "day_contexts": DayContext,
    "medications": Medication,
    "conditions": Condition,
}


def owned_counts(user) -> dict[str, int]:
    """How many rows of each kind `user` owns (the delete page, tests)."""
    return {key: model.objects.owned_by(user).count() for key, model in OWNED_MODELS.items()}
