"""backup_all writes every user's backup; restore_all rebuilds every row from them.

Round trip: several users with data in every field, `backup_all DIR`, delete
every user and journal row, `restore_all DIR` into the emptied database, then
compare every stored value of every row, field by field (ids aside).
"""

import json
import stat
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from export.files import build_backup
from export.management.commands.backup_all import safe_stem
from journal.models import Condition, Cramp, DayContext, Medication, NightCheckIn, Profile
from tests.conftest import make_user
from tests.security.journal_data import ALICE_MARKERS, BOB_MARKERS, fill

MODELS = (Cramp, NightCheckIn, DayContext, Medication, Condition)
User = get_user_model()


def everything():
    """username -> every stored value of the profile and every journal row."""
    result = {}
    for user in User.objects.order_by("username"):
        profile = Profile.objects.filter(user=user).values().first()
        profile.pop("id"), profile.pop("user_id")
        rows = {}
        for model in MODELS:
            values = list(model.objects.filter(owner=user).values())
            for row in values:
                row.pop("id"), row.pop("owner_id")
            # ids differ after a restore: order by content instead.
            rows[model.__name__] = sorted(values, key=lambda r: json.dumps(r, default=str))
        result[user.get_username()] = {"profile": profile, **rows}
    return result


def awkward_extras(user):
    """Values that break naive code: unicode, formulas, decimals, nulls, zones."""
    profile = user.profile
    profile.fluid_unit, profile.clock, profile.theme = "floz", "12", "dark"
    profile.checkin_mode, profile.glass_ml, profile.fluid_target_ml = "evening", 330, 2000
    profile.sitting_hours_threshold = Decimal("7.5")
    profile.last_muscle, profile.last_side = "foot", "right"
    profile.save()
    from export.importer import _aware_in_zone

    Cramp.objects.create(
        owner=user,
        started_at=_aware_in_zone("2025-03-30T02:30:00+01:00", "Europe/Berlin"),  # DST gap
        time_zone="Asia/Tokyo",
        muscle="hand",
        side="na",
        woke_from_sleep=False,
        activity="sitting",
        soreness="hours",
        notes='=HYPERLINK("x") 痛い 😫\n"quoted", commas',
        client_token=UUID("12345678-1234-5678-1234-567812345678"),
    )
    NightCheckIn.objects.create(owner=user, night=date(2025, 3, 29), cramp_free=True)
    DayContext.objects.create(
        owner=user,
        day=date(2025, 3, 29),
        electrolyte_drink=False,
        exercise_minutes=75,
        exercise_intensity="hard",
        heat=True,
        sitting_hours=Decimal("9.5"),
        standing_hours=Decimal("1.0"),
        stretched=False,
        mineral_food=None,
        alcohol_drinks=0,
    )
    Medication.objects.create(
        owner=user,
        name="Hydrochlorothiazide",
        drug_class="diuretic_thiazide",
        dose="12.5 mg",
        started_on=date(2024, 6, 1),
        stopped_on=date(2025, 3, 6),
    )
    Condition.objects.create(owner=user, kind="pregnancy")


@pytest.fixture
def journals(db):
    alice = make_user("alice")
    bob = make_user("bob", time_zone="America/New_York")
    fill(alice, ALICE_MARKERS)
    fill(bob, BOB_MARKERS, severity=3)
    awkward_extras(alice)
    make_user("zoë.o'neil+cramps@example", time_zone="Pacific/Chatham")  # no rows at all
    return alice, bob


def test_backup_all_then_restore_all_reproduces_every_row(journals, tmp_path):
    before = everything()
    assert sum(len(before["alice"][m.__name__]) for m in MODELS) == 10

    call_command("backup_all", str(tmp_path), verbosity=0)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["alice.json", "bob.json", "zoe.o_neil+cramps@example.json"]
    alice = User.objects.get(username="alice")
    written = json.loads((tmp_path / "alice.json").read_text(encoding="utf-8"))
    expected = build_backup(alice)
    written.pop("exported_at"), expected.pop("exported_at")
    assert written == expected  # exactly what the Export page gives the user

    for model in MODELS:
        model.objects.all().delete()
    User.objects.all().delete()
    assert not Profile.objects.exists()

    call_command("restore_all", str(tmp_path), verbosity=0)
    after = everything()
    assert after.keys() == before.keys()
    for username in before:
        for part in before[username]:
            assert after[username][part] == before[username][part], (username, part)
    # No password hash is in a backup: restored accounts must set a new one.
    assert not User.objects.get(username="alice").has_usable_password()

    # Running it again adds nothing.
    call_command("restore_all", str(tmp_path), verbosity=0)
    assert everything() == after


def test_backup_files_are_private_and_atomic(journals, tmp_path):
    target = tmp_path / "backups"
    call_command("backup_all", str(target), verbosity=0)
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    for path in target.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert not [p for p in target.iterdir() if p.name.startswith(".")]  # no temp files left


@pytest.mark.parametrize(
    ("username", "stem"),
    [
        ("alice", "alice"),
        ("zoë", "zoe"),
        ("..", "_."),
        (".hidden", "_hidden"),
        ("a/../../etc/passwd", "a_.._.._etc_passwd"),
        ("C:\\evil", "C__evil"),
        ("名前", "user"),
        ("x" * 300, "x" * 100),
    ],
)
def test_file_names_are_safe(username, stem):
    assert safe_stem(username) == stem
    assert "/" not in stem and "\\" not in stem and not stem.startswith(".")


def test_names_that_collide_get_the_user_id(db, tmp_path):
    first = make_user("Alice")
    second = make_user("alice")
    # The ORM skips the form's validators: a name with a slash must still stay inside.
    third = User.objects.create_user(username="../../outside", password="x" * 20)
    call_command("backup_all", str(tmp_path / "out"), verbosity=0)
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(["Alice.json", f"alice-{second.pk}.json", "_._.._outside.json"])
    assert first.pk < second.pk and third.pk
    assert not (tmp_path / "outside.json").exists()


def test_backup_all_for_chosen_users_and_unknown_names(journals, tmp_path):
    call_command("backup_all", str(tmp_path), user=["bob"], verbosity=0)
    assert [p.name for p in tmp_path.iterdir()] == ["bob.json"]
    with pytest.raises(CommandError, match="No such user: nobody"):
        call_command("backup_all", str(tmp_path), user=["nobody"], verbosity=0)


def test_restore_all_restores_nothing_of_a_bad_file_and_the_rest_fully(journals, tmp_path):
    call_command("backup_all", str(tmp_path), verbosity=0)
    before = everything()
    bad = json.loads((tmp_path / "bob.json").read_text())
    bad["cramps"][0]["severity"] = 11
    (tmp_path / "bob.json").write_text(json.dumps(bad))
    for model in MODELS:
        model.objects.all().delete()
    User.objects.all().delete()

    with pytest.raises(CommandError, match=r"bob\.json: cramps entry 1: severity"):
        call_command("restore_all", str(tmp_path), verbosity=0)
    assert not User.objects.filter(username="bob").exists()  # not even the account
    after = everything()
    assert after["alice"] == before["alice"]


def test_restore_all_dry_run_changes_nothing(journals, tmp_path):
    call_command("backup_all", str(tmp_path), verbosity=0)
    for model in MODELS:
        model.objects.all().delete()
    User.objects.all().delete()
    call_command("restore_all", str(tmp_path), dry_run=True, verbosity=0)
    assert not User.objects.exists()
    assert not Cramp.objects.exists()


def test_restore_all_refuses_what_is_not_a_backup(db, tmp_path):
    (tmp_path / "notes.json").write_text("started_at,muscle\n2025-01-01T03:00:00,calf\n")
    (tmp_path / "other.json").write_text('{"format": "something"}')
    with pytest.raises(CommandError) as error:
        call_command("restore_all", str(tmp_path), verbosity=0)
    assert "notes.json: not a CrampLog backup" in str(error.value)
    assert "other.json: This JSON file is not a CrampLog backup." in str(error.value)
    assert not User.objects.exists()
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="No backup files"):
        call_command("restore_all", str(tmp_path / "empty"), verbosity=0)


def test_restored_rows_keep_their_timestamps(journals, tmp_path):
    alice = User.objects.get(username="alice")
    old = Cramp.objects.filter(owner=alice).first()
    stamp = old.created_at - timedelta(days=400)
    Cramp.objects.filter(pk=old.pk).update(created_at=stamp, updated_at=stamp)
    call_command("backup_all", str(tmp_path), user=["alice"], verbosity=0)
    Cramp.objects.all().delete()
    User.objects.all().delete()
    call_command("restore_all", str(tmp_path), verbosity=0)
    restored = Cramp.objects.get(owner__username="alice", notes=old.notes)
    assert restored.created_at == stamp and restored.updated_at == stamp
