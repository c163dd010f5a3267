"""Saving what the user records, with the rules that span several rows.

Every path that saves a cramp (quick log, timer, details card, full form, undo
of a delete) goes through `save_cramp`. A night with a cramp is never counted
as cramp-free, whatever its check-in says: the rule is read where nights are
built (`journal.services.load_journal`, the home and timeline pages), so the
user's own answer is kept as given and comes back if the cramp is deleted.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from journal.caching import bump_journal_version
from journal.models import CLOCK_SKEW, MAX_DURATION_SECONDS, Cramp, DayContext, NightCheckIn, Side
from journal.nights import journal_slot, last_finished_night
from journal.redflags import describe

# The morning question waits until people are plausibly up: at 03:00 the night
# is still going on and the home page is for logging, not for reviewing it.
MORNING_STARTS_HOUR = 5
UNDO_DELETE_SECONDS = 10 * 60


def save_cramp(cramp):
    """Save a cramp; the journal version its pre_save moves commits with it."""
    with transaction.atomic():
        cramp.save()
    return cramp


def remember_choice(profile, muscle, side):
    """Preselect this muscle and side next time (no query when nothing changed).

    A blank side (none chosen) keeps the side chosen before, if any.
    """
    side = side or profile.last_side
    if (profile.last_muscle, profile.last_side) != (muscle, side):
        profile.last_muscle, profile.last_side = muscle, side
        profile.save(update_fields=["last_muscle", "last_side"])


def quick_log(user, profile, *, muscle, side, started_at, client_token=None):
    """The two-tap save. Returns (cramp, created).

    A repeated POST with the same client token (a double tap, a resubmitted
    form, a replayed offline sync) returns the cramp already saved instead of a
    second one. The insert is tried first and the unique (owner, client_token)
    constraint decides, so the usual single tap costs no extra lookup.
    """
    cramp = Cramp(
        owner=user,
        started_at=started_at,
        time_zone=profile.time_zone,
        muscle=muscle,
        side=side or Side.NA,
        client_token=client_token,
    )
    try:
        with transaction.atomic():
            cramp.save()
            remember_choice(profile, muscle, side)
    except IntegrityError:
        if not client_token:
            raise
        return Cramp.objects.get(owner=user, client_token=client_token), False
    return cramp, True


# --- Timer -------------------------------------------------------------------


def start_timer(profile, *, muscle, side, now=None):
    profile.timer_started_at = now or timezone.now()
    profile.timer_muscle, profile.timer_side = muscle, side
    profile.save(update_fields=["timer_started_at", "timer_muscle", "timer_side"])


def cancel_timer(profile):
    profile.timer_started_at = None
    profile.timer_muscle = profile.timer_side = ""
    profile.save(update_fields=["timer_started_at", "timer_muscle", "timer_side"])


class TimerResult:
    def __init__(self, cramp=None, too_long=False, started_in_future=False):
        self.cramp = cramp
        self.too_long = too_long
        self.started_in_future = started_in_future


def stop_timer(user, profile, now=None):
    """Save the timed cramp. Returns a TimerResult; its cramp is None if no timer ran.

    The timer is cleared with a compare-and-set, so a double tap on "It stopped"
    saves one cramp. Durations under a second count as one second; a timer left
    running for over 6 hours keeps the cramp but not the duration.
    """
    from journal.models import Profile

    now = now or timezone.now()
    started = profile.timer_started_at
    if started is None:
        return TimerResult()
    with transaction.atomic():
        # The version row's lock first, as every write takes it (journal/signals.py).
        bump_journal_version(user.pk)
        cleared = Profile.objects.filter(pk=profile.pk, timer_started_at=started).update(
            timer_started_at=None, timer_muscle="", timer_side=""
        )
        if not cleared:
            return TimerResult()
        # A start in the future (a clock that jumped, a start from an old
        # backup) would date the cramp years ahead and make the user's own
        # backup unimportable: the cramp is saved at "now", without a duration.
        in_future = started > now + CLOCK_SKEW
        seconds = round((now - started).total_seconds())
        too_long = seconds > MAX_DURATION_SECONDS
        cramp = Cramp(
            owner=user,
            started_at=now if in_future else started,
            time_zone=profile.time_zone,
            muscle=profile.timer_muscle or profile.last_muscle,
            side=profile.timer_side or Side.NA,
            duration_seconds=None if too_long or in_future else max(1, seconds),
        )
        cramp.save()
        remember_choice(profile, cramp.muscle, profile.timer_side)
    profile.timer_started_at = None
    profile.timer_muscle = profile.timer_side = ""
    return TimerResult(cramp, too_long, started_in_future=in_future)


# --- Nights and check-ins ------------------------------------------------------


def local_now(profile, now=None):
    return (now or timezone.now()).astimezone(profile.zone)


def morning_night(profile, now=None):
    """The night the morning check-in asks about, or None while it is still night."""
    local = local_now(profile, now)
    if local.hour < MORNING_STARTS_HOUR:
        return None
    return last_finished_night(local, profile.zone)


def night_cramps(user, night):
    return list(Cramp.objects.owned_by(user).filter(journal_day=night, is_night=True))


def record_checkin(user, night, *, cramp_free, sleep_disturbance=None):
    """Create or update the one check-in of a night."""
    checkin, _ = NightCheckIn.objects.update_or_create(
        owner=user,
        night=night,
        defaults={"cramp_free": cramp_free, "sleep_disturbance": sleep_disturbance},
    )
    return checkin


def current_day(profile, now=None):
    """The journal day whose exposures go with the night now running or next."""
    return journal_slot(now or timezone.now(), profile.zone).day


def day_card_day(profile, now=None):
    """The day the home page's +1 glass, exercise, drinks and stress count for.

    In the night that is the evening just gone; from the morning on it is today,
    so a morning glass of water goes with tonight, not with last night.
    """
    local = local_now(profile, now)
    if local.hour < MORNING_STARTS_HOUR:
        return current_day(profile, now)
    return local.date()


def is_morning(profile, now=None):
    return MORNING_STARTS_HOUR <= local_now(profile, now).hour < 12


# --- Day context +/- ---------------------------------------------------------------

# field -> (step, maximum); fluids step by the user's glass.
BUMP_FIELDS = {
    "fluids_ml": (None, 20000),
    "alcohol_drinks": (1, 50),
    "exercise_minutes": (15, 1440),
    "stress": (1, 10),
}


def bump_day(user, profile, day, field, direction):
    """Add or take away one step of a counted field; blank counts as "not recorded".

    Taking away from a blank field records 0 (the user said "none"); nothing
    goes below 0 or above the field's maximum.
    """
    step, maximum = BUMP_FIELDS[field]
    step = step or profile.glass_ml
    with transaction.atomic():
        DayContext.objects.get_or_create(owner=user, day=day)
        # Lock the row: simultaneous taps must add up, not overwrite each other
        # (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers).
        context = DayContext.objects.select_for_update().get(owner=user, day=day)
        current = getattr(context, field)
        if direction > 0:
            value = min(maximum, (current or 0) + step)
        else:
            value = max(0, (current or 0) - step)
        setattr(context, field, value)
        context.save(update_fields=[field, "updated_at"])
    return context


# --- Red flags ---------------------------------------------------------------------


def red_flag_notices(codes):
    """Calm sentences: what was logged, what the source advises. Never a diagnosis."""
    return [red_flag_notice(rule) for rule in describe(codes)]


def red_flag_notice(rule):
    """The rule's notice in the active language, as HTML (source titles in <cite lang="en">)."""
    return rule.notice_html


# Where each red flag is shown: beside the symptom box that raised it, and the
# long-cramp flag beside the duration fields. Keyed by rule code.
FLAG_SLOTS = {"duration_minutes": "long"}  # field -> the flag shown after it
FLAG_CHOICE_FIELDS = ("symptoms",)  # a flag after each choice, keyed by its value


def flag_notices(codes):
    """{rule code: (rule, notice)} for the red flags of a cramp."""
    return {rule.code: (rule, red_flag_notice(rule)) for rule in describe(codes)}


def changed_flags(before, after):
    """Rule codes that appeared or went away: only those notices are sent again."""
    return sorted(set(before) ^ set(after))


# --- Undo of a delete --------------------------------------------------------------

# Everything the user entered (a field added later is kept by Undo too); the
# start time and the offline token are written separately.
SNAPSHOT_FIELDS = tuple(
    f.name
    for f in Cramp._meta.concrete_fields
    if f.editable and f.name not in ("owner", "started_at")
)


def cramp_snapshot(cramp, now=None):
    """A JSON-able copy of a cramp, kept in the session so a delete can be undone."""
    data = {name: getattr(cramp, name) for name in SNAPSHOT_FIELDS}
    data["started_at"] = cramp.started_at.isoformat()
    data["client_token"] = str(cramp.client_token) if cramp.client_token else None
    return {"cramp": data, "deleted_at": (now or timezone.now()).isoformat()}


def snapshot_is_fresh(snapshot, now=None):
    deleted_at = datetime.fromisoformat(snapshot["deleted_at"])
    return (now or timezone.now()) - deleted_at <= timedelta(seconds=UNDO_DELETE_SECONDS)


def delete_cramp(cramp):
    snapshot = cramp_snapshot(cramp)
    cramp.delete()
    return snapshot


def restore_cramp(user, snapshot):
    """Recreate a deleted cramp with its id, so bookmarks keep working."""
    data = dict(snapshot["cramp"])
    data["started_at"] = datetime.fromisoformat(data["started_at"])
    cramp = Cramp(owner=user, **data)
    with transaction.atomic():
        if Cramp.objects.filter(pk=cramp.pk).exists():
            return None
        cramp.save()
    return cramp
