"""The bench's deterministic journals, written with the demo generator.

- heavy: 10 years (3,650 nights) plus extra medication periods (12 in all);
- typical: 6 months (180 nights);
- server0..server199: 1 year each, for the HTTP run (bulk inserts, one
  password hash computed once).

Every journal ends with the last finished night, so "this week", the morning
check-in and the last-90-days summary all have data, as for a real user.
"""

import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from insights.management.commands.seed_demo import default_end, seed_demo_user, write_demo
from journal.models import Medication, Profile

ZONE = "Europe/Berlin"
HEAVY_NIGHTS = 3650
TYPICAL_NIGHTS = 180
SERVER_NIGHTS = 365
PASSWORD = "bench-cramps-2026"

# (name, drug class, dose, start day, length in days or None for ongoing).
# The demo generator plants three periods; these nine bring the heavy user to twelve.
EXTRA_MEDICATIONS = (
    ("Magnesium citrate", "other", "300 mg", 200, 90),
    ("Ibuprofen", "other", "400 mg as needed", 420, 14),
    ("Hydrochlorothiazide", "diuretic_thiazide", "12.5 mg", 700, 240),
    ("Amlodipine", "ccb", "5 mg", 1000, 400),
    ("Quinine (stopped: side effects)", "muscle_relaxant", "200 mg", 1500, 21),
    ("Furosemide", "diuretic_loop", "20 mg", 1900, 60),
    ("Salmeterol inhaler", "laba", "50 mcg twice daily", 2300, 120),
    ("Vitamin B complex", "other", "1 tablet", 2700, 300),
    ("Estradiol", "hormone", "1 mg", 3200, None),
)


def end_night():
    return default_end(ZONE)


def seed_in_process_users(log):
    """The heavy and the typical user; returns {"heavy": user, "typical": user}."""
    end = end_night()
    users = {}
    for key, nights, seed in (("heavy", HEAVY_NIGHTS, 7), ("typical", TYPICAL_NIGHTS, 11)):
        started = time.perf_counter()
        result = seed_demo_user(
            f"bench-{key}", days=nights, seed=seed, password=PASSWORD, end=end, time_zone=ZONE
        )
        users[key] = result.user
        log(
            f"  {key}: {nights} nights, {len(result.demo.cramps)} cramps, "
            f"{len(result.demo.days)} day contexts, {len(result.demo.checkins)} check-ins "
            f"({time.perf_counter() - started:.1f} s)"
        )
    first = end - timedelta(days=HEAVY_NIGHTS - 1)
    Medication.objects.bulk_create(
        Medication(
            owner=users["heavy"],
            name=name,
            drug_class=drug_class,
            dose=dose,
            started_on=first + timedelta(days=start),
            stopped_on=None if length is None else first + timedelta(days=start + length - 1),
        )
        for name, drug_class, dose, start, length in EXTRA_MEDICATIONS
    )
    return users


def seed_server_users(count, log):
    """`count` users with a year each; returns their usernames."""
    started = time.perf_counter()
    User = get_user_model()
    end = end_night()
    password = make_password(PASSWORD)  # hashed once: PBKDF2 per user would take minutes
    names = [f"server{i}" for i in range(count)]
    with transaction.atomic():
        User.objects.bulk_create(User(username=name, password=password) for name in names)
        users = list(User.objects.filter(username__in=names).order_by("id"))
        # bulk_create sends no post_save, so the profiles the signal would make are made here.
        Profile.objects.bulk_create(Profile(user=user, time_zone=ZONE) for user in users)
    from insights.demo import generate_demo

    rows = 0
    for index, user in enumerate(users):
        demo = generate_demo(SERVER_NIGHTS, 1000 + index, end=end, time_zone=ZONE)
        write_demo(user, demo)
        rows += len(demo.cramps) + len(demo.checkins) + len(demo.days) + len(demo.medications)
    log(
        f"  {count} server users x {SERVER_NIGHTS} nights: {rows} journal rows "
        f"({time.perf_counter() - started:.1f} s)"
    )
    return names
