"""In-process measurements: django.test.Client, warm, one logged-in client per user.

Every item runs a few untimed warm-up requests, one untimed request under
CaptureQueriesContext to count SQL queries, then `repeat` timed requests. Times
are wall-clock per request (perf_counter around the client call), so they
include the whole middleware stack and the session save, but no HTTP server.
"""

import html
import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve
from django.utils import timezone

from bench.items import Item

CHART_IMG = re.compile(r'<img class="chart" src="([^"]+)"')


class Stopwatch:
    """Times the blocks run under it; counts their SQL queries when asked."""

    def __init__(self, count_queries=False):
        self.count_queries = count_queries
        self.seconds = 0.0
        self.cpu_seconds = 0.0
        self.queries = 0
        self._capture = None

    def __enter__(self):
        if self.count_queries:
            self._capture = CaptureQueriesContext(connection)
            self._capture.__enter__()
        self._cpu_started = time.process_time()
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds += time.perf_counter() - self._started
        self.cpu_seconds += time.process_time() - self._cpu_started
        if self._capture is not None:
            self._capture.__exit__(*exc)
            self.queries += len(self._capture.captured_queries)
            self._capture = None
        return False


class BenchError(Exception):
    """An item that could not be measured; the message goes into the table."""


def percentile(values, share):
    """Nearest-rank percentile: with few runs, p95 is the slowest run (conservative)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil
    return ordered[int(rank) - 1]


def logged_in_client(user):
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


def journal_days(user):
    """Every journal day with an entry, newest first (the timeline's pages)."""
    from journal.models import Cramp, DayContext, NightCheckIn

    days = set(Cramp.objects.owned_by(user).values_list("journal_day", flat=True))
    days |= set(NightCheckIn.objects.owned_by(user).values_list("night", flat=True))
    days |= set(DayContext.objects.owned_by(user).values_list("day", flat=True))
    return sorted(days, reverse=True)


def page_cursor(days, page, per_page):
    """The ?before= value that opens `page` (1-based), or of the last page if shorter."""
    pages = max(1, -(-len(days) // per_page))
    page = min(page, pages)
    if page == 1:
        return "", 1
    return days[per_page * (page - 1) - 1].isoformat(), page


def user_context(user):
    from insights import weekly
    from journal.models import Cramp
    from journal.nights import last_finished_night
    from journal.views import NIGHTS_PER_PAGE

    now = timezone.now()
    zone = user.profile.zone
    last_night = last_finished_night(now, zone)
    newest = Cramp.objects.owned_by(user).order_by("-started_at").first()
    days = journal_days(user)
    before, page = page_cursor(days, 20, NIGHTS_PER_PAGE)
    return {
        "user": user,
        "cramp_pk": newest.pk if newest else 0,
        "week": weekly.isoweek(weekly.current_monday(now, zone)),
        "today": now.astimezone(zone).date().isoformat(),
        "last_night": last_night.isoformat(),
        "from_90": (last_night - timedelta(days=89)).isoformat(),
        "from_365": (last_night - timedelta(days=364)).isoformat(),
        "page10_before": page_cursor(days, 10, NIGHTS_PER_PAGE)[0],
        "page20_before": before,
        "page20_page": page,
    }


# --- CALL items ------------------------------------------------------------------------


def call_week_cold(runner, ctx, watch):
    """The week page and every chart image it embeds (light theme), chart cache cleared."""
    client = runner.clients[ctx["key"]]
    cache.clear()
    size = 0
    with watch:
        page = client.get("/insights/week/")
        if page.status_code != 200:
            raise BenchError(f"week page answered {page.status_code}")
        size += len(page.content)
        sources = [html.unescape(src) for src in CHART_IMG.findall(page.content.decode())]
        for src in sources:
            image = client.get(src)
            if image.status_code != 200:
                raise BenchError(f"{src} answered {image.status_code}")
            size += len(image.content)
    if not sources:
        raise BenchError("the week page embeds no chart images")
    return size


def _whole_journal(ctx):
    from journal.services import journal_extent, load_journal

    user = ctx["user"]
    return load_journal(user, *journal_extent(user))


def call_load_journal(runner, ctx, watch):
    with watch:
        journal = _whole_journal(ctx)
    ctx["journal"] = journal
    return None


def call_analyse(runner, ctx, watch):
    from insights.analysis import analyse

    journal = ctx.get("journal") or _whole_journal(ctx)
    ctx["journal"] = journal
    today = timezone.now().astimezone(ctx["user"].profile.zone).date()
    with watch:
        analyse(journal, today=today)
    return None


def _import_client(runner):
    runner.import_serial += 1
    user = get_user_model().objects.create_user(f"bench-import-{runner.import_serial}")
    return logged_in_client(user)


def _preview(client, backup):
    upload = SimpleUploadedFile("backup.json", backup, content_type="application/json")
    response = client.post("/import/", {"action": "upload", "file": upload})
    if response.status_code != 200:
        raise BenchError(f"import preview answered {response.status_code}")
    return response


def call_import_preview(runner, ctx, watch):
    client = _import_client(runner)
    with watch:
        response = _preview(client, runner.backup)
    return len(response.content)


def call_import_commit(runner, ctx, watch):
    client = _import_client(runner)
    _preview(client, runner.backup)
    with watch:
        response = client.post("/import/", {"action": "confirm"})
    if response.status_code != 302:
        raise BenchError(f"import commit answered {response.status_code}")
    return None


CALLS = {
    "week_cold": call_week_cold,
    "load_journal": call_load_journal,
    "analyse": call_analyse,
    "import_preview": call_import_preview,
    "import_commit": call_import_commit,
}


# --- The runner ------------------------------------------------------------------------


class Runner:
    def __init__(self, users, backup, log, repeat_scale=1.0):
        self.users = users
        self.backup = backup  # bytes of a 1-year backup.json, for the import items
        self.log = log
        self.repeat_scale = repeat_scale
        self.clients = {key: logged_in_client(user) for key, user in users.items()}
        self.contexts = {}
        for key, user in users.items():
            self.contexts[key] = {**user_context(user), "key": key}
        self.contexts["import"] = {"key": "import", "user": None}
        self.import_serial = 0

    # One request of a GET/POST item; returns the response.
    def _request(self, item, ctx, watch, headers=None):
        client = self.clients[ctx["key"]]
        url = item.url.format(**ctx)
        all_headers = dict(item.headers)
        if item.htmx:
            all_headers["HX-Request"] = "true"
        all_headers.update(headers or {})
        if item.method == "POST":
            data = item.data(ctx) if callable(item.data) else (item.data or {})
            with watch:
                response = client.post(url, data, headers=all_headers)
        else:
            with watch:
                response = client.get(url, headers=all_headers)
        if response.status_code not in item.expect:
            raise BenchError(f"HTTP {response.status_code} from {item.method} {url}")
        return response

    def _prepare_chart(self, item, ctx):
        """Cache state before one run; returns the request headers for it."""
        if item.chart == "cold":
            cache.clear()
            return {}
        if item.chart == "etag":
            if "etag" not in ctx:
                plain = Item(item.name, "GET", item.url)
                ctx["etag"] = self._request(plain, ctx, Stopwatch())["ETag"]
            return {"If-None-Match": ctx["etag"]}
        return {}

    def _one(self, item, ctx, watch):
        """One run of the item; returns the response size in bytes (or None)."""
        if item.method == "CALL":
            return item.url(self, ctx, watch)
        headers = self._prepare_chart(item, ctx) if item.chart else None
        response = self._request(item, ctx, watch, headers)
        return len(response.content) if hasattr(response, "content") else None

    def route_missing(self, item, ctx):
        if item.method == "CALL":
            return False
        try:
            resolve(urlsplit(item.url.format(**ctx)).path)
        except Resolver404:
            return True
        return False

    def _row(self, item, key):
        ctx = self.contexts[key]
        row = {
            "name": item.name,
            "user": key,
            "method": item.method,
            "url": item.url if item.method != "CALL" else item.url.__name__,
            "target": item.target.label,
            "peer": item.peer,
            "status": "ok",
        }
        if item.method != "CALL":
            try:
                row["url"] = item.url.format(**ctx)
            except (KeyError, IndexError) as error:
                row["status"] = f"error: unknown placeholder {error} in the URL"
        if key in ("heavy", "typical") and "{page20_before}" in str(item.url):
            page = ctx["page20_page"]
            row["note"] = "page 20" if page == 20 else f"page {page} (the last)"
        return row

    def measure(self, item):
        """All of the item's users, their timed runs interleaved (same background load)."""
        from journal.models import Cramp

        started = time.perf_counter()
        rows = {key: self._row(item, key) for key in item.users}
        live = []
        newest_before = Cramp.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        try:
            for key, row in rows.items():
                ctx = self.contexts[key]
                ctx.pop("etag", None)
                if row["status"] != "ok":
                    continue
                if self.route_missing(item, ctx):
                    row["status"] = "missing route"
                    continue
                try:
                    for _ in range(item.warmup):
                        self._one(item, ctx, Stopwatch())
                    counter = Stopwatch(count_queries=True)
                    self._one(item, ctx, counter)
                    row["queries"] = counter.queries
                    live.append(key)
                    row["_times"], row["_cpu"] = [], []
                except Exception as error:  # a crashing view is a row, not the end of the run
                    row["status"] = _error_text(error)
            taps = item.method == "POST" and "/log/" in str(item.url)
            for _ in range(max(3, round(item.repeat * self.repeat_scale))):
                for key in list(live):
                    row = rows[key]
                    watch = Stopwatch()
                    try:
                        row["bytes"] = self._one(item, self.contexts[key], watch)
                    except Exception as error:
                        row["status"] = _error_text(error)
                        live.remove(key)
                        continue
                    row["_times"].append(watch.seconds * 1000)
                    row["_cpu"].append(watch.cpu_seconds * 1000)
                    if taps:
                        # Each tap is timed as one more cramp on the seeded night,
                        # after the home page it is tapped on (untimed): forty taps
                        # would otherwise time the fortieth cramp of one night and
                        # its forty-row list.
                        Cramp.objects.filter(pk__gt=newest_before).delete()
                        self.clients[key].get("/")
        finally:
            if item.method == "POST" and "/log/" in str(item.url):
                # Quick-log taps would pile up on tonight; remove them so later
                # items see the seeded journal.
                Cramp.objects.filter(pk__gt=newest_before).delete()
        for row in rows.values():
            times, cpu = row.pop("_times", None), row.pop("_cpu", None)
            if row["status"] != "ok" or not times:
                continue
            row.update(
                runs=len(times),
                median_ms=round(percentile(times, 0.5), 2),
                p95_ms=round(percentile(times, 0.95), 2),
                max_ms=round(max(times), 2),
                cpu_median_ms=round(percentile(cpu, 0.5), 2),
            )
        elapsed = time.perf_counter() - started
        for row in rows.values():
            row["seconds"] = round(elapsed, 2)
        return list(rows.values())

    def run(self, items):
        rows = []
        for item in items:
            for row in self.measure(item):
                rows.append(row)
                if row["status"] == "ok":
                    self.log(
                        f"  {item.name:<34} {row['user']:<8} median {row['median_ms']:>8.2f} ms  "
                        f"p95 {row['p95_ms']:>8.2f} ms  cpu {row['cpu_median_ms']:>8.2f} ms  "
                        f"q={row['queries']}"
                    )
                else:
                    self.log(f"  {item.name:<34} {row['user']:<8} {row['status']}")
        return rows


def _error_text(error):
    if isinstance(error, BenchError):
        return f"error: {error}"
    return f"error: {type(error).__name__}: {error}"[:200]
