import re

from django.contrib.auth import get_user_model

from tests.browser.conftest import save_screenshot


def test_sign_up_on_a_phone_lands_on_home(page, live_server, mailoutbox):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Username").fill("phoneuser")
    page.get_by_label("Email (optional)").fill("phone@example.org")
    page.get_by_label("Password", exact=True).fill("night-cramps-are-no-fun-1")
    page.get_by_label("Password again").fill("night-cramps-are-no-fun-1")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_role("button", name="Sign up").click()
    # The recovery codes, shown once, before the journal.
    codes = page.get_by_role("list", name="Your recovery codes").get_by_role("listitem")
    assert codes.count() == 8
    page.get_by_text("We sent a link to phone@example.org").wait_for()
    page.get_by_role("link", name="I have kept them: go to my journal").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("navigation", name="Main").is_visible()
    user = get_user_model().objects.get(username="phoneuser")
    assert user.profile.time_zone == "Europe/Berlin"
    save_screenshot(page, "signup-home")

    # The forgotten password, walked through on the phone.
    link = re.search(r"http://\S+", mailoutbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("heading", name="Email confirmed").wait_for()
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Get a reset link by email").click()
    page.get_by_label("Email").fill("phone@example.org")
    page.get_by_role("button", name="Send reset link").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    page.goto(re.search(r"http://\S+", mailoutbox[1].body).group(0))
    page.get_by_label("New password", exact=True).fill("a-brand-new-passphrase-2")
    page.get_by_label("New password confirmation").fill("a-brand-new-passphrase-2")
    page.get_by_role("button").filter(has_text=re.compile("password", re.I)).click()
    page.get_by_role("link", name=re.compile("log in", re.I)).first.wait_for()
    assert (
        get_user_model()
        .objects.get(username="phoneuser")
        .check_password("a-brand-new-passphrase-2")
    )
