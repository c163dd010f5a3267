"""Offline quick log: queue on the phone, sync once, never lose or double an entry."""

import json
import re
import time
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from journal.models import Cramp
from tests.browser.conftest import allow_console_errors


def wait_until(page, expression, timeout=15.0):
    # page.wait_for_function evaluates a string with eval, which our CSP forbids.
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


def wait_for_service_worker(page):
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")


QUEUE_GONE = "!document.querySelector('[aria-label=\"Waiting to sync\"]')"


def queue_items(page):
    return page.get_by_role("list", name="Waiting to sync").get_by_role("listitem")


# Offline, a reload is answered by the service worker after its network-first
# fetch fails, and Chromium reports that failed attempt on the page's console.
# It is the browser saying it is offline, not an app error; nothing else is allowed.
OFFLINE_LOAD = r"^Failed to load resource: net::ERR_INTERNET_DISCONNECTED$"


def test_offline_log_and_timer_sync_exactly_once(alice_page, phone_context, live_server, alice):
    page = alice_page
    allow_console_errors(page, OFFLINE_LOAD)
    page.goto(live_server.url + "/")
    wait_for_service_worker(page)
    page.reload()  # the first page is now controlled and the shell cached

    sync_requests = []
    page.on("request", lambda r: sync_requests.append(r) if "/api/cramps/sync/" in r.url else None)
    phone_context.set_offline(True)
    before = timezone.now()
    page.locator("label.choice-tile", has_text="Foot / toes").click()
    page.get_by_role("button", name="Cramp now").click()
    expect(queue_items(page)).to_have_count(1)
    page.locator("label.choice-tile", has_text="Calf").click()
    page.get_by_role("button", name="Cramp now").click()
    expect(queue_items(page)).to_have_count(2)
    page.get_by_role("button", name="Cramp started: time it").click()
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="It stopped").click()
    expect(queue_items(page)).to_have_count(3)
    assert "waiting to sync" in queue_items(page).first.inner_text()
    # The timed cramp says how long it lasted, in the app's one duration format.
    assert re.search(r", \d s: waiting to sync$", queue_items(page).last.inner_text())

    # The app shell still renders offline, with the queue intact, and says it is offline.
    page.reload()
    page.get_by_role("button", name="Cramp now").wait_for()
    expect(queue_items(page)).to_have_count(3)
    expect(page.locator("[data-offline-queue] h2")).to_have_text(
        "Offline: will send when connected"
    )
    # A page that needs the server says so, instead of showing the Log page under its address.
    page.get_by_role("link", name="Journal").click()
    page.get_by_role("heading", name="You are offline").wait_for()
    assert page.url.endswith("/journal/")
    page.get_by_role("link", name="Log page").click()
    page.get_by_role("button", name="Cramp now").wait_for()
    expect(queue_items(page)).to_have_count(3)
    assert Cramp.objects.filter(owner=alice).count() == 0
    # The queue knows the browser is offline and does not fire a doomed request.
    assert page.evaluate("CrampQueue.send().then((r) => r.status)") == "retry"
    assert sync_requests == []
    after = timezone.now()

    phone_context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until(page, QUEUE_GONE)
    cramps = list(Cramp.objects.filter(owner=alice).order_by("started_at"))
    assert len(cramps) == 3
    assert sorted(c.muscle for c in cramps) == ["calf", "calf", "foot"]
    for cramp in cramps:
        # The time of the tap, not the time of the sync.
        assert before - timedelta(seconds=1) <= cramp.started_at <= after
    timed = [c for c in cramps if c.duration_seconds]
    assert len(timed) == 1 and 1 <= timed[0].duration_seconds <= 30

    # Syncing again (another tab, a retry) creates nothing new.
    page.evaluate("window.cramplogOffline.sync()")
    page.wait_for_timeout(300)
    assert Cramp.objects.filter(owner=alice).count() == 3


def test_rejected_entry_stays_visible_with_its_reason(alice_page, live_server, alice):
    page = alice_page
    page.goto(live_server.url + "/")
    entry = {
        "id": "6f0f0d3e-2b9e-4a57-9b51-3c1b1f3c9a11",
        "tapped_at": (timezone.now() + timedelta(hours=3)).isoformat(),
        "muscle": "calf",
        "side": "left",
        "status": "waiting",
        "reason": "",
    }
    page.evaluate(
        f"window.cramplogOffline.queue.put({json.dumps(entry)}).then(window.cramplogOffline.sync)"
    )
    item = queue_items(page).first
    item.get_by_text(re.compile("not saved: .*future")).wait_for()
    assert Cramp.objects.filter(owner=alice).count() == 0
    page.reload()
    assert "not saved" in queue_items(page).first.inner_text()
    queue_items(page).first.get_by_role("button", name="Dismiss").click()
    wait_until(page, QUEUE_GONE)


def test_expired_session_keeps_the_queue_and_asks_to_log_in(
    alice_page, phone_context, live_server, alice
):
    page = alice_page
    page.goto(live_server.url + "/")
    wait_for_service_worker(page)
    phone_context.set_offline(True)
    page.get_by_role("button", name="Cramp now").click()
    expect(queue_items(page)).to_have_count(1)
    # The session ends while the phone is offline; the sync is refused with 401.
    phone_context.clear_cookies(name="sessionid")
    allow_console_errors(page, r"status of 401")
    phone_context.set_offline(False)
    page.evaluate("window.cramplogOffline.sync()")
    page.get_by_text("Log in again to send these cramps").wait_for()
    # The log-in link is the one the server named in its 401, back to the queue.
    link = page.get_by_role("link", name="Log in", exact=True)
    assert link.get_attribute("href") == reverse("login") + "?next=/"
    expect(queue_items(page)).to_have_count(1)
    # A redraw of the queue (here the one on "offline") keeps the notice.
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    page.wait_for_timeout(300)
    expect(page.get_by_text("Log in again to send these cramps")).to_be_visible()
    assert Cramp.objects.filter(owner=alice).count() == 0


def test_background_sync_sends_the_queue_with_no_page_open(
    alice_page, phone_context, live_server, alice
):
    page = alice_page
    cdp = phone_context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.goto(live_server.url + "/")
    wait_for_service_worker(page)
    phone_context.set_offline(True)
    page.get_by_role("button", name="Cramp now").click()
    expect(queue_items(page)).to_have_count(1)
    page.goto("about:blank")  # CrampLog is closed; only the service worker is left
    phone_context.set_offline(False)
    registration = next(r for r in registrations if r["scopeURL"].startswith(live_server.url))
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": live_server.url,
            "registrationId": registration["registrationId"],
            "tag": "cramplog-sync",
            "lastChance": False,
        },
    )
    deadline = time.monotonic() + 10
    while not Cramp.objects.filter(owner=alice).exists():
        assert time.monotonic() < deadline, "the service worker did not send the queue"
        time.sleep(0.1)
    assert Cramp.objects.filter(owner=alice).count() == 1
