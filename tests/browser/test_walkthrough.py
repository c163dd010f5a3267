"""A new user's first night and morning on a phone, end to end, without one console or CSP error.

Sign up (with a recovery email), log a cramp at 03:10 with details, the morning
check-in, the weekly review, insights, export and re-import of the backup, and
the forgotten password. The `page` fixture fails the test on any console error
(a CSP violation is one). The server clock is pinned: the live server runs in
this process.
"""

import re
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from journal.models import Cramp, NightCheckIn


def pin(monkeypatch, *moment):
    at = datetime(*moment, tzinfo=UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: at)


def test_first_night_to_forgotten_password(page, live_server, mailoutbox, monkeypatch, tmp_path):
    pin(monkeypatch, 2026, 3, 10, 2, 10)  # Tuesday 03:10 in Berlin: Monday night
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Username").fill("nightowl")
    page.get_by_label("Email (optional)").fill("owl@example.org")
    page.get_by_label("Password", exact=True).fill("calves-at-three-am-7")
    page.get_by_label("Password again").fill("calves-at-three-am-7")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_role("button", name="Sign up").click()
    code = page.get_by_role("list", name="Your recovery codes").get_by_role("listitem").first
    recovery_code = code.inner_text()
    page.get_by_role("link", name="I have kept them: go to my journal").click()
    page.get_by_role("button", name="Cramp now").wait_for()
    page.goto(re.search(r"http://\S+", mailoutbox[0].body).group(0))
    page.get_by_role("heading", name="Email confirmed").wait_for()

    # 03:10: two taps, then details.
    page.goto(live_server.url + "/")
    page.get_by_role("radio", name="Calf").check()
    page.get_by_role("group", name="Side").get_by_role("radio", name="Left").check()
    page.get_by_role("button", name="Cramp now").click()
    page.get_by_role("radio", name="2 min").check()
    page.get_by_text("Details saved.").wait_for()
    page.get_by_role("link", name="Done").click()
    expect(page.locator("#tonight .cramp-row")).to_have_count(1)
    owl = get_user_model().objects.get(username="nightowl")
    cramp = Cramp.objects.get(owner=owl)
    assert (cramp.side, cramp.duration_seconds) == ("left", 120)

    # 09:00: the morning card comes first.
    pin(monkeypatch, 2026, 3, 10, 8, 0)
    page.goto(live_server.url + "/")
    page.get_by_text("You logged 1 cramp (listed above).").wait_for()
    with page.expect_response(lambda r: "/checkin/" in r.url):
        page.get_by_role("group", name=re.compile("Sleep disturbance")).get_by_role(
            "radio", name="3"
        ).check()
    assert NightCheckIn.objects.get(owner=owl).sleep_disturbance == 3

    # The review opens on the last complete week, then this week so far.
    page.get_by_role("link", name="Insights").click()
    page.goto(live_server.url + "/insights/week/")
    page.get_by_role("heading", name="Week of 2 Mar 2026").wait_for()
    page.get_by_role("link", name=re.compile("This week so far")).first.click()
    page.get_by_role("heading", name="Week of 9 Mar 2026").wait_for()
    page.goto(live_server.url + "/insights/")
    page.get_by_role("heading", level=1).first.wait_for()

    # Export a backup and bring it back: nothing new.
    page.goto(live_server.url + "/export/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download a full backup (JSON)").click()
    backup = tmp_path / "backup.json"
    download.value.save_as(backup)
    page.goto(live_server.url + "/import/")
    page.get_by_label("Backup (.json) or cramps CSV (.csv)").set_input_files(str(backup))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Nothing new to import").wait_for()

    # Forgotten password: log out, reset by the confirmed email, log in.
    page.goto(live_server.url + "/accounts/settings/")
    page.get_by_role("button", name="Log out").click()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Get a reset link by email").click()
    page.get_by_label("Email").fill("owl@example.org")
    page.get_by_role("button", name="Send reset link").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    page.goto(re.search(r"http://\S+", mailoutbox[-1].body).group(0))
    page.get_by_label("New password", exact=True).fill("a-new-night-passphrase-8")
    page.get_by_label("New password confirmation").fill("a-new-night-passphrase-8")
    page.get_by_role("button", name="Set password").click()
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("nightowl")
    page.get_by_label("Password").fill("a-new-night-passphrase-8")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Cramp now").wait_for()

    # Forgotten again, and this time a recovery code from sign-up.
    page.goto(live_server.url + "/accounts/settings/")
    page.get_by_role("button", name="Log out").click()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Use a recovery code").click()
    page.get_by_label("Username").fill("nightowl")
    page.get_by_label("Recovery code").fill(recovery_code)
    page.get_by_label("New password", exact=True).fill("third-night-passphrase-9")
    page.get_by_label("New password again").fill("third-night-passphrase-9")
    page.get_by_role("button", name="Set the new password").click()
    page.get_by_text("that recovery code is used up").wait_for()
    page.get_by_label("Username").fill("nightowl")
    page.get_by_label("Password").fill("third-night-passphrase-9")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Cramp now").wait_for()
