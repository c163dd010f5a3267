"""Medicines on a phone (390x844): reached from the main navigation, kind recognised."""

from journal.models import Medication
from tests.browser.conftest import log_in


def test_medicine_kind_is_suggested_as_you_type(alice_page, live_server, alice):
    page = alice_page
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Medicines").click()
    page.get_by_role("heading", name="Medicines").wait_for()
    page.get_by_role("link", name="Add a medicine").click()
    page.get_by_label("Name").press_sequentially("Symbicort 160/4.5", delay=20)
    hint = page.locator("#id_name_hint")
    hint.get_by_text("Recognised as a long-acting beta-agonist inhaler").wait_for()
    assert "Garrison et al., Arch Intern Med 2012" in hint.inner_text()
    # The hint sits between the name and the kind, where the user is typing.
    name_box = page.get_by_label("Name").bounding_box()
    kind_box = page.get_by_label("Kind of medicine").bounding_box()
    assert name_box["y"] < hint.bounding_box()["y"] < kind_box["y"]
    page.get_by_label("Started on").fill("2026-02-01")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Recognised as a long-acting beta-agonist inhaler; change it").wait_for()
    assert Medication.objects.get(owner=alice).drug_class == "laba"
    assert page.get_by_role("link", name="Medicines").get_attribute("aria-current") == "page"


def test_medicine_kind_is_recognised_without_javascript(no_js_page, live_server, alice):
    page = no_js_page
    log_in(page.context, live_server, alice)
    page.goto(live_server.url + "/journal/medications/new/")
    page.get_by_label("Name").fill("Atorvastatin 20 mg")
    page.get_by_label("Started on").fill("2026-02-01")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Recognised as a statin; change it if this is wrong.").wait_for()
    assert Medication.objects.get(owner=alice).drug_class == "statin"
