"""A red-flag notice appears where the thumb is: beside the box just ticked (390x844)."""

from journal.models import Cramp

VIEWPORT_HEIGHT = 844


def test_numbness_notice_appears_next_to_the_ticked_box(alice_page, live_server, alice):
    page = alice_page
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Cramp now").click()
    box = page.get_by_role("checkbox", name="Numbness")
    with page.expect_response(lambda r: "/details/" in r.url and r.request.method == "POST"):
        box.check()
    alert = page.get_by_role("alert").filter(has_text="You logged a cramp with numbness")
    alert.wait_for()
    assert "See a doctor right away" in alert.inner_text()
    assert Cramp.objects.get(owner=alice).red_flags == ["numbness"]
    # The notice is on screen, and close to the ticked box, not at the top of the card.
    notice = alert.bounding_box()
    ticked = box.bounding_box()
    assert notice["y"] >= 0 and notice["y"] + min(notice["height"], 80) <= VIEWPORT_HEIGHT
    assert 0 <= ticked["y"] <= VIEWPORT_HEIGHT
    assert abs(notice["y"] - ticked["y"]) < 400
    status = page.locator("#details-status").bounding_box()
    assert notice["y"] - status["y"] > 500  # not up at the status line


def test_long_preset_notice_appears_next_to_the_duration(alice_page, live_server, alice):
    page = alice_page
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Cramp now").click()
    preset = page.get_by_role("radio", name="10+ min")
    preset.check()
    alert = page.get_by_role("alert").filter(has_text="lasted more than 10 minutes")
    alert.wait_for()
    assert "Seek medical advice soon" in alert.inner_text()
    notice, chosen = alert.bounding_box(), preset.bounding_box()
    assert 0 <= notice["y"] <= 844 and abs(notice["y"] - chosen["y"]) < 300
    assert Cramp.objects.get(owner=alice).red_flags == ["long"]
