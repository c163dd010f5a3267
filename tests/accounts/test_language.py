"""The language a user reads the journal in: chosen in settings, else the browser's."""

import pytest

from tests.accounts.test_accounts import SETTINGS


def home_language(client, accept=None):
    headers = {"accept-language": accept} if accept else {}
    return client.get("/", headers=headers)["Content-Language"]


def test_a_blank_choice_follows_the_browser(alice_client):
    assert home_language(alice_client, "de-DE,de;q=0.9") == "de"
    assert home_language(alice_client, "es") == "es"
    assert home_language(alice_client, "fr") == "en"  # not shipped: the default


@pytest.mark.parametrize("language", ["de", "es", "en"])
def test_the_saved_choice_wins_over_the_browser(alice_client, alice, language):
    alice.profile.language = language
    alice.profile.save()
    assert home_language(alice_client, "fr,de;q=0.8,es;q=0.5,en;q=0.1") == language


def test_the_choice_is_saved_from_settings(alice_client, alice):
    page = alice_client.get("/accounts/settings/").content.decode()
    assert 'value="de"' in page and "Deutsch" in page and "Español" in page
    response = alice_client.post("/accounts/settings/", {**SETTINGS, "language": "es"})
    assert response.status_code == 302
    alice.profile.refresh_from_db()
    assert alice.profile.language == "es"
    assert home_language(alice_client, "de") == "es"
    response = alice_client.post("/accounts/settings/", {**SETTINGS, "language": "xx"})
    assert response.status_code == 200
    alice.profile.refresh_from_db()
    assert alice.profile.language == "es"


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_weeks_start_on_monday_in_every_shipped_language(language):
    """The week pages are ISO weeks; the language's own format agrees (cramplog/formats)."""
    from django.utils import translation
    from django.utils.formats import get_format

    with translation.override(language):
        assert get_format("FIRST_DAY_OF_WEEK") == 1
