"""Nothing hidden, nothing clipped, nothing too small on a 390 px phone, in both themes."""

import pytest

from tests.browser.conftest import PHONE
from tests.export.test_export_summary import ninety_nights


def _small_targets(page, selector):
    """Boxes of visible targets under 44 px high (or, for buttons and links, wide)."""
    return page.eval_on_selector_all(
        selector,
        """(els) => els.filter((e) => e.offsetParent !== null).map((e) => {
            const r = e.getBoundingClientRect();
            return [e.textContent.trim().slice(0, 30), Math.round(r.width), Math.round(r.height)];
        }).filter(([, w, h]) => h < 44 || w < 44)""",
    )


@pytest.mark.parametrize(
    "url, selector",
    [
        ("/export/", ".field fieldset label"),
        ("/accounts/settings/", ".field fieldset label"),
        ("/export/", ".export-links a"),
        ("/accounts/settings/", "main a.button, main button"),
    ],
)
def test_touch_targets_are_44_px(alice_page, live_server, url, selector):
    page = alice_page
    page.goto(live_server.url + url)
    for fold in page.locator("details.fold").all():
        fold.evaluate("(d) => { d.open = true; }")
    assert page.locator(selector).count() > 0
    assert _small_targets(page, selector) == []


def test_text_links_on_the_log_in_page_are_44_px(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    assert _small_targets(page, "main a") == []


def test_export_dates_are_folded_until_a_date_range_is_chosen(alice_page, live_server):
    page = alice_page
    page.goto(live_server.url + "/export/")
    assert not page.get_by_label("Since", exact=True).is_visible()
    page.get_by_role("radio", name="Since a date").check()
    assert page.get_by_label("Since", exact=True).is_visible()


def test_export_dates_open_without_javascript_after_an_error(no_js_page, live_server, alice):
    from tests.browser.conftest import log_in

    log_in(no_js_page.context, live_server, alice)
    no_js_page.goto(live_server.url + "/export/?period=since&get=preview")
    assert no_js_page.get_by_text("Pick the first date of the range.").is_visible()
    assert no_js_page.get_by_label("Since", exact=True).is_visible()


def _background(page, selector="body"):
    return page.locator(selector).evaluate("(e) => getComputedStyle(e).backgroundColor")


def test_printable_summary_follows_the_dark_theme_on_screen_and_prints_white(
    alice_page, live_server, alice
):
    alice.profile.theme = "dark"
    alice.profile.save()
    ninety_nights(alice)
    page = alice_page
    page.goto(live_server.url + "/export/summary/?from=2026-01-01&to=2026-03-31")
    assert _background(page) == "rgb(13, 17, 23)"
    page.emulate_media(media="print")
    assert _background(page) == "rgb(255, 255, 255)"
    assert page.viewport_size == PHONE


FITS = """() => {
    const width = document.documentElement.clientWidth;
    for (const d of document.querySelectorAll("details")) d.open = true;
    const out = [];
    for (const e of document.querySelectorAll("main img, main table")) {
        if (e.offsetParent === null) continue;
        const r = e.getBoundingClientRect();
        const clipped = e.tagName === "TABLE" && e.scrollWidth > e.clientWidth + 1;
        if (r.left < 0 || r.right > width + 0.5 || clipped) {
            const name = e.getAttribute("src") || (e.caption ? e.caption.textContent : e.className);
            out.push(`${e.tagName} ${name} ${Math.round(r.right)} ${e.scrollWidth}/${e.clientWidth}`);
        }
    }
    return out;
}"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_chart_and_table_fits_the_phone_width(alice_page, live_server, alice, theme):
    from insights.management.commands.seed_demo import seed_demo_user

    seed_demo_user("alice", days=120, seed=3, force=True)
    alice.profile.refresh_from_db()
    alice.profile.theme = theme
    alice.profile.save()
    page = alice_page
    for url in ("/insights/", "/insights/trends/", "/insights/week/"):
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        images = page.locator("main img")
        assert images.count() > 0, url
        for i in range(images.count()):  # every chart has loaded and has a size
            assert images.nth(i).evaluate("(e) => e.complete && e.naturalWidth > 0"), url
        assert page.evaluate(FITS) == [], url
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url


def test_insights_folds_the_descriptive_tables(alice_page, live_server, alice):
    from insights.management.commands.seed_demo import seed_demo_user

    seed_demo_user("alice", days=120, seed=3, force=True)
    page = alice_page
    page.goto(live_server.url + "/insights/")
    hours = page.get_by_role("table", name="Night-time cramps by hour, 18:00 to 12:00")
    assert not hours.is_visible()
    page.get_by_text("Cramps by hour of the night").click()
    assert hours.is_visible()


def test_the_per_factor_cards_and_their_caption_use_the_phone_width(alice_page, live_server, alice):
    from insights.management.commands.seed_demo import seed_demo_user

    seed_demo_user("alice", days=120, seed=3, force=True)
    page = alice_page
    page.goto(live_server.url + "/insights/")
    page.get_by_text("How this is worked out").click()
    table = page.locator("table.factor-table")
    caption = table.locator("caption")
    assert caption.is_visible()
    # The caption reads across the card, not one word per line (it did: 80 px wide).
    box, caption_box = table.bounding_box(), caption.bounding_box()
    assert caption_box["width"] >= 0.9 * box["width"] > 0.7 * PHONE["width"]
    assert caption_box["height"] < 6 * 24  # a few lines; it was one word per line


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/journal/",
        "/insights/",
        "/insights/week/",
        "/export/",
        "/import/",
        "/accounts/settings/",
    ],
)
def test_every_link_and_button_is_a_44_px_target(alice_page, live_server, alice, url):
    from tests.export.test_export_fixtures import add_cramp

    add_cramp(alice, "2026-03-03 03:10", duration_seconds=120)
    page = alice_page
    page.goto(live_server.url + url)
    for fold in page.locator("details").all():
        fold.evaluate("(d) => { d.open = true; }")
    assert _small_targets(page, "main a, main button, main label.choice-tile") == []
