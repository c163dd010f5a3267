"""Fill a user's journal with a realistic demo journal whose truth is known.

    python manage.py seed_demo --user demo --days 180 --seed 7 [--password P]
        [--end YYYY-MM-DD] [--tz Europe/Berlin] [--force]

The journal itself comes from ``insights.demo.generate_demo`` (pure, plain
data); this module only writes it as model rows. ``seed_demo_user()`` is the
same thing without the command line, for the benchmark and tests.
"""

import secrets
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from insights.demo import DemoJournal, generate_demo
from journal.caching import bump_journal_version
from journal.models import (
    Condition,
    Cramp,
    DayContext,
    Medication,
    NightCheckIn,
    validate_time_zone,
)
from journal.nights import last_finished_night

JOURNAL_MODELS = (Cramp, NightCheckIn, DayContext, Medication, Condition)
BATCH = 1000


class DemoUserHasData(Exception):
    """The user already has journal rows and replacing them was not asked for."""


@dataclass(frozen=True)
class SeedResult:
    user: object
    created: bool
    password: str | None  # set only when a password was created or changed
    demo: DemoJournal


def default_end(time_zone, now=None):
    """The last night whose cramps (up to 08:00 the next morning) are surely past."""
    now = now or timezone.now()
    end = last_finished_night(now, time_zone)
    if now.astimezone(validate_zone(time_zone)).hour < 12:
        end -= timedelta(days=1)  # that night is still ending
    return end


def validate_zone(time_zone):
    from zoneinfo import ZoneInfo

    validate_time_zone(time_zone)
    return ZoneInfo(time_zone)


def has_journal(user):
    return any(model.objects.owned_by(user).exists() for model in JOURNAL_MODELS)


def _decimal(value):
    return None if value is None else Decimal(str(value))


def write_demo(user, demo: DemoJournal):
    """Replace the user's journal rows with the demo journal, in one transaction."""
    cramps = []
    for c in demo.cramps:
        cramp = Cramp(
            owner=user,
            started_at=c.started_at,
            time_zone=c.time_zone,
            duration_seconds=c.duration_seconds,
            muscle=c.muscle,
            side=c.side,
            severity=c.severity,
            woke_from_sleep=c.woke_from_sleep,
            activity=c.activity,
            relief_tried=list(c.relief_tried),
            relief_best=c.relief_best,
            symptoms=list(c.symptoms),
            soreness=c.soreness,
        )
        cramp.refresh_derived()  # bulk_create skips save(), which sets these
        cramps.append(cramp)
    checkins = [
        NightCheckIn(
            owner=user,
            night=c.night,
            cramp_free=c.cramp_free,
            sleep_disturbance=c.sleep_disturbance,
        )
        for c in demo.checkins
    ]
    days = []
    for record in demo.days:
        fields = asdict(record)
        fields["sitting_hours"] = _decimal(fields["sitting_hours"])
        fields["standing_hours"] = _decimal(fields["standing_hours"])
        days.append(DayContext(owner=user, **fields))
    medications = [
        Medication(
            owner=user,
            name=m.name,
            drug_class=m.drug_class,
            dose=m.dose,
            started_on=m.started_on,
            stopped_on=m.stopped_on,
        )
        for m in demo.medications
    ]
    with transaction.atomic():
        for model in JOURNAL_MODELS:
            model.objects.owned_by(user).delete()
        profile = user.profile
        profile.time_zone = demo.time_zone
        profile.save(update_fields=["time_zone"])
        Cramp.objects.bulk_create(cramps, batch_size=BATCH)
        NightCheckIn.objects.bulk_create(checkins, batch_size=BATCH)
        DayContext.objects.bulk_create(days, batch_size=BATCH)
        Medication.objects.bulk_create(medications, batch_size=BATCH)
        bump_journal_version(user.pk)  # bulk_create sends no signals


def seed_demo_user(
    username,
    *,
    days,
    seed,
    password=None,
    end: date | None = None,
    time_zone="Europe/Berlin",
    force=False,
) -> SeedResult:
    """Create (or, with force, refill) a demo user. Raises DemoUserHasData otherwise."""
    validate_zone(time_zone)
    end = end or default_end(time_zone)
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        password = password or secrets.token_urlsafe(12)
        user = User.objects.create_user(username=username, password=password)
    else:
        if has_journal(user) and not force:
            raise DemoUserHasData(username)
        if password:
            user.set_password(password)
            user.save(update_fields=["password"])
    demo = generate_demo(days, seed, end=end, time_zone=time_zone)
    write_demo(user, demo)
    return SeedResult(user=user, created=created, password=password, demo=demo)


class Command(BaseCommand):
    help = "Create or refill a user with a deterministic demo journal with planted effects."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="username (created if missing)")
        parser.add_argument("--days", type=int, default=180, help="nights of journal")
        parser.add_argument("--seed", type=int, default=1, help="random seed")
        parser.add_argument("--password", help="password for the user")
        parser.add_argument("--end", type=date.fromisoformat, help="last night, YYYY-MM-DD")
        parser.add_argument("--tz", default="Europe/Berlin", help="the user's time zone")
        parser.add_argument(
            "--force", action="store_true", help="replace an existing user's journal"
        )

    def handle(self, *args, **options):
        if options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        try:
            result = seed_demo_user(
                options["user"],
                days=options["days"],
                seed=options["seed"],
                password=options["password"],
                end=options["end"],
                time_zone=options["tz"],
                force=options["force"],
            )
        except DemoUserHasData as error:
            raise CommandError(
                f"User {error} already has journal entries; nothing was changed. "
                "Use --force to replace them."
            ) from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user = result.user
        if result.created:
            self.stdout.write(f"Created user {user.username} with password {result.password}")
        elif result.password:
            self.stdout.write(f"Set the password of {user.username} to {result.password}")
        else:
            self.stdout.write(f"Replaced the journal of {user.username}")
        for line in result.demo.summary_lines():
            self.stdout.write(line)
