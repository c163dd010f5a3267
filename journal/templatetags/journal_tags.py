"""Small display helpers: times in the user's clock format, durations, fluids."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from journal import formatting
from journal.formatting import format_duration
from journal.models import Clock, FluidUnit, Muscle, Side

register = template.Library()


@register.filter
def clock(moment, style=Clock.H24):
    """ "03:10" or "3:10 am" for an aware moment, in the moment's own zone."""
    if moment is None:
        return ""
    if str(style) == Clock.H12:
        hour = moment.hour % 12 or 12
        if moment.hour < 12:
            # Translators: after a time on the 12-hour clock, "3:10 am".
            return pgettext("12-hour clock", "%(time)s am") % {"time": f"{hour}:{moment:%M}"}
        # Translators: after a time on the 12-hour clock, "3:10 pm".
        return pgettext("12-hour clock", "%(time)s pm") % {"time": f"{hour}:{moment:%M}"}
    return f"{moment:%H:%M}"


@register.filter
def cramp_time(cramp, profile):
    """A cramp's start in the zone it was logged in, flagged when that is not home."""
    local = cramp.local_started_at
    text = clock(local, profile.clock)
    if cramp.time_zone != profile.time_zone:
        text = f"{text} {local.tzname()}"
    return text


@register.filter
def duration(seconds):
    return format_duration(seconds)


@register.filter
def fluid_unit_label(unit):
    return "fl oz" if unit == FluidUnit.FLOZ else "ml"


@register.filter
def item(mapping, key):
    """mapping[key], or an empty list when the mapping or key is missing."""
    return (mapping or {}).get(key, [])


def label(choices, value):
    """The label of one stored code, translated once.

    Django's get_FOO_display() hashes every (code, label) pair of the field,
    translating each label on every call: on the quick log's list of tonight's
    cramps that was most of the translations made per tap (make bench).
    """
    try:
        return str(choices(value).label)
    except ValueError:
        return value  # a code no longer offered is shown as stored


@register.filter
def muscle_label(code):
    return label(Muscle, code)


def _muscle_and_side(muscle, side):
    if side == "na" or not side:
        return label(Muscle, muscle)
    # Translators: a muscle and its side, e.g. "Calf (left)".
    return _("%(muscle)s (%(side)s)") % {
        "muscle": label(Muscle, muscle),
        "side": label(Side, side).lower(),
    }


@register.filter
def cramp_what(cramp):
    """ "Calf (left)": the muscle, and the side when there is one."""
    return _muscle_and_side(cramp.muscle, cramp.side)


@register.filter
def timer_what(profile):
    """What the running timer is for: "Calf (left)"."""
    return _muscle_and_side(profile.timer_muscle, profile.timer_side)


# The journal's days, in the active language (journal/formatting.py).
register.filter("short_day", formatting.short_day)
register.filter("short_day_year", formatting.short_day_year)
register.filter("long_day", formatting.long_day)
register.filter("full_day", formatting.full_day)
register.filter("day_month_year", formatting.day_month_year)
