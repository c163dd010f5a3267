from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD


def logged_in_client():
    client = Client()
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_fresh_session_is_not_written_again_on_each_request(alice):
    client, key = logged_in_client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("journal:home"))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in queries)


def test_a_session_near_its_idle_limit_is_renewed(alice):
    client, key = logged_in_client()
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now()
        + timedelta(seconds=settings.SESSION_COOKIE_AGE)
        - timedelta(hours=2)
    )
    response = client.get(reverse("journal:home"))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE
    renewed = Session.objects.get(session_key=key).expire_date
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((renewed - expected).total_seconds()) < 60


def test_an_idle_session_past_its_expiry_logs_out(alice):
    client, key = logged_in_client()
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("journal:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_made_up_or_malformed_session_key_is_no_session(alice):
    for key in ["x" * 32, "short", "' OR 1=1 --", ""]:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        response = client.get(reverse("journal:home"))
        assert response.status_code == 302, key


def test_the_loaded_session_knows_its_stored_expiry(alice):
    from accounts.sessions import SessionStore

    client, key = logged_in_client()
    store = SessionStore(session_key=key)
    assert "_auth_user_id" in store.load()
    assert store.stored_expiry == Session.objects.get(session_key=key).expire_date
    assert store.stored_expiry.tzinfo is not None
