"""The sentences a patient reads: plain words first, numbers in brackets.

Association, not cause; a medicine sentence never invites stopping or
changing a prescribed medicine and always ends with MEDICINE_CAVEAT.

Every sentence is one translatable message with named placeholders (word
order differs in German and Spanish); counts go through ngettext/npgettext and
numbers through number_format, so both follow the active language. The
functions run at request time: their result is in the language active then.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, npgettext

from insights.descriptives import MIN_NIGHTS_FOR_RATE
from journal.formatting import day_month_year

CAVEAT = gettext_lazy("This is a pattern in your own journal, not proof of cause.")
MEDICINE_CAVEAT = gettext_lazy(
    "Do not stop or change a prescribed medicine because of this; discuss it with your doctor."
)
BAD_SPELL = gettext_lazy("cramps often ease after a bad spell on their own")

# Verdict codes: JSON values (docs/insights-api.md), never translated.
POSSIBLE_MORE = "possible_more"
POSSIBLE_FEWER = "possible_fewer"
NO_CLEAR = "no_clear"
NOT_ENOUGH = "not_enough"
NOT_RECORDED = "not_recorded"
CANNOT_SEPARATE = "cannot_separate"
# Why a medicine change the model compared gets no verdict (JSON `withheld_because`).
WITHHELD_TREND = "trend"  # a slow change over time fits the nights as well as the step
WITHHELD_BAD_SPELL = "bad_spell"  # fewer cramps after a change made right after a bad spell
VERDICT_LABELS = {
    POSSIBLE_MORE: gettext_lazy("Possible link: more cramps"),
    POSSIBLE_FEWER: gettext_lazy("Possible link: fewer cramps"),
    NO_CLEAR: gettext_lazy("No clear pattern"),
    NOT_RECORDED: gettext_lazy("Not recorded"),
    CANNOT_SEPARATE: gettext_lazy("Cannot be told apart"),
}


def decimal(value, places=1):
    """A number people read, in the active language (1.5 -> "1,5" in German)."""
    return number_format(value, places)


def percent(share):
    """0.855 -> "86%" ("86 %" in German and Spanish)."""
    # Translators: a percentage, e.g. "86%"; German and Spanish put a space: "86 %".
    return _("%(percent)s%%") % {"percent": number_format(round(share * 100), 0)}


def range_text(first, last):
    """'1 Mar 2026 to 30 Jun 2026 (122 nights)': the nights an analysis is based on."""
    if first is None:
        return _("no nights yet")
    nights = (last - first).days + 1
    return ngettext(
        "%(first)s to %(last)s (%(count)s night)",
        "%(first)s to %(last)s (%(count)s nights)",
        nights,
    ) % {"first": day_month_year(first), "last": day_month_year(last), "count": nights}


def verdict_label(verdict, nights_needed=None):
    if verdict != NOT_ENOUGH:
        return str(VERDICT_LABELS[verdict])
    if nights_needed:
        return ngettext(
            "Not enough data yet (%(count)s more night needed)",
            "Not enough data yet (%(count)s more nights needed)",
            nights_needed,
        ) % {"count": nights_needed}
    return _("Not enough data yet")


# --- Counted phrases that go into a sentence's placeholders ----------------------
# A sentence with two or more counts cannot take one plural form; each count
# is its own phrase, with a context saying where it stands so that a
# translator can give it the right case (German "in 10 Nächten").


def _cramps(count):
    # Translators: a count of cramps, e.g. "6 cramps" in "6 cramps in 10 nights vs 4 in 20 nights".
    return npgettext("counted cramps", "%(count)s cramp", "%(count)s cramps", count) % {
        "count": count
    }


def _in_nights(count):
    # Translators: a count of nights after "in", e.g. "10 nights" in "6 cramps in 10 nights".
    return npgettext("counted nights after in", "%(count)s night", "%(count)s nights", count) % {
        "count": count
    }


def _in_logged_nights(count):
    # Translators: a count of logged nights after "in", e.g. "40 logged nights" in
    # "40 cramps in 40 logged nights after vs 8 in 40 nights before".
    return npgettext(
        "counted nights after in", "%(count)s logged night", "%(count)s logged nights", count
    ) % {"count": count}


def count_phrase(x1, n1, x0, n0):
    # Translators: e.g. "6 cramps in 10 nights vs 4 in 20 nights": cramps on the
    # nights with a factor, then on the nights without it.
    return _("%(cramps)s in %(nights)s vs %(other_cramps)s in %(other_nights)s") % {
        "cramps": _cramps(x1),
        "nights": _in_nights(n1),
        "other_cramps": x0,
        "other_nights": _in_nights(n0),
    }


def trigger_sentence(trigger, verdict, exposed, unexposed, nights_needed=None):
    x1, n1, x0, n0 = exposed.cramps, exposed.nights, unexposed.cramps, unexposed.nights
    values = {
        "exposed": trigger.exposed_phrase,
        "unexposed": trigger.unexposed_phrase,
        "counts": count_phrase(x1, n1, x0, n0),
        "caveat": CAVEAT,
    }
    if verdict == POSSIBLE_MORE:
        # Translators: %(exposed)s is a group of nights, e.g. "nights after
        # hard-exercise days"; %(counts)s e.g. "30 cramps in 15 nights vs 10 in 45
        # nights"; %(caveat)s the sentence "This is a pattern in your own journal...".
        text = _(
            "More cramps were logged on %(exposed)s (%(counts)s), allowing for the other "
            "factors and for how your cramps changed over time. %(caveat)s"
        )
    elif verdict == POSSIBLE_FEWER:
        # Translators: as "More cramps were logged on %(exposed)s ...", with fewer cramps.
        text = _(
            "Fewer cramps were logged on %(exposed)s (%(counts)s), allowing for the other "
            "factors and for how your cramps changed over time. %(caveat)s"
        )
    elif verdict == NO_CLEAR:
        # Translators: %(exposed)s and %(unexposed)s are groups of nights, e.g.
        # "nights after hard-exercise days" and "nights after other days".
        text = _(
            "No clear difference between %(exposed)s and %(unexposed)s (%(counts)s). "
            "That does not rule a link out; it may show with more nights."
        )
    elif verdict == CANNOT_SEPARATE:
        text = _(
            "Your medicines changed too close together in time to tell this one apart "
            "(%(counts)s); see the medicine changes."
        )
    elif verdict == NOT_RECORDED:
        text = (
            _("Not in your medicines list, so not checked.")
            if trigger.is_medication
            else _("You have not recorded this yet, so it was not checked.")
        )
    else:
        values.update(exposed_count=n1, unexposed_count=n0, cramps=x1 + x0)
        # Translators: %(exposed)s and %(unexposed)s are groups of nights, e.g.
        # "nights after hard-exercise days"; each is followed by how many were logged.
        text = _(
            "Too few logged nights to compare yet (%(exposed)s: %(exposed_count)s; "
            "%(unexposed)s: %(unexposed_count)s; cramps on these nights: %(cramps)s)."
        )
        if nights_needed:
            text += " " + ngettext(
                "About %(count)s more logged night is needed.",
                "About %(count)s more logged nights are needed.",
                nights_needed,
            )
            values["count"] = nights_needed
    text = text % values
    if trigger.is_medication and verdict in (POSSIBLE_MORE, POSSIBLE_FEWER):
        text += " " + str(MEDICINE_CAVEAT)
    return text


def change_clause(event):
    """'you started Atorvastatin on 10 Apr 2026': a medicine change as a whole clause."""
    values = {"name": event.medication.name, "date": day_month_year(event.on)}
    if event.kind == "start":
        # Translators: a whole clause, listed with "and" when two changes were too close together.
        return _("you started %(name)s on %(date)s") % values
    if event.kind == "stop":
        # Translators: a whole clause, listed with "and" when two changes were too close together.
        return _("you stopped %(name)s on %(date)s") % values
    # Translators: a whole clause, listed with "and" when two changes were too close together.
    return _("you changed the dose of %(name)s on %(date)s") % values


def _change_text(verdict, kind):
    """The sentence for one verdict and one kind of change, with its placeholders."""
    # Translators: %(name)s is a medicine, %(date)s a date, %(counts)s e.g. "40 cramps in 40
    # logged nights after vs 8 in 40 nights before", %(caveat)s "This is a pattern in your own
    # journal, not proof of cause."
    sentences = {
        (POSSIBLE_MORE, "start"): _(
            "More cramps were logged after you started %(name)s on %(date)s (%(counts)s), "
            "allowing for the other factors and for how your cramps changed over time. "
            "%(caveat)s"
        ),
        (POSSIBLE_MORE, "stop"): _(
            "More cramps were logged after you stopped %(name)s on %(date)s (%(counts)s), "
            "allowing for the other factors and for how your cramps changed over time. "
            "%(caveat)s"
        ),
        (POSSIBLE_MORE, "dose change"): _(
            "More cramps were logged after the dose change of %(name)s on %(date)s "
            "(%(counts)s), allowing for the other factors and for how your cramps changed "
            "over time. %(caveat)s"
        ),
        (POSSIBLE_FEWER, "start"): _(
            "Fewer cramps were logged after you started %(name)s on %(date)s (%(counts)s), "
            "allowing for the other factors and for how your cramps changed over time. "
            "%(caveat)s"
        ),
        (POSSIBLE_FEWER, "stop"): _(
            "Fewer cramps were logged after you stopped %(name)s on %(date)s (%(counts)s), "
            "allowing for the other factors and for how your cramps changed over time. "
            "%(caveat)s"
        ),
        (POSSIBLE_FEWER, "dose change"): _(
            "Fewer cramps were logged after the dose change of %(name)s on %(date)s "
            "(%(counts)s), allowing for the other factors and for how your cramps changed "
            "over time. %(caveat)s"
        ),
        (NO_CLEAR, "start"): _(
            "No clear change after you started %(name)s on %(date)s (%(counts)s)."
        ),
        (NO_CLEAR, "stop"): _(
            "No clear change after you stopped %(name)s on %(date)s (%(counts)s)."
        ),
        (NO_CLEAR, "dose change"): _(
            "No clear change after the dose change of %(name)s on %(date)s (%(counts)s)."
        ),
        (NOT_ENOUGH, "start"): _(
            "Too few logged nights before and after you started %(name)s on %(date)s "
            "to compare (%(counts)s)."
        ),
        (NOT_ENOUGH, "stop"): _(
            "Too few logged nights before and after you stopped %(name)s on %(date)s "
            "to compare (%(counts)s)."
        ),
        (NOT_ENOUGH, "dose change"): _(
            "Too few logged nights before and after the dose change of %(name)s on %(date)s "
            "to compare (%(counts)s)."
        ),
    }
    return sentences[
        verdict if verdict in (POSSIBLE_MORE, POSSIBLE_FEWER, NO_CLEAR) else NOT_ENOUGH, kind
    ]


def _and_list(clauses):
    """'a and b and c': whole clauses joined, each pair with the language's 'and'."""
    text = clauses[0]
    for clause in clauses[1:]:
        # Translators: two whole clauses joined, e.g. "you started A on 1 May and you started B on 3 May".
        text = _("%(first)s and %(second)s") % {"first": text, "second": clause}
    return text


def medication_sentence(item, verdict, withheld=None):
    """One change: what was logged around it and what can be said (item: design.EventDesign).

    ``withheld``: why a change the model compared gets no verdict
    (insights.analysis.WITHHELD_TREND or WITHHELD_BAD_SPELL), or None.
    """
    event, before, after = item.event, item.before, item.after
    # Translators: e.g. "40 cramps in 40 logged nights after vs 8 in 40 nights before" a medicine change.
    counts = _("%(cramps)s in %(nights)s after vs %(other_cramps)s in %(other_nights)s before") % {
        "cramps": _cramps(after.cramps),
        "nights": _in_logged_nights(after.nights),
        "other_cramps": before.cramps,
        "other_nights": _in_nights(before.nights),
    }
    if verdict == CANNOT_SEPARATE:
        changes = _and_list(
            [change_clause(event)] + [change_clause(o.event) for o in item.tangled_with]
        )
        # Translators: %(changes)s is two or more whole clauses, e.g. "you started A on 1 May
        # and you started B on 3 May".
        text = _(
            "%(changes)s: too close together to tell the two apart (%(counts)s), so neither "
            "gets a verdict."
        ) % {"changes": changes, "counts": counts}
        text = text[:1].upper() + text[1:]
    else:
        text = _change_text(verdict, event.kind) % {
            "name": event.medication.name,
            "date": day_month_year(event.on),
            "counts": counts,
            "caveat": CAVEAT,
        }
    if withheld == WITHHELD_TREND:
        text += " " + _(
            "A slow change over the months (a drift, or the seasons) fits your nights as well "
            "as a change on that date, so it gets no verdict."
        )
    # A milder lead-up (insights.design.BAD_SPELL_RATIO) still gets its own term;
    # the sentence names it when it is clear or when it decides the verdict.
    if item.after_bad_spell and (
        item.clear_bad_spell or item.baseline_too_short or withheld == WITHHELD_BAD_SPELL
    ):
        values = {
            "cramps": _cramps(item.lead_up.cramps),
            "nights": _in_logged_nights(item.lead_up.nights),
        }
        if item.baseline_too_short:
            # Translators: %(cramps)s e.g. "20 cramps", %(nights)s e.g. "25 logged nights".
            spell = _(
                "The 4 weeks before it were a bad spell (%(cramps)s in %(nights)s), and cramps "
                "often ease after a bad spell on their own; there are too few nights before "
                "that spell to judge the change."
            )
        elif withheld == WITHHELD_BAD_SPELL:
            # Translators: %(cramps)s e.g. "20 cramps", %(nights)s e.g. "25 logged nights".
            spell = _(
                "The 4 weeks before it were a bad spell (%(cramps)s in %(nights)s), and cramps "
                "often ease after a bad spell on their own, so fewer cramps after it are not "
                "taken as a sign of the change."
            )
        else:
            # Translators: %(cramps)s e.g. "20 cramps", %(nights)s e.g. "25 logged nights".
            spell = _(
                "The 4 weeks before it were a bad spell (%(cramps)s in %(nights)s), and cramps "
                "often ease after a bad spell on their own, so the change is compared with the "
                "nights before that spell."
            )
        text += " " + spell % values
    return f"{text} {MEDICINE_CAVEAT}"


def factors_checked_sentence(count):
    return ngettext(
        "%(count)s factor checked; about 1 in 20 can look linked by chance.",
        "%(count)s factors checked; about 1 in 20 can look linked by chance.",
        count,
    ) % {"count": count}


def _logged_share(d):
    share = d.logged_nights / d.total_nights if d.total_nights else 0
    # Translators: in brackets after the frequency, e.g. "50 of 60 nights logged, 83%".
    return npgettext(
        "logging share",
        "%(logged)s of %(total)s night logged, %(percent)s",
        "%(logged)s of %(total)s nights logged, %(percent)s",
        d.total_nights,
    ) % {"logged": d.logged_nights, "total": d.total_nights, "percent": percent(share)}


def frequency_sentence(d):
    """Cramps per logged night, the lower bound, and how complete logging was."""
    if not d.logged_nights:
        return _("No nights logged yet.")
    if d.per_week is None:
        # Below the nights a rate needs: counts, not a projection from a handful.
        # Translators: %(cramps)s e.g. "4 night-time cramps", %(nights)s e.g. "13 nights",
        # %(share)s e.g. "13 of 20 nights logged, 65%".
        return _(
            "%(cramps)s on the %(nights)s you logged (%(share)s); a rate per week is shown "
            "from %(minimum)s logged nights on."
        ) % {
            "cramps": npgettext(
                "counted",
                "%(count)s night-time cramp",
                "%(count)s night-time cramps",
                d.night_cramps,
            )
            % {"count": d.night_cramps},
            "nights": _logged_nights_phrase(d.logged_nights),
            "share": _logged_share(d),
            "minimum": MIN_NIGHTS_FOR_RATE,
        }
    # Translators: %(lower)s and %(rate)s are cramps per week, e.g. "2.1" and "2.5";
    # %(nights)s e.g. "50 nights"; %(share)s e.g. "50 of 60 nights logged, 83%".
    return _(
        "Between %(lower)s and %(rate)s night-time cramps a week: %(rate)s counting only "
        "the %(nights)s you logged, %(lower)s if every unlogged night was cramp-free "
        "(%(share)s)."
    ) % {
        "lower": decimal(d.per_week_lower),
        "rate": decimal(d.per_week),
        "nights": _logged_nights_phrase(d.logged_nights),
        "share": _logged_share(d),
    }


def _logged_nights_phrase(count):
    # Translators: a count of nights in "on the 13 nights you logged"; German and Spanish
    # put the article here ("den 13 Nächten", "las 13 noches"), the sentences have none.
    return npgettext("counted nights you logged", "%(count)s night", "%(count)s nights", count) % {
        "count": count
    }
