"""Issue #14 item 8: a live session cannot guess the password without limit."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import PASSWORD

NEW = "another-long-passphrase-7"


def delete(client, password):
    return client.post(reverse("delete_account"), {"password": password})


def change(client, password):
    return client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": NEW, "new_password2": NEW},
    )


@pytest.mark.parametrize("attempt", [delete, change], ids=["delete", "password-change"])
def test_wrong_passwords_on_a_live_session_are_throttled_like_log_in(alice_client, alice, attempt):
    for _ in range(4):
        assert attempt(alice_client, "wrong").status_code in (200, 400)
    assert attempt(alice_client, "wrong").status_code == 429  # the fifth locks, as log-in does
    response = attempt(alice_client, PASSWORD)  # the right one, too late
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    alice.refresh_from_db()
    assert get_user_model().objects.filter(pk=alice.pk).exists()
    assert alice.check_password(PASSWORD)


@pytest.mark.parametrize("attempt", [delete, change], ids=["delete", "password-change"])
def test_a_few_wrong_passwords_still_allow_the_right_one(alice_client, alice, attempt):
    for _ in range(2):
        attempt(alice_client, "wrong")
    assert attempt(alice_client, PASSWORD).status_code == 302
