"""One description of each file the user can take away and bring back.

The cramps CSV's columns and the backup's sections and fields are described
here once, so export (`export.files`) and import (`export.importer`) cannot
disagree: an export always imports back unchanged. docs/backup-format.md
describes both formats for people and other programs.
"""

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from uuid import UUID

from django.utils import translation

from journal.models import (
    Activity,
    Condition,
    Cramp,
    DayContext,
    Medication,
    Muscle,
    NightCheckIn,
    Relief,
    Side,
    Soreness,
    Symptom,
)

BACKUP_FORMAT = "cramplog-backup"
BACKUP_VERSION = 2
# Version 1 had no row identities (uuid); its rows are matched on natural keys.
READABLE_VERSIONS = (1, 2)

# Cells a spreadsheet would read as a formula (or that hide one behind
# whitespace) get a leading apostrophe; a cell that already starts with an
# apostrophe gets one too, so the import can always remove exactly one.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "'")
LIST_SEPARATOR = ";"

CSV_COLUMNS = (
    "started_at",  # ISO 8601 local time with offset, in the cramp's own zone
    "time_zone",
    "night",  # journal night (YYYY-MM-DD); empty for a daytime cramp
    "journal_day",
    "duration_minutes",  # decimal minutes (90 s -> 1.5), exact to the second
    "muscle",
    "side",
    "severity",
    "woke_from_sleep",
    "activity",
    "relief_tried",
    "relief_best",
    "symptoms",
    "soreness",
    "notes",
    "red_flags",
    "uuid",  # the row's identity: "already imported" means "this uuid is in the journal"
)
# Read from older files, which gave the duration in whole seconds.
CSV_READ_ONLY = ("duration_seconds",)


def minutes_text(seconds):
    """Whole seconds as decimal minutes: 90 -> "1.5", 601 -> "10.0167" (exact back to
    the second); empty when not timed."""
    if seconds is None:
        return ""
    return f"{seconds / 60:.4f}".rstrip("0").rstrip(".")


def seconds_from_minutes(text):
    """The inverse of minutes_text: "1.5" -> 90; text that is no number is returned
    as it is, for the model's validation to name."""
    try:
        minutes = float(text)
    except ValueError:
        return text
    if minutes != minutes or minutes in (float("inf"), float("-inf")):
        return text
    return round(minutes * 60)


# Columns written with their labels ("Thigh (back) / hamstring", "Lying awake"),
# so the file reads in a spreadsheet; the import takes a label or a code.
CSV_LABELLED = {
    "muscle": Muscle,
    "side": Side,
    "activity": Activity,
    "relief_tried": Relief,
    "relief_best": Relief,
    "symptoms": Symptom,
    "soreness": Soreness,
}


@cache  # always English, whatever language is active: safe to keep
def _labels(choices):
    """{code: label} in the file's language, English, whatever language the user reads:
    the CSV is a data format that is imported back."""
    with translation.override("en"):
        return {value: str(label) for value, label in choices.choices}


def csv_label(column, code):
    """The English label a CSV cell shows for a stored code (unknown codes stay as they are)."""
    choices = CSV_LABELLED.get(column)
    if not choices or not code:
        return code
    return _labels(choices).get(code, code)


def csv_code(column, text):
    """The stored code for a CSV cell holding a label or a code (case-insensitive label).

    The English label as exported; a label in the user's own language is read too."""
    choices = CSV_LABELLED.get(column)
    if not choices or not text:
        return text
    by_label = {str(label).lower(): value for value, label in choices.choices}
    by_label.update({label.lower(): value for value, label in _labels(choices).items()})
    return by_label.get(text.lower(), text)


# Recomputed from the other columns on import (Cramp.refresh_derived).
CSV_DERIVED = frozenset({"night", "journal_day", "red_flags"})
CSV_REQUIRED = ("started_at", "muscle")

# Sections of backup.json: key -> (model, natural key). A row that carries an
# identity (IDENTITY, the uuid field) is "already imported" when that uuid is in
# the journal. A row without one (a version 1 backup, a CSV without the uuid
# column, a check-in or day entry) is matched on its natural key, counted: the
# n-th such row with one key is already there when the journal holds n rows
# with that key, so exact twins in one file are all kept.
IDENTITY = "uuid"
SECTIONS = {
    "cramps": (Cramp, ("started_at", "muscle", "side")),
    "checkins": (NightCheckIn, ("night",)),
    "day_contexts": (DayContext, ("day",)),
    "medications": (Medication, ("name", "started_on")),
    "conditions": (Condition, ("kind", "started_on")),
}
NOT_EXPORTED = frozenset({"id", "owner", "user"})
# Fields the import does not take from the file: they are derived on save.
DERIVED_FIELDS = {Cramp: frozenset({"journal_day", "is_night", "red_flags"})}
TIMESTAMP_FIELDS = ("created_at", "updated_at")


def exported_fields(model):
    """Every concrete field of a model except its key and owner, in model order.

    Derived from the model itself so a field added later is backed up too.
    """
    return [f for f in model._meta.concrete_fields if f.name not in NOT_EXPORTED]


# --- Values ------------------------------------------------------------------


def to_json_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, UUID):
        return str(value)
    return value


# Spreadsheets skip leading spaces and line breaks before a formula, so a cell
# such as "  =HYPERLINK(...)" or "\n=1+1" is one too.
FORMULA_STARTS = ("=", "+", "-", "@")


def _looks_like_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_PREFIXES) or cell.lstrip().startswith(FORMULA_STARTS)


def neutralise(cell: str) -> str:
    """Defuse a cell a spreadsheet would run as a formula (CSV injection)."""
    return "'" + cell if _looks_like_formula(cell) else cell


def restore_neutralised(cell: str) -> str:
    """Undo `neutralise` exactly: drop one apostrophe it could have added."""
    if cell.startswith("'") and _looks_like_formula(cell[1:]):
        return cell[1:]
    return cell
