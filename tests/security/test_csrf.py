"""CSRF on every state change: forms, htmx posts and the JSON sync API."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.helpers import rows_of
from tests.security.routes import KNOWN, url_for

POST_ROUTES = sorted(key for key, route in KNOWN.items() if route.post or not route.get)


def strict_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("key", POST_ROUTES)
def test_every_post_needs_the_csrf_token(key, alice, alice_data):
    route = KNOWN[key]
    url = url_for(key, alice_data)
    data = route.post(alice_data) if route.post else {}
    before = rows_of(alice)
    client = strict_client(alice)
    plain = client.post(url, data)
    assert plain.status_code == 403, url
    htmx = client.post(url, data, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 403, url
    assert "<html" not in htmx.content.decode()  # the small fragment with a reload link
    assert 'href="' in htmx.content.decode()
    as_json = client.post(url, json.dumps(data), content_type="application/json")
    assert as_json.status_code == 403, url
    assert rows_of(alice) == before
    assert "_auth_user_id" in client.session  # not even logged out (logout needs it too)


def test_a_token_from_the_page_is_accepted(alice, alice_data):
    """The positive control: the same client with the page's token gets through."""
    client = strict_client(alice)
    page = client.get(reverse("journal:home")).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        reverse("journal:quick_log"),
        {"muscle": "calf", "side": "left"},
        HTTP_X_CSRFTOKEN=token,
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert alice.cramps.count() == 2


def test_log_out_is_post_only(alice):
    client = strict_client(alice)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
