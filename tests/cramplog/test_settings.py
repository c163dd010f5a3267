import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 64 + "-production-like-secret-for-tests",
    "ALLOWED_HOSTS": "cramps.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://cramps.example.org",
    "DATABASE_URL": "sqlite:////tmp/cramplog-check.sqlite3",
}


def test_check_deploy_is_clean_with_production_variables():
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    # Also with the shared cache of README's deployment (Redis need not be up).
    with_redis = {**PRODUCTION, "CACHE_URL": "redis://127.0.0.1:1/0"}
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], **with_redis)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("SECRET_KEY", "", "SECRET_KEY is required"),
        ("TIME_ZONE", "Atlantis/Capital", "TIME_ZONE must be an IANA zone name"),
        ("SESSION_IDLE_SECONDS", "soon", "SESSION_IDLE_SECONDS must be a whole number"),
    ],
)
def test_bad_configuration_fails_at_start_up(variable, value, message):
    result = run_manage(["check"], **{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_security_headers_on_every_response(client, db):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_htmx_is_served_locally(client, db):
    content = client.get("/accounts/login/").content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js"' in content
    # No script, stylesheet, icon or manifest comes from another host.
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', content)
    assert client.get("/static/django_htmx/htmx-2.min.js").status_code == 200


def test_custom_404_leaks_nothing(alice_client):
    response = alice_client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Not found" in content
    assert "Traceback" not in content and "urlpatterns" not in content


def test_a_cache_url_without_its_client_library_fails_the_checks(tmp_path):
    # A redis module that cannot be imported, as on a machine without it.
    (tmp_path / "redis").mkdir()
    (tmp_path / "redis" / "__init__.py").write_text(
        "raise ImportError(\"No module named 'redis'\")\n"
    )
    result = run_manage(
        ["check"],
        CACHE_URL="redis://127.0.0.1:1/0",
        SECRET_KEY="x" * 50,
        PYTHONPATH=str(tmp_path),
    )
    # django-redis builds its client when the checks look at the caches, so a
    # missing library stops `check` (and `migrate`), not the first page.
    assert result.returncode != 0
    assert "No module named 'redis'" in result.stderr


def test_the_checks_pass_with_a_cache_url_and_no_redis_running():
    # Built, not connected: a Redis that is down is a soft failure, not a broken install.
    result = run_manage(["check"], CACHE_URL="redis://127.0.0.1:1/0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stdout + result.stderr
