"""Rendered night groups of the journal timeline, cached by their content.

A night's card only changes when one of its rows does, so each card is cached
under a key made of everything it shows: the rows' ids and ``updated_at``, the
filter, the profile's display settings, and the source of the template and tags
that draw it. Nothing is invalidated by hand: an edit, a delete or a new
cramp gives the night a new key, and an unchanged night is a cache hit. Paging
back through months of old nights, or reloading after logging tonight's cramp,
renders only what changed (``make bench``: timeline page, docs/performance.md).
"""

import hashlib
from functools import cache
from pathlib import Path

from django.core.cache import cache as django_cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

TEMPLATE = "journal/timeline.html"
TIMEOUT = 7 * 24 * 3600
HERE = Path(__file__).resolve().parent


@cache
def _code_version():
    """Changes when the template or the display filters change (a deploy)."""
    from django.template.loader import get_template

    digest = hashlib.sha256(get_template(TEMPLATE).template.source.encode())
    digest.update((HERE / "templatetags" / "journal_tags.py").read_bytes())
    return digest.hexdigest()[:12]


def _stamp(row):
    return None if row is None else f"{row.pk}@{row.updated_at.isoformat()}"


def group_key(user, profile, group, muscle):
    parts = [
        _code_version(),
        group["day"].isoformat(),
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


def row_key(user, profile, cramp):
    parts = [_code_version(), _stamp(cramp), profile.clock, profile.time_zone]
    return f"timeline-row:{user.pk}:{':'.join(parts)}"


def _cached_render(keys_and_contexts, template):
    """HTML for each (key, context), rendering and storing only what the cache lacks."""
    cached = django_cache.get_many([key for key, _ in keys_and_contexts])
    fresh = {}
    out = []
    for key, context in keys_and_contexts:
        html = cached.get(key)
        if html is None:
            html = fresh[key] = render_to_string(template, context)
        out.append(mark_safe(html))  # rendered and escaped by the template
    if fresh:
        django_cache.set_many(fresh, TIMEOUT)
    return out


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
    rows = [c for _, group in missing for c in group["night_cramps"] + group["day_cramps"]]
    row_html = _cached_render(
        [(row_key(user, profile, c), {"cramp": c, "profile": profile}) for c in rows],
        f"{TEMPLATE}#cramp_row",
    )
    for cramp, html in zip(rows, row_html, strict=True):
        cramp.row_html = html
    drawn = _cached_render(
        [(key, {"group": group, "profile": profile}) for key, group in missing],
        f"{TEMPLATE}#night_group",
    )
    cached.update((key, html) for (key, _), html in zip(missing, drawn, strict=True))
    for key, group in zip(keys, groups, strict=True):
        group["html"] = mark_safe(cached[key])
    return groups
