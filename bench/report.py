"""Verdicts, the printed table, the machine description and bench/results.json."""

import json
import os
import platform
import sys


def machine(database):
    import django

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram_gb = None
    try:
        with open("/proc/meminfo") as info:
            for line in info:
                if line.startswith("MemTotal:"):
                    ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                    break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "django": django.get_version(),
        "database": database,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def database_description():
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (WAL, file in a temp dir)"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]} (throwaway cluster)"


def evaluate(rows, items):
    """Add `checks` and `result` to each row, including the heavy-vs-typical checks."""
    targets = {item.name: item.target for item in items}
    by_key = {(row["name"], row["user"]): row for row in rows}
    for row in rows:
        if row["status"] != "ok":
            row["result"] = "missing route" if row["status"] == "missing route" else "ERROR"
            continue
        target = targets[row["name"]]
        checks = []
        if target.p95_ms is not None:
            checks.append(
                (
                    f"p95 {row['p95_ms']:.1f} ms (target <= {target.p95_ms:g})",
                    row["p95_ms"] <= target.p95_ms,
                )
            )
        if target.queries is not None:
            checks.append(
                (
                    f"{row['queries']} queries (target <= {target.queries})",
                    row["queries"] <= target.queries,
                )
            )
        typical = by_key.get((row["name"], "typical"))
        if row["user"] == "heavy" and typical and typical["status"] == "ok":
            if target.same_queries:
                checks.append(
                    (
                        f"queries {row['queries']} (10 y) vs {typical['queries']} (6 mo), "
                        "target equal",
                        row["queries"] == typical["queries"],
                    )
                )
            if target.within_typical:
                limit = typical["median_ms"] * target.within_typical
                checks.append(
                    (
                        f"median {row['median_ms']:.1f} ms (10 y) vs {typical['median_ms']:.1f} "
                        f"(6 mo), target <= {target.within_typical:g}x",
                        row["median_ms"] <= limit,
                    )
                )
            if row["name"].startswith("chart ") and row["name"].endswith("cached 200"):
                checks.append(
                    (
                        f"bytes {row['bytes']} (10 y) vs {typical['bytes']} (6 mo), "
                        "target <= 1.25x",
                        (row["bytes"] or 0) <= 1.25 * (typical["bytes"] or 0),
                    )
                )
        row["checks"] = [{"check": text, "ok": ok} for text, ok in checks]
        if not checks:
            row["result"] = "info"
        else:
            row["result"] = "pass" if all(ok for _, ok in checks) else "MISS"
    return rows


def _ms(value):
    return "" if value is None else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


USER_LABEL = {"heavy": "10 y", "typical": "6 mo", "import": "1-y file"}


def table(rows, http=None, weight=None):
    header = (
        "metric",
        "target",
        "median ms",
        "p95 ms",
        "max ms",
        "cpu ms",
        "q",
        "KB",
        "result",
        "Baby Buddy",
    )
    lines = []
    for row in rows:
        lines.append(
            (
                f"{row['name']} [{USER_LABEL.get(row['user'], row['user'])}]"
                + (f" ({row['note']})" if row.get("note") else ""),
                row.get("target", ""),
                _ms(row.get("median_ms")),
                _ms(row.get("p95_ms")),
                _ms(row.get("max_ms")),
                _ms(row.get("cpu_median_ms")),
                "" if row.get("queries") is None else str(row["queries"]),
                "" if not row.get("bytes") else f"{row['bytes'] / 1024:.1f}",
                row.get("result", row["status"]),
                row.get("peer", ""),
            )
        )
    if http:
        lines += _pad(http_lines(http))
    if weight:
        lines += _pad(weight_lines(weight))
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(len(header))]

    def fmt(line):
        return "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True))

    out = [fmt(header), fmt(["-" * w for w in widths])]
    out += [fmt(line) for line in lines]
    return "\n".join(out)


def _pad(lines):
    """HTTP and page-weight lines have no CPU column."""
    return [(*line[:5], "", line[5], "", *line[6:]) for line in lines]


def http_lines(http):
    if http.get("status") != "ok":
        return [
            ("HTTP mix (gunicorn x2)", ">=300 req/s", "", "", "", "", http.get("status", "?"), "")
        ]
    return [
        (
            f"HTTP mix: req/s ({http['tool']}, {http['seconds']} s, c={http['connections']})",
            ">=300 req/s",
            f"{http['requests_per_second']:.0f}",
            "",
            "",
            "",
            http["checks"]["rps"],
            "",
        ),
        (
            "HTTP mix: latency p50 / p95 / p99 ms",
            "p99<=250ms",
            _ms(http["latency_ms"]["p50"]),
            _ms(http["latency_ms"]["p95"]),
            f"p99 {_ms(http['latency_ms']['p99'])}",
            "",
            http["checks"]["p99"],
            "",
        ),
        (
            f"HTTP mix: errors (of {http['requests']} requests)",
            "0",
            str(http["errors"]),
            "",
            "",
            "",
            http["checks"]["errors"],
            "",
        ),
        (
            f"HTTP mix: cramp rows added vs POSTs ok ({http['posts_ok']})",
            "equal",
            str(http["rows_added"]),
            "",
            "",
            "",
            http["checks"]["rows"],
            "",
        ),
    ]


def weight_lines(weight):
    if weight.get("status") != "ok":
        return [("home first load", "<=60KB", "", "", "", "", weight.get("status", "?"), "")]
    return [
        (
            "home first load: KB transferred (gzip)",
            "<=60 KB",
            f"{weight['total_bytes'] / 1024:.1f}",
            "",
            "",
            "",
            weight["checks"]["bytes"],
            "up to 1.16 MB/page",
        ),
        (
            "home first load: requests",
            "<=6",
            str(weight["requests"]),
            "",
            "",
            "",
            weight["checks"]["requests"],
            "",
        ),
        (
            "home first load: requests to other hosts",
            "0",
            str(weight["other_hosts"]),
            "",
            "",
            "",
            weight["checks"]["other_hosts"],
            "",
        ),
    ]


def misses(rows, http=None, weight=None):
    out = []
    for row in rows:
        if row.get("result") == "MISS":
            failed = [c["check"] for c in row["checks"] if not c["ok"]]
            out.append(
                f"{row['name']} [{USER_LABEL.get(row['user'], row['user'])}]: " + "; ".join(failed)
            )
        elif row.get("result") in ("ERROR", "missing route"):
            out.append(f"{row['name']} [{row['user']}]: {row['status']}")
    if http and http.get("status") == "ok":
        values = {
            "rps": f"{http['requests_per_second']:.0f} req/s (target >= 300)",
            "p99": f"p99 {http['latency_ms']['p99']:.0f} ms (target <= 250)",
            "errors": f"{http['errors']} errors (target 0)",
            "rows": f"{http['rows_added']} rows added for {http['posts_ok']} POSTs answered",
        }
        out += [f"HTTP mix: {values[k]}" for k, v in http["checks"].items() if v != "pass"]
    elif http:
        out.append(f"HTTP mix: {http.get('status')}")
    if weight and weight.get("status") == "ok":
        values = {
            "bytes": f"{weight['total_bytes'] / 1024:.1f} KB (target <= 60)",
            "requests": f"{weight['requests']} requests (target <= 6)",
            "other_hosts": f"{weight['other_hosts']} requests to other hosts (target 0)",
        }
        out += [f"home first load: {values[k]}" for k, v in weight["checks"].items() if v != "pass"]
    elif weight:
        out.append(f"home first load: {weight.get('status')}")
    return out


def scaling(rows):
    """CPU median of the 10-year user over the 6-month user, per item (20x the nights)."""
    by_key = {(row["name"], row["user"]): row for row in rows}
    out = []
    for row in rows:
        if row["user"] != "heavy" or row["status"] != "ok":
            continue
        typical = by_key.get((row["name"], "typical"))
        if not typical or typical["status"] != "ok" or not typical.get("cpu_median_ms"):
            continue
        ratio = row["cpu_median_ms"] / typical["cpu_median_ms"]
        note = ""
        size, typical_size = row.get("bytes") or 0, typical.get("bytes") or 0
        if size and typical_size and not 0.83 < size / typical_size < 1.2:
            # A response of another size is other content (a busier window of
            # nights, 12 medication periods against 3), not journal length.
            note = f"response {size / 1024:.0f} KB vs {typical_size / 1024:.0f} KB"
        out.append(
            {
                "name": row["name"],
                "cpu_6mo_ms": typical["cpu_median_ms"],
                "cpu_10y_ms": row["cpu_median_ms"],
                "ratio": round(ratio, 2),
                "grows": ratio > 1.3,
                "note": note,
            }
        )
    return out


def scaling_markdown(rows):
    md = [
        "| item | cpu ms, 6 mo | cpu ms, 10 y | 10 y / 6 mo | grows with nights | note |",
        "|---|---|---|---|---|---|",
    ]
    for s in scaling(rows):
        md.append(
            f"| {s['name']} | {s['cpu_6mo_ms']:.1f} | {s['cpu_10y_ms']:.1f} | "
            f"{s['ratio']:.2f} | {'**yes**' if s['grows'] else 'no'} | {s['note']} |"
        )
    return "\n".join(md)


def markdown(payload):
    """The results as a Markdown table (for docs/performance.md)."""
    rows, http, weight = payload["rows"], payload.get("http"), payload.get("page_weight")
    text = table(rows, http, weight).splitlines()
    header, lines = text[0], text[2:]
    widths = [len(cell) for cell in text[1].split("  ")]

    def cells(line):
        out, at = [], 0
        for width in widths:
            out.append(line[at : at + width].strip())
            at += width + 2
        return out

    md = ["| " + " | ".join(cells(header)) + " |", "|" + "---|" * len(widths)]
    md += ["| " + " | ".join(cells(line)) + " |" for line in lines]
    return "\n".join(md)


def write_json(path, payload):
    with open(path, "w") as out:
        json.dump(payload, out, indent=2, default=str)
        out.write("\n")


def machine_markdown(payload):
    info = payload["machine"]
    data = payload.get("data") or {}
    heavy, typical = data.get("heavy", {}), data.get("typical", {})
    lines = [
        f"- Machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB RAM, "
        f"{info['os']}; Python {info['python']}, Django {info['django']}; {info['database']}.",
        f"- Load average (1/5/15 min) before the run {info.get('load_average_before')}, "
        f"after {info.get('load_average')}.",
        f"- `make bench` took {payload['elapsed_seconds']:.0f} s"
        + (" (--quick)" if payload.get("quick") else "")
        + ".",
    ]
    if heavy:
        lines.append(
            f"- Data: 10 y = 3,650 nights, {heavy['Cramp']} cramps, {heavy['NightCheckIn']} "
            f"check-ins, {heavy['DayContext']} day contexts, {heavy['Medication']} medication "
            f"periods; 6 mo = 180 nights, {typical['Cramp']} cramps; {data['users']} users in "
            f"all, {data['cramps_all_users']} cramps."
        )
    return "\n".join(lines)


def weight_markdown(payload):
    weight, http = payload.get("page_weight") or {}, payload.get("http") or {}
    lines = []
    if weight.get("status") == "ok":
        lines += [
            "| file (first load of home) | status | bytes | gzip bytes | served as |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| `{f['path']}` | {f['status']} | {f['bytes']} | {f['gzip_bytes']} | "
            f"{f['served_encoding']} |"
            for f in weight["files"]
        ]
        lines.append(
            f"| **total** ({weight['requests']} requests, {weight['other_hosts']} to other "
            f"hosts; headers {weight['header_bytes']} B) | | {weight['uncompressed_bytes']} | "
            f"{weight['body_bytes_gzip']} (+ headers = {weight['total_bytes']}) | |"
        )
        lines += [
            f"| `{f['path']}` (only when added to an iOS home screen; not counted) | "
            f"{f['status']} | {f['bytes']} | {f['gzip_bytes']} | |"
            for f in weight.get("install_only_files", [])
        ]
    if http.get("status") == "ok":
        lines += [
            "",
            f"HTTP mix ({http['tool']}, {http['seconds']} s, {http['connections']} connections, "
            f"{http['users']} users): {http['requests']} requests, "
            f"{http['requests_per_second']:.0f} req/s, latency p50 {http['latency_ms']['p50']:.0f}"
            f" / p95 {http['latency_ms']['p95']:.0f} / p99 {http['latency_ms']['p99']:.0f} / "
            f"max {http['latency_ms']['max']:.0f} ms, {http['errors']} errors; "
            f"{http['posts_ok']} POSTs answered 302 and {http['rows_added']} cramp rows added "
            "(wrk stops without waiting for requests in flight, so a few more rows than "
            "answers means no write was lost).",
        ]
    return "\n".join(lines)


def compare_markdown(before, after, users=("heavy",)):
    """Before/after table of two results.json payloads (rows whose figures moved)."""
    old = {(r["name"], r["user"]): r for r in before["rows"] if r["status"] == "ok"}
    md = [
        "| item | cpu ms before | cpu ms after | queries before | queries after |",
        "|---|---|---|---|---|",
    ]
    for row in after["rows"]:
        key = (row["name"], row["user"])
        if row["user"] not in users or row["status"] != "ok" or key not in old:
            continue
        was = old[key]
        cpu_moved = abs(row["cpu_median_ms"] - was["cpu_median_ms"]) > 0.15 * was["cpu_median_ms"]
        if not cpu_moved and row.get("queries") == was.get("queries"):
            continue
        md.append(
            f"| {row['name']} | {was['cpu_median_ms']:.1f} | {row['cpu_median_ms']:.1f} | "
            f"{was.get('queries', '')} | {row.get('queries', '')} |"
        )
    for label, key in (("HTTP mix req/s", "requests_per_second"),):
        b_http, a_http = before.get("http") or {}, after.get("http") or {}
        if b_http.get("status") == "ok" and a_http.get("status") == "ok":
            md.append(f"| {label} | {b_http[key]:.0f} | {a_http[key]:.0f} | | |")
    return "\n".join(md)


def update_docs(path, payload):
    """Replace the generated blocks of docs/performance.md with this run's figures."""
    blocks = {
        "machine": machine_markdown(payload),
        "table": markdown(payload),
        "scaling": scaling_markdown(payload["rows"]),
        "weight": weight_markdown(payload),
    }
    with open(path) as doc:
        text = doc.read()
    for name, body in blocks.items():
        start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
        if start in text and end in text:
            before, rest = text.split(start, 1)
            after = rest.split(end, 1)[1]
            text = f"{before}{start}\n{body}\n{end}{after}"
    with open(path, "w") as doc:
        doc.write(text)


if __name__ == "__main__":
    # python bench/report.py [results.json] [--update-docs docs/performance.md]
    from pathlib import Path

    args = sys.argv[1:]
    if args and args[0] == "--compare":
        # python bench/report.py --compare BEFORE.json AFTER.json
        with open(args[1]) as one, open(args[2]) as two:
            print(compare_markdown(json.load(one), json.load(two)))
        sys.exit(0)
    target = None
    if "--update-docs" in args:
        at = args.index("--update-docs")
        target = args[at + 1]
        del args[at : at + 2]
    source = args[0] if args else Path(__file__).parent / "results.json"
    with open(source) as results:
        payload = json.load(results)
    if target:
        update_docs(target, payload)
    else:
        print(machine_markdown(payload))
        print()
        print(markdown(payload))
        print()
        print(scaling_markdown(payload["rows"]))
