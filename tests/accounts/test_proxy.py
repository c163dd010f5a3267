"""Issue #14 item 7: behind the proxy, one client's wrong passwords lock out only that client."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
PROXY = {"REMOTE_ADDR": "127.0.0.1"}  # every request arrives from the local proxy


def through_proxy(client_address, claimed=""):
    """A client behind nginx: it appends the address it saw to what the client sent."""
    chain = f"{claimed}, {client_address}" if claimed else client_address
    return {**PROXY, "HTTP_X_FORWARDED_FOR": chain}


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def log_in(client, password, **meta):
    return client.post(reverse("login"), {"username": "dave", "password": password}, **meta)


@pytest.fixture
def dave(db):
    from tests.conftest import make_user

    return make_user("dave")


def test_wrong_passwords_from_one_client_do_not_lock_out_another(behind_proxy, dave):
    attacker, owner = Client(), Client()
    for _ in range(5):
        log_in(attacker, "wrong", **through_proxy("203.0.113.5"))
    assert log_in(attacker, PASSWORD, **through_proxy("203.0.113.5")).status_code == 429
    # The attacker cannot dodge the lock by claiming another address...
    assert (
        log_in(attacker, PASSWORD, **through_proxy("203.0.113.5", claimed="198.51.100.7"))
    ).status_code == 429
    # ...and dave, from his own address, still gets in.
    response = log_in(owner, PASSWORD, **through_proxy("198.51.100.7"))
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(dave.pk)


def test_without_the_proxy_the_forwarded_header_is_ignored(dave):
    attacker = Client()
    for index in range(5):
        log_in(attacker, "wrong", **{**PROXY, "HTTP_X_FORWARDED_FOR": f"203.0.113.{index}"})
    assert log_in(attacker, PASSWORD, **through_proxy("198.51.100.7")).status_code == 429


def gunicorn_config(behind_proxy):
    env = {k: v for k, v in os.environ.items() if k not in ("BEHIND_PROXY", "DEBUG")}
    env.update(SECRET_KEY="config-test-only", BEHIND_PROXY=behind_proxy)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    result = subprocess.run(
        [str(gunicorn), "--print-config", "cramplog.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }


def test_gunicorn_believes_forwarded_headers_only_behind_the_proxy():
    alone = gunicorn_config("false")
    assert alone["forwarded_allow_ips"] == "[]"
    assert alone["secure_scheme_headers"] == "{}"
    proxied = gunicorn_config("true")
    assert proxied["forwarded_allow_ips"] == "['127.0.0.1', '::1']"
    assert proxied["secure_scheme_headers"] == "{'X-FORWARDED-PROTO': 'https'}"
