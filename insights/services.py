"""The user's whole-journal analysis, cached until the journal changes."""

import hashlib

from django.core.cache import cache
from django.utils import timezone

from insights.analysis import analyse
from journal.caching import journal_version, render_version
from journal.records import Journal, Thresholds
from journal.services import journal_extent, load_journal

# A day: the key changes with the date anyway, and the cache stays bounded.
ANALYSIS_CACHE_SECONDS = 24 * 3600


def analysis_cache_key(user, today):
    """Changes with any journal write (settings included), the code and the date."""
    profile = user.profile
    parts = (
        render_version(),
        user.pk,
        today,
        journal_version(user),
        profile.time_zone,
        profile.checkin_mode,
        profile.fluid_target_ml,
        profile.sitting_hours_threshold,
        profile.standing_hours_threshold,
        profile.alcohol_drinks_threshold,
    )
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return f"cramplog:analysis:{digest}"


def user_today(user):
    return timezone.now().astimezone(user.profile.zone).date()


def user_analysis(user, key=None):
    """The analysis of everything the user has logged (their own rows only).

    Reading ten years of journal costs far more than analysing it, so the
    result is cached until a row or a setting it depends on changes. `key` is
    analysis_cache_key(user, today) when the caller has it already.
    """
    today = user_today(user)
    key = key or analysis_cache_key(user, today)
    analysis = cache.get(key)
    if analysis is None:
        analysis = _analyse_everything(user, today)
        cache.set(key, analysis, ANALYSIS_CACHE_SECONDS)
    return analysis


def _analyse_everything(user, today):
    extent = journal_extent(user)
    if extent is None:
        journal = Journal(
            first=today,
            last=today,
            time_zone=user.profile.time_zone,
            nights=[],
            cramps=[],
            days={},
            thresholds=Thresholds(),
        )
    else:
        journal = load_journal(user, *extent)
    return analyse(journal, today=today)
