"""Every page checked by a real accessibility engine (axe-core), at phone size.

axe-core ships inside the axe-playwright-python package (no network). Every
HTML page a person can reach, signed in with a full journal or signed out, is
checked at 390x844 in the light and the dark theme, and in German (longer
words, other labels; html lang="de"): no serious or critical violation. The route list comes from the security tests' table, which fails
when a new URL has no entry, so a new page is checked here too.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PHONE, log_in
from tests.security.journal_data import ALICE_MARKERS, fill
from tests.security.routes import KNOWN, PUBLIC, PUBLIC_NOT_PAGES, url_for

BLOCKING = ("serious", "critical")
SIGNED_IN = sorted(key for key, route in KNOWN.items() if route.get and route.html)
SIGNED_OUT = sorted(set(PUBLIC) - PUBLIC_NOT_PAGES - {"password_reset_confirm"})


def blocking_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def themed_context(chromium):
    contexts = []

    def make(theme, locale="en-US"):
        context = chromium.new_context(
            viewport=PHONE, device_scale_factor=2, has_touch=True, locale=locale
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


# Both themes in English, and German (longer words, other labels) in the light one.
LOOKS = [("light", "en"), ("dark", "en"), ("light", "de")]


@pytest.mark.parametrize(("theme", "language"), LOOKS)
def test_every_signed_in_page_has_no_serious_violation(
    themed_context, live_server, alice, theme, language
):
    data = fill(alice, ALICE_MARKERS)
    alice.profile.theme = theme
    alice.profile.language = language
    alice.profile.save()
    context = themed_context(theme)
    log_in(context, live_server, alice)
    page = context.new_page()
    found = {}
    for key in SIGNED_IN:
        page.goto(live_server.url + url_for(key, data))
        if not page.locator("main").count():
            continue  # an htmx fragment (e.g. the medicine hint), checked in its page
        assert page.evaluate("document.documentElement.dataset.theme") == theme, key
        assert page.evaluate("document.documentElement.lang") == language, key
        if problems := blocking_violations(page):
            found[key] = problems
    assert not found, found


@pytest.mark.parametrize(("scheme", "language"), LOOKS)
def test_every_signed_out_page_has_no_serious_violation(
    themed_context, live_server, db, scheme, language
):
    # The browser's language (Accept-Language) is what a signed-out page follows.
    context = themed_context(scheme, locale={"en": "en-US", "de": "de-DE"}[language])
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    found = {}
    for key in SIGNED_OUT:
        page.goto(live_server.url + url_for(key, None))
        assert page.evaluate("document.documentElement.lang") == language, key
        if problems := blocking_violations(page):
            found[key] = problems
    assert not found, found


def test_the_check_catches_a_planted_violation(themed_context, live_server, db):
    """Not a rubber stamp: an unlabelled button and an image without alt fail."""
    page = themed_context("light").new_page()
    page.goto(live_server.url + url_for("login", None))
    page.evaluate(
        "() => { const b = document.createElement('button'); document.body.append(b);"
        " const i = document.createElement('img'); i.src = '/static/cramplog/icon.svg';"
        " document.body.append(i); }"
    )
    ids = {problem.split(" ")[0] for problem in blocking_violations(page)}
    assert {"button-name", "image-alt"} <= ids


MOTION = """() => {
    const el = document.createElement("span");
    el.className = "htmx-indicator";  // the app's one transition (the request spinner)
    document.body.append(el);
    const seconds = parseFloat(getComputedStyle(el).transitionDuration);
    el.remove();
    return seconds;
}"""


def test_motion_is_off_for_people_who_ask_for_less(themed_context, live_server, alice):
    context = themed_context("light")
    log_in(context, live_server, alice)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.evaluate(MOTION) == pytest.approx(0.2)  # the fade most people get
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(MOTION) == 0


def test_text_at_200_percent_still_fits_the_phone(themed_context, live_server, alice):
    """WCAG 1.4.4: text resized to 200% loses nothing; nothing scrolls sideways."""
    data = fill(alice, ALICE_MARKERS)
    context = themed_context("light")
    log_in(context, live_server, alice)
    page = context.new_page()
    for key in ("journal:home", "journal:timeline", "insights:index", "export:index"):
        page.goto(live_server.url + url_for(key, data))
        size = "parseFloat(getComputedStyle(document.querySelector('main')).fontSize)"
        before = page.evaluate(size)
        # Through the CSSOM: the page's Content Security Policy refuses inline styles.
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert page.evaluate(size) >= 1.9 * before, key  # the text did grow
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (key, width)
