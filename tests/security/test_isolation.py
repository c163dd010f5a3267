"""Isolation, proven for every URL the resolver knows.

alice owns a journal full of unique markers; bob has his own. For every route:
anonymous visitors are sent to log in (or get a 401 from the JSON API), bob
gets a 404 for anything of alice's named by id and only his own data for
anything named by date, week, range, chart or JSON, and no response bob (or
an anonymous visitor) gets contains any of alice's markers. Nothing bob posts
changes a single stored value of alice's.
"""

import json
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from insights.chart_views import SPECS
from journal.models import Cramp
from tests.security.helpers import JOURNAL_MODELS, body_text, rows_of
from tests.security.journal_data import ALICE_MARKERS, BOB_MARKERS
from tests.security.routes import (
    BOB_NOTE,
    KNOWN,
    LOGIN,
    NOT_FOUND,
    OWN,
    PUBLIC,
    PUBLIC_GET_STATUS,
    UNAUTHORIZED,
    app_routes,
    route_key,
    url_for,
)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def assert_no_alice(response, where):
    text = body_text(response)
    leaked = [value for value in ALICE_MARKERS.values() if value in text]
    assert not leaked, f"{where} revealed alice's data: {leaked}"


def test_every_route_has_an_isolation_test():
    keys = {route_key(pattern, name) for pattern, name in app_routes()}
    unknown = sorted(keys - set(KNOWN) - set(PUBLIC))
    assert not unknown, "\n".join(
        f"route {key} has no isolation test: add it to KNOWN in tests/security/routes.py"
        for key in unknown
    )
    gone = sorted((set(KNOWN) | set(PUBLIC)) - keys)
    assert not gone, f"KNOWN lists routes that no longer exist (remove them): {gone}"


def test_unknown_route_fails_loudly():
    with pytest.raises(AssertionError, match="route 'journal:brand_new' has no isolation test"):
        url_for("journal:brand_new", None)


@pytest.mark.parametrize("key", sorted(KNOWN))
def test_anonymous_visitors_are_sent_to_log_in(key, client, alice_data, alice):
    route = KNOWN[key]
    url = url_for(key, alice_data)
    before = rows_of(alice)
    responses = []
    if route.get:
        responses.append(("GET", client.get(url)))
    responses.append(("POST", client.post(url, route.post(alice_data) if route.post else {})))
    for method, response in responses:
        where = f"anonymous {method} {url}"
        if route.anon == LOGIN:
            assert response.status_code == 302, where
            assert response["Location"].startswith(reverse("login") + "?next="), where
        else:
            assert route.anon == UNAUTHORIZED
            if method == "GET":
                assert response.status_code == 405, where
                continue
            assert response.status_code == 401, where
            assert response.json()["login_url"] == reverse("login"), where
        assert_no_alice(response, where)
    assert rows_of(alice) == before


@pytest.mark.parametrize("key", sorted(PUBLIC))
def test_public_pages_reveal_nothing(key, client, alice_data, bob):
    url = url_for(key, alice_data)
    response = client.get(url)
    assert response.status_code == PUBLIC_GET_STATUS.get(key, 200), f"anonymous GET {url}"
    assert_no_alice(response, f"anonymous GET {url}")
    response = logged_in(bob).get(url)
    assert response.status_code in (200, 302), f"bob GET {url}"
    assert_no_alice(response, f"bob GET {url}")


@pytest.mark.parametrize("key", sorted(KNOWN))
def test_bob_gets_nothing_of_alices(key, alice, bob, alice_data, bob_data):
    route = KNOWN[key]
    url = url_for(key, alice_data)
    before = rows_of(alice)

    if route.get:
        # Positive control: the owner sees her markers here, so their absence
        # for bob means something.
        mine = logged_in(alice).get(url)
        assert mine.status_code == 200, f"alice GET {url}"
        text = body_text(mine)
        missing = [k for k in route.shows if ALICE_MARKERS[k] not in text]
        assert not missing, f"alice GET {url} no longer shows {missing}: update `shows` in KNOWN"

        theirs = logged_in(bob).get(url)
        where = f"bob GET {url}"
        if route.bob == NOT_FOUND:
            assert theirs.status_code == 404, where
        else:
            assert route.bob == OWN
            assert theirs.status_code == 200, where
            text = body_text(theirs)
            missing = [k for k in route.shows if BOB_MARKERS[k] not in text]
            assert not missing, f"{where} does not show bob's own {missing}"
        assert_no_alice(theirs, where)

    if route.post:
        response = logged_in(bob).post(url, route.post(alice_data))
        where = f"bob POST {url}"
        if route.bob == NOT_FOUND:
            assert response.status_code == 404, where
        else:
            assert response.status_code < 500, where
        assert_no_alice(response, where)
        # htmx fragments are their own views of the data: check them too.
        response = logged_in(bob).post(url, route.post(alice_data), HTTP_HX_REQUEST="true")
        if route.bob == NOT_FOUND:
            assert response.status_code == 404, f"bob htmx {where}"
        assert_no_alice(response, f"bob htmx {where}")

    assert rows_of(alice) == before, f"bob changed alice's journal through {url}"
    assert BOB_NOTE not in json.dumps(rows_of(alice), default=str)


def test_bob_sees_only_his_own_rows_by_date_week_and_range(alice, bob, alice_data, bob_data):
    """Pages that name a date, week or range show bob's rows and none of alice's."""
    bob_client = logged_in(bob)
    week = bob_client.get(reverse("insights:week_at", args=[alice_data.isoweek]))
    assert week.context["summary"].journal.cramps
    assert {c.severity for c in week.context["summary"].journal.cramps} == {5}  # bob's only
    day = bob_client.get(reverse("journal:day_context", args=[alice_data.night]))
    assert day.context["form"].instance.owner == bob


def test_sync_api_never_answers_with_alices_cramp(alice, bob, alice_data):
    """bob replaying alice's offline token gets his own new cramp, not hers."""
    entry = {
        "id": str(alice_data.cramp.client_token),
        "tapped_at": (timezone.now() - timedelta(minutes=5)).isoformat(),
        "muscle": "calf",
        "side": "left",
    }
    response = logged_in(bob).post(
        reverse("journal:sync_queue"),
        json.dumps({"entries": [entry]}),
        content_type="application/json",
    )
    [result] = response.json()["results"]
    assert result["status"] == "created"
    assert result["cramp_id"] != alice_data.cramp.pk
    assert Cramp.objects.get(pk=result["cramp_id"]).owner == bob
    assert Cramp.objects.filter(owner=alice).count() == 1


def _bob_files(bob, alice_data):
    """bob's charts, JSON and CSV for the period alice's data is in."""
    from insights.chart_views import WEEK_CHARTS

    client = logged_in(bob)
    urls = [
        reverse("insights:chart", kwargs={"name": name})
        + (f"?week={alice_data.isoweek}" if name in WEEK_CHARTS else "?range=all")
        for name in sorted(SPECS)
    ]
    urls += [reverse("insights:triggers_json"), url_for("export:cramps_csv", alice_data)]
    bodies = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.content
    return bodies


def test_bobs_charts_and_files_do_not_depend_on_alices_journal(alice, bob, alice_data, bob_data):
    cache.clear()
    with_alice = _bob_files(bob, alice_data)
    for model in JOURNAL_MODELS:
        model.objects.filter(owner=alice).delete()
    cache.clear()
    without_alice = _bob_files(bob, alice_data)
    changed = [url for url in with_alice if with_alice[url] != without_alice[url]]
    assert not changed, f"bob's responses changed when alice's journal was deleted: {changed}"


def test_chart_cache_is_per_user(alice, bob, alice_data, bob_data):
    """The same chart URL for two users never serves one user's cached image to the other."""
    cache.clear()
    url = reverse("insights:chart", kwargs={"name": "muscles"}) + f"?week={alice_data.isoweek}"
    hers = logged_in(alice).get(url)
    his = logged_in(bob).get(url)
    assert hers["ETag"] != his["ETag"]
    # bob presenting alice's ETag gets a full image, not "not modified".
    replay = logged_in(bob).get(url, HTTP_IF_NONE_MATCH=hers["ETag"])
    assert replay.status_code == 200
    assert replay.content == his.content


def admin_urls():
    from tests.security.routes import walk

    return sorted(
        "/" + pattern
        for pattern, _name in walk()
        if pattern.startswith("admin/") and "<" not in pattern and "(?P" not in pattern
    )


def test_admin_is_closed_to_ordinary_users(alice, bob, alice_data):
    urls = admin_urls()
    assert "/admin/" in urls
    bob_client = logged_in(bob)
    open_by_design = {reverse("admin:login"), reverse("admin:logout")}
    for url in urls:
        response = bob_client.get(url)
        where = f"bob GET {url}"
        if url in open_by_design:
            assert response.status_code in (200, 302, 405), where
        else:
            assert response.status_code in (302, 404), where
        if response.status_code == 302 and url not in open_by_design:
            assert response["Location"].startswith(reverse("admin:login")), where
        assert_no_alice(response, where)
    # By object id too: the admin change page of alice's cramp.
    response = bob_client.get(reverse("admin:journal_cramp_change", args=[alice_data.cramp.pk]))
    assert response.status_code == 302
    assert_no_alice(response, "bob GET admin change page")
    assert not get_user_model().objects.filter(is_staff=True).exists()


def test_signup_cannot_take_over_an_existing_username(client, alice, alice_data):
    before = rows_of(alice)
    response = client.post(
        reverse("signup"),
        {
            "username": "alice",
            "password1": "another-long-pass-9931",
            "password2": "another-long-pass-9931",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert rows_of(alice) == before
    assert_no_alice(response, "sign-up as alice")


def test_a_random_id_is_a_404_not_a_500(alice):
    client = logged_in(alice)
    for name in ("cramp_details", "cramp_edit", "medication_edit", "condition_edit"):
        assert client.get(reverse(f"journal:{name}", args=[10**12])).status_code == 404
    assert client.get("/journal/day/2026-02-30/").status_code == 404
    assert client.get("/insights/week/2026-W99/").status_code == 404
    assert client.get(f"/journal/{uuid.uuid4()}/details/").status_code == 404
