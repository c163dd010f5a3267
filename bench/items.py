"""What `make bench` measures in-process: one line per item, easy to update.

Each Item is (name, method, URL or callable, target). URLs are templates whose
{placeholders} come from the user's context (bench/inprocess.py, `user_context`):

    cramp_pk        the user's newest cramp
    week            this ISO week, e.g. 2026-W47
    today           the user's local date
    last_night      the last finished night
    from_90         first night of the last 90 nights
    from_365        first night of the last 365 nights
    page10_before   the `before=` cursor that opens timeline page 10
    page20_before   ... page 20 (or the last page of a shorter journal)

A URL that does not resolve is reported as "missing route"; a view that raises
or answers with an unexpected status is reported as an error. Neither stops
the run.
"""

import uuid
from dataclasses import dataclass, field

# --- Targets (issue 9), heavy 10-year user unless said -------------------------------


@dataclass(frozen=True)
class Target:
    p95_ms: float | None = None  # p95 must be at most this
    queries: int | None = None  # SQL queries per request at most this
    same_queries: bool = False  # heavy and 6-month user issue the same number of queries
    within_typical: float | None = None  # heavy median <= this x the 6-month median
    text: str = ""  # how the table shows the target

    @property
    def label(self):
        if self.text:
            return self.text
        parts = []
        if self.p95_ms is not None:
            parts.append(f"p95<={self.p95_ms:g}ms")
        if self.queries is not None:
            parts.append(f"q<={self.queries}")
        return " ".join(parts) or "-"


NONE = Target(text="(info)")
QUICK_LOG = Target(p95_ms=8, queries=6)
HTML_PAGE = Target(
    p95_ms=40,
    queries=12,
    same_queries=True,
    within_typical=1.2,
    text="p95<=40ms q<=12, 10y<=1.2x 6mo",
)
# Pages whose content differs between the two journals by design, so their
# time may too: timeline pages past page 4 (the 6-month user's statin, which
# doubles the cramp rate, starts 60 nights before its end, so its older pages
# hold fewer cramps) and the medications page (12 periods against 3).
HTML_PAGE_DEEP = Target(p95_ms=40, queries=12, same_queries=True)
# htmx answers on the home page: the issue names no target; held to the page rule.
FRAGMENT = Target(p95_ms=40, queries=12, same_queries=True)
CHART_WARM = Target(p95_ms=5)
PDF_90 = Target(p95_ms=1000)
PDF_365 = Target(p95_ms=2000)
ANALYSIS = Target(p95_ms=150)
WEEK_COLD = Target(p95_ms=300, text="p95<=300ms (page+charts)")

# Baby Buddy figures quoted in issue 9 (1 year / 2 years, in-process, warm).
BB_POST = "10.0/10.7 ms med, 10.4/12.9 p95, 12 q"
BB_LIST = "45-55 ms med, 60-84 q"
BB_DASH = "306/580 ms med"
BB_REPORT = "70-815 ms med, grows 1.6-2.1x"


@dataclass(frozen=True)
class Item:
    name: str
    method: str  # GET, POST, or CALL (url is then a callable(runner, ctx))
    url: object  # str template, or callable for CALL
    target: Target = NONE
    data: object = None  # dict, or callable(ctx) -> dict (fresh per request)
    htmx: bool = False
    expect: tuple = (200,)
    repeat: int = 40  # timed runs (after warm-up); fewer for slow items
    warmup: int = 3
    users: tuple = ("heavy", "typical")
    chart: str = ""  # "", "cold", "etag" or "cached": how the cache is prepared (cold clears it)
    peer: str = ""  # Baby Buddy figure for the same kind of row
    headers: dict = field(default_factory=dict)


def quick_log_data(ctx):
    # A fresh client token per tap, as the home page renders one per form.
    return {"muscle": "calf", "side": "left", "when": "now", "client_token": str(uuid.uuid4())}


def details_data(ctx):
    ctx["details_flip"] = not ctx.get("details_flip")
    return {
        "side": "left",
        "duration_preset": "60" if ctx["details_flip"] else "120",
        "severity": "5",
        "relief_tried": ["stretch", "massage"],
        "relief_best": "stretch",
        "woke_from_sleep": "true",
        "soreness": "hours",
        "notes": "",
    }


def checkin_data(ctx):
    ctx["checkin_flip"] = not ctx.get("checkin_flip")
    return {
        "night": ctx["last_night"],
        "cramp_free": "false",
        "sleep_disturbance": "3" if ctx["checkin_flip"] else "4",
    }


WEEK_CHARTS = ("nightly", "time-of-night", "muscles", "duration", "context")
TREND_CHARTS = ("trend", "severity", "relief")


def chart_items():
    """Each chart cold (cache cleared), warm 304 (If-None-Match) and cached 200."""
    charts = [(name, "week={week}") for name in WEEK_CHARTS]
    charts += [(name, "range=12w") for name in TREND_CHARTS]
    charts += [("triggers", "")]
    items = []
    for name, query in charts:
        url = f"/insights/charts/{name}.svg?{query}&theme=light".replace("?&", "?")
        items += [
            Item(f"chart {name} cold", "GET", url, NONE, chart="cold", repeat=8, warmup=1),
            Item(f"chart {name} warm 304", "GET", url, CHART_WARM, chart="etag", expect=(304,)),
            Item(f"chart {name} cached 200", "GET", url, CHART_WARM, chart="cached"),
        ]
    return items


def build_items(calls):
    """The in-process table. `calls` holds the CALL items' functions (inprocess.py)."""
    return [
        Item("home", "GET", "/", HTML_PAGE, peer=BB_DASH),
        Item(
            "quick-log POST (htmx, 2 taps)",
            "POST",
            "/log/",
            QUICK_LOG,
            data=quick_log_data,
            htmx=True,
            peer=BB_POST,
        ),
        Item(
            "quick-log POST (no JS, 302)",
            "POST",
            "/log/",
            QUICK_LOG,
            data=quick_log_data,
            expect=(302,),
            peer=BB_POST,
        ),
        Item(
            "details update (htmx)",
            "POST",
            "/journal/{cramp_pk}/details/",
            FRAGMENT,
            data=details_data,
            htmx=True,
        ),
        Item(
            "morning check-in (htmx)",
            "POST",
            "/checkin/",
            FRAGMENT,
            data=checkin_data,
            htmx=True,
        ),
        Item("timeline page 1", "GET", "/journal/", HTML_PAGE, peer=BB_LIST),
        Item("timeline page 10", "GET", "/journal/?before={page10_before}", HTML_PAGE_DEEP),
        # The 6-month journal has about 13 pages: its row is its last page.
        Item("timeline page 20", "GET", "/journal/?before={page20_before}", HTML_PAGE_DEEP),
        Item("week page", "GET", "/insights/week/", HTML_PAGE),
        Item("week page + 5 charts cold", "CALL", calls["week_cold"], WEEK_COLD, repeat=8),
        Item("trends page (4w)", "GET", "/insights/trends/", HTML_PAGE, peer=BB_REPORT),
        Item("insights page", "GET", "/insights/", HTML_PAGE, repeat=15, peer=BB_REPORT),
        # The first view after any change: the cached analysis is gone (cache cleared).
        Item(
            "insights page cold",
            "GET",
            "/insights/",
            NONE,
            chart="cold",
            repeat=8,
            warmup=1,
            peer=BB_REPORT,
        ),
        Item(
            "insights triggers.json",
            "GET",
            "/insights/triggers.json",
            Target(p95_ms=150, text="p95<=150ms (analysis)"),
            repeat=15,
        ),
        Item("analyse() whole journal", "CALL", calls["analyse"], ANALYSIS, repeat=15),
        Item("load_journal() whole journal", "CALL", calls["load_journal"], NONE, repeat=10),
        *chart_items(),
        Item("export page", "GET", "/export/", HTML_PAGE),
        Item("medications page", "GET", "/journal/medications/", HTML_PAGE_DEEP),
        Item("day context page", "GET", "/journal/day/{today}/", HTML_PAGE),
        Item("settings page", "GET", "/accounts/settings/", HTML_PAGE),
        Item(
            "doctor summary page 90 d",
            "GET",
            "/export/summary/?from={from_90}&to={last_night}",
            Target(p95_ms=1000, text="p95<=1000ms (has charts)"),
            repeat=5,
            warmup=1,
            peer=BB_REPORT,
        ),
        Item(
            "doctor PDF 90 d",
            "GET",
            "/export/summary.pdf?from={from_90}&to={last_night}",
            PDF_90,
            repeat=5,
            warmup=1,
        ),
        Item(
            "doctor PDF 1 y",
            "GET",
            "/export/summary.pdf?from={from_365}&to={last_night}",
            PDF_365,
            repeat=5,
            warmup=1,
        ),
        Item("backup.json", "GET", "/export/backup.json", NONE, repeat=5, warmup=1),
        Item("cramps.csv (all)", "GET", "/export/cramps.csv", NONE, repeat=5, warmup=1),
        Item(
            "import 1-y backup: preview",
            "CALL",
            calls["import_preview"],
            NONE,
            repeat=4,
            warmup=1,
            users=("import",),
        ),
        Item(
            "import 1-y backup: commit",
            "CALL",
            calls["import_commit"],
            NONE,
            repeat=4,
            warmup=1,
            users=("import",),
        ),
    ]
