"""Over HTTP: gunicorn (2 workers, 127.0.0.1 only), page weight, and a 30 s load mix.

gunicorn runs the production settings (bench/settings.py only moves STATIC_ROOT
into the temp dir) against the same throwaway database as the in-process run.
It is always stopped, also when something here fails; every wait is bounded.
"""

import gzip
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.test import Client

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
ASSET_RELS = {"stylesheet", "icon", "manifest", "preload", "modulepreload"}
# Fetched when someone adds the app to an iOS home screen, not on a page load:
# listed and weighed, but not counted as part of the first load.
INSTALL_ONLY_RELS = {"apple-touch-icon", "apple-touch-startup-image"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk(log):
    """wrk from Debian; installed when missing and possible, else None (Python fallback)."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        log("  wrk missing and apt-get not usable: using the Python load generator")
        return None
    log("  installing wrk (apt-get)...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        try:
            subprocess.run(command, env=env, check=True, timeout=240, capture_output=True)
        except (subprocess.SubprocessError, OSError) as error:
            log(f"  could not install wrk ({error}): using the Python load generator")
            return None
    return shutil.which("wrk")


class Gunicorn:
    def __init__(self, tmp, log, workers=2, settings=None, pythonpath=()):
        settings = settings or os.environ.get("DJANGO_SETTINGS_MODULE", "bench.settings")
        self.port = free_port()
        self.log = log
        self.errlog = Path(tmp) / "gunicorn.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings,
            "PYTHONPATH": os.pathsep.join(
                [str(ROOT), *pythonpath, *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "cramplog.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.errlog),
        ]
        # Django's own log (500s with tracebacks) goes to the same file as gunicorn's.
        self._log_file = open(self.errlog, "ab")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=self._log_file,
        )

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.tail()}")
            try:
                with urllib.request.urlopen(self.base + "/accounts/login/", timeout=2) as answer:
                    if answer.status == 200:
                        # Both workers import the app lazily; a few requests warm them.
                        for _ in range(6):
                            urllib.request.urlopen(self.base + "/accounts/login/", timeout=5).read()
                        return
            except urllib.error.HTTPError as error:
                raise RuntimeError(f"gunicorn answered {error.code}: {self.tail()}") from None
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {seconds} s: {self.tail()}")

    def tail(self):
        try:
            return self.errlog.read_text(errors="replace")[-1500:]
        except OSError:
            return ""

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self._log_file.close()


def sessions_for(users):
    """(sessionid, csrftoken) per user: a real login session and a CSRF secret."""
    from django.middleware.csrf import _get_new_csrf_string

    pairs = []
    for user in users:
        client = Client()
        client.force_login(user)
        pairs.append((client.cookies["sessionid"].value, _get_new_csrf_string()))
    return pairs


def warm_up(server, session, rounds=6):
    """Both workers render the pages once before anything is counted."""
    cookie = f"sessionid={session[0]}; csrftoken={session[1]}"
    for _ in range(rounds):
        for path in ("/", "/journal/"):
            request = urllib.request.Request(server.base + path, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=10) as answer:
                answer.read()


# --- Page weight ----------------------------------------------------------------------------


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []
        self.install_only = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").lower().split())
            if rels & ASSET_RELS:
                self.urls.append(attrs["href"])
            elif rels & INSTALL_ONLY_RELS:
                self.install_only.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def _fetch(url, cookie):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip", "Cookie": cookie})
    with urllib.request.urlopen(request, timeout=10) as answer:
        raw = answer.read()
        header_bytes = len(str(answer.headers).encode()) + len(f"HTTP/1.1 {answer.status}\r\n")
        encoding = answer.headers.get("Content-Encoding", "")
        body = gzip.decompress(raw) if encoding == "gzip" else raw
        # What a gzip-capable transfer costs: the app's own gzip where it sends one
        # (WhiteNoise, static files), else what gzip would make of the body.
        wire = len(raw) if encoding == "gzip" else len(gzip.compress(body, 6))
        return answer.status, body, wire, header_bytes, encoding or "identity"


def page_weight(server, session):
    cookie = f"sessionid={session[0]}; csrftoken={session[1]}"
    fetched = []
    status, body, wire, header_bytes, encoding = _fetch(server.base + "/", cookie)
    fetched.append(("/", status, len(body), wire, header_bytes, encoding))
    parser = Assets()
    parser.feed(body.decode())
    queue = list(dict.fromkeys(parser.urls))
    other_hosts = []
    seen = set()
    while queue and len(fetched) < 50:  # bounded, whatever the stylesheets say
        href = queue.pop(0)
        url = urljoin(server.base + "/", href)
        if urlsplit(url).netloc != f"127.0.0.1:{server.port}":
            other_hosts.append(url)  # counted, never fetched: the bench stays on loopback
            continue
        if url in seen:
            continue
        seen.add(url)
        status, body, wire, header_bytes, encoding = _fetch(url, cookie)
        fetched.append((urlsplit(url).path, status, len(body), wire, header_bytes, encoding))
        if url.endswith(".css"):  # fonts and images a stylesheet pulls in
            import re

            for ref in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", body.decode()):
                if not ref.startswith("data:"):
                    queue.append(urljoin(url, ref))
    install_only = []
    for href in dict.fromkeys(parser.install_only):
        status, body, wire, header_bytes, encoding = _fetch(
            urljoin(server.base + "/", href), cookie
        )
        install_only.append((urlsplit(href).path, status, len(body), wire, header_bytes, encoding))
    total = sum(wire + header for _, _, _, wire, header, _ in fetched)
    result = {
        "status": "ok",
        "requests": len(fetched),
        "other_hosts": len(other_hosts),
        "other_host_urls": other_hosts,
        "body_bytes_gzip": sum(f[3] for f in fetched),
        "header_bytes": sum(f[4] for f in fetched),
        "total_bytes": total,
        "uncompressed_bytes": sum(f[2] for f in fetched),
        "files": [
            {
                "path": path,
                "status": status,
                "bytes": size,
                "gzip_bytes": wire,
                "header_bytes": header,
                "served_encoding": encoding,
            }
            for path, status, size, wire, header, encoding in fetched
        ],
        "install_only_files": [
            {"path": path, "status": status, "bytes": size, "gzip_bytes": wire}
            for path, status, size, wire, _, _ in install_only
        ],
    }
    result["checks"] = {
        "bytes": "pass" if total <= 60 * 1024 else "MISS",
        "requests": "pass" if len(fetched) <= 6 else "MISS",
        "other_hosts": "pass" if not other_hosts else "MISS",
    }
    return result


# --- Load mix -----------------------------------------------------------------------------------

CORES = os.cpu_count() or 1
TICKS = os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(leader):
    """User + system CPU of every process in the group `leader` started (gunicorn's)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        # After the command name: state ppid pgrp ... utime(12) stime(13), 0-based.
        if int(fields[2]) == leader:
            total += int(fields[11]) + int(fields[12])
    return total / TICKS


def load_mix(server, sessions, tmp, log, seconds=30, connections=8):
    from journal.models import Cramp

    sessions_file = Path(tmp) / "sessions.txt"
    sessions_file.write_text("".join(f"{sid} {csrf}\n" for sid, csrf in sessions))
    before = Cramp.objects.count()
    # BENCH_LOADGEN=python forces the fallback (to check it, or where wrk misbehaves).
    wrk = None if os.environ.get("BENCH_LOADGEN") == "python" else ensure_wrk(log)
    # A nonce per run keeps client tokens unique even when the same sessions are
    # loaded twice (a repeated token is, rightly, not a new row).
    env = {**os.environ, "BENCH_SESSIONS": str(sessions_file), "BENCH_NONCE": os.urandom(4).hex()}
    if wrk:
        tool = "wrk"
        command = [
            wrk,
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(BENCH_DIR / "mix.lua"),
            server.base,
        ]
    else:
        tool = "python"
        command = [
            sys.executable,
            str(BENCH_DIR / "loadgen.py"),
            str(server.port),
            str(sessions_file),
            str(seconds),
            str(connections),
        ]
    log(f"  {tool}: {seconds} s, {connections} connections, POST:GET 1:4, {len(sessions)} users")
    server_cpu = group_cpu_seconds(server.process.pid)
    children_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    finished = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=seconds + 90
    )
    server_cpu = group_cpu_seconds(server.process.pid) - server_cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    loadgen_cpu = (after.ru_utime + after.ru_stime) - (
        children_cpu.ru_utime + children_cpu.ru_stime
    )
    line = next((x for x in finished.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        return {"status": f"load generator failed: {finished.stderr[-500:]}", "tool": tool}
    data = json.loads(line.removeprefix("BENCH_JSON "))
    time.sleep(0.5)  # let requests in flight when the generator stopped finish
    rows_added = Cramp.objects.count() - before
    errors = data["non_2xx_3xx"] + data["connect"] + data["read"] + data["write"] + data["timeout"]
    errors = max(errors, data["bad_status"])
    rps = data["requests"] / (data["duration_us"] / 1e6)
    latency = {k: data[f"{k}_us"] / 1000 for k in ("p50", "p95", "p99", "max")}
    # wrk stops without waiting for requests in flight: a POST the server finished
    # after that adds a row wrk never saw answered. Lost writes are the other way.
    in_flight_ok = 0 <= rows_added - data["posts_ok"] <= (connections if tool == "wrk" else 0)
    return {
        "status": "ok",
        "tool": tool,
        "seconds": seconds,
        "connections": connections,
        "users": len(sessions),
        "requests": data["requests"],
        "requests_per_second": round(rps, 1),
        "latency_ms": latency,
        "errors": errors,
        "error_detail": {
            k: data[k] for k in ("bad_status", "non_2xx_3xx", "connect", "read", "write", "timeout")
        },
        # Where the two cores went: gunicorn (master + workers) and the load generator.
        "server_cpu_ms_per_request": round(server_cpu * 1000 / max(1, data["requests"]), 2),
        "loadgen_cpu_share": round(loadgen_cpu / (data["duration_us"] / 1e6) / CORES, 3),
        "server_cpu_share": round(server_cpu / (data["duration_us"] / 1e6) / CORES, 3),
        "posts_sent": data["posts_sent"],
        "posts_ok": data["posts_ok"],
        "gets_ok": data["gets_ok"],
        "rows_added": rows_added,
        "checks": {
            "rps": "pass" if rps >= 300 else "MISS",
            "p99": "pass" if latency["p99"] <= 250 else "MISS",
            "errors": "pass" if errors == 0 else "MISS",
            "rows": "pass" if in_flight_ok else "MISS",
        },
    }


def http_phase(tmp, users, log, seconds=30):
    from django.core.management import call_command
    from django.db import connection

    # Templates may have changed since the run began; gunicorn needs their assets.
    call_command("collectstatic", verbosity=0, interactive=False)
    sessions = sessions_for(users)
    connection.close()  # gunicorn's workers get the database to themselves
    server = Gunicorn(tmp, log)
    try:
        server.wait_ready()
        log(f"  gunicorn on {server.base}, 2 workers")
        warm_up(server, sessions[0])
        weight = page_weight(server, sessions[0])
        log(
            f"  home first load: {weight['total_bytes'] / 1024:.1f} KB in "
            f"{weight['requests']} requests, {weight['other_hosts']} to other hosts"
        )
        mix = load_mix(server, sessions[1:], tmp, log, seconds=seconds)
        errors = server.tail().strip()
        if errors:
            mix["server_log_tail"] = errors
        return weight, mix
    except Exception as error:
        failure = f"error: {type(error).__name__}: {error}"[:400]
        return {"status": failure}, {"status": failure}
    finally:
        server.stop()
