"""What cached pages, fragments, charts and analyses are keyed by.

Two versions, one home:

- ``journal_version(user)``: a per-user counter that every write to the
  user's journal moves in the same transaction (``bump_journal_version``,
  called from the signals in journal/signals.py and explicitly after bulk
  writes that bypass signals). No clocks, no counts: a restored older backup,
  a row dated in the future or two servers whose clocks differ still move it.
- ``render_version()``: a hash of the code that draws cached markup and images
  (every app's Python, every template, the translation catalogs and the
  pinned requirements) and the language being drawn in, so a deploy never
  serves what the previous code drew, even from a cache shared between
  servers (CACHE_URL), and nobody is served a page drawn in another language.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

ROOT = Path(__file__).resolve().parent.parent
# Everything that fills a cached template or draws a cached image. A new module
# in one of these folders is covered without anyone listing it.
CODE = (
    "accounts",
    "cramplog",
    "export",
    "insights",
    "journal",
    "locale",
    "templates",
    "requirements.txt",
)
SUFFIXES = (".py", ".html", ".txt", ".po")


@cache
def source_version(root=ROOT):
    """A short hash of the app's code, templates and pinned requirements."""
    digest = hashlib.sha256()
    for name in CODE:
        top = Path(root) / name
        paths = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in paths:
            if path.is_file() and path.suffix in SUFFIXES:
                digest.update(str(path.relative_to(root)).encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def render_version():
    """What every cached drawing is keyed by: the code and the active language."""
    return f"{source_version()}.{get_language()}"


def journal_version(user):
    """The user's journal version as a string: "<row id>.<counter>".

    The row's id is part of it so that a journal deleted with its account and
    later restored under the same user id never meets its old cache entries.
    One query; it runs on every cached page and chart request, 304s included.
    """
    from journal.models import JournalVersion

    row = JournalVersion.objects.filter(owner_id=user.pk).values_list("pk", "number").first()
    if row is None:
        version, _ = JournalVersion.objects.get_or_create(owner_id=user.pk)
        row = (version.pk, version.number)
    return f"{row[0]}.{row[1]}"


def bump_journal_version(owner_id):
    """Move the owner's journal version; call it inside the write's transaction.

    One UPDATE ... SET number = number + 1 RETURNING (SQLite >= 3.35 and
    PostgreSQL say it alike): concurrent writers each move it, a reader sees the
    new number only once the write is committed, and the writer learns the
    version its write makes (journal/tonight.py). Returns it as
    ``journal_version`` spells it.
    """
    from django.db import connection

    from journal.models import JournalVersion

    table = connection.ops.quote_name(JournalVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET number = number + 1 WHERE owner_id = %s RETURNING id, number",
            [owner_id],
        )
        row = cursor.fetchone()
    if row is None:
        version, _ = JournalVersion.objects.get_or_create(owner_id=owner_id, defaults={"number": 1})
        row = (version.pk, version.number)
    return f"{row[0]}.{row[1]}"
