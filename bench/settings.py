"""The production settings, with static files collected into the bench's temp dir.

Everything else (DEBUG off, SQLite options, caches, middleware) is exactly
cramplog.settings as configured by the environment that bench/run.py sets.
"""

import os

from cramplog.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
