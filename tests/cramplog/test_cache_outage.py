"""Losing the cache costs speed, never an error (issue #13, part 2).

With CACHE_URL=redis://... the app uses django-redis with exceptions ignored
and logged (cramplog/settings.py, cramplog/cache.py). These tests run the
real settings against a real redis-server, then stop it or fill it up.
"""

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.cramplog.test_settings import ROOT
from tests.redis_server import redis_server
from tests.security.journal_data import fill

PAGES = ["/", "/journal/", "/insights/", "/insights/triggers.json"]


def production_caches(url, **env):
    """CACHES as cramplog/settings.py builds it for CACHE_URL=url."""
    code = (
        "import json, cramplog.settings as s; "
        "print(json.dumps([s.CACHES, getattr(s, 'CACHE_MAX_ENTRY_BYTES', None), "
        "getattr(s, 'DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS', False)]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 50, "CACHE_URL": url, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def redis_cache(settings, tmp_path, request):
    options = getattr(request, "param", ())
    with redis_server(tmp_path, *options) as server:
        caches, max_bytes, log_ignored = production_caches(server.url)
        settings.CACHES = caches
        settings.CACHE_MAX_ENTRY_BYTES = max_bytes
        settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = log_ignored
        yield server


def chart_urls(d):
    return [f"/insights/charts/{name}.svg?week={d.isoweek}" for name in ("nightly", "muscles")]


def get_all(client, d):
    responses = {url: client.get(url) for url in PAGES + chart_urls(d)}
    return {url: (r.status_code, r.content) for url, r in responses.items()}


def test_the_redis_client_is_a_pinned_requirement():
    pinned = {
        line.split("==")[0].lower()
        for line in (Path(ROOT) / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    assert {"redis", "django-redis"} <= pinned


def test_pages_are_cached_in_redis_and_answer_while_it_is_stopped(
    alice_client, alice, redis_cache, caplog
):
    d = fill(alice, {k: k for k in ("cramp_notes", "checkin_notes", "day_notes")} | MEDS)
    warm = get_all(alice_client, d)
    assert {status for status, _ in warm.values()} == {200}
    assert redis_cache.client().dbsize() > 5  # pages, fragments, charts, the analysis
    redis_cache.stop()
    with caplog.at_level(logging.ERROR, logger="django_redis"):
        cold = get_all(alice_client, d)
        # A write during the outage, and the pages after it: fresh, not stale.
        alice_client.post("/log/", {"muscle": "foot", "side": "left"})
        after = get_all(alice_client, d)
    assert {status for status, _ in cold.values()} == {200}
    assert cold["/insights/triggers.json"] == warm["/insights/triggers.json"]
    assert {status for status, _ in after.values()} == {200}
    assert b'<span class="cramp-what">Foot' in after["/journal/"][1]
    assert any("Exception ignored" in r.getMessage() for r in caplog.records)  # logged


@pytest.mark.parametrize(
    "redis_cache", [("--maxmemory", "2mb", "--maxmemory-policy", "noeviction")], indirect=True
)
def test_a_full_redis_with_noeviction_means_misses_not_errors(alice_client, alice, redis_cache):
    d = fill(alice, {k: k for k in ("cramp_notes", "checkin_notes", "day_notes")} | MEDS)
    filler = redis_cache.client()
    import redis

    with pytest.raises(redis.exceptions.ResponseError, match="maxmemory"):
        for n in range(10_000):
            filler.set(f"filler:{n}", b"x" * 10_000)
    pages = get_all(alice_client, d)
    assert {status for status, _ in pages.values()} == {200}
    assert b"calf" in pages["/insights/triggers.json"][1]


def test_an_entry_over_the_size_cap_is_not_stored(redis_cache, settings):
    settings.CACHE_MAX_ENTRY_BYTES = 1000
    small, large = "x" * 100, bytes(range(256)) * 1000  # large does not compress away
    assert cache.set("small", small) is not False
    assert cache.set("large", large) is False
    cache.set_many({"large-2": large, "small-2": small})
    assert cache.get("small") == small and cache.get("small-2") == small
    assert cache.get("large") is None and cache.get("large-2") is None


MEDS = {
    "medication_name": "Atorvastatin",
    "medication_dose": "10 mg",
    "medication_notes": "",
    "condition_notes": "",
}
