"""Tonight's list: the cramps of the journal day now running, as the home page shows them.

It is read on every home page and redrawn after every quick log, so it is kept
under the journal version (journal/caching.py): a version that every write
moves in its own transaction keys it, and losing it costs one query.

After a quick log the list is not read again: the write's own version
(returned by its UPDATE) tells which version came just before it, and the list
kept under that one plus the row just saved is the list now. Any other write
in between would have moved the version further, so a list found under the
previous version is the journal as it was right before this cramp (a page
read while this cramp was saved may already hold it: rows are matched by id).
"""

from django.core.cache import cache

from journal.models import Cramp

FIELDS = (
    "started_at",
    "time_zone",
    "journal_day",
    "is_night",
    "muscle",
    "side",
    "duration_seconds",
    "updated_at",  # keys each row's cached HTML (journal/fragments.py)
)
SECONDS = 36 * 60 * 60  # a journal day and a little more


def tonight_key(user_id, version, day):
    return f"tonight:{user_id}:{version}:{day.isoformat()}"


def _read(user_id, day):
    return list(
        Cramp.objects.filter(owner_id=user_id, journal_day=day)
        .order_by("started_at", "pk")
        .only(*FIELDS)
    )


def tonight_cramps(user_id, day, version=None):
    """The cramps of journal day ``day``, oldest first; kept under ``version`` if given."""
    if version is None:
        return _read(user_id, day)
    return cache.get_or_set(
        tonight_key(user_id, version, day), lambda: _read(user_id, day), SECONDS
    )


def tonight_after_saving(cramp, day):
    """The list of ``day`` right after ``cramp`` was saved (by its owner, just now)."""
    version = getattr(cramp, "journal_version_after", None)
    if version is None:  # not saved by this request (a repeated tap): read it
        return _read(cramp.owner_id, day)
    row_id, number = version.split(".")
    before = cache.get(tonight_key(cramp.owner_id, f"{row_id}.{int(number) - 1}", day))
    if before is None:
        return tonight_cramps(cramp.owner_id, day, version)
    cramps = [c for c in before if c.pk != cramp.pk]
    if cramp.journal_day == day:
        cramps.append(cramp)
    cramps.sort(key=lambda c: (c.started_at, c.pk))
    cache.set(tonight_key(cramp.owner_id, version, day), cramps, SECONDS)
    return cramps
