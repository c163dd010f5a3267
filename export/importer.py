"""Bringing a backup or a cramps CSV back in, all or nothing.

Imports run in two steps. `parse_upload()` turns the uploaded bytes into plain
JSON-able data (kept in a PendingImport row between the preview and the
confirmation); `plan_import()` validates every row with the models' own rules
(`full_clean`) and sorts rows into "new" and "already there"; `apply_plan()`
writes the new rows in one transaction. Nothing is written unless every row is
valid.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from export.formats import (
    BACKUP_FORMAT,
    BACKUP_VERSION,
    CSV_COLUMNS,
    CSV_DERIVED,
    CSV_REQUIRED,
    DERIVED_FIELDS,
    LIST_SEPARATOR,
    SECTIONS,
    TIMESTAMP_FIELDS,
    csv_code,
    exported_fields,
    restore_neutralised,
)
from journal.models import Cramp, Profile
from journal.models import validate_time_zone as _validate_zone


class ImportFileError(Exception):
    """The whole file cannot be used (wrong type, corrupt, too big, wrong version)."""


@dataclass
class RowError:
    where: str  # "Line 12" for CSV, "cramps entry 3" for a backup
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


@dataclass
class SectionPlan:
    label: str
    new: list = field(default_factory=list)  # unsaved model instances
    timestamps: list = field(default_factory=list)  # (created_at, updated_at) per new row
    duplicates: int = 0


@dataclass
class ImportPlan:
    kind: str  # "csv" or "backup"
    sections: dict[str, SectionPlan]
    profile_changes: dict = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def new_total(self):
        return sum(len(s.new) for s in self.sections.values())

    @property
    def duplicate_total(self):
        return sum(s.duplicates for s in self.sections.values())


# --- Parsing uploads ---------------------------------------------------------------


def parse_upload(raw: bytes, max_bytes: int) -> dict:
    """Bytes of an uploaded file -> {"kind": "csv"|"backup", ...} (JSON-able).

    Raises ImportFileError for a file that cannot be used at all.
    """
    if len(raw) > max_bytes:
        raise ImportFileError(size_message(len(raw), max_bytes))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            "This file is not UTF-8 text. Upload a backup.json or a cramps CSV from CrampLog."
        ) from None
    if "\x00" in text:
        raise ImportFileError("This file is not a text file (it contains binary data).")
    stripped = text.lstrip()
    if not stripped:
        raise ImportFileError("The file is empty.")
    if stripped.startswith(("{", "[")):
        return {"kind": "backup", "data": _parse_backup(stripped)}
    return {"kind": "csv", "rows": _parse_csv(text)}


def size_message(size, max_bytes):
    return (
        f"The file is {size / 1_000_000:.1f} MB; the largest file you can import is "
        f"{max_bytes / 1_000_000:.1f} MB."
    )


def _parse_backup(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"The backup file is damaged: it is not valid JSON (line {exc.lineno}, "
            f"column {exc.colno}: {exc.msg})."
        ) from None
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise ImportFileError("This JSON file is not a CrampLog backup.")
    version = data.get("version")
    if version != BACKUP_VERSION:
        raise ImportFileError(
            f"This backup has format version {version!r}; this CrampLog reads version "
            f"{BACKUP_VERSION}."
        )
    for key in SECTIONS:
        if not isinstance(data.get(key, []), list):
            raise ImportFileError(f"The backup is damaged: '{key}' should be a list.")
        if not all(isinstance(row, dict) for row in data.get(key, [])):
            raise ImportFileError(
                f"The backup is damaged: every entry of '{key}' should be an object."
            )
    if not isinstance(data.get("profile", {}), dict):
        raise ImportFileError("The backup is damaged: 'profile' should be an object.")
    return data


def _parse_csv(text):
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ImportFileError("The CSV file has no header row.") from None
    header = [h.strip() for h in header]
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        raise ImportFileError(
            f"This CSV is missing the column(s) {', '.join(missing)}. "
            "Use the columns of CrampLog's cramps CSV export."
        )
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise ImportFileError(f"Unknown column(s) in the CSV: {', '.join(unknown)}.")
    rows = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            line = reader.line_num
            if len(cells) != len(header):
                rows.append([line, None])
                continue
            rows.append(
                [line, {h: restore_neutralised(c) for h, c in zip(header, cells, strict=True)}]
            )
    except csv.Error as exc:
        raise ImportFileError(
            f"The CSV file is damaged near line {reader.line_num}: {exc}."
        ) from None
    return rows


# --- Validation (plan) -----------------------------------------------------------------


def _messages(exc: ValidationError):
    if hasattr(exc, "error_dict"):
        return [
            f"{name}: {' '.join(msgs)}" if name != "__all__" else " ".join(msgs)
            for name, msgs in exc.message_dict.items()
        ]
    return list(exc.messages)


def _natural_key(natural, instance):
    return tuple(getattr(instance, name) for name in natural)


def _existing_keys(user, model, natural):
    return set(model.objects.owned_by(user).values_list(*natural))


def _field_value(model_field, raw):
    """(value, None) or (None, problem) for one value read from a file."""
    try:
        value = model_field.to_python(raw)
    except ValidationError as exc:
        return None, f"{model_field.name}: {' '.join(exc.messages)}"
    except (TypeError, ValueError, OverflowError):
        return None, f"{model_field.name}: {raw!r} is not a valid value."
    if isinstance(value, datetime) and timezone.is_naive(value):
        return None, f"{model_field.name}: the time needs a UTC offset, for example +01:00."
    if _has_nul(value):
        # The forms refuse NUL characters too, and PostgreSQL cannot store them.
        return None, f"{model_field.name}: contains a NUL character, which is not allowed."
    return value, None


def _has_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


def _build(model, user, values, where, errors, fields_by_name):
    """An unsaved, fully validated instance, or None after recording the errors."""
    instance = model(owner=user)
    problems = []
    for name, raw in values.items():
        value, problem = _field_value(fields_by_name[name], raw)
        if problem:
            problems.append(problem)
        else:
            setattr(instance, fields_by_name[name].attname, value)
    if problems:
        errors.append(RowError(where, "; ".join(problems)))
        return None
    try:
        if model is Cramp and instance.started_at is not None:
            try:
                _validate_zone(instance.time_zone)
            except ValidationError as exc:
                raise ValidationError({"time_zone": exc.messages}) from None
            instance.refresh_derived()
        # Field validators and clean() carry every rule; the check constraints
        # repeat them for the database (which still enforces them on insert),
        # and checking them here would cost two queries per row.
        instance.full_clean(exclude=["owner"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.append(RowError(where, "; ".join(_messages(exc))))
        return None
    except OverflowError:
        errors.append(RowError(where, "a date or time is outside the range CrampLog accepts."))
        return None
    except (TypeError, ValueError, AttributeError):
        errors.append(RowError(where, "a value has the wrong type (see docs/backup-format.md)."))
        return None
    return instance


def _new_sections():
    return {key: SectionPlan(label=key.replace("_", " ")) for key in SECTIONS}


def _add(plan_section, instance, key, seen, timestamps=(None, None)):
    if key in seen:
        plan_section.duplicates += 1
        return
    seen.add(key)
    plan_section.new.append(instance)
    plan_section.timestamps.append(timestamps)


def _csv_values(row, profile_zone):
    """CSV cells -> field values for Cramp (lists split, derived columns dropped)."""
    values = {}
    for column, cell in row.items():
        if column in CSV_DERIVED:
            continue
        cell = cell.strip() if column != "notes" else cell
        if column in ("relief_tried", "symptoms"):
            items = [v.strip() for v in cell.split(LIST_SEPARATOR) if v.strip()]
            values[column] = [csv_code(column, item) for item in items]
        elif column == "woke_from_sleep":
            values[column] = {"": None, "yes": True, "no": False}.get(cell.lower(), cell)
        elif column in ("duration_seconds", "severity"):
            values[column] = cell or None
        else:
            values[column] = csv_code(column, cell)  # a label as exported, or a code
    values.setdefault("time_zone", profile_zone)
    if not values["time_zone"]:
        values["time_zone"] = profile_zone
    values["started_at"] = _aware_in_zone(values.get("started_at", ""), values["time_zone"])
    return values


def _aware_in_zone(text, zone_name):
    """A naive local time in the CSV is read in the row's zone; aware ones are kept."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return text  # to_python reports it
    if parsed.tzinfo is None:
        try:
            return parsed.replace(tzinfo=ZoneInfo(zone_name))
        except (KeyError, ValueError, OSError):
            return text
    return parsed


def plan_import(user, upload: dict) -> ImportPlan:
    """Validate every row of a parsed upload; nothing is written."""
    if upload["kind"] == "csv":
        return _plan_csv(user, upload["rows"])
    return _plan_backup(user, upload["data"])


def _plan_csv(user, rows):
    plan = ImportPlan(kind="csv", sections=_new_sections())
    fields_by_name = {f.name: f for f in exported_fields(Cramp)}
    natural = SECTIONS["cramps"][1]
    seen = _existing_keys(user, Cramp, natural)
    section = plan.sections["cramps"]
    zone = user.profile.time_zone
    for line, row in rows:
        where = f"Line {line}"
        if row is None:
            plan.errors.append(
                RowError(where, "this row has a different number of cells than the header.")
            )
            continue
        row_zone = (row.get("time_zone") or "").strip()
        if row_zone:
            try:
                _validate_zone(row_zone)
            except ValidationError as exc:
                plan.errors.append(RowError(where, f"time_zone: {' '.join(exc.messages)}"))
                continue
        instance = _build(Cramp, user, _csv_values(row, zone), where, plan.errors, fields_by_name)
        if instance is not None:
            _add(section, instance, _natural_key(natural, instance), seen)
    return plan


def _existing_tokens(user):
    return set(
        Cramp.objects.owned_by(user)
        .exclude(client_token=None)
        .values_list("client_token", flat=True)
    )


def _plan_backup(user, data):
    plan = ImportPlan(kind="backup", sections=_new_sections())
    plan.profile_changes = _plan_profile(user, data.get("profile") or {}, plan.errors)
    for key, (model, natural) in SECTIONS.items():
        fields = exported_fields(model)
        fields_by_name = {f.name: f for f in fields}
        derived = DERIVED_FIELDS.get(model, frozenset())
        seen = _existing_keys(user, model, natural)
        section = plan.sections[key]
        tokens = _existing_tokens(user) if model is Cramp else set()
        for index, row in enumerate(data.get(key, []), start=1):
            where = f"{section.label} entry {index}"
            unknown = sorted(set(row) - set(fields_by_name))
            if unknown:
                plan.errors.append(RowError(where, f"unknown field(s): {', '.join(unknown)}."))
                continue
            values = {
                name: value
                for name, value in row.items()
                if name not in derived and name not in TIMESTAMP_FIELDS
            }
            instance = _build(model, user, values, where, plan.errors, fields_by_name)
            if instance is None:
                continue
            stamps = _timestamps(row, fields_by_name, where, plan.errors)
            if model is Cramp and instance.client_token is not None:
                # The offline-sync token must stay unique per owner; a clash only
                # means the token is dropped, never that the cramp is lost.
                if instance.client_token in tokens:
                    instance.client_token = None
                tokens.add(instance.client_token)
            _add(section, instance, _natural_key(natural, instance), seen, stamps)
    return plan


def _timestamps(row, fields_by_name, where, errors):
    stamps = []
    for name in TIMESTAMP_FIELDS:
        raw = row.get(name)
        value, problem = _field_value(fields_by_name[name], raw) if raw else (None, None)
        if problem:
            errors.append(RowError(where, problem))
        stamps.append(value)
    return tuple(stamps)


def _plan_profile(user, values, errors):
    """The profile settings in the backup, validated on a copy of the profile."""
    fields_by_name = {f.name: f for f in exported_fields(Profile)}
    unknown = sorted(set(values) - set(fields_by_name))
    if unknown:
        errors.append(RowError("profile", f"unknown field(s): {', '.join(unknown)}."))
        return {}
    profile = Profile.objects.get(user=user)
    changes = {}
    problems = []
    for name, raw in values.items():
        value, problem = _field_value(fields_by_name[name], raw)
        if problem:
            problems.append(problem)
            continue
        setattr(profile, fields_by_name[name].attname, value)
        changes[fields_by_name[name].attname] = value
    if not problems:
        try:
            profile.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems.extend(_messages(exc))
        except (TypeError, ValueError, AttributeError):
            problems.append("a value has the wrong type (see docs/backup-format.md).")
    if problems:
        errors.append(RowError("profile", "; ".join(problems)))
        return {}
    return changes


# --- Writing -------------------------------------------------------------------------


def apply_plan(user, plan: ImportPlan) -> dict[str, int]:
    """Write a valid plan in one transaction; returns new rows per section."""
    if not plan.ok:
        raise ValueError("apply_plan() needs a plan without errors")
    created = {}
    with transaction.atomic():
        if plan.profile_changes:
            Profile.objects.filter(user=user).update(**plan.profile_changes)
        for key, section in plan.sections.items():
            model = SECTIONS[key][0]
            # Cramps were given their derived fields (night, red flags) in _build.
            model.objects.bulk_create(section.new, batch_size=500)
            _restore_timestamps(model, section)
            created[key] = len(section.new)
    return created


def _restore_timestamps(model, section):
    # auto_now/auto_now_add overwrite these on save(); bulk_update does not.
    changed = []
    for instance, (created_at, updated_at) in zip(section.new, section.timestamps, strict=True):
        if created_at is None and updated_at is None:
            continue
        instance.created_at = created_at or instance.created_at
        instance.updated_at = updated_at or instance.updated_at
        changed.append(instance)
    if changed:
        model.objects.bulk_update(changed, list(TIMESTAMP_FIELDS), batch_size=500)
