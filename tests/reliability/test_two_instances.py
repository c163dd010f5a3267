"""Scale-out: two gunicorn instances on one PostgreSQL and one Redis (issue #13).

Runs in the PostgreSQL run of the suite (`bash .ci/with-postgres.sh pytest`,
part of `make test`); the SQLite run skips it, since two servers on one
SQLite file is not a deployment we offer. Everything listens on 127.0.0.1.

Checked over HTTP, as a load balancer would spread one person's requests:
a session from one server works on the other; a write on one is seen at
once on the other on every cached page, chart and JSON; an import previewed
on one is confirmed on the other; the log-in lock-out counts attempts on
both; and with Redis stopped mid-run, neither answers 5xx.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from journal.models import Cramp
from tests.conftest import PASSWORD, make_user
from tests.export.test_import import HEADER, csv_line
from tests.redis_server import free_port, redis_server

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 30

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL: runs in the PostgreSQL run of make test (.ci/with-postgres.sh)",
)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's phone: one cookie jar, whichever server answers."""

    def __init__(self):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)

    def request(self, url, data=None, headers=None, body=None):
        headers = dict(headers or {})
        if data is not None:
            data = {"csrfmiddlewaretoken": self.cookie("csrftoken") or "", **data}
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def upload(self, url, name, content):
        boundary = uuid.uuid4().hex
        token = self.cookie("csrftoken")
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n",
            f'--{boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\nupload\r\n',
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: text/csv\r\n\r\n{content}\r\n",
            f"--{boundary}--\r\n",
        ]
        return self.request(
            url,
            body="".join(parts).encode(),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )

    def log_in(self, base, username, password=PASSWORD):
        self.request(base + "/accounts/login/")  # the CSRF cookie
        return self.request(base + "/accounts/login/", {"username": username, "password": password})


def start_gunicorn(database_url, cache_url, log):
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cramplog.settings_test",
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        SECRET_KEY="shared-by-every-instance-" + "k" * 40,
    )
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "cramplog.wsgi",
            "--bind", f"127.0.0.1:{port}",
            "--workers", "1", "--threads", "4",
            "--graceful-timeout", "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    return process, f"http://127.0.0.1:{port}"


def wait_until_up(base, process):
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            with urllib.request.urlopen(base + "/accounts/login/", timeout=10):
                return
        except OSError:  # refused while gunicorn starts, or a slow first answer
            time.sleep(0.1)
    raise AssertionError(f"{base} did not start in {START_SECONDS} s")


@pytest.fixture
def two_servers(transactional_db, tmp_path):
    """(base URL of A, base URL of B, the Redis server) on the test database."""
    settings = connection.settings_dict
    database_url = "postgres://{}@{}:{}/{}".format(
        urllib.parse.quote(settings["USER"]),
        settings["HOST"],
        settings["PORT"],
        settings["NAME"],  # the test database pytest-django created
    )
    with redis_server(
        tmp_path, "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"
    ) as redis:
        log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 (closed below)
        servers = [start_gunicorn(database_url, redis.url, log) for _ in range(2)]
        try:
            for process, base in servers:
                wait_until_up(base, process)
            yield servers[0][1], servers[1][1], redis
        finally:
            for process, _ in servers:
                process.terminate()
            for process, _ in servers:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            log.close()
            connection.close()


def cached_paths(week):
    return [
        "/",
        "/journal/",
        "/insights/",
        "/insights/triggers.json",
        f"/insights/week/{week}/",
        f"/insights/charts/nightly.svg?week={week}",
        f"/insights/charts/muscles.svg?week={week}",
        "/insights/charts/triggers.svg",
    ]


def snapshot(browser, base, week):
    pages = {path: browser.request(base + path) for path in cached_paths(week)}
    for path, (status, _, _) in pages.items():
        assert status == 200, (base, path, status)
    return pages


def test_two_instances_share_sessions_fresh_caches_imports_and_lockouts(two_servers):
    a, b, redis = two_servers
    make_user("alice")
    make_user("bob")
    phone = Browser()

    # A session made on A works on B.
    status, headers, _ = phone.log_in(a, "alice")
    assert status == 302, "log-in on A"
    assert phone.request(b + "/journal/")[0] == 200

    # Write on A, read on B: every cached page, chart and JSON is fresh. The
    # cramp goes three nights back, a finished night in any week, at any hour.
    day = datetime.now(ZoneInfo("Europe/Berlin")).date() - timedelta(days=3)
    year, number, _ = (day - timedelta(days=1)).isocalendar()
    week = f"{year}-W{number:02d}"
    assert phone.request(a + "/log/", {"muscle": "calf", "side": "left"})[0] == 302
    before = snapshot(phone, b, week)
    assert redis.client().dbsize() > 0  # B cached them in the shared Redis
    form = {"started_at": f"{day}T03:10", "muscle": "foot", "side": "right", "severity": "6"}
    assert phone.request(a + "/journal/new/", form)[0] == 302
    after = snapshot(phone, b, week)
    # The home page shows no journal; the triggers chart says "not enough data"
    # for two cramps either way (same bytes, but a new ETag, checked below).
    for path in set(cached_paths(week)) - {"/", "/insights/charts/triggers.svg"}:
        assert after[path][2] != before[path][2], f"B served a stale {path}"
    assert b'<span class="cramp-what">Foot' in after["/journal/"][2]
    for path in cached_paths(week):
        if path.startswith("/insights/charts/"):
            assert after[path][1]["ETag"] != before[path][1]["ETag"], path

    # And back: an edit on B is seen on A, a delete on A is gone from B.
    foot = Cramp.objects.get(muscle="foot")
    snapshot(phone, a, week)  # A has these pages cached too
    form = {"started_at": f"{day}T03:10", "muscle": "hand", "side": "right"}
    assert phone.request(b + f"/journal/{foot.pk}/edit/", form)[0] == 302
    assert b'<span class="cramp-what">Hand' in snapshot(phone, a, week)["/journal/"][2]
    assert phone.request(a + f"/journal/{foot.pk}/delete/", {})[0] == 302
    assert f"/journal/{foot.pk}/edit/".encode() not in phone.request(b + "/journal/")[2]

    # Import: preview on A, confirm on B.
    content = "\r\n".join([HEADER, csv_line("2026-01-05T02:00:00", muscle="hand")]) + "\r\n"
    status, _, body = phone.upload(a + "/import/", "cramps.csv", content)
    assert status == 200 and b"Check before importing" in body
    status, headers, _ = phone.request(b + "/import/", {"action": "confirm"})
    assert status == 302
    assert b"Imported 1 cramp." in phone.request(b + headers["Location"])[2]

    # The log-in lock-out counts wrong passwords sent to either server.
    intruder = Browser()
    for attempt in range(5):
        intruder.log_in((a, b)[attempt % 2], "bob", password="wrong")
    for base in (a, b):
        status, _, body = intruder.log_in(base, "bob")
        assert status == 429 and b"Too many attempts" in body, base

    # Redis stops mid-run: slower pages, never a 5xx, and still fresh.
    redis.stop()
    for base in (a, b):
        snapshot(phone, base, week)
    assert phone.request(a + "/log/", {"muscle": "hand", "side": "left"})[0] == 302
    assert b'<span class="cramp-what">Hand' in phone.request(b + "/journal/")[2]
