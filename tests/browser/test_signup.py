import re

from django.contrib.auth import get_user_model

from tests.browser.conftest import save_screenshot


def test_sign_up_on_a_phone_lands_on_home(page, live_server):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Username").fill("phoneuser")
    page.get_by_label("Password", exact=True).fill("night-cramps-are-no-fun-1")
    page.get_by_label("Password confirmation").fill("night-cramps-are-no-fun-1")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("navigation", name="Main").is_visible()
    user = get_user_model().objects.get(username="phoneuser")
    assert user.profile.time_zone == "Europe/Berlin"
    save_screenshot(page, "signup-home")
