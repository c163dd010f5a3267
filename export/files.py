"""Writing the user's data out: the cramps CSV and the complete backup."""

import csv
import io
import json

from django.utils import timezone

from export.formats import (
    BACKUP_FORMAT,
    BACKUP_VERSION,
    CSV_COLUMNS,
    LIST_SEPARATOR,
    SECTIONS,
    csv_label,
    exported_fields,
    minutes_text,
    neutralise,
    to_json_value,
)
from journal.models import Cramp, Profile


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(value)
    return str(to_json_value(value))


# --- CSV export ----------------------------------------------------------------


def cramp_csv_row(cramp):
    """One cramp as a dict of CSV_COLUMNS (plain text, not yet neutralised)."""
    values = {
        "started_at": cramp.local_started_at.isoformat(),
        "time_zone": cramp.time_zone,
        "night": cramp.journal_day.isoformat() if cramp.is_night else "",
        "journal_day": cramp.journal_day.isoformat(),
        "duration_minutes": minutes_text(cramp.duration_seconds),
    }
    for column in CSV_COLUMNS:
        if column not in values:
            value = getattr(cramp, column)
            if isinstance(value, list):
                value = [csv_label(column, item) for item in value]
            else:
                value = csv_label(column, value)
            values[column] = _csv_text(value)
    return values


def cramps_csv(cramps) -> str:
    """The CSV text for an iterable of cramps, with a BOM so spreadsheets read UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for cramp in cramps:
        row = cramp_csv_row(cramp)
        writer.writerow([neutralise(row[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def user_cramps(user, first=None, last=None):
    cramps = Cramp.objects.owned_by(user).order_by("started_at", "id")
    if first is not None and last is not None:
        cramps = cramps.filter(journal_day__range=(first, last))
    return cramps


# --- Backup export ---------------------------------------------------------------


def _record(instance, fields):
    return {f.name: to_json_value(getattr(instance, f.attname)) for f in fields}


def build_backup(user, now=None) -> dict:
    """Everything `user` owns, as the JSON-able backup document (BACKUP_VERSION)."""
    now = now or timezone.now()
    profile = Profile.objects.get(user=user)
    document = {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "exported_at": now.isoformat(),
        "username": user.get_username(),
        "profile": _record(profile, exported_fields(Profile)),
    }
    for key, (model, _natural) in SECTIONS.items():
        fields = exported_fields(model)
        rows = []
        for instance in model.objects.owned_by(user).order_by("pk"):
            row = _record(instance, fields)
            if model is Cramp:
                # Written in the cramp's own zone so the file reads like the journal.
                row["started_at"] = instance.local_started_at.isoformat()
            rows.append(row)
        document[key] = rows
    return document


def backup_json(user, now=None) -> str:
    return json.dumps(build_backup(user, now), ensure_ascii=False, indent=1)
