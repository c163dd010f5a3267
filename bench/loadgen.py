"""Fallback load generator when wrk cannot be installed: same mix as bench/mix.lua.

    python bench/loadgen.py PORT SESSIONS_FILE SECONDS CONNECTIONS

Runs in its own process (bench/run.py starts it), with CONNECTIONS threads each
keeping one keep-alive connection to 127.0.0.1:PORT. Prints one line
"BENCH_JSON {...}" with the same keys as the wrk script. It waits for every
request it sent, so its POST count is exact.
"""

import http.client
import json
import math
import os
import sys
import threading
import time


def worker(port, sessions, deadline, index, out):
    nonce = os.environ.get("BENCH_NONCE", "00000000")
    conn = None
    n = 0
    stats = {"posts": 0, "posts_ok": 0, "gets_ok": 0, "bad": 0, "errors": 0, "latencies": []}
    while time.monotonic() < deadline:
        n += 1
        sid, csrf = sessions[(n * 7 + index) % len(sessions)]
        headers = {"Cookie": f"sessionid={sid}; csrftoken={csrf}"}
        slot = n % 5
        if slot == 0:
            stats["posts"] += 1
            headers["X-CSRFToken"] = csrf
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            token = f"{nonce}-{index:04x}-4000-8000-{n:012x}"
            method, path = "POST", "/log/"
            body = f"muscle=calf&side=left&when=now&client_token={token}"
        else:
            method, path, body = "GET", "/" if slot in (1, 3) else "/journal/", None
        started = time.perf_counter()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException):
            stats["errors"] += 1
            if conn is not None:
                conn.close()
            conn = None
            continue
        stats["latencies"].append(time.perf_counter() - started)
        if status == 302 and method == "POST":
            stats["posts_ok"] += 1
        elif status == 200 and method == "GET":
            stats["gets_ok"] += 1
        else:
            stats["bad"] += 1
    if conn is not None:
        conn.close()
    out[index] = stats


def main():
    port, sessions_file, seconds, connections = sys.argv[1:5]
    with open(sessions_file) as lines:
        sessions = [tuple(line.split()) for line in lines if line.strip()]
    started = time.monotonic()
    deadline = started + float(seconds)
    out = {}
    threads = [
        threading.Thread(target=worker, args=(int(port), sessions, deadline, i + 1, out))
        for i in range(int(connections))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=float(seconds) + 30)
    elapsed = time.monotonic() - started
    latencies = sorted(x for s in out.values() for x in s["latencies"])

    def pct(share):
        if not latencies:
            return 0
        return int(latencies[max(0, math.ceil(len(latencies) * share) - 1)] * 1e6)

    total = {key: sum(s[key] for s in out.values()) for key in ("posts", "posts_ok", "gets_ok")}
    bad = sum(s["bad"] for s in out.values())
    errors = sum(s["errors"] for s in out.values())
    print(
        "BENCH_JSON "
        + json.dumps(
            {
                "requests": len(latencies),
                "duration_us": int(elapsed * 1e6),
                "posts_sent": total["posts"],
                "posts_ok": total["posts_ok"],
                "gets_ok": total["gets_ok"],
                "bad_status": bad,
                "non_2xx_3xx": bad,
                "connect": errors,
                "read": 0,
                "write": 0,
                "timeout": 0,
                "p50_us": pct(0.5),
                "p95_us": pct(0.95),
                "p99_us": pct(0.99),
                "max_us": int(latencies[-1] * 1e6) if latencies else 0,
            }
        )
    )


if __name__ == "__main__":
    main()
