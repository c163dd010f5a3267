"""The sentences a patient reads: plain words first, numbers in brackets.

Association, not cause; a medicine sentence never invites stopping or
changing a prescribed medicine and always ends with MEDICINE_CAVEAT.
Nothing here imports Django.
"""

from insights.descriptives import MIN_NIGHTS_FOR_RATE

CAVEAT = "This is a pattern in your own journal, not proof of cause."
MEDICINE_CAVEAT = (
    "Do not stop or change a prescribed medicine because of this; discuss it with your doctor."
)
ADJUSTED = "allowing for the other factors and for how your cramps changed over time"
BAD_SPELL = "cramps often ease after a bad spell on their own"

POSSIBLE_MORE = "possible_more"
POSSIBLE_FEWER = "possible_fewer"
NO_CLEAR = "no_clear"
NOT_ENOUGH = "not_enough"
NOT_RECORDED = "not_recorded"
CANNOT_SEPARATE = "cannot_separate"
VERDICT_LABELS = {
    POSSIBLE_MORE: "Possible link: more cramps",
    POSSIBLE_FEWER: "Possible link: fewer cramps",
    NO_CLEAR: "No clear pattern",
    NOT_RECORDED: "Not recorded",
    CANNOT_SEPARATE: "Cannot be told apart",
}


def plural(count, noun, nouns=None):
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def day_text(value):
    return f"{value.day} {value:%b %Y}"


def range_text(first, last):
    """'1 Mar 2026 to 30 Jun 2026 (122 nights)': the nights an analysis is based on."""
    if first is None:
        return "no nights yet"
    nights = (last - first).days + 1
    return f"{day_text(first)} to {day_text(last)} ({plural(nights, 'night')})"


def verdict_label(verdict, nights_needed=None):
    if verdict != NOT_ENOUGH:
        return VERDICT_LABELS[verdict]
    if nights_needed:
        return f"Not enough data yet ({plural(nights_needed, 'more night')} needed)"
    return "Not enough data yet"


def count_phrase(x1, n1, x0, n0):
    return f"{plural(x1, 'cramp')} in {plural(n1, 'night')} vs {x0} in {plural(n0, 'night')}"


def trigger_sentence(trigger, verdict, exposed, unexposed, nights_needed=None):
    x1, n1, x0, n0 = exposed.cramps, exposed.nights, unexposed.cramps, unexposed.nights
    counts = count_phrase(x1, n1, x0, n0)
    if verdict == POSSIBLE_MORE:
        text = (
            f"More cramps were logged on {trigger.exposed_phrase} ({counts}), {ADJUSTED}. {CAVEAT}"
        )
    elif verdict == POSSIBLE_FEWER:
        text = (
            f"Fewer cramps were logged on {trigger.exposed_phrase} ({counts}), {ADJUSTED}. {CAVEAT}"
        )
    elif verdict == NO_CLEAR:
        text = (
            f"No clear difference between {trigger.exposed_phrase} and "
            f"{trigger.unexposed_phrase} ({counts}). That does not rule a link out; "
            "it may show with more nights."
        )
    elif verdict == CANNOT_SEPARATE:
        text = (
            f"Your medicines changed too close together in time to tell this one apart ({counts}); "
            "see the medicine changes."
        )
    elif verdict == NOT_RECORDED:
        text = (
            "Not in your medicines list, so not checked."
            if trigger.is_medication
            else "You have not recorded this yet, so it was not checked."
        )
    else:
        text = (
            f"Too few logged nights to compare yet: {plural(n1, 'night')} {_tail(trigger.exposed_phrase)} and "
            f"{plural(n0, 'night')} {_tail(trigger.unexposed_phrase)}, with {plural(x1 + x0, 'cramp')} between them."
        )
        if nights_needed:
            text += f" About {plural(nights_needed, 'more logged night')} {'is' if nights_needed == 1 else 'are'} needed."
    if trigger.is_medication and verdict in (POSSIBLE_MORE, POSSIBLE_FEWER):
        text += " " + MEDICINE_CAVEAT
    return text


def _tail(phrase):
    """'nights after hard-exercise days' -> 'after hard-exercise days'."""
    return phrase[len("nights ") :] if phrase.startswith("nights ") else phrase


def change_phrase(event):
    name = event.medication.name
    return {
        "start": f"you started {name}",
        "stop": f"you stopped {name}",
        "dose change": f"the dose change of {name}",
    }[event.kind]


def medication_sentence(item, verdict):
    """One change: what was logged around it and what can be said (item: design.EventDesign)."""
    event, before, after = item.event, item.before, item.after
    what = f"{change_phrase(event)} on {day_text(event.on)}"
    counts = (
        f"{plural(after.cramps, 'cramp')} in {plural(after.nights, 'logged night')} after vs "
        f"{before.cramps} in {plural(before.nights, 'night')} before"
    )
    if verdict == CANNOT_SEPARATE:
        others = " and ".join(
            f"{change_phrase(o.event)} on {day_text(o.event.on)}" for o in item.tangled_with
        )
        text = (
            f"{what[0].upper()}{what[1:]} and {others}: too close together to tell the "
            f"two apart ({counts}), so neither gets a verdict."
        )
    elif verdict == POSSIBLE_MORE:
        text = f"More cramps were logged after {what} ({counts}), {ADJUSTED}. {CAVEAT}"
    elif verdict == POSSIBLE_FEWER:
        text = f"Fewer cramps were logged after {what} ({counts}), {ADJUSTED}. {CAVEAT}"
    elif verdict == NO_CLEAR:
        text = f"No clear change after {what} ({counts})."
    else:
        text = f"Too few logged nights before and after {what} to compare ({counts})."
    if item.after_bad_spell:
        text += (
            f" The 4 weeks before it were a bad spell ({plural(item.lead_up.cramps, 'cramp')} in "
            f"{plural(item.lead_up.nights, 'logged night')}), and {BAD_SPELL}"
        )
        text += (
            "; there are too few nights before that spell to judge the change."
            if item.baseline_too_short
            else ", so the change is compared with the nights before that spell."
        )
    return f"{text} {MEDICINE_CAVEAT}"


def factors_checked_sentence(count):
    return f"{plural(count, 'factor')} checked; about 1 in 20 can look linked by chance."


def frequency_sentence(d):
    """Cramps per logged night, the lower bound, and how complete logging was."""
    if not d.logged_nights:
        return "No nights logged yet."
    share = d.logged_nights / d.total_nights if d.total_nights else 0
    if d.per_week is None:
        # Below the nights a rate needs: counts, not a projection from a handful.
        return (
            f"{plural(d.night_cramps, 'night-time cramp')} on the "
            f"{plural(d.logged_nights, 'night')} you logged "
            f"({d.logged_nights} of {d.total_nights} nights logged, {share:.0%}); "
            f"a rate per week is shown from {MIN_NIGHTS_FOR_RATE} logged nights on."
        )
    return (
        f"Between {d.per_week_lower:.1f} and {d.per_week:.1f} night-time cramps a week: "
        f"{d.per_week:.1f} counting only the {plural(d.logged_nights, 'night')} you logged, "
        f"{d.per_week_lower:.1f} if every unlogged night was cramp-free "
        f"({d.logged_nights} of {d.total_nights} nights logged, {share:.0%})."
    )
