"""/accounts/delete/: the password again, then every owned row goes, nobody else's."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.urls import reverse

from journal.models import (
    Condition,
    Cramp,
    DayContext,
    JournalVersion,
    Medication,
    NightCheckIn,
    PendingImport,
    Profile,
)
from tests.conftest import PASSWORD
from tests.export.test_export_fixtures import add_cramp, fill_journal, owned_rows

MODELS = [
    Profile,
    Cramp,
    NightCheckIn,
    DayContext,
    Medication,
    Condition,
    PendingImport,
    JournalVersion,
]


def table_counts():
    return {model.__name__: model.objects.count() for model in [User, *MODELS]}


def test_page_offers_the_backup_first_and_lists_what_goes(alice_client, alice):
    fill_journal(alice)
    content = alice_client.get(reverse("delete_account")).content.decode()
    assert f'href="{reverse("export:backup")}"' in content
    assert "7 cramps" in content
    assert "2 night check-ins" in content
    assert "2 day entries" in content
    assert "2 medications" in content
    assert "2 conditions" in content


def test_wrong_password_deletes_nothing(alice_client, alice):
    fill_journal(alice)
    before = table_counts()
    response = alice_client.post(reverse("delete_account"), {"password": "not-it"})
    assert response.status_code == 200
    assert "That password is not right. Nothing was deleted." in response.content.decode()
    assert table_counts() == before
    assert alice_client.get(reverse("export:index")).status_code == 200  # still logged in


def test_right_password_deletes_every_owned_row_and_nothing_of_bobs(alice_client, alice, bob):
    fill_journal(alice)
    fill_journal(bob)
    add_cramp(bob, "2026-03-12 03:00", zone="America/New_York")
    for owner in (alice, bob):  # a previewed upload each, waiting for "Import"
        PendingImport.objects.create(owner=owner, payload={"kind": "csv", "rows": []})
    bob_before = owned_rows(bob)
    alice_before = owned_rows(alice)
    assert alice_before == {
        "cramps": 7,
        "checkins": 2,
        "day_contexts": 2,
        "medications": 2,
        "conditions": 2,
        "profile": 1,
    }
    totals_before = table_counts()

    response = alice_client.post(reverse("delete_account"), {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not get_user_model().objects.filter(username="alice").exists()
    for model in MODELS:
        owner = "user_id" if model is Profile else "owner_id"
        assert not model.objects.filter(**{owner: alice.pk}).exists(), model.__name__
    totals_after = table_counts()
    expected = {
        "User": 1,
        "Profile": 1,
        "Cramp": 7,
        "NightCheckIn": 2,
        "DayContext": 2,
        "Medication": 2,
        "Condition": 2,
        "PendingImport": 1,
        "JournalVersion": 1,
    }
    assert {k: totals_before[k] - totals_after[k] for k in totals_before} == expected
    assert owned_rows(bob) == bob_before == {**alice_before, "cramps": 8}
    # Logged out: the next page asks for a login and says what happened.
    follow = alice_client.get(response["Location"])
    assert "Your account and your whole journal were deleted." in follow.content.decode()
    assert alice_client.get(reverse("export:index")).status_code == 302


def test_delete_needs_post_with_password_and_login(client, alice):
    response = client.post(reverse("delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert get_user_model().objects.filter(username="alice").exists()
