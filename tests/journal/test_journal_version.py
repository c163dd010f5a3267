"""The journal version (journal/caching.py): every write moves it, nothing else does.

Cached pages, charts and analyses are keyed by it. These tests walk every
write path and show that each cached page, chart and JSON is drawn again
afterwards, and replay the three ways the old key (newest updated_at plus row
counts) served stale pages: an older backup imported after a delete, a row
dated in the future, and two servers whose clocks differ.
"""

import io
import json
import os
import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from export.files import build_backup
from export.importer import apply_plan, plan_import
from journal.caching import journal_version
from journal.models import Condition, Cramp, JournalVersion, Medication, NightCheckIn
from tests.conftest import PASSWORD, make_user
from tests.export.test_export_fixtures import confirm, upload
from tests.security.journal_data import fill


def texts():
    return {
        key: f"{key}-text"
        for key in (
            "cramp_notes",
            "checkin_notes",
            "day_notes",
            "medication_name",
            "medication_dose",
            "medication_notes",
            "condition_notes",
        )
    }


@pytest.fixture
def journal(alice):
    return fill(alice, texts())


def chart_url(d, name="nightly"):
    return reverse("insights:chart", kwargs={"name": name}) + f"?week={d.isoweek}"


def cached_urls(d):
    return ["/", "/journal/", "/insights/", "/insights/triggers.json", chart_url(d)]


# Key prefixes of what the pages above keep in the cache.
CACHED_KINDS = ("timeline-page:", "cramplog:analysis:", ":page:", "cramplog:chart:")


def cache_keys():
    return set(cache._cache)


def kinds(keys):
    return {kind for kind in CACHED_KINDS for key in keys if kind in key}


def visit_all(client, d):
    responses = {url: client.get(url) for url in cached_urls(d)}
    for url, response in responses.items():
        assert response.status_code == 200, url
    return responses


def _undo_snapshot(client, d):
    return client.post(reverse("journal:cramp_delete", args=[d.cramp.pk]))


def _start_timer(client, d):
    return client.post(reverse("journal:timer_start"), {"muscle": "calf", "side": "left"})


def _upload_backup(client, d):
    document = build_backup(d.cramp.owner)
    document["cramps"][0]["client_token"] = str(uuid.uuid4())
    document["cramps"][0]["uuid"] = str(uuid.uuid4())  # a new row, not the one already here
    document["cramps"][0]["started_at"] = (d.cramp.started_at - timedelta(hours=1)).isoformat()
    upload(client, json.dumps(document), "backup.json")


def _quick_logged(client, d):
    return client.post(reverse("journal:quick_log"), {"muscle": "foot", "side": "left"})


# (name, what prepares it without being measured, the write itself)
WRITES = [
    ("quick log", None, _quick_logged),
    (
        "undo of a quick log",
        _quick_logged,
        lambda c, d: c.post(
            reverse("journal:cramp_undo", args=[Cramp.objects.order_by("-pk").first().pk])
        ),
    ),
    ("timer start", None, _start_timer),
    ("timer stop", _start_timer, lambda c, d: c.post(reverse("journal:timer_stop"))),
    ("timer cancel", _start_timer, lambda c, d: c.post(reverse("journal:timer_cancel"))),
    (
        "morning check-in",
        None,
        lambda c, d: c.post(
            reverse("journal:checkin"),
            {"night": (d.night - timedelta(days=1)).isoformat(), "cramp_free": "True"},
        ),
    ),
    (
        "full form",
        None,
        lambda c, d: c.post(
            reverse("journal:cramp_new"),
            {
                "started_at": (d.cramp.local_started_at - timedelta(days=1)).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
                "muscle": "foot",
                "side": "right",
            },
        ),
    ),
    (
        "htmx details card",
        None,
        lambda c, d: c.post(
            reverse("journal:cramp_details", args=[d.cramp.pk]),
            {"side": "right", "severity": "3"},
            HTTP_HX_REQUEST="true",
        ),
    ),
    (
        "edit",
        None,
        lambda c, d: c.post(
            reverse("journal:cramp_edit", args=[d.cramp.pk]),
            {
                "started_at": d.cramp.local_started_at.strftime("%Y-%m-%dT%H:%M"),
                "muscle": "thigh_front",
                "side": "left",
            },
        ),
    ),
    ("delete", None, _undo_snapshot),
    ("undo of a delete", _undo_snapshot, lambda c, d: c.post(reverse("journal:cramp_restore"))),
    (
        "day context",
        None,
        lambda c, d: c.post(
            reverse("journal:day_context", args=[d.night]), {"fluids": "2000", "stress": "8"}
        ),
    ),
    (
        "day bump",
        None,
        lambda c, d: c.post(reverse("journal:day_bump", args=[d.night]), {"bump": "fluids_ml:up"}),
    ),
    (
        "new medicine",
        None,
        lambda c, d: c.post(
            reverse("journal:medication_new"),
            {
                "name": "Hydrochlorothiazide",
                "drug_class": "diuretic_thiazide",
                "started_on": d.night,
            },
        ),
    ),
    (
        "medicine edit",
        None,
        lambda c, d: c.post(
            reverse("journal:medication_edit", args=[d.medication.pk]),
            {"name": "Atorvastatin", "drug_class": "statin", "started_on": d.night},
        ),
    ),
    (
        "medicine stop",
        None,
        lambda c, d: c.post(reverse("journal:medication_stop", args=[d.medication.pk])),
    ),
    (
        "new condition",
        None,
        lambda c, d: c.post(
            reverse("journal:condition_new"), {"kind": "pregnancy", "started_on": d.night}
        ),
    ),
    (
        "condition edit",
        None,
        lambda c, d: c.post(
            reverse("journal:condition_edit", args=[d.condition.pk]),
            {"kind": "other", "notes": "changed"},
        ),
    ),
    (
        "condition delete",
        None,
        lambda c, d: c.post(reverse("journal:condition_delete", args=[d.condition.pk])),
    ),
    (
        "settings",
        None,
        lambda c, d: c.post(
            reverse("account_settings"),
            {
                "time_zone": "Europe/Berlin",
                "clock": "12",
                "fluid_unit": "floz",
                "glass_ml": "250",
                "fluid_target_ml": "2500",
                "sitting_hours_threshold": "6",
                "standing_hours_threshold": "3",
                "alcohol_drinks_threshold": "2",
                "checkin_mode": "evening",
                "theme": "dark",
            },
        ),
    ),
    ("theme", None, lambda c, d: c.post(reverse("set_theme"), {"theme": "dark"})),
    (
        "offline sync",
        None,
        lambda c, d: c.post(
            reverse("journal:sync_queue"),
            json.dumps(
                {
                    "entries": [
                        {
                            "id": str(uuid.uuid4()),
                            "tapped_at": (timezone.now() - timedelta(minutes=5)).isoformat(),
                            "muscle": "calf",
                            "side": "left",
                        }
                    ]
                }
            ),
            content_type="application/json",
        ),
    ),
    ("import (bulk_create, bulk_update)", _upload_backup, lambda c, d: confirm(c)),
]


@pytest.mark.parametrize("prepare,write", [w[1:] for w in WRITES], ids=[w[0] for w in WRITES])
def test_every_write_path_moves_the_version_and_redraws_every_cached_page(
    alice_client, journal, prepare, write
):
    d = journal
    if prepare:
        prepare(alice_client, d)
    visit_all(alice_client, d)
    before = journal_version(d.cramp.owner)
    warm = cache_keys()
    assert kinds(warm) == set(CACHED_KINDS)
    etag = alice_client.get(chart_url(d))["ETag"]

    response = write(alice_client, d)
    assert response.status_code < 400, response.content[:500]

    assert journal_version(d.cramp.owner) != before
    visit_all(alice_client, d)
    # Each cached page, the analysis behind /insights/ and triggers.json, and
    # the chart were drawn again under new keys, not served from the old ones.
    assert kinds(cache_keys() - warm) == set(CACHED_KINDS)
    assert alice_client.get(chart_url(d))["ETag"] != etag


def test_the_write_paths_cover_every_versioned_model():
    from journal.signals import VERSIONED_MODELS

    names = {model.__name__ for model in VERSIONED_MODELS}
    assert names == {"Cramp", "NightCheckIn", "DayContext", "Medication", "Condition", "Profile"}


def test_a_read_does_not_move_the_version(alice_client, journal):
    before = journal_version(journal.cramp.owner)
    visit_all(alice_client, journal)
    assert journal_version(journal.cramp.owner) == before


def test_the_admin_moves_the_version(client, journal):
    admin = get_user_model().objects.create_superuser("operator", password=PASSWORD)
    client.force_login(admin)
    owner = journal.cramp.owner
    before = journal_version(owner)
    response = client.post(
        reverse("admin:journal_cramp_delete", args=[journal.cramp.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert journal_version(owner) != before


def test_bulk_import_moves_the_version_although_it_sends_no_signals(alice, journal):
    other = make_user("carol")
    document = build_backup(alice)
    plan = plan_import(other, {"kind": "backup", "data": document})
    assert plan.ok and plan.new_total
    before = journal_version(other)
    apply_plan(other, plan)
    assert journal_version(other) != before


def test_seed_demo_and_restore_all_move_the_version(alice, journal, tmp_path):
    (tmp_path / "alice.json").write_text(json.dumps(build_backup(alice)))
    journal.cramp.delete()
    before = journal_version(alice)
    call_command("restore_all", str(tmp_path), stdout=io.StringIO())
    assert Cramp.objects.filter(owner=alice).count() == 1
    after_restore = journal_version(alice)
    assert after_restore != before
    call_command("seed_demo", "--user", "alice", "--days", "20", "--force", stdout=io.StringIO())
    assert journal_version(alice) != after_restore


def test_the_version_moves_in_the_write_transaction_and_not_on_rollback(alice, journal):
    before = journal_version(alice)
    with pytest.raises(RuntimeError), transaction.atomic():
        Medication.objects.create(owner=alice, name="Rolled back", started_on=journal.night)
        raise RuntimeError
    assert journal_version(alice) == before
    with transaction.atomic():
        Medication.objects.create(owner=alice, name="Kept", started_on=journal.night)
        inside = journal_version(alice)
    assert inside != before == before
    assert journal_version(alice) == inside


def test_account_deletion_removes_the_version_and_a_new_account_never_meets_old_keys(
    alice_client, alice, journal
):
    old = journal_version(alice)
    response = alice_client.post(reverse("delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not JournalVersion.objects.filter(owner_id=alice.pk).exists()
    again = make_user("alice")
    assert journal_version(again).split(".")[0] != old.split(".")[0]


# --- The scenarios of issue #13 ----------------------------------------------------------


def test_deleting_then_importing_an_older_backup_never_brings_back_the_old_page(
    alice_client, alice, journal
):
    old_pk = journal.cramp.pk
    backup = json.dumps(build_backup(alice))
    assert f"/journal/{old_pk}/edit/" in alice_client.get("/journal/").content.decode()
    alice_client.post(reverse("journal:cramp_delete", args=[old_pk]))
    assert f"/journal/{old_pk}/edit/" not in alice_client.get("/journal/").content.decode()
    upload(alice_client, backup, "backup.json")
    assert confirm(alice_client).status_code == 302
    # Same row count and newest updated_at as before the delete: the old key.
    restored = Cramp.objects.get(owner=alice)
    assert restored.pk != old_pk
    html = alice_client.get("/journal/").content.decode()
    assert f"/journal/{restored.pk}/edit/" in html
    assert f"/journal/{old_pk}/edit/" not in html


def test_a_row_dated_in_the_future_does_not_freeze_pages_or_charts(alice_client, alice, journal):
    document = build_backup(alice)
    document["cramps"][0]["client_token"] = str(uuid.uuid4())
    document["cramps"][0]["uuid"] = str(uuid.uuid4())  # a new row, not the one already here
    document["cramps"][0]["started_at"] = (
        journal.cramp.started_at - timedelta(hours=2)
    ).isoformat()
    document["cramps"][0]["updated_at"] = "2031-01-01T00:00:00+00:00"
    upload(alice_client, json.dumps(document), "backup.json")
    confirm(alice_client)
    d = journal
    first = {url: r.content for url, r in visit_all(alice_client, d).items()}
    old = alice_client.get(chart_url(d, "muscles"))
    etag, old_chart = old["ETag"], old.content
    # An edit: no row count changes, and its updated_at is before 2031.
    alice_client.post(
        reverse("journal:cramp_edit", args=[d.cramp.pk]),
        {
            "started_at": d.cramp.local_started_at.strftime("%Y-%m-%dT%H:%M"),
            "muscle": "foot",
            "side": "right",
            "duration": "",
            "severity": "2",
        },
    )
    assert Cramp.objects.get(pk=d.cramp.pk).muscle == "foot"
    second = {url: r.content for url, r in visit_all(alice_client, d).items()}
    assert b"Foot" in second["/journal/"] and second["/journal/"] != first["/journal/"]
    assert second["/insights/triggers.json"] != first["/insights/triggers.json"]
    assert second["/insights/"] != first["/insights/"]
    # The muscles chart's bytes change, so its ETag must: no 304 for the old image.
    chart = alice_client.get(chart_url(d, "muscles"), HTTP_IF_NONE_MATCH=etag)
    assert chart.status_code == 200 and chart["ETag"] != etag
    assert chart.content != old_chart


def test_an_edit_on_a_server_whose_clock_is_behind_is_seen(
    alice_client, alice, journal, monkeypatch
):
    d = journal
    # A second cramp, just written on the server whose clock is right.
    Cramp.objects.create(
        owner=alice,
        started_at=d.cramp.started_at - timedelta(days=1),
        time_zone=d.cramp.time_zone,
        muscle="hand",
    )
    assert '<span class="cramp-what">Calf' in alice_client.get("/journal/").content.decode()
    real_now = timezone.now
    # The other app server's clock is two minutes behind: the edit's updated_at
    # is older than the newest row's, and no row count changes.
    monkeypatch.setattr("django.utils.timezone.now", lambda: real_now() - timedelta(minutes=2))
    cramp = Cramp.objects.get(pk=d.cramp.pk)
    cramp.muscle = "foot"
    cramp.save()
    monkeypatch.undo()
    html = alice_client.get("/journal/").content.decode()
    assert '<span class="cramp-what">Foot' in html
    assert '<span class="cramp-what">Calf' not in html


def test_another_users_writes_do_not_move_alices_version(alice, bob, journal):
    before = journal_version(alice)
    Condition.objects.create(owner=bob, kind="diabetes")
    assert journal_version(alice) == before


def test_a_second_client_sees_the_same_version(alice, journal):
    other = Client()
    other.force_login(alice)
    assert other.get("/journal/").status_code == 200


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="row locks: PostgreSQL only (SQLite runs one writer at a time)",
)
def test_two_writers_of_one_journal_queue_instead_of_deadlocking(transactional_db):
    """One request writes a cramp and a check-in in one transaction while that
    check-in is saved from another request. Both take the version row's lock first."""
    from django.db import connection as main_connection

    alice = make_user("alice")
    d = fill(alice, texts())
    NightCheckIn.objects.filter(pk=d.checkin.pk).update(cramp_free=True)
    second_started = threading.Event()
    errors = []

    def quick_log():
        try:
            with transaction.atomic():
                Cramp.objects.create(
                    owner=alice,
                    started_at=d.cramp.started_at - timedelta(minutes=30),
                    time_zone=d.cramp.time_zone,
                    muscle="foot",
                )
                second_started.wait(5)
                time.sleep(0.3)  # the check-in's save is now waiting for a lock
                NightCheckIn.objects.filter(pk=d.checkin.pk).update(cramp_free=False)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            main_connection.close()

    def checkin_save():
        try:
            time.sleep(0.1)
            checkin = NightCheckIn.objects.get(pk=d.checkin.pk)
            checkin.sleep_disturbance = 6
            second_started.set()
            checkin.save()
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            main_connection.close()

    threads = [threading.Thread(target=quick_log), threading.Thread(target=checkin_save)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
