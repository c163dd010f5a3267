"""Playwright driving the machine's Chromium at phone size (390x844)."""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
PHONE = {"width": 390, "height": 844}

# Playwright's sync API runs an event loop in the test thread; the test itself
# still talks to the database synchronously, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing")
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_context(chromium):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, has_touch=True)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(phone_context):
    page = phone_context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    yield page
    # A CSP violation or script error is a bug even when the flow worked.
    allowed = getattr(page, "allowed_console_errors", ())
    unexpected = [e for e in errors if not any(re.search(p, e) for p in allowed)]
    assert not unexpected, f"browser console errors: {unexpected}"


def allow_console_errors(page, *patterns):
    """Let a test expect specific console errors (e.g. a 401 it provokes on purpose)."""
    page.allowed_console_errors = (*getattr(page, "allowed_console_errors", ()), *patterns)


@pytest.fixture
def no_js_page(chromium):
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def log_in(context, live_server, user):
    """Give a browser context the session of `user` without typing."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


@pytest.fixture
def alice_page(page, phone_context, live_server, alice):
    log_in(phone_context, live_server, alice)
    return page


SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def save_screenshot(page, name):
    """Refresh a committed README screenshot when CRAMPLOG_SCREENSHOTS=1."""
    if os.environ.get("CRAMPLOG_SCREENSHOTS") == "1":
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), caret="initial")
