"""The weekly review on a phone (390x844): charts load, tables open, weeks page by htmx."""

import re

from tests.browser.conftest import save_screenshot
from tests.insights.test_week_factories import alice_week_13

CHARTS = (
    "Cramps per night",
    "Time of night",
    "Muscles and sides",
    "Duration and severity",
    "Day context and cramps",
)
ALL_IMAGES_LOADED = """
() => {
  const images = Array.from(document.querySelectorAll("img.chart"));
  return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
}
"""


def wait_for_charts(page):
    page.wait_for_function(ALL_IMAGES_LOADED)
    widths = page.eval_on_selector_all("img.chart", "imgs => imgs.map((i) => i.naturalWidth)")
    assert len(widths) == len(CHARTS)
    assert all(width > 0 for width in widths)


def show_the_charts(page):
    """Scroll the README screenshots to the first two charts."""
    page.get_by_role("figure", name="Cramps per night").evaluate("el => el.scrollIntoView()")


def test_week_page_on_a_phone(alice_page, live_server, alice):
    alice_week_13(alice)
    page = alice_page
    page.goto(live_server.url + "/insights/week/2026-W13/")
    assert page.get_by_role("heading", name="Week of 23 Mar 2026").is_visible()
    for name in CHARTS:
        figure = page.get_by_role("figure", name=name)
        assert figure.get_by_role("img").count() == 1
        assert figure.get_by_text("Show as table").is_visible()
    wait_for_charts(page)
    nightly = page.get_by_role("img", name=re.compile(r"^Cramps per night: 4 cramps"))
    assert nightly.is_visible()
    box = nightly.bounding_box()
    assert box["width"] <= 390 and box["width"] >= 300  # fills the phone, no sideways scroll
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    numbers = page.get_by_role("table", name="This week in numbers")
    assert numbers.get_by_role("row", name=re.compile(r"^Logged nights 5 of 7")).is_visible()
    show_the_charts(page)
    save_screenshot(page, "week-light")

    # The same numbers as a table, for screen readers and print.
    page.get_by_text("Show as table").first.click()
    table = page.get_by_role("table", name="Cramps per night")
    assert table.is_visible()
    assert table.get_by_role("row", name=re.compile(r"Tue 24 Mar 2")).is_visible()

    # Previous week through htmx: the URL follows, the charts reload for that week.
    page.get_by_role("link", name="Previous week").click()
    page.wait_for_url(re.compile(r"/insights/week/2026-W12/$"))
    assert page.get_by_role("heading", name="Week of 16 Mar 2026").is_visible()
    wait_for_charts(page)
    assert "week=2026-W12" in page.get_by_role(
        "img", name=re.compile("^Cramps per night")
    ).get_attribute("src")


def test_week_page_in_the_dark_theme(alice_page, live_server, alice):
    alice_week_13(alice)
    page = alice_page
    page.goto(live_server.url + "/insights/week/2026-W13/")
    wait_for_charts(page)
    page.get_by_role("button", name="Use dark theme").click()
    page.wait_for_function("document.documentElement.dataset.theme === 'dark'")
    wait_for_charts(page)
    sources = page.eval_on_selector_all("img.chart", "imgs => imgs.map((i) => i.currentSrc)")
    assert len(sources) == len(CHARTS) and all("theme=dark" in src for src in sources)
    alice.profile.refresh_from_db()
    assert alice.profile.theme == "dark"
    show_the_charts(page)
    save_screenshot(page, "week-dark")


def test_week_page_works_without_javascript(no_js_page, live_server, alice):
    from tests.browser.conftest import log_in

    alice_week_13(alice)
    page = no_js_page
    log_in(page.context, live_server, alice)
    page.goto(live_server.url + "/insights/week/2026-W13/")
    page.get_by_role("link", name="Next week").click()
    page.wait_for_url(re.compile(r"/insights/week/2026-W14/$"))
    assert page.get_by_role("heading", name="Week of 30 Mar 2026").is_visible()
