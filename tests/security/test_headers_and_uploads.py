"""Headers on every page, strict CSP-compatible HTML, uploads, error pages, sessions."""

import json
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from journal.models import Cramp, PendingImport
from tests.security.error_urls import INTERNAL
from tests.security.helpers import body_text, journal_counts
from tests.security.routes import KNOWN, PUBLIC, PUBLIC_NOT_PAGES, url_for

PASSWORD = "correct-horse-battery-42"  # tests/conftest.py


class InlineCode(HTMLParser):
    """What a strict CSP (no 'unsafe-inline') would block: inline scripts and styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.found.append(f'<{tag} style="{attributes["style"]}">')
        handlers = [a for a in attributes if a.startswith("on")]
        if handlers:
            self.found.append(f"<{tag}> with {handlers}")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script":
            kind = attributes.get("type", "text/javascript")
            # JSON data blocks are not executed; everything else must come from a file.
            self._inline_script = "src" not in attributes and kind not in ("application/json",)
        for name in ("href", "src", "action", "formaction"):
            if (attributes.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.found.append(f"inline <script>: {data.strip()[:60]!r}")


def assert_strict_html(response, where):
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert "script-src 'self'" in csp and "style-src 'self'" in csp, where
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["Referrer-Policy"] == "same-origin", where
    assert "camera=()" in response["Permissions-Policy"], where
    parser = InlineCode()
    parser.feed(body_text(response))
    assert not parser.found, f"{where}: {parser.found}"


HTML_ROUTES = sorted(key for key, route in KNOWN.items() if route.get and route.html)


@pytest.mark.parametrize("key", HTML_ROUTES)
def test_every_page_has_the_csp_and_no_inline_code(key, alice_client, alice_data):
    url = url_for(key, alice_data)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = alice_client.get(url, **headers)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url
        assert_strict_html(response, f"GET {url} {headers}")


@pytest.mark.parametrize("key", sorted(set(PUBLIC) - PUBLIC_NOT_PAGES))
def test_public_pages_have_the_csp_and_no_inline_code(key, client, db):
    url = url_for(key, None)
    response = client.get(url)
    assert response.status_code == 200, url
    assert_strict_html(response, f"GET {url}")


def test_pages_with_errors_and_messages_have_no_inline_code(alice_client, alice_data):
    """Forms re-rendered with errors, flash messages, the delete confirmation."""
    responses = {
        "cramp form errors": alice_client.post(reverse("journal:cramp_new"), {"muscle": "x"}),
        "day form errors": alice_client.post(
            reverse("journal:day_context", args=[alice_data.night]), {"stress": "99"}
        ),
        "message": alice_client.post(
            reverse("journal:medication_stop", args=[alice_data.medication.pk]), follow=True
        ),
        "delete confirmation": alice_client.get(
            reverse("journal:cramp_delete", args=[alice_data.cramp.pk])
        ),
        "import errors": alice_client.post(
            reverse("export:import"),
            {"action": "upload", "file": SimpleUploadedFile("a.csv", b"nonsense")},
        ),
        "not found": alice_client.get("/no-such-page/"),
    }
    for where, response in responses.items():
        assert response.status_code in (200, 400, 404), where
        assert_strict_html(response, where)


def test_csrf_failure_pages_have_no_inline_code(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    page = client.post(reverse("journal:quick_log"), {"muscle": "calf", "side": "left"})
    assert page.status_code == 403
    assert_strict_html(page, "CSRF failure page")
    fragment = client.post(
        reverse("journal:quick_log"), {"muscle": "calf", "side": "left"}, HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 403
    assert "<html" not in fragment.content.decode()  # a small fragment, not a page
    assert_strict_html(fragment, "CSRF failure fragment")
    assert not Cramp.objects.filter(owner=alice).exists()


# --- Cookies and sessions ------------------------------------------------------------------


def log_in(client):
    client.get(reverse("login"))
    return client.post(reverse("login"), {"username": "alice", "password": PASSWORD})


def test_session_cookie_is_httponly_and_lax(alice):
    client = Client()
    response = log_in(client)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE


def test_session_expiry_moves_forward_with_use(alice):
    """Using the app renews the idle expiry (accounts/sessions.py renews once the
    expiry is a renewal step old, not with a write on literally every request)."""
    client = Client()
    log_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    # Pretend the session was last used long ago but has not expired yet.
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(seconds=30)
    )
    response = client.get(reverse("journal:home"))
    assert response.status_code == 200
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    expires = Session.objects.get(session_key=key).expire_date
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((expires - expected).total_seconds()) < 60


def test_an_idle_session_ends(alice):
    client = Client()
    log_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("journal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@override_settings(SESSION_COOKIE_AGE=120)
def test_idle_time_is_configurable(alice):
    client = Client()
    response = log_in(client)
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == 120


# --- Uploads ------------------------------------------------------------------------------


def upload(client, content, name):
    return client.post(
        reverse("export:import"), {"action": "upload", "file": SimpleUploadedFile(name, content)}
    )


def confirm(client):
    return client.post(reverse("export:import"), {"action": "confirm"})


def valid_backup(rows=3):
    from export.formats import BACKUP_FORMAT, BACKUP_VERSION

    return json.dumps(
        {
            "format": BACKUP_FORMAT,
            "version": BACKUP_VERSION,
            "cramps": [
                {
                    "started_at": f"2026-01-{day:02d}T03:00:00+01:00",
                    "time_zone": "Europe/Berlin",
                    "muscle": "calf",
                    "side": "left",
                    "notes": "padding " * 10,
                }
                for day in range(1, rows + 1)
            ],
        }
    ).encode()


def assert_nothing_saved(client, before):
    assert journal_counts() == before
    assert not PendingImport.objects.exists()
    confirm(client)  # nothing is waiting, so nothing can be confirmed
    assert journal_counts() == before


def test_an_upload_over_the_limit_is_refused_clearly(alice_client, alice, settings):
    settings.IMPORT_MAX_BYTES = 1000
    content = valid_backup(rows=20)
    assert len(content) > 1000
    before = journal_counts()
    response = upload(alice_client, content, "backup.json")
    html = response.content.decode()
    # The error names both sizes (the help text under the form names only the limit).
    assert "; the largest file you can import is" in html
    assert "Check before importing" not in html
    assert_nothing_saved(alice_client, before)
    # Just under the limit is accepted, so the limit is the one that refused it.
    settings.IMPORT_MAX_BYTES = len(content)
    assert "Check before importing" in upload(alice_client, content, "backup.json").content.decode()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
MISNAMED = [
    ("backup.json", PNG, "not UTF-8 text"),
    ("cramps.csv", PNG, "not UTF-8 text"),
    ("backup.json", b"%PDF-1.7\n\x00\x01binary", "binary data"),
    ("backup.json", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary data"),
    ("backup.json", b"<html><script>alert(1)</script></html>", "missing the column"),
    ("backup.json", b'{"format": "something-else"}', "not a CrampLog backup"),
    ("cramps.csv", b"", "empty"),
]


@pytest.mark.parametrize(("name", "content", "message"), MISNAMED)
def test_a_file_that_is_not_what_its_name_says_is_refused(
    alice_client, alice, name, content, message
):
    before = journal_counts()
    response = upload(alice_client, content, name)
    html = response.content.decode()
    assert message in html, html[:3000]
    assert "Check before importing" not in html
    assert_nothing_saved(alice_client, before)


def files_under(*roots):
    found = {}
    for root in roots:
        root = Path(root)
        if root.is_dir():
            for path in root.rglob("*"):
                if path.is_file():
                    found[str(path)] = path.stat().st_mtime_ns
    return found


def served_roots():
    roots = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    if settings.MEDIA_ROOT:
        roots.append(settings.MEDIA_ROOT)
    return [Path(r) for r in roots]


def test_imports_write_no_file_anywhere_served(alice_client, alice, settings, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    saved = []
    original = FileSystemStorage._save
    monkeypatch.setattr(
        FileSystemStorage,
        "_save",
        lambda self, name, content: saved.append(name) or original(self, name, content),
    )
    # Force Django to spool the upload to a temporary file, the case that touches disk.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    temp_dir = settings.FILE_UPLOAD_TEMP_DIR
    if temp_dir:
        for root in served_roots():
            assert not Path(temp_dir).resolve().is_relative_to(root.resolve())
    before = files_under(*served_roots())
    response = upload(alice_client, valid_backup(), "backup.json")
    assert "Check before importing" in response.content.decode()
    assert confirm(alice_client).status_code == 302
    assert Cramp.objects.filter(owner=alice).count() == 3
    assert saved == []
    assert files_under(*served_roots()) == before


# --- Error pages ------------------------------------------------------------------------------

LEAKS = ("Traceback", "settings.py", "SECRET_KEY", "DATABASES", "urlpatterns", "Django Version")


def assert_leaks_nothing(response, where):
    text = response.content.decode()
    leaked = [word for word in LEAKS if word in text]
    leaked += [s for s in (INTERNAL, settings.SECRET_KEY, str(settings.BASE_DIR)) if s in text]
    leaked += ["/srv/secret"] if "/srv/secret" in text else []
    assert not leaked, f"{where} leaks {leaked}"


@override_settings(ROOT_URLCONF="tests.security.error_urls")
@pytest.mark.parametrize(
    ("url", "status", "title"),
    [
        ("/test-errors/500/", 500, "Something went wrong"),
        ("/test-errors/403/", 403, ""),
        ("/test-errors/404/", 404, "Not found"),
        ("/no-such-page/", 404, "Not found"),
        ("/journal/999999999/edit/", 404, "Not found"),
    ],
)
def test_error_pages_leak_nothing(alice, url, status, title):
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == status
    assert title in response.content.decode()
    assert_leaks_nothing(response, url)
    if status != 500:
        assert_strict_html(response, url)


def test_error_handlers_called_directly_leak_nothing(rf, alice):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from cramplog import errors

    request = rf.get("/anything/")
    request.user = alice
    for response in (
        errors.not_found(request, Http404(INTERNAL)),
        errors.forbidden(request, PermissionDenied(INTERNAL)),
        errors.server_error(request),
    ):
        assert response.status_code in (403, 404, 500)
        assert_leaks_nothing(response, f"handler {response.status_code}")


def test_the_inline_code_detector_finds_what_csp_would_block():
    parser = InlineCode()
    parser.feed(
        '<div style="color:red"><script>var a = 1</script><script src="/s.js"></script>'
        '<a href="javascript:go()" onclick="x()">x</a><style>p{}</style>'
        '<script type="application/json">{"a": 1}</script>'
    )
    assert parser.found == [
        '<div style="color:red">',
        "inline <script>: 'var a = 1'",
        "<a> with ['onclick']",
        "<a href=javascript:>",
        "<style> element",
    ]


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"],
)
def test_no_open_redirect_after_log_in_or_theme_change(alice, target):
    client = Client()
    client.get(reverse("login"))
    response = client.post(
        reverse("login") + "?next=" + target,
        {"username": "alice", "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:home")
    response = client.post(reverse("set_theme"), {"theme": "dark", "next": target})
    assert response["Location"] == "/"
    # A path on this site is kept, so the check is not simply "always go home".
    response = client.post(reverse("set_theme"), {"theme": "light", "next": "/journal/"})
    assert response["Location"] == "/journal/"
