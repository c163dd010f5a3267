import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.models import Cramp, NightCheckIn
from journal.services import load_journal


def test_manifest_has_what_an_installable_app_needs(client, db):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "CrampLog"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    assert [s["name"] for s in manifest["shortcuts"]] == ["Log a cramp", "Morning check-in"]
    for icon in manifest["icons"] + [i for s in manifest["shortcuts"] for i in s["icons"]]:
        image = client.get(icon["src"])
        assert image.status_code == 200
        body = b"".join(image.streaming_content) if image.streaming else image.content
        assert body.startswith(b"\x89PNG")


def test_pages_link_manifest_and_touch_icon(client, db):
    content = client.get(reverse("login")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in content
    assert 'rel="apple-touch-icon"' in content
    # htmx and app.js, nothing else; app.js's words come as data (not run).
    assert content.count("<script") == 3
    assert content.count('<script id="javascript-catalog" type="application/json">') == 1
    assert "cramplog/app.js" in content and "queue.js" not in content


def test_service_worker_is_served_from_the_root_with_its_shell(client, db):
    response = client.get("/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert '"/static/cramplog/app.js"' in body
    assert 'importScripts("/static/cramplog/app.js")' in body  # the queue, shared
    assert '"/static/django_htmx/htmx-2.min.js"' in body
    assert "http://" not in body and "https://" not in body
    # The worker learns its URLs from the server; app.js hard-codes none.
    assert 'self.CRAMPLOG_SYNC_URL = "/api/cramps/sync/";' in body
    assert 'url.pathname === "/accounts/logout/"' in body
    app_js = (settings.BASE_DIR / "static" / "cramplog" / "app.js").read_text()
    assert "/api/" not in app_js and "/accounts/" not in app_js


def two_nights_ago_at_0210_utc():
    """A tap inside the accepted window whatever day the suite runs (03:10 or 04:10 Berlin)."""
    day = timezone.now().astimezone(UTC).date() - timedelta(days=2)
    return datetime(day.year, day.month, day.day, 2, 10, tzinfo=UTC)


def entry(**overrides):
    data = {
        "id": str(uuid.uuid4()),
        "tapped_at": (timezone.now() - timedelta(minutes=20)).isoformat(),
        "muscle": "calf",
        "side": "left",
    }
    data.update(overrides)
    return data


def post_sync(client, entries):
    return client.post(
        reverse("journal:sync_queue"),
        json.dumps({"entries": entries}),
        content_type="application/json",
    )


def test_sync_creates_cramps_at_the_tap_time_once(alice_client, alice):
    tapped = two_nights_ago_at_0210_utc()
    first = entry(tapped_at=tapped.isoformat(), duration_seconds=95)
    second = entry(muscle="foot", side="right")
    response = post_sync(alice_client, [first, second])
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["created", "created"]
    cramp = Cramp.objects.get(client_token=first["id"])
    assert cramp.owner == alice
    assert cramp.started_at == tapped
    assert cramp.duration_seconds == 95
    assert cramp.time_zone == "Europe/Berlin"
    # 03:10 (or 04:10 in summer) in Berlin belongs to the night that began the evening before.
    assert cramp.journal_day == tapped.date() - timedelta(days=1)
    # Replaying the same request (a double sync) creates nothing new.
    again = post_sync(alice_client, [first, second]).json()["results"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert Cramp.objects.filter(owner=alice).count() == 2


def test_sync_reports_invalid_entries_and_keeps_valid_ones(alice_client, alice):
    future = entry(tapped_at=(timezone.now() + timedelta(hours=2)).isoformat())
    unknown = entry(muscle="tail")
    naive = entry(tapped_at="2026-11-20T02:10:00")
    too_long = entry(duration_seconds=7 * 3600)
    good = entry()
    results = post_sync(alice_client, [future, unknown, naive, too_long, good, "junk"]).json()[
        "results"
    ]
    statuses = [r["status"] for r in results]
    assert statuses == ["rejected"] * 4 + ["created", "rejected"]
    assert "future" in json.dumps(results[0]["errors"])
    assert "muscle" in results[1]["errors"]
    assert "time zone" in json.dumps(results[2]["errors"])
    assert "duration_seconds" in results[3]["errors"]
    assert list(Cramp.objects.filter(owner=alice).values_list("client_token", flat=True)) == [
        uuid.UUID(good["id"])
    ]


def test_a_synced_cramp_makes_a_cramp_free_night_a_cramp_night(alice_client, alice):
    tapped = two_nights_ago_at_0210_utc()
    night = tapped.date() - timedelta(days=1)
    NightCheckIn.objects.create(owner=alice, night=night, cramp_free=True)
    post_sync(alice_client, [entry(tapped_at=tapped.isoformat())])
    (record,) = load_journal(alice, night, night).nights
    assert (record.cramps, record.cramp_free_confirmed) == (1, False)


def test_sync_needs_a_session_and_keeps_nothing_without_one(client, db):
    response = post_sync(client, [entry()])
    assert response.status_code == 401
    assert response.json()["login_url"] == reverse("login")
    assert Cramp.objects.count() == 0


def test_sync_is_protected_by_csrf(alice):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = post_sync(strict, [entry()])
    assert response.status_code == 403
    assert Cramp.objects.count() == 0


@pytest.mark.parametrize("body", ["not json", "[]", '{"entries": 5}'])
def test_sync_rejects_malformed_bodies(alice_client, body):
    response = alice_client.post(
        reverse("journal:sync_queue"), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "error" in response.json()


def test_same_uuid_from_two_users_stays_separate(alice_client, bob_client, alice, bob):
    shared = entry()
    assert post_sync(alice_client, [shared]).json()["results"][0]["status"] == "created"
    assert post_sync(bob_client, [shared]).json()["results"][0]["status"] == "created"
    assert Cramp.objects.filter(owner=alice).count() == 1
    assert Cramp.objects.filter(owner=bob).count() == 1
