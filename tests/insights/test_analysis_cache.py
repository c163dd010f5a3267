from datetime import UTC, datetime

from django.urls import reverse

from insights import services
from journal.management.commands.seed_demo import seed_demo_user
from journal.models import Cramp


def test_insights_are_cached_until_the_journal_changes(alice_client, alice, monkeypatch):
    seed_demo_user("alice", days=60, seed=5, force=True)
    calls = []
    real = services._analyse_everything
    monkeypatch.setattr(services, "_analyse_everything", lambda *a: calls.append(a) or real(*a))
    first = alice_client.get(reverse("insights:triggers_json")).json()
    alice_client.get(reverse("insights:index"))
    assert len(calls) == 1  # the second view reused the cached analysis

    cramp = Cramp.objects.filter(owner=alice).order_by("started_at").first()
    cramp.delete()  # a delete changes the row count, so the version
    second = alice_client.get(reverse("insights:triggers_json")).json()
    assert len(calls) == 2
    assert second != first

    alice.profile.fluid_target_ml = 3000  # a threshold the analysis reads
    alice.profile.save()
    alice_client.get(reverse("insights:triggers_json"))
    assert len(calls) == 3


def test_cache_is_per_user(alice_client, bob_client, alice, bob):
    Cramp.objects.create(
        owner=alice,
        started_at=datetime(2026, 3, 3, 2, 0, tzinfo=UTC),
        time_zone="UTC",
        muscle="calf",
        notes="ALICE-ONLY",
    )
    alice_numbers = alice_client.get(reverse("insights:triggers_json")).json()
    bob_numbers = bob_client.get(reverse("insights:triggers_json")).json()
    assert alice_numbers["completeness"] != bob_numbers["completeness"]
