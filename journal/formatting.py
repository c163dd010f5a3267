"""How a duration and a day read, everywhere: pages, charts' tables, the doctor summary.

static/cramplog/app.js (formatDuration) follows the same rule for the offline queue.
Days are written with Django's date format letters
(https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date), each
format translated, so every language orders and abbreviates its own way.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

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


def short_day(day):
    """ "Tue 3 Mar" (de "Di., 3. März", es "mar 3 mar")."""
    if not day:
        return ""
    # Translators: a day in the journal, English "Tue 3 Mar": D weekday abbreviation,
    # j day, M month abbreviation (N in AP style, b lower case). German "D., j. N".
    return date_format(day, pgettext("date format", "D j M"))


def short_day_year(day):
    """ "Tue 3 Mar 2026"."""
    if not day:
        return ""
    # Translators: a night in the journal, English "Tue 3 Mar 2026".
    return date_format(day, pgettext("date format", "D j M Y"))


def long_day(day):
    """ "Tuesday 3 Mar"."""
    if not day:
        return ""
    # Translators: English "Tuesday 3 Mar" (l = weekday name).
    return date_format(day, pgettext("date format", "l j M"))


def full_day(day):
    """ "Tuesday 3 March 2026"."""
    if not day:
        return ""
    # Translators: English "Tuesday 3 March 2026" (F = month name).
    return date_format(day, pgettext("date format", "l j F Y"))


def weekday_day_month(day):
    """ "Tuesday 3 March"."""
    if not day:
        return ""
    # Translators: English "Tuesday 3 March", a saved day.
    return date_format(day, pgettext("date format", "l j F"))


def day_month_year(day):
    """ "3 Mar 2026": a day anyone (a doctor too) reads without doubt."""
    if not day:
        return ""
    # Translators: English "3 Mar 2026"; German e.g. "j. N Y" (3. März 2026),
    # Spanish "j b Y" (3 mar 2026).
    return date_format(day, pgettext("date format", "j M Y"))


def day_month_name_year(day):
    """ "12 March 2026"."""
    if not day:
        return ""
    # Translators: English "12 March 2026" (F = month name).
    return date_format(day, pgettext("date format", "j F Y"))
