from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_journal_migrates_back_to_zero_and_forward_again():
    call_command("migrate", "journal", "zero", verbosity=0)
    tables = connection.introspection.table_names()
    assert "journal_cramp" not in tables
    call_command("migrate", verbosity=0)
    tables = connection.introspection.table_names()
    assert {"journal_cramp", "journal_nightcheckin", "journal_daycontext"} <= set(tables)


@pytest.mark.django_db(transaction=True)
def test_populated_database_migrates_forward_from_the_first_migration(alice):
    from journal.models import Cramp

    call_command("migrate", "journal", "0001", verbosity=0)
    executor = MigrationExecutor(connection)
    old_apps = executor.loader.project_state([("journal", "0001_initial")]).apps
    OldCramp = old_apps.get_model("journal", "Cramp")
    OldCramp.objects.create(
        owner_id=alice.pk,
        started_at=datetime(2026, 3, 3, 2, 0, tzinfo=UTC),
        time_zone="UTC",
        journal_day=datetime(2026, 3, 2).date(),
        is_night=True,
        muscle="calf",
        side="left",
        notes="written with the first schema",
    )
    call_command("migrate", verbosity=0)
    cramp = Cramp.objects.get()
    assert cramp.owner == alice
    assert cramp.notes == "written with the first schema"
    assert cramp.journal_day.isoformat() == "2026-03-02"


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_row_identities_each_get_their_own(alice):
    """0006_row_identity: a plain AddField default would give every row one uuid."""
    from journal.models import Condition, Cramp

    call_command("migrate", "journal", "0004", verbosity=0)
    old_apps = (
        MigrationExecutor(connection)
        .loader.project_state([("journal", "0004_pending_import")])
        .apps
    )
    OldCramp = old_apps.get_model("journal", "Cramp")
    OldCondition = old_apps.get_model("journal", "Condition")
    for _ in range(3):
        OldCramp.objects.create(
            owner_id=alice.pk,
            started_at=datetime(2026, 3, 3, 2, 0, tzinfo=UTC),
            time_zone="UTC",
            journal_day=datetime(2026, 3, 2).date(),
            muscle="calf",
            side="left",
        )
        OldCondition.objects.create(owner_id=alice.pk, kind="other")
    call_command("migrate", verbosity=0)
    assert len(set(Cramp.objects.values_list("uuid", flat=True))) == 3
    assert len(set(Condition.objects.values_list("uuid", flat=True))) == 3
