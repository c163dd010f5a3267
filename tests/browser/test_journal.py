"""The journal on a phone (390x844): what someone does at 3 a.m."""

import re
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import available_timezones

from playwright.sync_api import expect

from journal.models import Cramp, NightCheckIn
from tests.browser.conftest import log_in, save_screenshot


def daytime_zone():
    """A fixed-offset zone where it is now mid-morning, so the morning card shows."""
    now = datetime.now(UTC)
    for offset in range(-12, 15):
        # Etc/GMT signs are inverted: Etc/GMT-3 is UTC+3.
        name = "Etc/GMT" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"
        if name in available_timezones() and 7 <= (now.hour + offset) % 24 <= 10:
            return name
    raise AssertionError("no zone with a morning found")


def test_two_tap_log_from_home_screenshot(alice_page, live_server, alice):
    page = alice_page
    page.goto(live_server.url + "/")
    assert page.get_by_role("radio", name="Calf").is_checked()
    save_screenshot(page, "home")
    page.get_by_role("radio", name="Foot / toes").check()  # tap 1
    page.get_by_role("button", name="Cramp now").click()  # tap 2
    page.get_by_text("Details (optional)").wait_for()
    cramp = Cramp.objects.get(owner=alice)
    # No side was chosen, none is guessed: it is saved as not recorded.
    assert (cramp.muscle, cramp.side) == ("foot", "na")
    assert page.url == live_server.url + "/"  # swapped in place by htmx
    # The phone's tap targets are big enough for a thumb.
    box = page.get_by_role("button", name="Save details").bounding_box()
    assert box["height"] >= 44


def test_no_side_preselected_and_tonight_listed_after_done(
    alice_page, live_server, alice, monkeypatch
):
    # 03:10 in Berlin: the server runs in this process, so its clock is pinned too.
    night = datetime(2026, 3, 10, 2, 10, tzinfo=UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: night)
    page = alice_page
    page.goto(live_server.url + "/")
    sides = page.get_by_role("group", name="Side").get_by_role("radio")
    assert [sides.nth(i).is_checked() for i in range(sides.count())] == [False] * 4
    for muscle in ("Calf", "Foot / toes", "Calf", "Calf"):
        page.get_by_role("radio", name=muscle).check()
        page.get_by_role("button", name="Cramp now").click()
        page.get_by_text("Details (optional)").wait_for()
        page.get_by_role("link", name="Done").click()
        page.get_by_role("button", name="Cramp now").wait_for()
    tonight = page.locator("#tonight")
    expect(tonight.get_by_role("heading")).to_have_text("Logged tonight Mon 9 Mar")
    expect(tonight.locator(".cramp-row")).to_have_count(4)
    assert tonight.get_by_text("Foot / toes").count() == 1
    assert tonight.get_by_role("link", name=re.compile("^Edit")).count() == 4
    # Undo from the list removes that one entry.
    tonight.get_by_role("button", name=re.compile("^Undo Foot")).click()
    expect(page.locator("#tonight .cramp-row")).to_have_count(3)
    assert not Cramp.objects.filter(owner=alice, muscle="foot").exists()
    box = (
        page.locator("#tonight").get_by_role("link", name=re.compile("^Edit")).first.bounding_box()
    )
    assert box["height"] >= 44 and box["width"] >= 44


def test_details_card_saves_each_change_and_undo(alice_page, live_server, alice):
    page = alice_page
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Cramp now").click()
    page.get_by_role("radio", name="2 min").check()
    page.get_by_text("Details saved.").wait_for()
    assert Cramp.objects.get(owner=alice).duration_seconds == 120
    # Each change is saved by its own request; wait for it before the next edit.
    with page.expect_response(lambda r: "/details/" in r.url and r.request.method == "POST"):
        page.get_by_role("group", name="Pain (0 none – 10 worst)").get_by_role(
            "radio", name="7"
        ).check()
    # Bad input comes back next to its field, and nothing changes.
    page.get_by_label("Exact minutes").fill("400")
    page.get_by_label("Exact minutes").press("Tab")
    page.get_by_text("A cramp can be at most 6 hours (360 minutes).").wait_for()
    assert Cramp.objects.get(owner=alice).duration_seconds == 120
    with page.expect_response(lambda r: "/details/" in r.url and r.request.method == "POST"):
        page.get_by_role("radio", name="2 min").check()
    page.get_by_role("checkbox", name="Numbness").check()
    page.get_by_role("alert").filter(has_text="You logged a cramp with numbness").wait_for()
    cramp = Cramp.objects.get(owner=alice)
    assert (cramp.duration_seconds, cramp.severity, cramp.red_flags) == (120, 7, ["numbness"])
    page.get_by_role("button", name="Undo", exact=True).click()
    page.get_by_text("Removed. Nothing was saved.").wait_for()
    assert not Cramp.objects.filter(owner=alice).exists()


def test_typing_while_a_details_save_is_in_flight_loses_nothing(
    alice_page, live_server, alice, monkeypatch
):
    import journal.views

    page = alice_page
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Cramp now").click()
    page.get_by_text("Details (optional)").wait_for()
    slow_save = journal.views.save_cramp

    def save_slowly(cramp):
        time.sleep(0.8)  # a slow connection: the answer comes after the next keystrokes
        return slow_save(cramp)

    monkeypatch.setattr(journal.views, "save_cramp", save_slowly)
    with page.expect_response(lambda r: "/details/" in r.url and r.request.method == "POST"):
        page.get_by_role("radio", name="2 min").check()  # a save starts
        page.get_by_label("Notes").fill("woke up twice")  # typed while it runs
    page.get_by_text("Details saved.").wait_for()
    assert page.get_by_label("Notes").input_value() == "woke up twice"
    with page.expect_response(lambda r: "/details/" in r.url and r.request.method == "POST"):
        page.get_by_label("Notes").press("Tab")
    cramp = Cramp.objects.get(owner=alice)
    assert (cramp.duration_seconds, cramp.notes) == (120, "woke up twice")

    # An error is shown next to its field; the next good change clears it.
    monkeypatch.setattr(journal.views, "save_cramp", slow_save)
    page.get_by_label("Exact minutes").fill("400")
    page.get_by_label("Exact minutes").press("Tab")
    error = page.get_by_text("A cramp can be at most 6 hours (360 minutes).")
    error.wait_for()
    with page.expect_response(lambda r: "/details/" in r.url and r.request.method == "POST"):
        page.get_by_role("radio", name="5 min").check()
    error.wait_for(state="detached")
    assert Cramp.objects.get(owner=alice).duration_seconds == 300
    assert page.get_by_label("Notes").input_value() == "woke up twice"


def test_timer_start_and_stop_across_a_reload(alice_page, live_server, alice):
    page = alice_page
    page.goto(live_server.url + "/")
    page.get_by_role("radio", name="Thigh (back) / hamstring").check()
    page.get_by_role("button", name="Cramp started: time it").click()
    page.get_by_role("button", name="It stopped").wait_for()
    page.reload()
    stop = page.get_by_role("button", name="It stopped")
    stop.wait_for()
    assert re.fullmatch(r"0:0\d", page.locator(".timer-count").inner_text())
    page.wait_for_timeout(1200)
    stop.click()
    page.get_by_text("Details (optional)").wait_for()
    cramp = Cramp.objects.get(owner=alice)
    assert cramp.muscle == "thigh_back"
    assert 1 <= cramp.duration_seconds <= 30
    alice.profile.refresh_from_db()
    assert alice.profile.timer_started_at is None


def test_morning_no_cramps_check_in(alice_page, live_server, alice):
    alice.profile.time_zone = daytime_zone()
    alice.profile.save()
    page = alice_page
    page.goto(live_server.url + "/")
    page.get_by_role("heading", name="How was last night?").wait_for()
    page.get_by_role("button", name="No cramps").click()
    page.get_by_text("No cramps. ✓").wait_for()
    checkin = NightCheckIn.objects.get(owner=alice)
    local_today = datetime.now(UTC).astimezone(alice.profile.zone).date()
    assert checkin.night == local_today - timedelta(days=1)
    assert checkin.cramp_free is True
    with page.expect_response(lambda r: "/checkin/" in r.url and r.request.method == "POST"):
        page.get_by_role("radio", name="3", exact=True).check()
    assert NightCheckIn.objects.get(owner=alice).sleep_disturbance == 3


def test_delete_with_undo(alice_page, live_server, alice):
    cramp = Cramp(
        owner=alice,
        started_at=datetime(2026, 3, 10, 2, 10, tzinfo=UTC),
        time_zone="Europe/Berlin",
        muscle="calf",
    )
    cramp.save()
    page = alice_page
    page.goto(live_server.url + "/journal/")
    page.get_by_role("heading", name="Night of Mon 9 Mar 2026").wait_for()
    page.get_by_role("link", name="Delete Calf cramp at 03:10").click()
    page.get_by_role("button", name="Yes, delete").click()
    page.get_by_text("Cramp deleted.").wait_for()
    assert not Cramp.objects.filter(owner=alice).exists()
    page.wait_for_timeout(10_000)  # the undo is still there after 10 seconds
    page.get_by_role("button", name="Undo", exact=True).click()
    page.get_by_role("link", name="Edit Calf cramp at 03:10").wait_for()
    restored = Cramp.objects.get(owner=alice)
    assert restored.pk == cramp.pk and restored.journal_day == date(2026, 3, 9)


def test_two_tap_log_without_javascript(no_js_page, live_server, alice):
    page = no_js_page
    log_in(page.context, live_server, alice)
    page.goto(live_server.url + "/")
    page.get_by_role("radio", name="Hand / fingers").check()
    page.get_by_role("button", name="Cramp now").click()
    page.wait_for_url(re.compile(r"/journal/\d+/details/$"))
    assert page.get_by_text("Cramp saved.").is_visible()
    cramp = Cramp.objects.get(owner=alice)
    assert cramp.muscle == "hand"
    # The details card still works as a plain form.
    page.get_by_role("radio", name="5 min").check()
    page.get_by_role("button", name="Save details").click()
    page.get_by_text("Details saved.").wait_for()
    cramp.refresh_from_db()
    assert cramp.duration_seconds == 300


def test_it_happened_earlier_without_a_keyboard(alice_page, live_server, alice):
    page = alice_page
    page.goto(live_server.url + "/")
    page.get_by_text("It happened earlier", exact=True).click()
    page.get_by_role("radio", name="30 min ago").check()
    before = datetime.now(UTC)
    page.get_by_role("button", name="Cramp now").click()
    page.get_by_text("Details (optional)").wait_for()
    ago = before - Cramp.objects.get(owner=alice).started_at
    assert timedelta(minutes=29) < ago < timedelta(minutes=31)


def test_back_button_after_a_filter_restores_the_whole_page(alice_page, live_server, alice):
    """htmx keeps no history cache (historyCacheSize 0): going back asks the
    server again with HX-History-Restore-Request, which must get the page, not
    the bare fragment that the filter swapped in."""
    page = alice_page
    Cramp.objects.create(
        owner=alice,
        started_at=datetime(2026, 11, 2, 2, 0, tzinfo=UTC),
        time_zone="UTC",
        muscle="calf",
    )
    page.goto(live_server.url + "/journal/")
    page.get_by_label("Muscle").select_option("calf")
    page.wait_for_url(re.compile(r"muscle=calf"))
    page.get_by_label("Muscle").select_option("foot")
    page.wait_for_url(re.compile(r"muscle=foot"))
    page.go_back()  # within the document: htmx restores the page from the server
    page.wait_for_url(re.compile(r"/journal/\?muscle=calf"))
    page.get_by_text("Nov", exact=False).first.wait_for()
    # The whole page is back: the site navigation and the filter around the list.
    page.get_by_role("navigation").first.wait_for()
    assert page.get_by_label("Muscle").input_value() == "calf"
    assert page.locator("head title").count() == 1


def test_morning_check_in_is_on_the_first_screen(alice_page, live_server, alice, monkeypatch):
    # 08:00 in Berlin; the live server runs in this process, so its clock is pinned.
    morning = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: morning)
    page = alice_page
    page.goto(live_server.url + "/")
    button = page.get_by_role("button", name="No cramps")
    box = button.bounding_box()
    assert box["y"] + box["height"] <= 844
    assert page.locator("#daycard h2").inner_text().startswith("Today")
    button.click()
    page.get_by_text("No cramps. ✓").wait_for()
    assert NightCheckIn.objects.get(owner=alice).night == date(2026, 3, 9)


def _luminance(rgb):
    channels = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _colours(locator):
    return locator.evaluate(
        "(e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]"
    )


def test_dark_theme_big_buttons_keep_contrast_without_glare(alice_page, live_server, alice):
    alice.profile.theme = "dark"
    alice.profile.save()
    page = alice_page
    page.goto(live_server.url + "/")
    body = _luminance(page.locator("body").evaluate("(e) => getComputedStyle(e).color"))
    seen = [_colours(page.get_by_role("button", name="Cramp now"))]
    seen.append(_colours(page.get_by_role("button", name="One more glass")))
    page.get_by_role("button", name="Cramp started: time it").click()
    stopped = page.get_by_role("button", name="It stopped")
    stopped.wait_for()
    seen.append(_colours(stopped))
    for colours in seen:
        background, text = (_luminance(c) for c in colours)
        contrast = (max(background, text) + 0.05) / (min(background, text) + 0.05)
        assert contrast >= 4.5
        # A dim fill: the button is no brighter than the page's own text.
        assert background < 0.05 and text <= body + 0.01
