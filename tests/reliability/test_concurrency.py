"""Nothing lost under load: 20 clients post 50 cramps each, with double-submits.

The app runs under a real server on loopback. On SQLite that is gunicorn
(2 worker processes x 10 threads) on a file database with the production
settings (WAL, busy timeout, BEGIN IMMEDIATE): the in-memory test database
cannot be shared with another process, and live_server would run every
request on one shared connection, which tests nothing. On PostgreSQL it is
pytest-django's live_server (threaded), each request with its own connection.

Clients use only http.client, each with its own session cookie for the same
user, read the CSRF token from the home page like a browser, and double-submit
some client tokens: sequentially (a double tap) and concurrently (two tabs).
"""

import http.client
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 20
CRAMPS_EACH = 50
SEQUENTIAL_DOUBLE_EVERY = 5  # every 5th token is sent twice in a row
CONCURRENT_DOUBLE_EVERY = 7  # every 7th token is sent twice at the same moment
MUSCLES = ["calf", "foot", "shin", "thigh_back"]
SIDES = ["left", "right", "both"]
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Server:
    host: str
    port: int
    sessions: list  # one session cookie value per client
    count_cramps: object  # () -> (rows, distinct tokens)
    day_fluids: object  # (day iso) -> [fluids_ml of each day-context row of that day]
    logs: object = None  # () -> server output, checked for errors
    errors: list = field(default_factory=list)


class Browser:
    """One logged-in client: its own cookies, its own connections."""

    def __init__(self, server, session):
        self.server = server
        self.cookies = {"sessionid": session}
        self.lock = threading.Lock()

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=60)
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Host": f"{self.server.host}:{self.server.port}",
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    for name, morsel in SimpleCookie(value).items():
                        with self.lock:
                            self.cookies[name] = morsel.value
            return response.status, dict(response.getheaders()), content
        finally:
            conn.close()

    def csrf_token(self):
        status, _headers, content = self.request("GET", "/")
        assert status == 200, f"home page answered {status}"
        match = TOKEN_RE.search(content.decode())
        assert match, "no CSRF token in the quick-log form"
        assert 'name="client_token"' in content.decode(), "the quick-log form lost client_token"
        return match.group(1)

    def log(self, token, client_token, muscle, side):
        body = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "muscle": muscle,
                "side": side,
                "client_token": client_token,
            }
        )
        return self.request("POST", "/log/", body)


def run_client(server, session, index):
    browser = Browser(server, session)
    token = browser.csrf_token()
    outcomes = []  # (client_token, status, location)

    def post(client_token, muscle, side):
        status, headers, content = browser.log(token, client_token, muscle, side)
        if status >= 500 or b"database is locked" in content:
            server.errors.append(f"client {index}: {status} {content[:300]!r}")
        outcomes.append((client_token, status, headers.get("Location")))

    with ThreadPoolExecutor(max_workers=2) as twins:
        for n in range(CRAMPS_EACH):
            client_token = str(uuid.uuid4())
            muscle, side = MUSCLES[(index + n) % len(MUSCLES)], SIDES[n % len(SIDES)]
            if n % CONCURRENT_DOUBLE_EVERY == 0:
                list(twins.map(post, [client_token] * 2, [muscle] * 2, [side] * 2))
            else:
                post(client_token, muscle, side)
                if n % SEQUENTIAL_DOUBLE_EVERY == 0:
                    post(client_token, muscle, side)
    return outcomes


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(host, port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not start in time")


SESSIONS_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from django.test import Client
user = get_user_model().objects.create_user("loadtest", password="load-test-pass-5512")
user.profile.time_zone = "Europe/Berlin"
user.profile.save()
sessions = []
for _ in range({clients}):
    client = Client()
    client.force_login(user)
    sessions.append(client.cookies["sessionid"].value)
print("SESSIONS=" + json.dumps(sessions))
"""


@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory):
    """gunicorn on a file SQLite database with the production connection settings.

    One server for the module: the tests use different rows (cramps, a day context).
    """
    tmp_path = tmp_path_factory.mktemp("sqlite-server")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cramplog.settings_test",
        DATA_DIR=str(tmp_path),
        SECRET_KEY="load-test-only",
        LOG_LEVEL="WARNING",
    )

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    out = manage("shell", "-c", SESSIONS_SCRIPT.format(clients=CLIENTS))
    sessions = json.loads(out.split("SESSIONS=", 1)[1].strip())
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists():
        pytest.fail(f"{gunicorn} is missing: gunicorn (requirements.txt) serves this test")
    port = free_port()
    log_path = tmp_path / "server.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                str(gunicorn),
                "cramplog.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "10",
                "--worker-class",
                "gthread",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for("127.0.0.1", port, process)
        database = tmp_path / "cramplog.sqlite3"

        def count():
            with sqlite3.connect(database) as db:
                return db.execute(
                    "SELECT COUNT(*), COUNT(DISTINCT client_token) FROM journal_cramp"
                ).fetchone()

        def fluids(day):
            with sqlite3.connect(database) as db:
                rows = db.execute("SELECT fluids_ml FROM journal_daycontext WHERE day = ?", [day])
                return [row[0] for row in rows]

        yield Server("127.0.0.1", port, sessions, count, fluids, logs=log_path.read_text)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def threaded_live_server(request):
    """live_server on PostgreSQL: every request thread has its own connection."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from journal.models import Cramp, DayContext

    live_server = request.getfixturevalue("live_server")
    user = get_user_model().objects.create_user("loadtest", password="load-test-pass-5512")
    user.profile.time_zone = "Europe/Berlin"
    user.profile.save()
    sessions = []
    for _ in range(CLIENTS):
        client = Client()
        client.force_login(user)
        sessions.append(client.cookies["sessionid"].value)
    url = urlsplit(live_server.url)

    def count():
        cramps = Cramp.objects.filter(owner=user)
        return cramps.count(), cramps.values("client_token").distinct().count()

    def fluids(day):
        return list(
            DayContext.objects.filter(owner=user, day=day).values_list("fluids_ml", flat=True)
        )

    return Server(url.hostname, url.port, sessions, count, fluids)


@pytest.fixture
def server(request):
    if connection.vendor == "sqlite":
        return request.getfixturevalue("sqlite_server")
    return request.getfixturevalue("threaded_live_server")


@pytest.mark.django_db(transaction=True)
def test_twenty_clients_fifty_cramps_each_with_double_submits(server):
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [
            pool.submit(run_client, server, session, index)
            for index, session in enumerate(server.sessions)
        ]
        outcomes = [outcome for future in futures for outcome in future.result()]

    assert not server.errors, server.errors[:5]
    statuses = {status for _, status, _ in outcomes}
    assert statuses == {302}, f"unexpected answers: {statuses}"
    # Every post of one client token lands on the same cramp (the details page).
    locations = {}
    for client_token, _status, location in outcomes:
        locations.setdefault(client_token, set()).add(location)
    assert len(locations) == CLIENTS * CRAMPS_EACH
    assert all(len(places) == 1 for places in locations.values())
    assert len({next(iter(p)) for p in locations.values()}) == CLIENTS * CRAMPS_EACH
    doubles = len(outcomes) - CLIENTS * CRAMPS_EACH
    assert doubles >= CLIENTS * 15  # the double-submits really happened

    rows, distinct_tokens = server.count_cramps()
    assert rows == CLIENTS * CRAMPS_EACH == 1000
    assert distinct_tokens == rows
    if server.logs:
        logs = server.logs()
        assert "database is locked" not in logs, logs[-3000:]
        assert "Traceback" not in logs, logs[-3000:]


GLASS_ML = 250  # the profile default: one "+1 glass" tap
TAPS_EACH = 3


def tap_glasses(server, session, day):
    browser = Browser(server, session)
    token = browser.csrf_token()
    body = urlencode({"csrfmiddlewaretoken": token, "bump": "fluids_ml:up"})
    return [browser.request("POST", f"/journal/day/{day}/bump/", body)[0] for _ in range(TAPS_EACH)]


@pytest.mark.django_db(transaction=True)
def test_concurrent_glass_taps_are_all_counted(server, request):
    """Twenty phones tapping "+1 glass" on the same day at once: no tap is lost."""
    from datetime import date, timedelta

    day = (date.today() - timedelta(days=1)).isoformat()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = [
            status
            for future in [pool.submit(tap_glasses, server, s, day) for s in server.sessions]
            for status in future.result()
        ]
    assert set(statuses) == {302}, statuses
    assert server.day_fluids(day) == [CLIENTS * TAPS_EACH * GLASS_ML]  # one row, every tap
