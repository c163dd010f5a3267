"""How a duration reads, everywhere: pages, charts' tables, the doctor summary.

static/cramplog/app.js (formatDuration) follows the same rule for the offline queue.
"""

from journal.models import OVER_TEN_MINUTES_SECONDS


def format_duration(seconds, empty=""):
    """45 -> "45 s"; 90 -> "1 min 30 s"; 3900 -> "1 h 5 min"; None -> `empty`."""
    if seconds is None:
        return empty
    seconds = round(seconds)
    if seconds == OVER_TEN_MINUTES_SECONDS:
        return "over 10 min"  # the "10+ min" preset, not a timed 10 min 1 s
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
