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
