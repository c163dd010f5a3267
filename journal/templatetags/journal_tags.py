"""Small display helpers: times in the user's clock format, durations, fluids."""

from django import template

from journal.models import OVER_TEN_MINUTES_SECONDS, Clock, FluidUnit

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
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds} s"
    if seconds == OVER_TEN_MINUTES_SECONDS:
        return "over 10 min"  # the "10+ min" preset, not a timed 10 min 1 s
    minutes, rest = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min" + (f" {rest} s" if rest else "")
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h" + (f" {minutes} min" if minutes else "")


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
