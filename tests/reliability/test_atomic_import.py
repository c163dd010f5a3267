"""A request killed half-way through an import leaves the journal as it was.

The row-saving step (QuerySet.bulk_create, which export.importer.apply_plan
calls per section) is patched to write N rows for real and then die: with an
ordinary exception, with KeyboardInterrupt, and with a bare BaseException such
as a worker being stopped. Real transactions (transactional_db), so the
rollback is the database's, not a test savepoint's.
"""

import json
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models.query import QuerySet
from django.test import Client
from django.urls import reverse

from export import files, formats, importer
from journal.models import (
    Condition,
    Cramp,
    DayContext,
    Medication,
    NightCheckIn,
    PendingImport,
    Profile,
)
from tests.conftest import make_user

MODELS = (Cramp, NightCheckIn, DayContext, Medication, Condition)


class WorkerKilled(BaseException):
    """Not an Exception: what a stopped worker or a signal handler raises."""


def stored(user):
    """Every stored value of the user's profile and journal."""
    snapshot = {"profile": list(Profile.objects.filter(user=user).values())}
    for model in MODELS:
        snapshot[model.__name__] = list(model.objects.filter(owner=user).order_by("pk").values())
    return snapshot


class Killer:
    """Patches bulk_create to save `after` rows, then raise `error`."""

    def __init__(self, monkeypatch, after, error):
        self.after, self.error = after, error
        self.saved = 0
        self.seen_inside = None
        original = QuerySet.bulk_create
        killer = self

        def bulk_create(queryset, objs, *args, **kwargs):
            objs = list(objs)
            room = killer.after - killer.saved
            if queryset.model not in MODELS:  # e.g. the test database's own flush
                return original(queryset, objs, *args, **kwargs)
            if len(objs) < room:
                killer.saved += len(objs)
                return original(queryset, objs, *args, **kwargs)
            original(queryset, objs[:room], *args, **kwargs)
            killer.saved += room
            # The rows really are in the database, inside the import's transaction.
            killer.seen_inside = queryset.model.objects.filter(owner=objs[0].owner).count()
            raise killer.error

        monkeypatch.setattr(QuerySet, "bulk_create", bulk_create)


def source_journal():
    """A user with rows in every section, and a profile unlike the default one."""
    user = make_user("source", time_zone="Asia/Tokyo")
    profile = user.profile
    profile.clock, profile.fluid_unit, profile.glass_ml = "12", "floz", 330
    profile.save()
    start = date(2025, 1, 1)
    for n in range(30):
        day = start + timedelta(days=n)
        Cramp.objects.create(
            owner=user,
            started_at=importer._aware_in_zone(f"{day + timedelta(days=1)}T03:00:00", "UTC"),
            time_zone="UTC",
            muscle="calf",
            side="left",
            notes=f"night {n}",
        )
        NightCheckIn.objects.create(owner=user, night=day, sleep_disturbance=n % 11)
        DayContext.objects.create(owner=user, day=day, fluids_ml=1000 + n)
    Medication.objects.create(owner=user, name="Magnesium", started_on=start)
    Condition.objects.create(owner=user, kind="diabetes", notes="type 2")
    return json.dumps(files.build_backup(user)).encode()


def upload(client, content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("export:import"), {"action": "upload", "file": SimpleUploadedFile(name, content)}
    )
    assert "Check before importing" in response.content.decode()
    return response


def confirm(client):
    return client.post(reverse("export:import"), {"action": "confirm"})


@pytest.fixture
def carol(transactional_db):
    return make_user("carol", time_zone="Pacific/Auckland")


@pytest.fixture
def carol_client(carol):
    client = Client()
    client.force_login(carol)
    return client


@pytest.mark.parametrize(
    ("after", "error"),
    [
        (1, RuntimeError("disk full")),
        (45, RuntimeError("connection reset")),  # cramps saved, killed in check-ins
        (75, KeyboardInterrupt()),  # killed in the day contexts
        (91, WorkerKilled()),  # the last row of all
    ],
)
def test_a_backup_import_killed_midway_writes_nothing(
    carol, carol_client, monkeypatch, after, error
):
    backup = source_journal()
    upload(carol_client, backup, "backup.json")
    before = stored(carol)
    killer = Killer(monkeypatch, after, error)
    with pytest.raises(type(error)):
        confirm(carol_client)
    assert killer.saved == after
    assert killer.seen_inside  # rows were written before the failure...
    assert stored(carol) == before  # ...and rolled back, profile included
    monkeypatch.undo()

    # The upload is still waiting (its claim was rolled back with the rows),
    # so confirming again imports everything exactly once.
    assert PendingImport.objects.filter(owner=carol).exists()
    assert confirm(carol_client).status_code == 302
    counts = {m.__name__: m.objects.filter(owner=carol).count() for m in MODELS}
    assert counts == {
        "Cramp": 30,
        "NightCheckIn": 30,
        "DayContext": 30,
        "Medication": 1,
        "Condition": 1,
    }
    assert Profile.objects.get(user=carol).glass_ml == 330


def thousand_row_csv():
    header = ",".join(formats.CSV_COLUMNS)
    lines = [header]
    start = date(2023, 1, 1)
    for n in range(1000):
        cells = dict.fromkeys(formats.CSV_COLUMNS, "")
        cells.update(
            started_at=f"{start + timedelta(days=n)}T02:00:00",
            time_zone="Europe/Berlin",
            muscle="calf",
            side="left",
        )
        lines.append(",".join(cells[c] for c in formats.CSV_COLUMNS))
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.mark.parametrize("error", [RuntimeError("killed"), KeyboardInterrupt(), WorkerKilled()])
def test_a_csv_import_killed_in_its_second_batch_writes_nothing(
    carol, carol_client, monkeypatch, error
):
    Cramp.objects.create(
        owner=carol,
        started_at=importer._aware_in_zone("2022-06-01T03:00:00", "UTC"),
        time_zone="UTC",
        muscle="foot",
    )
    upload(carol_client, thousand_row_csv(), "cramps.csv")
    before = stored(carol)
    killer = Killer(monkeypatch, 700, error)  # batches of 500: dies inside the second
    with pytest.raises(type(error)):
        confirm(carol_client)
    assert killer.seen_inside == 1 + 700
    assert stored(carol) == before


def test_apply_plan_itself_is_all_or_nothing(carol, monkeypatch):
    """The function, not only the view: a KeyboardInterrupt leaves no row behind."""
    data = importer.parse_upload(source_journal(), 10**7)
    plan = importer.plan_import(carol, data)
    assert plan.ok and plan.new_total == 92
    before = stored(carol)
    Killer(monkeypatch, 31, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        importer.apply_plan(carol, plan)
    assert stored(carol) == before
    assert get_user_model().objects.filter(username="carol").exists()
