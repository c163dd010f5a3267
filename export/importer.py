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
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from export.formats import (
    BACKUP_FORMAT,
    CSV_COLUMNS,
    CSV_DERIVED,
    CSV_READ_ONLY,
    CSV_REQUIRED,
    DERIVED_FIELDS,
    IDENTITY,
    LIST_SEPARATOR,
    READABLE_VERSIONS,
    SECTIONS,
    TIMESTAMP_FIELDS,
    csv_code,
    exported_fields,
    restore_neutralised,
    seconds_from_minutes,
)
from journal.caching import bump_journal_version
from journal.models import Cramp, Profile, validate_not_future
from journal.models import validate_time_zone as _validate_zone


class ImportFileError(Exception):
    """The whole file cannot be used (wrong type, corrupt, too big, wrong version)."""


# The keys a backup may have at its top level (a newer file is refused, not half-read).
TOP_LEVEL_KEYS = frozenset({"format", "version", "exported_at", "username", "profile", *SECTIONS})


@dataclass
class RowError:
    where: str  # "Line 12" for CSV, "cramps entry 3" for a backup (in the user's language)
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

    @property
    def shown_errors(self):
        """The first problems: a file with 100,000 bad rows gets a short page."""
        return self.errors[: settings.IMPORT_MAX_ERRORS_SHOWN]

    @property
    def hidden_error_count(self):
        return max(len(self.errors) - settings.IMPORT_MAX_ERRORS_SHOWN, 0)


# --- Parsing uploads ---------------------------------------------------------------


def parse_upload(raw: bytes, max_bytes: int, bounded: bool = True) -> dict:
    """Bytes of an uploaded file -> {"kind": "csv"|"backup", ...} (JSON-able).

    Raises ImportFileError for a file that cannot be used at all. `bounded`
    applies IMPORT_MAX_ROWS; only operators' restore_all passes False (a whole
    account, from a file the operator wrote, is never refused for its size).
    """
    if len(raw) > max_bytes:
        raise ImportFileError(size_message(len(raw), max_bytes))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("This file is not UTF-8 text. Upload a backup.json or a cramps CSV from CrampLog.")
        ) from None
    if "\x00" in text:
        raise ImportFileError(_("This file is not a text file (it contains binary data)."))
    stripped = text.lstrip()
    if not stripped:
        raise ImportFileError(_("The file is empty."))
    if stripped.startswith(("{", "[")):
        return {"kind": "backup", "data": _parse_backup(stripped, bounded)}
    return {"kind": "csv", "rows": _parse_csv(text, bounded)}


def megabytes(size, trim=False):
    """Bytes as megabytes with one decimal in the active language: 2_500_000 -> "2.5"
    ("2,5" in German); `trim` drops a trailing ".0"."""
    text = f"{size / 1_000_000:.1f}"
    if trim:
        text = text.removesuffix(".0")
    return number_format(Decimal(text))


def size_message(size, max_bytes):
    return _("The file is %(size)s MB; the largest file you can import is %(limit)s MB.") % {
        "size": megabytes(size),
        "limit": megabytes(max_bytes),
    }


def _refuse_constant(name):
    raise ImportFileError(
        _(
            "The backup file is damaged: %(name)s is not a number JSON allows "
            "(CrampLog never writes it)."
        )
        % {"name": name}
    )


def _too_deep():
    return ImportFileError(
        _("The backup file is damaged: it is nested far deeper than a CrampLog backup.")
    )


def _parse_backup(text, bounded):
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        # Translators: %(reason)s is the JSON reader's own English words, e.g. "Expecting value".
        raise ImportFileError(
            _(
                "The backup file is damaged: it is not valid JSON (line %(line)s, "
                "column %(column)s: %(reason)s)."
            )
            % {"line": exc.lineno, "column": exc.colno, "reason": exc.msg}
        ) from None
    except RecursionError:
        raise _too_deep() from None
    try:
        # Lone surrogates (\ud800 written as an escape) are not text: no
        # database or page could show them.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ImportFileError(
            _(
                "The backup file is damaged: it contains an escaped character that is not "
                "valid Unicode (a lone surrogate such as \\ud800)."
            )
        ) from None
    except RecursionError:
        raise _too_deep() from None
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise ImportFileError(_("This JSON file is not a CrampLog backup."))
    version = data.get("version")
    if type(version) is not int or version not in READABLE_VERSIONS:  # not True, not 1.0
        raise ImportFileError(
            _(
                "This backup has format version %(version)s; this CrampLog reads versions %(readable)s."
            )
            % {
                "version": json.dumps(version)[:20],
                "readable": ", ".join(map(str, READABLE_VERSIONS)),
            }
        )
    for key in SECTIONS:
        if not isinstance(data.get(key, []), list):
            raise ImportFileError(
                _("The backup is damaged: '%(key)s' should be a list.") % {"key": key}
            )
        if not all(isinstance(row, dict) for row in data.get(key, [])):
            raise ImportFileError(
                _("The backup is damaged: every entry of '%(key)s' should be an object.")
                % {"key": key}
            )
    if not isinstance(data.get("profile", {}), dict):
        raise ImportFileError(
            _("The backup is damaged: '%(key)s' should be an object.") % {"key": "profile"}
        )
    unknown = sorted(set(data) - TOP_LEVEL_KEYS)
    if unknown:
        raise ImportFileError(
            _("The backup has parts this CrampLog does not know: %(parts)s.")
            % {"parts": ", ".join(unknown)[:200]}
        )
    if bounded:
        _check_row_count(sum(len(data.get(key, [])) for key in SECTIONS))
    return data


def _check_row_count(rows):
    limit = settings.IMPORT_MAX_ROWS
    if rows > limit:
        raise ImportFileError(
            _(
                "The file holds %(rows)s entries; one import takes at most %(limit)s. "
                "Split it into smaller files."
            )
            % {
                "rows": number_format(rows, force_grouping=True),
                "limit": number_format(limit, force_grouping=True),
            }
        )


def _parse_csv(text, bounded):
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ImportFileError(_("The CSV file has no header row.")) from None
    header = [h.strip() for h in header]
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        # Translators: %(columns)s are CSV column names, which stay in English.
        raise ImportFileError(
            _(
                "This CSV is missing the column(s) %(columns)s. "
                "Use the columns of CrampLog's cramps CSV export."
            )
            % {"columns": ", ".join(missing)}
        )
    unknown = [h for h in header if h not in CSV_COLUMNS and h not in CSV_READ_ONLY]
    if unknown:
        raise ImportFileError(
            _("Unknown column(s) in the CSV: %(columns)s.") % {"columns": ", ".join(unknown)}
        )
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
            if bounded and len(rows) > settings.IMPORT_MAX_ROWS:
                _check_row_count(len(rows))
    except csv.Error as exc:
        # Translators: %(reason)s is the CSV reader's own English words.
        raise ImportFileError(
            _("The CSV file is damaged near line %(line)s: %(reason)s.")
            % {"line": reader.line_num, "reason": exc}
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


class _AlreadyThere:
    """Decides, row by row, whether a file's row is already in the journal.

    A row with an identity (uuid) is there when that uuid is. A row without one
    is matched on its natural key, counted: the n-th file row with a key is
    there when the journal holds at least n rows with that key, so identical
    twins are all kept and importing the same file twice adds nothing. Models
    without an identity (one check-in per night, one day entry per day) allow
    one row per key.
    """

    def __init__(self, user, model, natural):
        self.natural = natural
        self.identified = any(f.name == IDENTITY for f in model._meta.concrete_fields)
        rows = model.objects.owned_by(user)
        self.uuids = set(rows.values_list(IDENTITY, flat=True)) if self.identified else set()
        self.in_journal = Counter(rows.values_list(*natural))
        self.in_file = Counter()

    def __call__(self, instance, has_identity):
        if has_identity:
            if instance.uuid in self.uuids:
                return True
            self.uuids.add(instance.uuid)
            return False
        key = tuple(getattr(instance, name) for name in self.natural)
        self.in_file[key] += 1
        if not self.identified:
            return self.in_journal[key] > 0 or self.in_file[key] > 1
        if self.in_file[key] <= self.in_journal[key]:
            return True
        self.uuids.add(instance.uuid)  # a fresh one, given by the model
        return False


def _wrong_type(model_field, raw):
    """Why a JSON value cannot be this field's value, or None.

    to_python() would turn a list into the text "['a', 'b']", True into 1 and
    3.7 into 3: a backup never holds such values, so they are refused.
    """
    if raw is None:
        return None
    if isinstance(model_field, models.JSONField):
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            return _("should be a list of codes (text).")
        return None
    if isinstance(raw, list | dict):
        return _("should be a single value, not a list or an object.")
    if isinstance(model_field, models.BooleanField):
        return None if isinstance(raw, bool | str) else _("should be true or false.")
    if isinstance(raw, bool):
        return _("should not be true or false.")
    if isinstance(raw, float) and isinstance(model_field, models.IntegerField):
        return None if raw.is_integer() else _("should be a whole number.")
    if isinstance(model_field, models.CharField | models.TextField) and not isinstance(raw, str):
        return _("should be text.")
    return None


def _problem(name, text):
    """A problem with one field: the field's name (as in the file, English) and what is wrong."""
    # Translators: "severity: Use 0 to 10." %(field)s is a field name of the file, in English.
    return _("%(field)s: %(problem)s") % {"field": name, "problem": text}


def _field_value(model_field, raw):
    """(value, None) or (None, problem) for one value read from a file."""
    wrong = _wrong_type(model_field, raw)
    if wrong:
        return None, _problem(model_field.name, wrong)
    try:
        value = model_field.to_python(raw)
    except ValidationError as exc:
        return None, _problem(model_field.name, " ".join(exc.messages))
    except (TypeError, ValueError, OverflowError):
        return None, _problem(
            model_field.name,
            _("%(value)s is not a valid value.") % {"value": repr(str(raw)[:40])},
        )
    if isinstance(value, datetime) and timezone.is_naive(value):
        return None, _problem(
            model_field.name, _("the time needs a UTC offset, for example +01:00.")
        )
    if _has_nul(value):
        # The forms refuse NUL characters too, and PostgreSQL cannot store them.
        return None, _problem(
            model_field.name, _("contains a NUL character, which is not allowed.")
        )
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
        if name == IDENTITY and raw in (None, ""):
            continue  # no identity in the file: keep the fresh one the model gave
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
        errors.append(RowError(where, _("a date or time is outside the range CrampLog accepts.")))
        return None
    except (TypeError, ValueError, AttributeError):
        errors.append(RowError(where, _("a value has the wrong type (see docs/backup-format.md).")))
        return None
    return instance


def _new_sections():
    return {key: SectionPlan(label=key.replace("_", " ")) for key in SECTIONS}


def _has_identity(values):
    return values.get(IDENTITY) not in (None, "")


def _add(plan_section, instance, already_there, has_identity, timestamps=(None, None)):
    if already_there(instance, has_identity):
        plan_section.duplicates += 1
        return
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
        elif column == "duration_minutes":
            values["duration_seconds"] = seconds_from_minutes(cell) if cell else None
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


class _Budget:
    """Checking stops after IMPORT_MAX_SECONDS, so no file ties up a worker."""

    def __init__(self, bounded):
        self.seconds = settings.IMPORT_MAX_SECONDS
        self.deadline = time.monotonic() + self.seconds if bounded else None

    def spent(self, plan):
        if self.deadline is None or time.monotonic() < self.deadline:
            return False
        plan.errors.append(
            RowError(
                _("File"),
                ngettext(
                    "checking it took longer than %(seconds)s second, so it was stopped. "
                    "Split it into smaller files.",
                    "checking it took longer than %(seconds)s seconds, so it was stopped. "
                    "Split it into smaller files.",
                    self.seconds,
                )
                % {"seconds": self.seconds},
            )
        )
        return True


def plan_import(user, upload: dict, bounded: bool = True) -> ImportPlan:
    """Validate every row of a parsed upload; nothing is written.

    `bounded` stops checking after IMPORT_MAX_SECONDS (see parse_upload).
    """
    if upload["kind"] == "csv":
        return _plan_csv(user, upload["rows"], _Budget(bounded))
    return _plan_backup(user, upload["data"], _Budget(bounded))


def _plan_csv(user, rows, budget):
    plan = ImportPlan(kind="csv", sections=_new_sections())
    fields_by_name = {f.name: f for f in exported_fields(Cramp)}
    already_there = _AlreadyThere(user, Cramp, SECTIONS["cramps"][1])
    section = plan.sections["cramps"]
    zone = user.profile.time_zone
    for line, row in rows:
        if budget.spent(plan):
            break
        where = _("Line %(number)s") % {"number": line}
        if row is None:
            plan.errors.append(
                RowError(where, _("this row has a different number of cells than the header."))
            )
            continue
        row_zone = (row.get("time_zone") or "").strip()
        if row_zone:
            try:
                _validate_zone(row_zone)
            except ValidationError as exc:
                plan.errors.append(RowError(where, _problem("time_zone", " ".join(exc.messages))))
                continue
        values = _csv_values(row, zone)
        instance = _build(Cramp, user, values, where, plan.errors, fields_by_name)
        if instance is not None:
            _add(section, instance, already_there, _has_identity(values))
    return plan


def _existing_tokens(user):
    return set(
        Cramp.objects.owned_by(user)
        .exclude(client_token=None)
        .values_list("client_token", flat=True)
    )


def _plan_backup(user, data, budget):
    plan = ImportPlan(kind="backup", sections=_new_sections())
    plan.profile_changes = _plan_profile(user, data.get("profile") or {}, plan.errors)
    for key, (model, natural) in SECTIONS.items():
        fields = exported_fields(model)
        fields_by_name = {f.name: f for f in fields}
        derived = DERIVED_FIELDS.get(model, frozenset())
        already_there = _AlreadyThere(user, model, natural)
        section = plan.sections[key]
        tokens = _existing_tokens(user) if model is Cramp else set()
        for index, row in enumerate(data.get(key, []), start=1):
            if budget.spent(plan):
                return plan
            # Translators: %(section)s is a part of the backup file, named as in the file
            # ("cramps", "day contexts"), which stays in English.
            where = _("%(section)s entry %(number)s") % {"section": section.label, "number": index}
            unknown = sorted(set(row) - set(fields_by_name))
            if unknown:
                plan.errors.append(RowError(where, _unknown_fields(unknown)))
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
            _add(section, instance, already_there, _has_identity(values), stamps)
    return plan


def _timestamps(row, fields_by_name, where, errors):
    stamps = []
    for name in TIMESTAMP_FIELDS:
        raw = row.get(name)
        value, problem = _field_value(fields_by_name[name], raw) if raw else (None, None)
        if value is not None and not problem:
            # Not checked by full_clean (auto_now fields), but written as given: a
            # year-9999 time would overflow on the way into the database.
            try:
                validate_not_future(value)
            except ValidationError as exc:
                problem = _problem(name, " ".join(exc.messages))
        if problem:
            errors.append(RowError(where, problem))
        stamps.append(value)
    return tuple(stamps)


def _unknown_fields(names):
    # Translators: %(names)s are field names of the file, which stay in English.
    return _("unknown field(s): %(names)s.") % {"names": ", ".join(names)[:200]}


def _plan_profile(user, values, errors):
    """The profile settings in the backup, validated on a copy of the profile."""
    fields_by_name = {f.name: f for f in exported_fields(Profile)}
    unknown = sorted(set(values) - set(fields_by_name))
    if unknown:
        errors.append(RowError("profile", _unknown_fields(unknown)))
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
        except OverflowError:
            problems.append(_("a date or time is outside the range CrampLog accepts."))
        except (TypeError, ValueError, AttributeError):
            problems.append(_("a value has the wrong type (see docs/backup-format.md)."))
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
        # bulk_create, bulk_update and update() send no signals: move the
        # journal version here, in the import's transaction, first (as every
        # write does: journal/signals.py).
        bump_journal_version(user.pk)
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
