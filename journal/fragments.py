"""The journal's HTML, cached by what it shows: the timeline, and tonight's rows.

- A timeline page is kept under the journal version (journal/caching.py: one
  query for a counter that every write moves): looking at the journal again
  costs that query instead of reading five tables.
- When the journal changed, each night's card is kept under a key made of
  everything it shows: its rows' ids and ``updated_at``, the filter, the
  profile's display settings. Only nights that changed are drawn again.
- Each cramp's row is kept the same way, in the timeline and in the home
  page's list of tonight's cramps, so a night with many cramps that gains one
  more draws one row, not all of them. A cached row holds no form token: the
  page around it does.

Nothing is invalidated by hand: any change gives a new key. The code version
(render_version) is part of every key, so a deploy that changes a template or
the Python that fills it never serves old markup (``make bench``: timeline
rows, the HTTP mix; docs/performance.md).
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache as django_cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from journal.caching import journal_version, render_version
from journal.nights import last_finished_night

TEMPLATE = "journal/timeline.html"
# A day: each write leaves new keys behind; old ones must not linger for long.
TIMEOUT = 24 * 3600


def _code_version():
    return render_version()


def _stamp(row):
    return None if row is None else f"{row.pk}@{row.updated_at.isoformat()}"


def group_key(user, profile, group, muscle):
    parts = [
        _code_version(),
        group["day"].isoformat(),
        group["night_open"],
        muscle,
        profile.clock,
        profile.time_zone,
        profile.fluid_unit,
        *(_stamp(c) for c in group["night_cramps"]),
        "|",
        *(_stamp(c) for c in group["day_cramps"]),
        "|",
        _stamp(group["checkin"]),
        _stamp(group["context"]),
        *(_stamp(m) for m in group["medications"]),
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"timeline:{user.pk}:{digest}"


@dataclass
class RowStamp:
    """What the timeline needs of a cramp to find its cached row."""

    FIELDS = ("pk", "journal_day", "is_night", "updated_at")

    pk: int
    journal_day: date
    is_night: bool
    updated_at: datetime
    row_html: str = ""


# What a timeline row shows (templates/journal/timeline.html, cramp_row).
ROW_FIELDS = (
    "owner",
    "started_at",
    "time_zone",
    "journal_day",
    "muscle",
    "side",
    "duration_seconds",
    "severity",
    "red_flags",
    "updated_at",
)


def page_key(user, profile, version, muscle, before):
    parts = [_code_version(), version, muscle, before]
    parts += [profile.clock, profile.time_zone, profile.fluid_unit]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"timeline-page:{user.pk}:{digest}"


def timeline_page(user, muscle, before, build):
    """One page of the timeline, built by `build()` only when the journal changed.

    Keyed by the journal version (one query, as the charts use), so looking at
    the journal again costs that query instead of reading five tables. `build()` returns {"groups": [...], "next_before": ...}; only each
    card's day and HTML are kept.
    """
    # A new day can close a night ("not over yet" becomes "not logged").
    version = (journal_version(user), last_finished_night(timezone.now(), user.profile.zone))
    key = page_key(user, user.profile, version, muscle, before)
    page = django_cache.get(key)
    if page is None:
        page = build()
        page["groups"] = [{"day": g["day"], "html": str(g["html"])} for g in page["groups"]]
        django_cache.set(key, page, TIMEOUT)
    for group in page["groups"]:
        group["html"] = mark_safe(group["html"])  # rendered and escaped by the template
    return page


# Each kind of cached row and the template part that draws it from a Cramp.
ROW_TEMPLATES = {
    "timeline": f"{TEMPLATE}#cramp_row",
    "tonight": "journal/home.html#tonight_row",
}


def row_key(user, profile, cramp, kind="timeline"):
    parts = [_code_version(), _stamp(cramp), profile.clock, profile.time_zone]
    return f"{kind}-row:{user.pk}:{':'.join(parts)}"


def _draw_rows(user, profile, cramps, kind):
    """Draw each of ``cramps`` as a ``kind`` row and cache it: {pk: html}.

    Keyed by the row as drawn: a row edited since its stamp was read is kept as
    it is now.
    """
    drawn, fresh = {}, {}
    for cramp in cramps:
        html = render_to_string(ROW_TEMPLATES[kind], {"cramp": cramp, "profile": profile})
        drawn[cramp.pk] = fresh[row_key(user, profile, cramp, kind)] = html
    if fresh:
        django_cache.set_many(fresh, TIMEOUT)
    return drawn


def _rows_html(user, profile, stamps):
    """Each stamp's row HTML: cached rows as they are, the rest read and drawn."""
    keys = [row_key(user, profile, stamp) for stamp in stamps]
    cached = django_cache.get_many(keys)
    missing = [stamp.pk for key, stamp in zip(keys, stamps, strict=True) if key not in cached]
    drawn = {}
    if missing:
        from journal.models import Cramp

        # A row deleted since the stamps were read is left out.
        rows = Cramp.objects.owned_by(user).filter(pk__in=missing).only(*ROW_FIELDS)
        drawn = _draw_rows(user, profile, rows, "timeline")
    for key, stamp in zip(keys, stamps, strict=True):
        html = cached[key] if key in cached else drawn.get(stamp.pk, "")
        stamp.row_html = mark_safe(html)  # rendered and escaped by the template


def tonight_rows(user, profile, cramps):
    """The HTML of each of tonight's cramps (as journal/tonight.py keeps them), in order.

    The home page shows them on every visit and the quick log after every tap:
    only a row not drawn before (the cramp just logged) is drawn.
    """
    keys = [row_key(user, profile, cramp, "tonight") for cramp in cramps]
    cached = django_cache.get_many(keys)
    missing = [cramp for key, cramp in zip(keys, cramps, strict=True) if key not in cached]
    drawn = _draw_rows(user, profile, missing, "tonight")
    return [
        mark_safe(cached[key] if key in cached else drawn[cramp.pk])  # escaped by the template
        for key, cramp in zip(keys, cramps, strict=True)
    ]


def render_groups(request, groups, muscle):
    """Each group's card HTML in ``group["html"]``, from the cache where it can.

    A night that changed is drawn again, but its unchanged rows come from the
    cache too: a night with many cramps (a bad night, or the benchmark's load
    mix, which logs every cramp tonight) costs one new row, not all of them.
    """
    user, profile = request.user, request.user.profile
    keys = [group_key(user, profile, group, muscle) for group in groups]
    cached = django_cache.get_many(keys)
    missing = [(key, group) for key, group in zip(keys, groups, strict=True) if key not in cached]
    if missing:
        stamps = [s for _, group in missing for s in group["night_cramps"] + group["day_cramps"]]
        _rows_html(user, profile, stamps)
        fresh = {
            key: render_to_string(f"{TEMPLATE}#night_group", {"group": group, "profile": profile})
            for key, group in missing
        }
        django_cache.set_many(fresh, TIMEOUT)
        cached.update(fresh)
    for key, group in zip(keys, groups, strict=True):
        group["html"] = mark_safe(cached[key])  # rendered and escaped by the template
    return groups
