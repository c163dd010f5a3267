"""How a duration reads, everywhere: pages, charts' tables, the doctor summary.

static/cramplog/app.js (formatDuration) follows the same rule for the offline queue.
"""

from django.utils.translation import gettext

from journal.models import OVER_TEN_MINUTES_SECONDS


def format_duration(seconds, empty=""):
    """45 -> "45 s"; 90 -> "1 min 30 s"; 3900 -> "1 h 5 min"; None -> `empty`."""
    if seconds is None:
        return empty
    seconds = round(seconds)
    if seconds == OVER_TEN_MINUTES_SECONDS:
        # Translators: the "10+ min" preset, not a timed 10 min 1 s.
        return gettext("over 10 min")
    if seconds < 60:
        # Translators: a duration in seconds, e.g. "45 s".
        return gettext("%(seconds)s s") % {"seconds": seconds}
    minutes, rest = divmod(seconds, 60)
    if minutes < 60:
        if rest:
            # Translators: a duration, e.g. "1 min 30 s".
            return gettext("%(minutes)s min %(seconds)s s") % {"minutes": minutes, "seconds": rest}
        # Translators: a duration in minutes, e.g. "12 min".
        return gettext("%(minutes)s min") % {"minutes": minutes}
    hours, minutes = divmod(minutes, 60)
    if minutes:
        # Translators: a duration, e.g. "1 h 5 min".
        return gettext("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    # Translators: a duration in hours, e.g. "2 h".
    return gettext("%(hours)s h") % {"hours": hours}
