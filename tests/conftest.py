"""Shared fixtures: alice owns data, bob must never see it."""

import pytest
from django.contrib.auth import get_user_model

PASSWORD = "correct-horse-battery-42"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Charts and analyses are cached by data version; no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request leaves its language active in the thread (as Django does); code a
    test calls directly runs in the default language unless the test says otherwise."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def make_user(username, time_zone="Europe/Berlin"):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.profile.time_zone = time_zone
    user.profile.save()
    return user


@pytest.fixture
def alice(db):
    return make_user("alice")


@pytest.fixture
def bob(db):
    return make_user("bob", time_zone="America/New_York")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(db, bob):
    from django.test import Client

    other = Client()
    other.force_login(bob)
    return other
