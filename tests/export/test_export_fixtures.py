"""Builders shared by the export, import, backup and delete tests (no tests here)."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from journal.models import Condition, Cramp, DayContext, Medication, NightCheckIn
from tests.conftest import make_user


def at(local, zone="Europe/Berlin"):
    """An aware datetime from a local wall-clock time in `zone`."""
    return datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone))


def add_cramp(owner, local, zone="Europe/Berlin", **fields):
    fields.setdefault("muscle", "calf")
    return Cramp.objects.create(owner=owner, started_at=at(local, zone), time_zone=zone, **fields)


def fill_journal(user):
    """A small journal touching every model and every field, with awkward values."""
    profile = user.profile
    profile.fluid_unit = "floz"
    profile.clock = "12"
    profile.theme = "dark"
    profile.checkin_mode = "evening"
    profile.glass_ml = 330
    profile.fluid_target_ml = 2000
    profile.sitting_hours_threshold = Decimal("7.5")
    profile.standing_hours_threshold = Decimal("3.0")
    profile.last_muscle = "foot"
    profile.last_side = "right"
    profile.timer_started_at = at("2026-03-04 23:59:30")
    profile.timer_muscle = "foot"
    profile.timer_side = "right"
    profile.save()
    cramps = [
        add_cramp(
            user,
            "2026-03-03 03:10",
            muscle="calf",
            side="left",
            duration_seconds=840,
            severity=8,
            woke_from_sleep=True,
            activity="asleep",
            relief_tried=["stretch", "walked"],
            relief_best="stretch",
            symptoms=["numbness"],
            soreness="next_day",
            notes="Krampf im Wadenmuskel, ganz schlimm. 痛い! \U0001f62b\nzweite Zeile",
            client_token=UUID("12345678-1234-5678-1234-567812345678"),
        ),
        add_cramp(
            user,
            "2026-03-05 23:45",
            zone="Asia/Tokyo",
            muscle="foot",
            side="right",
            duration_seconds=45,
            severity=3,
            woke_from_sleep=False,
            relief_tried=["massage"],
            notes='=HYPERLINK("http://evil.example","click") and "quotes", commas',
        ),
        add_cramp(
            user,
            "2026-03-07 14:20",
            zone="America/New_York",
            muscle="hand",
            side="na",
            notes="@SUM(A1:A9)",
        ),
        add_cramp(user, "2026-03-08 02:00", muscle="thigh_back", side="both", notes="-2+3"),
        add_cramp(user, "2026-03-09 04:30", muscle="calf", side="left", notes="+1 more"),
        add_cramp(user, "2026-03-10 05:00", muscle="calf", side="left", notes="\tTabbed"),
        add_cramp(user, "2026-03-11 01:15", muscle="calf", side="right", notes="'quoted"),
    ]
    NightCheckIn.objects.create(owner=user, night=date(2026, 3, 4), cramp_free=True)
    NightCheckIn.objects.create(
        owner=user, night=date(2026, 3, 2), sleep_disturbance=7, notes="Nacht war unruhig – ja"
    )
    DayContext.objects.create(
        owner=user,
        day=date(2026, 3, 2),
        fluids_ml=900,
        electrolyte_drink=False,
        exercise_minutes=75,
        exercise_intensity="hard",
        heat=True,
        sitting_hours=Decimal("9.5"),
        standing_hours=Decimal("1.0"),
        stretched=False,
        mineral_food=None,
        stress=8,
        alcohol_drinks=2,
        notes="Bergtour 🏔",
    )
    DayContext.objects.create(owner=user, day=date(2026, 3, 3))
    Medication.objects.create(
        owner=user,
        name="Atorvastatin",
        drug_class="statin",
        dose="20 mg",
        started_on=date(2026, 2, 1),
        notes="vom Hausarzt",
    )
    Medication.objects.create(
        owner=user,
        name="Hydrochlorothiazide",
        drug_class="diuretic_thiazide",
        dose="12.5 mg",
        started_on=date(2025, 6, 1),
        stopped_on=date(2026, 3, 6),
    )
    Condition.objects.create(
        owner=user, kind="diabetes", started_on=date(2019, 5, 1), notes="Typ 2"
    )
    Condition.objects.create(owner=user, kind="pregnancy", started_on=None, ended_on=None)
    return cramps


def fresh_user(username="carol", time_zone="Pacific/Auckland"):
    return make_user(username, time_zone=time_zone)


def user_count():
    return get_user_model().objects.count()


def upload(client, content, name="upload.json"):
    """POST a file to the import page (the check-and-preview step)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    if isinstance(content, str):
        content = content.encode("utf-8")
    return client.post(
        reverse("export:import"), {"action": "upload", "file": SimpleUploadedFile(name, content)}
    )


def confirm(client):
    from django.urls import reverse

    return client.post(reverse("export:import"), {"action": "confirm"})


def import_file(client, content, name="upload.json"):
    """Upload, check the preview is clean, and commit; returns the confirm response."""
    preview = upload(client, content, name)
    assert "Nothing was imported" not in preview.content.decode(), preview.content.decode()
    return confirm(client)


def owned_rows(user):
    """Rows per model the user owns, profile included."""
    from journal.models import Profile
    from journal.services import owned_counts

    return {**owned_counts(user), "profile": Profile.objects.filter(user=user).count()}
