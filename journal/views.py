"""Journal views: thin, function-based, one view per page and its htmx fragment."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from journal.caching import journal_version, render_version
from journal.formatting import day_month_name_year, weekday_day_month
from journal.forms import (
    CheckInForm,
    ConditionForm,
    CrampDetailsForm,
    CrampForm,
    DayContextForm,
    MedicationForm,
    QuickLogForm,
    fluid_in_unit,
)
from journal.fragments import RowStamp, render_groups, timeline_page, tonight_rows
from journal.guidance import (
    PUBLISHED_CAVEAT,
    medicine_hint,
    published_associations,
    recognised_note,
    relief_notes,
    supplement_caution_for,
    visit_prompts_for,
)
from journal.htmx import render_page
from journal.models import (
    Condition,
    Cramp,
    DayContext,
    Medication,
    Muscle,
    NightCheckIn,
    Side,
    validate_past_date,
)
from journal.nights import journal_slot, last_finished_night
from journal.ownership import get_owned_or_404, owned
from journal.quicklog import (
    BUMP_FIELDS,
    FLAG_CHOICE_FIELDS,
    FLAG_SLOTS,
    bump_day,
    cancel_timer,
    changed_flags,
    day_card_day,
    delete_cramp,
    flag_notices,
    is_morning,
    local_now,
    morning_night,
    quick_log,
    record_checkin,
    red_flag_notices,
    restore_cramp,
    save_cramp,
    snapshot_is_fresh,
    start_timer,
    stop_timer,
)
from journal.tonight import tonight_after_saving, tonight_cramps

NIGHTS_PER_PAGE = 14
VISIT_PROMPTS_SECONDS = 24 * 3600  # the key moves with the night anyway
UNDO_SESSION_KEY = "journal_undo_delete"


# --- Home: quick log, timer, check-ins ----------------------------------------------


def _quick_form(profile, data=None):
    form = QuickLogForm(data, profile=profile)
    # Part of the cached choice grid's key in home.html (journal/caching.py).
    form.markup_version = render_version()
    if data is None:
        from journal.models import new_client_token

        form.fields["client_token"].initial = new_client_token()
    return form


def _details_context(cramp, form=None, **extra):
    return {
        "cramp": cramp,
        "details_form": form or CrampDetailsForm(instance=cramp),
        # Shown beside the box or field that raised them (partials/form_fields.html).
        "flag_notices": flag_notices(cramp.red_flags),
        "flag_slots": FLAG_SLOTS,
        "flag_choice_fields": FLAG_CHOICE_FIELDS,
        # What the evidence says about some relief options, folded under the field.
        "hint_field": "relief_tried",
        "hint_template": "journal/_relief_notes.html",
        "relief_notes": relief_notes(),
        **extra,
    }


def _day_card_context(request, profile, day=None):
    day = day or day_card_day(profile)
    context = owned(request, DayContext).filter(day=day).first()
    return {
        "day": day,
        "today": local_now(profile).date(),
        "day_context": context,
        "fluids_shown": fluid_in_unit(context.fluids_ml if context else None, profile.fluid_unit),
    }


def _tonight_context(request, profile, version=None, saved=None):
    """What was logged in the journal day now running, so nothing is logged twice at 3 a.m.

    Kept under the journal ``version`` when the caller has read it; right after
    a quick log, built from the list before it and the cramp ``saved``
    (journal/tonight.py), without reading it again.
    """
    slot = journal_slot(timezone.now(), profile.zone)
    if saved is not None:
        cramps = tonight_after_saving(saved, slot.day)
    else:
        cramps = tonight_cramps(request.user.pk, slot.day, version)
    return {
        "tonight": slot,
        "tonight_cramps": cramps,
        "tonight_rows": tonight_rows(request.user, profile, cramps),
    }


def _tonight_oob(request, profile, saved=None):
    """The tonight list again, swapped out of band after an htmx save or undo."""
    return {
        "profile": profile,
        "oob_tonight": True,
        **_tonight_context(request, profile, saved=saved),
    }


def _checkin_context(request, profile, tonight=None):
    night = morning_night(profile)
    if night is None:
        return {"checkin_night": None}
    checkin = owned(request, NightCheckIn).filter(night=night).first()
    if tonight and tonight["tonight"].day == night:
        # In the morning the night asked about is the one still ending: no second query.
        cramps = [c for c in tonight["tonight_cramps"] if c.is_night]
    else:
        cramps = list(owned(request, Cramp).filter(journal_day=night, is_night=True))
    return {
        "checkin_night": night,
        "checkin": checkin,
        "checkin_cramps": cramps,
        "checkin_form": CheckInForm(
            instance=checkin,
            initial={"night": night, "cramp_free": not cramps},
            user=request.user,
        ),
    }


def _home_context(request, version=None, **extra):
    profile = request.user.profile
    tonight = _tonight_context(request, profile, version)
    context = {
        "profile": profile,
        "now": timezone.now(),
        **tonight,
        **_checkin_context(request, profile, tonight),
        # In the morning the check-in comes first, above the fold.
        "morning": is_morning(profile),
        **_day_card_context(request, profile),
    }
    if "quick_form" not in extra and "cramp" not in extra:
        context["quick_form"] = _quick_form(profile)
    context.update(extra)
    return context


def _visit_prompts(user, last_night, version):
    """The book-a-visit prompts, kept under the journal version and the code.

    Reading 28 nights for them was the dearest part of the home page (make
    bench, docs/performance.md); the version read costs one small query.
    """
    key = f"visit-prompts:{user.pk}:{version}:{last_night}:{render_version()}"
    prompts = cache.get(key)
    if prompts is None:
        prompts = visit_prompts_for(user, last_night)
        cache.set(key, prompts, VISIT_PROMPTS_SECONDS)
    return prompts


def home(request):
    profile = request.user.profile
    last_night = last_finished_night(timezone.now(), profile.zone)
    version = journal_version(request.user)  # one read keys the prompts and tonight's list
    return render(
        request,
        "journal/home.html",
        _home_context(
            request, version, visit_prompts=_visit_prompts(request.user, last_night, version)
        ),
    )


@require_POST
def quick_log_view(request):
    profile = request.user.profile
    form = _quick_form(profile, request.POST)
    if not form.is_valid():
        return render_page(
            request, "journal/home.html", "quick", _home_context(request, quick_form=form), 400
        )
    cramp, _created = quick_log(
        request.user,
        profile,
        muscle=form.cleaned_data["muscle"],
        side=form.cleaned_data["side"],
        started_at=form.started_at(),
        client_token=form.cleaned_data["client_token"],
    )
    if request.htmx:
        context = {"cramp": cramp, "just_logged": True, "details_lazy": True}
        context.update(_tonight_oob(request, profile, saved=cramp))
        return render(request, "journal/home.html#quick", context)
    messages.success(request, _("Cramp saved. Add details if you like, or just go back to sleep."))
    return redirect("journal:cramp_details", pk=cramp.pk)


def cramp_details(request, pk):
    cramp = get_owned_or_404(request, Cramp, pk)
    if request.method == "POST":
        flags_before = list(cramp.red_flags)
        form = CrampDetailsForm(request.POST, instance=cramp)
        if form.is_valid():
            save_cramp(form.save(commit=False))
            if not request.htmx:
                messages.success(request, _("Details saved."))
                return redirect("journal:cramp_details", pk=cramp.pk)
            # Only the status line, plus each red-flag notice that appeared or went
            # away, swapped out of band beside its box: the inputs stay as the user
            # has them now, and an unchanged notice is not announced again.
            context = _details_context(cramp, saved=True)
            context["oob_flags"] = changed_flags(flags_before, cramp.red_flags)
            return render(request, "journal/home.html#details_status", context)
        # Show what was typed; the stored cramp is unchanged.
        cramp.refresh_from_db()
        context = _details_context(cramp, form)
        response = render_page(
            request, "journal/home.html", "quick", _home_context(request, **context), 400
        )
        if request.htmx:
            # The errors go next to their fields, so the whole card is redrawn.
            response = reswap(retarget(response, "#quick"), "outerHTML")
        return response
    if request.htmx and request.GET.get("part") == "form":
        return render(request, "journal/home.html#details_form", _details_context(cramp))
    return render_page(
        request, "journal/home.html", "quick", _home_context(request, **_details_context(cramp))
    )


@require_POST
def cramp_undo(request, pk):
    """Undo of a just-logged cramp: it is removed, as if never tapped."""
    cramp = get_owned_or_404(request, Cramp, pk)
    cramp.delete()
    if request.htmx:
        profile = request.user.profile
        return render(
            request,
            "journal/home.html#quick",
            {"quick_form": _quick_form(profile), "undone": True, **_tonight_oob(request, profile)},
        )
    messages.success(request, _("Removed. Nothing was saved."))
    return redirect("journal:home")


@require_POST
def timer_start(request):
    profile = request.user.profile
    form = _quick_form(profile, request.POST)
    form.is_valid()
    if "muscle" in form.errors or "side" in form.errors:
        return render_page(
            request, "journal/home.html", "quick", _home_context(request, quick_form=form), 400
        )
    if profile.timer_started_at is None:
        start_timer(profile, muscle=form.cleaned_data["muscle"], side=form.cleaned_data["side"])
    if request.htmx:
        return render(request, "journal/home.html#quick", {"profile": profile})
    return redirect("journal:home")


@require_POST
def timer_stop(request):
    profile = request.user.profile
    result = stop_timer(request.user, profile)
    if result.cramp is None:
        messages.info(request, _("No timer was running."))
        if request.htmx:
            return render(request, "journal/home.html#quick", {"quick_form": _quick_form(profile)})
        return redirect("journal:home")
    if result.started_in_future and not request.htmx:
        messages.warning(
            request,
            _(
                "The timer's start was in the future, so the cramp is saved at the time you "
                "stopped it, without a duration: pick how long it lasted below."
            ),
        )
    if result.too_long and not request.htmx:
        messages.warning(
            request,
            _(
                "The timer ran for more than 6 hours, so it was probably left running. "
                "The cramp is saved without a duration: pick how long it lasted below."
            ),
        )
    if request.htmx:
        return render(
            request,
            "journal/home.html#quick",
            _details_context(
                result.cramp,
                just_logged=True,
                timer_too_long=result.too_long,
                **_tonight_oob(request, profile),
            ),
        )
    return redirect("journal:cramp_details", pk=result.cramp.pk)


@require_POST
def timer_cancel(request):
    profile = request.user.profile
    cancel_timer(profile)
    if request.htmx:
        return render(request, "journal/home.html#quick", {"quick_form": _quick_form(profile)})
    return redirect("journal:home")


@require_POST
def checkin(request):
    profile = request.user.profile
    night = morning_night(profile)
    posted_night = _parse_day(request.POST.get("night"))
    existing = posted_night and owned(request, NightCheckIn).filter(night=posted_night).first()
    form = CheckInForm(request.POST, instance=existing, user=request.user)
    if form.is_valid():
        record_checkin(
            request.user,
            form.cleaned_data["night"],
            cramp_free=form.cleaned_data["cramp_free"],
            sleep_disturbance=form.cleaned_data["sleep_disturbance"],
        )
        if not request.htmx:
            messages.success(request, _("Thanks, last night is logged."))
            return redirect("journal:home")
        # Only the card: tonight's day tells it whether the night's cramps are listed above.
        context = {
            "tonight": journal_slot(timezone.now(), profile.zone),
            **_checkin_context(request, profile),
        }
        return render(request, "journal/home.html#checkin", context)
    context = {**_checkin_context(request, profile), "checkin_form": form}
    if night is None:
        context["checkin_night"] = form.cleaned_data.get("night")
    return render_page(
        request, "journal/home.html", "checkin", _home_context(request, **context), 400
    )


# --- Day context ----------------------------------------------------------------------


def _check_day(day):
    try:
        validate_past_date(day)
    except Exception:
        raise Http404("No journal day in the future.") from None


def day_context(request, day):
    _check_day(day)
    profile = request.user.profile
    instance = owned(request, DayContext).filter(day=day).first() or DayContext(
        owner=request.user, day=day
    )
    form = DayContextForm(request.POST or None, instance=instance, unit=profile.fluid_unit)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            shown = weekday_day_month(day)
            # Translators: a saved journal entry: "Saved Tuesday 3 March.", "Saved Ibuprofen."
            messages.success(request, _("Saved %(name)s.") % {"name": shown})
            return redirect("journal:day_context", day=day)
        status = 400
    else:
        status = 200
    return render(
        request,
        "journal/day_context.html",
        {
            "form": form,
            # Stronger beside the mineral question for someone on a potassium-sparing
            # diuretic or with kidney disease.
            "hint_field": "mineral_food",
            "hint_template": "journal/_supplement_emphasis.html",
            "supplement": supplement_caution_for(request.user, day),
            "day": day,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
        },
        status=status,
    )


@require_POST
def day_bump(request, day):
    _check_day(day)
    field, _sep, direction = request.POST.get("bump", "").partition(":")
    if field not in BUMP_FIELDS or direction not in ("up", "down"):
        raise Http404("Unknown field.")
    profile = request.user.profile
    bump_day(request.user, profile, day, field, 1 if direction == "up" else -1)
    if request.htmx:
        return render(
            request,
            "journal/home.html#daycard",
            {"profile": profile, **_day_card_context(request, profile, day)},
        )
    return redirect(reverse("journal:home") + "#daycard")


# --- Timeline -------------------------------------------------------------------------


def _page_days(request, muscle, before):
    """Journal days for one page, newest first: one query (a UNION of three)."""
    cramps = owned(request, Cramp)
    if muscle:
        days = cramps.filter(muscle=muscle)
        if before:
            days = days.filter(journal_day__lt=before)
        return list(
            days.order_by("-journal_day")
            .values_list("journal_day", flat=True)
            .distinct()[: NIGHTS_PER_PAGE + 1]
        )
    parts = [
        cramps.filter(**({"journal_day__lt": before} if before else {})),
        owned(request, NightCheckIn).filter(**({"night__lt": before} if before else {})),
        owned(request, DayContext).filter(**({"day__lt": before} if before else {})),
    ]
    # Model orderings must go: SQLite refuses ORDER BY inside a UNION's parts.
    parts = [
        part.order_by().values_list(column)
        for part, column in zip(parts, ("journal_day", "night", "day"), strict=True)
    ]
    union = parts[0].union(parts[1], parts[2]).order_by("-journal_day")[: NIGHTS_PER_PAGE + 1]
    return [row[0] for row in union]


def _timeline_groups(request, days, muscle):
    """Each day's cramps, check-in, context and active medicines: four queries.

    Cramps come as stamps (id, night, updated_at) only; journal/fragments.py reads
    the full row just for those not already drawn and cached.
    """
    if not days:
        return []
    cramps = owned(request, Cramp).filter(journal_day__in=days)
    if muscle:
        cramps = cramps.filter(muscle=muscle)
    by_day = {day: [] for day in days}
    # By night, then start: the (owner, journal_day, started_at) index, no sort of all rows.
    for stamp in cramps.order_by("journal_day", "started_at").values_list(*RowStamp.FIELDS):
        stamp = RowStamp(*stamp)
        by_day[stamp.journal_day].append(stamp)
    checkins = {c.night: c for c in owned(request, NightCheckIn).filter(night__in=days)}
    contexts = {c.day: c for c in owned(request, DayContext).filter(day__in=days)}
    medicines = list(
        owned(request, Medication)
        .filter(started_on__lte=max(days))
        .filter(Q(stopped_on__isnull=True) | Q(stopped_on__gte=min(days)))
        .order_by("name")
    )
    profile = request.user.profile
    unit = profile.fluid_unit
    # Tonight (and a day-only entry for tomorrow) is not over: not "not logged".
    first_open_night = last_finished_night(timezone.now(), profile.zone) + timedelta(days=1)
    groups = []
    for day in days:
        context = contexts.get(day)
        groups.append(
            {
                "day": day,
                "night_open": day >= first_open_night,
                "night_cramps": [c for c in by_day[day] if c.is_night],
                "day_cramps": [c for c in by_day[day] if not c.is_night],
                "checkin": checkins.get(day),
                "context": context,
                "fluids": fluid_in_unit(context.fluids_ml, unit) if context else None,
                "medications": [m for m in medicines if m.is_active_on(day)],
            }
        )
    return groups


def _parse_day(raw):
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def timeline(request):
    muscle = request.GET.get("muscle", "")
    if muscle not in Muscle.values:
        muscle = ""
    before = _parse_day(request.GET.get("before"))

    def build():
        days = _page_days(request, muscle, before)
        more = len(days) > NIGHTS_PER_PAGE
        days = days[:NIGHTS_PER_PAGE]
        return {
            "groups": render_groups(request, _timeline_groups(request, days, muscle), muscle),
            "next_before": days[-1].isoformat() if more else None,
        }

    page = timeline_page(request.user, muscle, before, build)
    context = {
        **page,
        "muscle": muscle,
        "muscles": Muscle.choices,
        "before": before,
        "undo": _fresh_undo(request),
    }
    partial = "entries" if request.headers.get("HX-Target") == "load-more" else "timeline"
    return render_page(request, "journal/timeline.html", partial, context)


# --- Full forms, edit, delete -------------------------------------------------------


def cramp_new(request):
    profile = request.user.profile
    initial = {
        "started_at": local_now(profile).replace(second=0, microsecond=0),
        "muscle": profile.last_muscle,
        "side": profile.last_side or Side.NA,
    }
    form = CrampForm(
        request.POST or None, initial=initial, instance=Cramp(owner=request.user), zone=profile.zone
    )
    if request.method == "POST" and form.is_valid():
        cramp = save_cramp(form.save(commit=False))
        _flash_red_flags(request, cramp)
        messages.success(request, _("Cramp saved."))
        return redirect(reverse("journal:timeline") + f"#cramp-{cramp.pk}")
    status = 400 if form.is_bound else 200
    return render(
        request, "journal/cramp_form.html", {"form": form, "title": _("Add a cramp")}, status=status
    )


def cramp_edit(request, pk):
    cramp = get_owned_or_404(request, Cramp, pk)
    form = CrampForm(request.POST or None, instance=cramp, zone=request.user.profile.zone)
    if request.method == "POST" and form.is_valid():
        cramp = save_cramp(form.save(commit=False))
        _flash_red_flags(request, cramp)
        messages.success(request, _("Changes saved."))
        return redirect(reverse("journal:timeline") + f"#cramp-{cramp.pk}")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "journal/cramp_form.html",
        {"form": form, "cramp": cramp, "title": _("Edit cramp")},
        status=status,
    )


def _flash_red_flags(request, cramp):
    for notice in red_flag_notices(cramp.red_flags):
        messages.warning(request, notice)


def cramp_delete(request, pk):
    cramp = get_owned_or_404(request, Cramp, pk)
    if request.method == "POST":
        request.session[UNDO_SESSION_KEY] = delete_cramp(cramp)
        if request.htmx:
            return render(
                request, "journal/timeline.html#deleted", {"deleted_pk": pk, "undo": True}
            )
        return redirect("journal:timeline")
    return render_page(
        request, "journal/timeline.html", "confirm_delete", {"cramp": cramp, "confirm": True}
    )


def _fresh_undo(request):
    snapshot = request.session.get(UNDO_SESSION_KEY)
    if snapshot and snapshot_is_fresh(snapshot):
        return snapshot
    return None


@require_POST
def cramp_restore(request):
    snapshot = _fresh_undo(request)
    cramp = restore_cramp(request.user, snapshot) if snapshot else None
    request.session.pop(UNDO_SESSION_KEY, None)
    if cramp is None:
        messages.error(request, _("Too late to undo that delete."))
        return redirect("journal:timeline")
    if request.htmx:
        return render(
            request,
            "journal/timeline.html#cramp_row",
            {"cramp": cramp, "profile": request.user.profile},
        )
    messages.success(request, _("Cramp restored."))
    return redirect(reverse("journal:timeline") + f"#cramp-{cramp.pk}")


# --- Medications and conditions --------------------------------------------------------


def medications(request):
    today = local_now(request.user.profile).date()
    return render(
        request,
        "journal/medications.html",
        {
            "medications": owned(request, Medication).order_by("-started_on", "name"),
            "published": published_associations(),
            "published_caveat": PUBLISHED_CAVEAT,
            "supplement": supplement_caution_for(request.user, today),
        },
    )


def _edit_owned(request, model, form_class, pk, *, titles, list_url, saved, extra=None, note=None):
    """Add (pk None) or edit one of the user's rows with a plain form page.

    ``note(form)`` may add one more message after a save.
    """
    instance = get_owned_or_404(request, model, pk) if pk else model(owner=request.user)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved %(name)s.") % {"name": saved(form.instance)})
        if note and (text := note(form)):
            messages.info(request, text)
        return redirect(list_url)
    return render(
        request,
        "journal/edit_form.html",
        {
            "form": form,
            "title": titles[1] if pk else titles[0],
            "back": reverse(list_url),
            **(extra or {}),
        },
        status=400 if form.is_bound else 200,
    )


def medication_form(request, pk=None):
    if request.method == "POST":
        name = request.POST.get("name")
    else:  # an edit opens with the hint for the saved name
        name = get_owned_or_404(request, Medication, pk).name if pk else None
    return _edit_owned(
        request,
        Medication,
        MedicationForm,
        pk,
        titles=(_("Add a medicine"), _("Edit medicine")),
        list_url="journal:medications",
        saved=lambda medication: medication.name,
        note=recognised_note,
        extra={
            "hint_field": "name",
            "hint_template": "journal/_medicine_hint.html",
            **medicine_hint(request.user, name),
        },
    )


def medication_hint(request):
    """The hint beside the name field as someone types (htmx)."""
    return render(
        request,
        "journal/_medicine_hint.html",
        medicine_hint(request.user, request.GET.get("name", "")),
    )


@require_POST
def medication_stop(request, pk):
    medication = get_owned_or_404(request, Medication, pk)
    today = local_now(request.user.profile).date()
    if medication.stopped_on is not None:
        messages.info(
            request, _("%(name)s is already marked as stopped.") % {"name": medication.name}
        )
    elif medication.started_on > today:
        messages.error(
            request,
            _("%(name)s starts after today, so it cannot be marked as stopped today.")
            % {"name": medication.name},
        )
    else:
        medication.stopped_on = today
        medication.save(update_fields=["stopped_on", "updated_at"])
        stopped = day_month_name_year(today)
        messages.success(
            request,
            _("%(name)s: stopped on %(day)s.") % {"name": medication.name, "day": stopped},
        )
    return redirect("journal:medications")


def conditions(request):
    return render(request, "journal/conditions.html", {"conditions": owned(request, Condition)})


def condition_form(request, pk=None):
    return _edit_owned(
        request,
        Condition,
        ConditionForm,
        pk,
        titles=(_("Add a condition"), _("Edit condition")),
        list_url="journal:conditions",
        saved=str,
        extra={"delete_url": reverse("journal:condition_delete", args=[pk]) if pk else None},
    )


def condition_delete(request, pk):
    condition = get_owned_or_404(request, Condition, pk)
    if request.method == "POST":
        condition.delete()
        messages.success(request, _("Removed %(name)s.") % {"name": condition})
        return redirect("journal:conditions")
    return render(request, "journal/condition_delete.html", {"condition": condition})
