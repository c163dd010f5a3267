from datetime import UTC, datetime

from django.urls import reverse

from insights import services
from insights.management.commands.seed_demo import seed_demo_user
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


def test_the_drawn_insights_page_is_cached_until_the_journal_or_theme_changes(
    alice_client, alice, monkeypatch
):
    import insights.views

    seed_demo_user("alice", days=60, seed=5, force=True)
    drawn = []
    real = insights.views.render_to_string
    monkeypatch.setattr(
        insights.views, "render_to_string", lambda *a, **k: drawn.append(1) or real(*a, **k)
    )
    first = alice_client.get(reverse("insights:index")).content.decode()
    again = alice_client.get(reverse("insights:index")).content.decode()
    fragment = alice_client.get(reverse("insights:index"), HTTP_HX_REQUEST="true")
    assert len(drawn) == 1
    body = first[first.index('<div id="insights-body"') : first.index("</main>")]
    assert body in again and fragment.content.decode().strip() == body.strip()
    assert "prefers-color-scheme: dark" in body  # the default theme follows the phone

    alice.profile.theme = "dark"  # the charts' theme is in the page
    alice.profile.save()
    dark = alice_client.get(reverse("insights:index")).content.decode()
    assert len(drawn) == 2 and 'theme=dark" alt=' in dark

    night_cramps = Cramp.objects.filter(owner=alice, is_night=True)
    count = night_cramps.count()
    assert f"<li>{count} night-time cramps on " in dark
    night_cramps.order_by("started_at").first().delete()
    after = alice_client.get(reverse("insights:index")).content.decode()
    assert len(drawn) == 3
    assert f"<li>{count - 1} night-time cramps on " in after
