"""`make bench`: how fast CrampLog is for a 10-year journal and a busy server (issue 9).

    .venv/bin/python bench/run.py [--quick] [--only TEXT] [--skip-http]
                                  [--http-only] [--profile ITEM [--user heavy|typical]]

Builds a throwaway database in a temp dir (never data/), seeds it with the
demo generator, measures the in-process items of bench/items.py for the
10-year and the 6-month user, then serves the app with gunicorn on loopback
and loads it for 30 s. Prints one table and writes bench/results.json.

BENCH_SETTINGS=module measures with a settings module that extends bench.settings
(a proposed change, measured before it is made; the module must be importable).

BENCH_DB=postgres runs everything against a throwaway PostgreSQL cluster
(.ci/with-postgres.sh) instead of SQLite.

--profile runs one item under cProfile and prints where the time goes.
"""

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
SERVER_USERS = 200
SESSION_USERS = 21  # one for the page weight, twenty for the load mix


def log(message):
    print(message, file=sys.stderr, flush=True)


def configure(tmp):
    """Environment for a production-like, throwaway run; before Django is imported."""
    if os.environ.get("BENCH_DB") == "postgres":
        # Only the cluster .ci/with-postgres.sh just made, never a DATABASE_URL
        # that happened to be in the developer's shell.
        if not os.environ.get("BENCH_PG_THROWAWAY") or not os.environ.get(
            "DATABASE_URL", ""
        ).startswith("postgres://"):
            raise SystemExit("BENCH_DB=postgres must run under .ci/with-postgres.sh")
    else:
        # SQLite through the default settings branch (WAL, busy timeout, IMMEDIATE),
        # as production runs it, with the file in the temp dir. A DATABASE_URL from
        # the developer's shell is ignored: the bench never touches real data.
        os.environ.pop("DATABASE_URL", None)
    os.environ.pop("CACHE_URL", None)
    os.environ.update(
        {
            "DATA_DIR": str(tmp),
            "BENCH_STATIC_ROOT": str(Path(tmp) / "static"),
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "ERROR",
            # BENCH_SETTINGS names a module that extends bench.settings, to measure
            # a proposed settings change without touching the app.
            "DJANGO_SETTINGS_MODULE": os.environ.get("BENCH_SETTINGS", "bench.settings"),
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    name = str(settings.DATABASES["default"]["NAME"])
    if connection.vendor == "sqlite" and not name.startswith(str(tmp)):
        raise SystemExit(f"refusing to run: database {name} is not in the temp dir")


def create_postgres_database():
    """with-postgres.sh starts a cluster; the database in its URL is created here."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def prepare(tmp, with_server_users):
    from django.core.management import call_command

    from bench import data

    if os.environ.get("BENCH_DB") == "postgres":
        create_postgres_database()
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    log(f"  migrate + collectstatic: {time.perf_counter() - started:.1f} s")
    users = data.seed_in_process_users(log)
    server = []
    if with_server_users:
        names = data.seed_server_users(SERVER_USERS, log)
        from django.contrib.auth import get_user_model

        by_name = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
        server = [by_name[name] for name in names[:SESSION_USERS]]
    return users, server


def one_year_backup():
    """The backup.json of a 1-year journal (a server-like user) for the import items."""
    from django.contrib.auth import get_user_model

    from export.files import backup_json
    from insights.demo import generate_demo
    from insights.management.commands.seed_demo import default_end, write_demo

    donor = get_user_model().objects.create_user("bench-donor")
    write_demo(donor, generate_demo(365, 3, end=default_end("Europe/Berlin")))
    return backup_json(donor).encode()


def data_summary(users):
    from django.contrib.auth import get_user_model

    from journal.models import Cramp, DayContext, Medication, NightCheckIn

    summary = {}
    for key, user in users.items():
        summary[key] = {
            model.__name__: model.objects.owned_by(user).count()
            for model in (Cramp, NightCheckIn, DayContext, Medication)
        }
    summary["users"] = get_user_model().objects.count()
    summary["cramps_all_users"] = Cramp.objects.count()
    return summary


def profile_item(runner, items, name, user):
    import cProfile
    import pstats

    item = next((i for i in items if i.name == name), None)
    if item is None:
        raise SystemExit(f"no item named {name!r}; names: {', '.join(i.name for i in items)}")
    from bench.inprocess import Stopwatch

    ctx = runner.contexts[user]
    for _ in range(item.warmup):
        runner._one(item, ctx, Stopwatch())
    profiler = cProfile.Profile()
    runs = max(3, item.repeat // 4)
    watch = Stopwatch()
    profiler.enable()
    for _ in range(runs):
        runner._one(item, ctx, watch)
    profiler.disable()
    print(f"{name} [{user}]: {runs} runs, {watch.seconds / runs * 1000:.1f} ms each (profiled)")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(20)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        runner._one(item, ctx, Stopwatch())
    print(f"SQL ({len(queries.captured_queries)} queries, seconds each):")
    for query in queries.captured_queries:
        print(f"  {query['time']}  {query['sql'][:160]} ... {query['sql'][-260:]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a quarter of the repetitions")
    parser.add_argument("--only", help="only in-process items whose name contains this")
    parser.add_argument("--skip-http", action="store_true", help="no gunicorn/load run")
    parser.add_argument("--http-only", action="store_true", help="only the gunicorn/load run")
    parser.add_argument("--http-seconds", type=int, default=30)
    parser.add_argument("--profile", help="cProfile one in-process item by its exact name")
    parser.add_argument("--user", default="heavy", choices=("heavy", "typical"))
    parser.add_argument("--json", default=str(BENCH_DIR / "results.json"))
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (to debug)")
    args = parser.parse_args()

    if os.environ.get("BENCH_DB") == "postgres" and not os.environ.get("BENCH_PG_THROWAWAY"):
        # Re-run under a throwaway PostgreSQL cluster (stopped and removed afterwards);
        # the script exports its own DATABASE_URL over any in the environment.
        script = ROOT / ".ci" / "with-postgres.sh"
        env = {**os.environ, "BENCH_PG_THROWAWAY": "1"}
        command = ["bash", str(script), sys.executable, *sys.argv]
        sys.exit(subprocess.call(command, cwd=ROOT, env=env))

    # A plain `kill` must still stop gunicorn and remove the temp dir (finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    began = time.perf_counter()
    load_before = [round(x, 2) for x in os.getloadavg()]
    tmp = tempfile.mkdtemp(prefix="cramplog-bench-")
    try:
        log(f"CrampLog bench: throwaway data in {tmp}")
        configure(tmp)
        from bench import report
        from bench.inprocess import CALLS, Runner
        from bench.items import build_items

        http_wanted = not (args.skip_http or args.profile or args.only)
        users, server_users = prepare(tmp, with_server_users=http_wanted)
        backup = one_year_backup()
        runner = Runner(users, backup, log, repeat_scale=0.25 if args.quick else 1.0)
        items = build_items(CALLS)
        if args.profile:
            profile_item(runner, items, args.profile, args.user)
            return
        if args.only:
            items = [i for i in items if args.only.lower() in i.name.lower()]
        if args.http_only:
            items = []
        # As a gunicorn worker starts (cramplog/wsgi.py): every view imported, and
        # what exists by then (here also what seeding left) out of full collections.
        from cramplog.wsgi import settle

        settle()
        log("In-process (django.test.Client, warm):")
        rows = report.evaluate(runner.run(items), items)
        weight = http = None
        if http_wanted:
            log("Over HTTP:")
            from bench.server import http_phase

            weight, http = http_phase(tmp, server_users, log, seconds=args.http_seconds)
        dataset = data_summary(users)
        info = report.machine(report.database_description())
        info["load_average_before"] = load_before
        elapsed = time.perf_counter() - began
        print()
        print(
            f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB RAM; "
            f"Python {info['python']}, Django {info['django']}; {info['database']}"
        )
        busy = max(load_before[0], info["load_average"][0]) > (info["cores"] or 1)
        print(
            f"Load average (1/5/15 min) before: {load_before}, after: {info['load_average']}"
            + (" (above the core count: other work shared the CPU, see cpu ms)" if busy else "")
        )
        heavy, typical = dataset["heavy"], dataset["typical"]
        print(
            f"Data: 10 y = 3,650 nights, {heavy['Cramp']} cramps, {heavy['DayContext']} day "
            f"contexts, {heavy['Medication']} medication periods; 6 mo = 180 nights, "
            f"{typical['Cramp']} cramps; {dataset['users']} users in all "
            f"({dataset['cramps_all_users']} cramps). Times in ms (wall; cpu = process CPU); "
            "q = SQL queries per request."
        )
        print()
        print(report.table(rows, http, weight))
        problems = report.misses(rows, http, weight)
        print()
        if problems:
            print(f"{len(problems)} target(s) missed or not measured:")
            for line in problems:
                print(f"  - {line}")
        else:
            print("Every target met.")
        print(f"\nmake bench took {elapsed:.0f} s; results in {args.json}")
        report.write_json(
            args.json,
            {
                "machine": info,
                "elapsed_seconds": round(elapsed, 1),
                "quick": args.quick,
                "only": args.only,
                "rows": rows,
                "http": http,
                "page_weight": weight,
                "data": dataset,
                "misses": problems,
                "scaling": report.scaling(rows),
            },
        )
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
