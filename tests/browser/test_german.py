"""The night flow, the week page and the offline queue for someone who reads German,
on a phone (390x844), and a navigation bar that fits in every shipped language.

Every label is found by its German name, the way a German screen-reader user
or a German eye finds it; no English word of the app's sentences is left on
the page (tests/test_i18n_pages.py's check, run on what the browser shows after
htmx swaps and scripts have run).
"""

import re

import pytest
from playwright.sync_api import expect

from journal.models import Cramp
from tests.browser.conftest import save_screenshot
from tests.browser.test_week import ALL_IMAGES_LOADED
from tests.insights.test_week_factories import alice_week_13
from tests.test_i18n_pages import english_in

QUEUE_GONE_DE = "!document.querySelector('[aria-label=\"Warten auf Übertragung\"]')"


def german(alice):
    alice.profile.language = "de"
    alice.profile.save()


def assert_all_german(page):
    assert page.evaluate("document.documentElement.lang") == "de"
    assert english_in(page.content()) == []


def test_the_night_flow_in_german(alice_page, live_server, alice):
    german(alice)
    page = alice_page
    page.goto(live_server.url + "/")
    assert page.get_by_role("radio", name="Wade").is_checked()
    assert_all_german(page)
    page.get_by_role("radio", name="Fuß / Zehen").check()  # tap 1
    page.get_by_role("button", name="Krampf jetzt").click()  # tap 2
    page.get_by_text("Details (optional)").wait_for()
    assert Cramp.objects.get(owner=alice).muscle == "foot"

    page.get_by_role("radio", name="2 Min.").check()
    page.get_by_text("Details gespeichert.").wait_for()
    assert Cramp.objects.get(owner=alice).duration_seconds == 120
    with page.expect_response(lambda r: "/details/" in r.url and r.request.method == "POST"):
        page.get_by_role("checkbox", name="Taubheitsgefühl").check()
    alert = page.get_by_role("alert").filter(
        has_text="Sie haben einen Krampf mit Taubheitsgefühl eingetragen."
    )
    alert.wait_for()
    assert Cramp.objects.get(owner=alice).red_flags == ["numbness"]
    assert_all_german(page)

    page.get_by_role("button", name="Rückgängig", exact=True).click()
    page.get_by_text("Entfernt. Es wurde nichts gespeichert.").wait_for()
    assert not Cramp.objects.filter(owner=alice).exists()
    assert_all_german(page)


def test_the_week_page_in_german(alice_page, live_server, alice):
    alice_week_13(alice)
    german(alice)
    page = alice_page
    page.goto(live_server.url + "/insights/week/2026-W13/")
    expect(page.get_by_role("heading", name="Woche ab 23. März 2026")).to_be_visible()
    page.wait_for_function(ALL_IMAGES_LOADED)
    save_screenshot(page, "week-de")
    for name in (
        "Krämpfe pro Nacht",
        "Uhrzeit nachts",
        "Muskeln und Seiten",
        "Dauer und Stärke",
        "Tagesumstände und Krämpfe",
    ):
        figure = page.get_by_role("figure", name=name)
        assert figure.get_by_role("img").count() == 1
        assert figure.get_by_text("Als Tabelle anzeigen").is_visible()
    page.wait_for_function(ALL_IMAGES_LOADED)
    assert page.get_by_role("img", name=re.compile(r"^Krämpfe pro Nacht: 4 Krämpfe")).is_visible()
    numbers = page.get_by_role("table", name="Diese Woche in Zahlen")
    assert numbers.get_by_role("row", name=re.compile(r"^Eingetragene Nächte 5 von 7")).is_visible()
    assert_all_german(page)

    page.get_by_text("Als Tabelle anzeigen").first.click()
    table = page.get_by_role("table", name="Krämpfe pro Nacht")
    assert table.get_by_role("row", name=re.compile(r"^Di\., 24\. März 2")).is_visible()

    page.get_by_role("link", name="Vorige Woche").click()
    page.wait_for_url(re.compile(r"/insights/week/2026-W12/$"))
    expect(page.get_by_role("heading", name="Woche ab 16. März 2026")).to_be_visible()
    page.wait_for_function(ALL_IMAGES_LOADED)
    assert_all_german(page)


def test_the_offline_queue_in_german(alice_page, phone_context, live_server, alice):
    """The queue's texts come from the JavaScript catalog, also with no connection."""
    from tests.browser.conftest import allow_console_errors
    from tests.browser.test_offline import OFFLINE_LOAD, wait_for_service_worker, wait_until

    german(alice)
    page = alice_page
    allow_console_errors(page, OFFLINE_LOAD)
    page.goto(live_server.url + "/")
    wait_for_service_worker(page)
    page.reload()  # controlled by the service worker, the shell and catalog cached
    phone_context.set_offline(True)
    page.locator("label.choice-tile", has_text="Wade").click()
    page.get_by_role("button", name="Krampf jetzt").click()
    queue = page.get_by_role("list", name="Warten auf Übertragung").get_by_role("listitem")
    expect(queue).to_have_count(1)
    assert "wartet auf Übertragung" in queue.first.inner_text()
    page.reload()  # offline: the page, its scripts and the German catalog from the cache
    expect(page.locator("[data-offline-queue] h2")).to_have_text(
        "Offline: wird gesendet, sobald eine Verbindung besteht"
    )
    page.get_by_role("link", name="Tagebuch").click()
    page.get_by_role("heading", name="Sie sind offline").wait_for()
    assert page.evaluate("document.documentElement.lang") == "de"
    assert Cramp.objects.filter(owner=alice).count() == 0
    # Back on the Log page and online: the queue is sent and empties.
    page.goto(live_server.url + "/")
    expect(queue).to_have_count(1)
    phone_context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until(page, QUEUE_GONE_DE)
    assert Cramp.objects.filter(owner=alice).count() == 1


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_the_whole_navigation_bar_fits_the_phone_in_every_language(
    alice_page, live_server, alice, language
):
    """German and Spanish labels are longer; at normal text size no tab hides off-screen."""
    alice.profile.language = language
    alice.profile.save()
    alice_page.goto(live_server.url + "/")
    widths = alice_page.evaluate(
        "() => { const n = document.querySelector('.bottom-nav');"
        " return [n.scrollWidth, n.clientWidth, n.querySelectorAll('a').length]; }"
    )
    assert widths[2] == 5  # every tab
    assert widths[0] <= widths[1] == 390


@pytest.mark.parametrize("language", ["de", "es"])
def test_no_page_scrolls_sideways_in_longer_languages(chromium, live_server, alice, language):
    """German and Spanish words are longer than English ones: every signed-in page
    still fits a 390 px phone (a full journal, every route of the route table)."""
    from datetime import timedelta

    from insights.management.commands.seed_demo import seed_demo_user
    from tests.browser.conftest import PHONE, log_in
    from tests.security.journal_data import ALICE_MARKERS, fill
    from tests.security.routes import KNOWN, url_for

    seed_demo_user("alice", days=120, seed=3, force=True)
    first = Cramp.objects.filter(owner=alice).order_by("journal_day").first().journal_day
    data = fill(alice, ALICE_MARKERS, night=first - timedelta(days=3))
    alice.profile.language = language
    alice.profile.save()
    context = chromium.new_context(viewport=PHONE)
    try:
        log_in(context, live_server, alice)
        page = context.new_page()
        wide, checked = {}, 0
        for key in sorted(k for k, route in KNOWN.items() if route.get and route.html):
            page.goto(live_server.url + url_for(key, data))
            if not page.locator("main").count():
                continue  # an htmx fragment, checked in its page
            checked += 1
            assert page.evaluate("document.documentElement.lang") == language, key
            if (width := page.evaluate("document.documentElement.scrollWidth")) > 390:
                wide[key] = width
        assert checked >= 15
        assert wide == {}
    finally:
        context.close()
