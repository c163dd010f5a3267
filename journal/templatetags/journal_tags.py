"""Small display helpers: times in the user's clock format, durations, fluids."""

from django import template

from journal.formatting import format_duration
from journal.models import Clock, FluidUnit

register = template.Library()


@register.filter
def clock(moment, style=Clock.H24):
    """ "03:10" or "3:10 am" for an aware moment, in the moment's own zone."""
    if moment is None:
        return ""
    if str(style) == Clock.H12:
        hour = moment.hour % 12 or 12
        return f"{hour}:{moment:%M} {'am' if moment.hour < 12 else 'pm'}"
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
def yes_no(value):
    return {True: "yes", False: "no"}.get(value, "")


@register.filter
def item(mapping, key):
    """mapping[key], or an empty list when the mapping or key is missing."""
    return (mapping or {}).get(key, [])
