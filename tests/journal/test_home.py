"""Home page: the two-tap quick log, the details card and its Undo."""

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from journal.models import Cramp, NightCheckIn

HX = {"HTTP_HX_REQUEST": "true"}


def quick_post(client, htmx=False, **data):
    payload = {"muscle": "calf", "side": "left", "when": "now", **data}
    return client.post("/log/", payload, **(HX if htmx else {}))


def test_cached_choice_grid_follows_the_last_choice(alice_client, alice):
    assert (
        'value="calf" id="id_muscle_0" required checked' in alice_client.get("/").content.decode()
    )
    quick_post(alice_client, muscle="thigh_back", side="right")
    html = alice_client.get("/").content.decode()
    assert 'value="thigh_back" id="id_muscle_4" required checked' in html
    assert 'value="right" id="id_side_1" checked' in html
    assert 'value="calf" id="id_muscle_0" required>' in html


def test_home_preselects_last_muscle_and_side(alice_client, alice):
    alice.profile.last_muscle = "foot"
    alice.profile.last_side = "right"
    alice.profile.save()
    html = alice_client.get("/").content.decode()
    assert 'value="foot" id="id_muscle_1" required checked' in html
    assert 'value="right" id="id_side_1" checked' in html
    assert 'value="calf" id="id_muscle_0" required>' in html
    assert ">Cramp now</button>" in html
    assert 'name="client_token" value="' in html


def test_each_home_render_gets_a_fresh_client_token(alice_client):
    first = alice_client.get("/").context["quick_form"]["client_token"].value()
    second = alice_client.get("/").context["quick_form"]["client_token"].value()
    assert first and second and first != second


def test_two_tap_save_without_js_redirects_to_details(alice_client, alice):
    before = timezone.now()
    response = quick_post(alice_client, muscle="foot", side="right", client_token=str(uuid.uuid4()))
    cramp = Cramp.objects.get(owner=alice)
    assert response.status_code == 302
    assert response["Location"] == f"/journal/{cramp.pk}/details/"
    assert (cramp.muscle, cramp.side) == ("foot", "right")
    assert cramp.time_zone == "Europe/Berlin"
    assert before <= cramp.started_at <= timezone.now()
    assert cramp.duration_seconds is None
    alice.profile.refresh_from_db()
    assert (alice.profile.last_muscle, alice.profile.last_side) == ("foot", "right")
    page = alice_client.get(response["Location"]).content.decode()
    assert "Foot / toes" in page and "Details (optional)" in page


def test_htmx_quick_log_returns_only_the_details_card(alice_client, alice):
    response = quick_post(alice_client, htmx=True, client_token=str(uuid.uuid4()))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="quick"')
    assert "Saved." in html and "Calf" in html
    cramp = Cramp.objects.get(owner=alice)
    # The details form follows in a second, lazy request so the save answers fast.
    form_url = f"/journal/{cramp.pk}/details/?part=form"
    assert f'hx-get="{form_url}"' in html and 'hx-trigger="load"' in html
    form = alice_client.get(form_url, HTTP_HX_REQUEST="true").content.decode()
    assert form.lstrip().startswith("<form") and 'hx-trigger="change, submit"' in form
    assert "Details (optional)" in form and "<html" not in form


def test_lazy_details_form_is_only_for_the_owner(alice_client, bob_client, alice):
    quick_post(alice_client, htmx=True, client_token=str(uuid.uuid4()))
    cramp = Cramp.objects.get(owner=alice)
    response = bob_client.get(f"/journal/{cramp.pk}/details/?part=form", HTTP_HX_REQUEST="true")
    assert response.status_code == 404


def test_double_tap_with_the_same_token_saves_one_cramp(alice_client, alice):
    token = str(uuid.uuid4())
    first = quick_post(alice_client, client_token=token)
    second = quick_post(alice_client, client_token=token)
    assert Cramp.objects.filter(owner=alice).count() == 1
    assert first["Location"] == second["Location"]
    quick_post(alice_client, client_token=str(uuid.uuid4()))
    assert Cramp.objects.filter(owner=alice).count() == 2


def test_the_same_token_from_another_user_is_a_separate_cramp(alice_client, bob_client, alice, bob):
    token = str(uuid.uuid4())
    quick_post(alice_client, client_token=token)
    quick_post(bob_client, client_token=token)
    assert Cramp.objects.filter(owner=alice).count() == 1
    assert Cramp.objects.filter(owner=bob).count() == 1


@pytest.mark.parametrize("minutes", [15, 30, 60])
def test_it_happened_earlier_presets(alice_client, alice, minutes):
    quick_post(alice_client, when=str(minutes))
    cramp = Cramp.objects.get(owner=alice)
    ago = timezone.now() - cramp.started_at
    assert timedelta(minutes=minutes) <= ago < timedelta(minutes=minutes, seconds=30)


def test_pick_a_time_from_the_list(alice_client, alice):
    form = alice_client.get("/").context["quick_form"]
    choices = form.fields["picked_time"].widget.choices[1:]
    # Every quarter hour of the last 12 hours: 49 entries, newest first.
    assert len(choices) == 49
    assert choices[0][0] > choices[1][0]
    picked = choices[4][0]
    quick_post(alice_client, when="pick", picked_time=picked)
    cramp = Cramp.objects.get(owner=alice)
    assert (
        cramp.started_at.isoformat()
        == timezone.datetime.fromisoformat(picked).astimezone(cramp.started_at.tzinfo).isoformat()
    )


def test_pick_without_a_time_is_an_error_next_to_the_field(alice_client, alice):
    response = quick_post(alice_client, when="pick", picked_time="")
    assert response.status_code == 400
    assert response.context["quick_form"].errors["picked_time"] == [
        "Pick the time the cramp started."
    ]
    assert "Pick the time the cramp started." in response.content.decode()
    assert not Cramp.objects.exists()


def test_picked_time_in_the_future_is_rejected(alice_client):
    future = (timezone.now() + timedelta(hours=1)).isoformat()
    response = quick_post(alice_client, when="pick", picked_time=future)
    assert response.status_code == 400
    assert "in the future" in response.content.decode()
    assert not Cramp.objects.exists()


def test_unknown_muscle_keeps_the_form_and_saves_nothing(alice_client):
    response = quick_post(alice_client, htmx=True, muscle="elbow", side="left")
    html = response.content.decode()
    # htmx swaps only 2xx answers: the fragment with the messages comes back as 200.
    assert response.status_code == 200
    assert quick_post(alice_client, muscle="elbow").status_code == 400
    assert "Select a valid choice. elbow is not one of the available choices." in html
    assert 'value="left" id="id_side_0" checked' in html
    assert "<html" not in html
    assert not Cramp.objects.exists()


def test_quick_log_query_count(alice_client, alice, django_assert_num_queries, freeze):
    # At 03:10 the cramp belongs to a night; a cramp-free check-in of that night
    # is not rewritten (a cramp night is never cramp-free where nights are read).
    freeze(2026, 3, 10, 3, 10)
    NightCheckIn.objects.create(owner=alice, night=date(2026, 3, 9), cramp_free=True)
    token = str(uuid.uuid4())
    alice.profile.last_side = "left"  # chosen before: this tap changes no preselection
    alice.profile.save()
    alice_client.get("/")  # warm the session
    # 1 session, 2 user with its profile, 3 SAVEPOINT, 4 UPDATE the journal
    # version (journal/caching.py, first: the lock every write takes), 5 INSERT
    # cramp (a repeated token fails here, so there is no lookup first), 6 RELEASE.
    # The session is not written again (accounts/sessions.py) and the profile is
    # not written: calf/left is already the last choice. Outside a test
    # transaction SAVEPOINT/RELEASE are the transaction's BEGIN and COMMIT.
    with django_assert_num_queries(6):
        quick_post(alice_client, client_token=token)
    assert Cramp.objects.filter(owner=alice).count() == 1


def tonight_rows(html):
    """The times listed in the tonight card of an htmx answer, in order."""
    card = html.split('id="tonight"')[1].split("</section>")[0]
    return re.findall(r'<span class="cramp-time">([^<]+)</span>', card)


def test_htmx_quick_log_draws_tonight_from_the_list_before_it(
    alice_client, alice, django_assert_num_queries, freeze
):
    freeze(2026, 3, 10, 3, 10)
    alice.profile.last_side = "left"
    alice.profile.save()
    quick_post(alice_client, when="60")  # 02:10
    alice_client.get("/")  # the home page keeps tonight's list under the journal version
    # 1 session, 2 user with its profile, 3 SAVEPOINT, 4 UPDATE the journal version
    # (RETURNING the version it makes), 5 INSERT, 6 RELEASE: tonight's list is the
    # one kept under the version before plus this cramp, not read again.
    with django_assert_num_queries(6):
        response = quick_post(alice_client, htmx=True, client_token=str(uuid.uuid4()))
    assert tonight_rows(response.content.decode()) == ["02:10", "03:10"]
    # A second tap chains on the list the first one kept.
    freeze(2026, 3, 10, 3, 20)
    with django_assert_num_queries(6):
        response = quick_post(alice_client, htmx=True, client_token=str(uuid.uuid4()))
    assert tonight_rows(response.content.decode()) == ["02:10", "03:10", "03:20"]
    assert Cramp.objects.filter(owner=alice).count() == 3


def test_a_cramp_deleted_elsewhere_never_comes_back_in_tonights_list(alice_client, alice, freeze):
    from django.test import Client

    freeze(2026, 3, 10, 3, 10)
    quick_post(alice_client, when="60")  # 02:10
    alice_client.get("/")  # tonight's list kept with the 02:10 cramp
    phone = Client()
    phone.force_login(alice)
    phone.post(f"/journal/{Cramp.objects.get(owner=alice).pk}/delete/")  # another device
    response = quick_post(alice_client, htmx=True, client_token=str(uuid.uuid4()))
    assert tonight_rows(response.content.decode()) == ["03:10"]


def test_details_card_saves_each_change(alice_client, alice):
    quick_post(alice_client)
    cramp = Cramp.objects.get(owner=alice)
    url = f"/journal/{cramp.pk}/details/"
    response = alice_client.post(
        url,
        {
            "duration_preset": "120",
            "severity": "7",
            "side": "both",
            "relief_tried": ["stretch", "heat"],
            "relief_best": "heat",
            "woke_from_sleep": "True",
            "soreness": "hours",
            "notes": "after a long walk",
        },
        **HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Details saved." in html and "<html" not in html
    cramp.refresh_from_db()
    assert cramp.duration_seconds == 120
    assert cramp.severity == 7
    assert cramp.side == "both"
    assert cramp.relief_tried == ["stretch", "heat"]
    assert cramp.relief_best == "heat"
    assert cramp.woke_from_sleep is True
    assert cramp.soreness == "hours"
    assert cramp.notes == "after a long walk"
    assert cramp.red_flags == []
    # Only the status line comes back: inputs typed into meanwhile are never replaced.
    assert '<div id="details-status">' in html and "<input" not in html
    assert "<strong>Calf (both)</strong>" in html and ", 2 min" in html


def test_exact_minutes_win_and_over_ten_minutes_shows_the_red_flag(alice_client, alice):
    quick_post(alice_client)
    cramp = Cramp.objects.get(owner=alice)
    response = alice_client.post(
        f"/journal/{cramp.pk}/details/",
        {"duration_minutes": "14", "side": "left", "symptoms": ["numbness"]},
        **HX,
    )
    cramp.refresh_from_db()
    assert cramp.duration_seconds == 14 * 60
    assert cramp.red_flags == ["long", "numbness"]
    html = response.content.decode()
    # Each notice goes beside the box or field that raised it (out of band), not in
    # the status line, and says how urgent it is.
    status = html[: html.index('<div id="flag-')]
    assert "You logged" not in status
    duration = html[html.index('<div id="flag-long" hx-swap-oob="innerHTML">') :]
    duration = duration[: duration.index('<div id="flag-numbness"')]
    assert (
        "You logged a cramp that lasted more than 10 minutes. Guidance: A cramp lasting over "
        "10 minutes, or one that does not ease with movement, is a reason to seek medical advice. "
        '(Source: <cite lang="en">What Causes Muscle Spasms in Legs? Top Remedies for Quick '
        "Relief</cite> [S4]"
    ) in duration
    assert "Seek medical advice soon" in duration and "numbness" not in duration
    symptoms = html[html.index('<div id="flag-numbness" hx-swap-oob="innerHTML">') :]
    assert 'role="alert"' in symptoms
    assert "You logged a cramp with numbness." in symptoms
    assert "See a doctor right away" in symptoms
    assert (
        '<cite lang="en">Self-care guide to muscle spasms: relief, prevention and red flags</cite> '
        "[S1]" in symptoms
    )
    # A later change that leaves the flags as they are does not send (and announce) them again.
    response = alice_client.post(
        f"/journal/{cramp.pk}/details/",
        {"duration_minutes": "14", "side": "left", "symptoms": ["numbness"], "severity": "6"},
        **HX,
    )
    assert "hx-swap-oob" not in response.content.decode()
    # Unticking sends an empty box, so the notice goes away.
    response = alice_client.post(
        f"/journal/{cramp.pk}/details/", {"duration_minutes": "14", "side": "left"}, **HX
    )
    html = response.content.decode()
    assert '<div id="flag-numbness" hx-swap-oob="innerHTML"></div>' in html
    assert "flag-long" not in html


def test_breathing_difficulty_reads_as_an_emergency(alice_client, alice):
    quick_post(alice_client)
    cramp = Cramp.objects.get(owner=alice)
    html = alice_client.post(
        f"/journal/{cramp.pk}/details/", {"side": "left", "symptoms": ["breathing"]}, **HX
    ).content.decode()
    assert "urgency-emergency" in html and "Get medical help now" in html
    assert "treat it as an emergency" in html
    # Without JavaScript the saved page shows it beside the field, as an alert.
    page = alice_client.get(f"/journal/{cramp.pk}/details/").content.decode()
    start = page.index('<div id="flag-breathing" class="flag-slot">')
    assert page.index('value="breathing"') < start  # right after the ticked box
    box = page[start : page.index("</label>", start)]
    assert "Get medical help now" in box and "You logged a cramp with difficulty breathing." in box
    assert 'role="alert"' in box


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"duration_minutes": "0"}, "duration_minutes", "A cramp lasts at least one second."),
        ({"duration_minutes": "-5"}, "duration_minutes", "Minutes cannot be negative."),
        ({"duration_minutes": "abc"}, "duration_minutes", "Enter a number of minutes"),
        ({"duration_minutes": "2.25"}, "duration_minutes", "Use at most one decimal"),
        ({"duration_minutes": "361"}, "duration_minutes", "A cramp can be at most 6 hours"),
        ({"severity": "11"}, "severity", "Select a valid choice. 11 is not one of"),
        ({"relief_tried": ["yoga"]}, "relief_tried", "Select a valid choice. yoga is not"),
        (
            {"relief_best": "heat"},
            "relief_best",
            "Pick what helped most from the relief you tried.",
        ),
        ({"notes": "x" * 2001}, "notes", "at most 2000 characters"),
        ({"side": "middle"}, "side", "Select a valid choice."),
    ],
)
def test_details_bad_input_keeps_typed_values_and_saves_nothing(
    alice_client, alice, data, field, message
):
    quick_post(alice_client)
    cramp = Cramp.objects.get(owner=alice)
    stamp = cramp.updated_at
    payload = {"side": "left", "notes": "kept text", **data}
    response = alice_client.post(f"/journal/{cramp.pk}/details/", payload, **HX)
    assert response.status_code == 200
    # Errors are shown next to their fields, so htmx redraws the whole card.
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#quick", "outerHTML")
    assert alice_client.post(f"/journal/{cramp.pk}/details/", payload).status_code == 400
    form = response.context["details_form"]
    assert any(message in e for e in form.errors[field])
    html = response.content.decode()
    assert 'class="error"' in html
    if field != "notes":
        assert "kept text" in html
    cramp.refresh_from_db()
    assert cramp.updated_at == stamp
    assert (cramp.duration_seconds, cramp.severity, cramp.notes) == (None, None, "")


def test_details_without_js_redirects_back_with_a_message(alice_client, alice):
    quick_post(alice_client)
    cramp = Cramp.objects.get(owner=alice)
    response = alice_client.post(
        f"/journal/{cramp.pk}/details/", {"side": "left", "severity": "3"}, follow=True
    )
    assert "Details saved." in response.content.decode()
    cramp.refresh_from_db()
    assert cramp.severity == 3


def test_undo_removes_the_just_logged_cramp(alice_client, alice):
    quick_post(alice_client)
    cramp = Cramp.objects.get(owner=alice)
    response = alice_client.post(f"/journal/{cramp.pk}/undo/", **HX)
    html = response.content.decode()
    assert "Removed. Nothing was saved." in html
    assert "Cramp now" in html
    assert not Cramp.objects.exists()


def test_undo_without_js(alice_client, alice):
    quick_post(alice_client)
    cramp = Cramp.objects.get(owner=alice)
    response = alice_client.post(f"/journal/{cramp.pk}/undo/", follow=True)
    assert "Removed. Nothing was saved." in response.content.decode()
    assert not Cramp.objects.exists()


def test_bob_cannot_touch_alices_cramp(alice_client, bob_client, alice):
    quick_post(alice_client)
    cramp = Cramp.objects.get(owner=alice)
    assert bob_client.get(f"/journal/{cramp.pk}/details/").status_code == 404
    assert bob_client.post(f"/journal/{cramp.pk}/details/", {"side": "right"}).status_code == 404
    assert bob_client.post(f"/journal/{cramp.pk}/undo/").status_code == 404
    cramp.refresh_from_db()
    assert cramp.side == "left"


def test_a_cramp_logged_for_a_cramp_free_night_makes_it_a_cramp_night(alice_client, alice):
    # 23:00 in Berlin yesterday is night D = yesterday.
    from journal.nights import journal_slot
    from journal.quicklog import quick_log
    from journal.services import load_journal

    when = timezone.now() - timedelta(hours=6)
    night = journal_slot(when, "Europe/Berlin")
    if not night.is_night:
        when = when - timedelta(hours=6)
        night = journal_slot(when, "Europe/Berlin")
    NightCheckIn.objects.create(owner=alice, night=night.day, cramp_free=True)

    def the_night():
        (record,) = load_journal(alice, night.day, night.day).nights
        return record.logged, record.cramps, record.cramp_free_confirmed

    cramp, _ = quick_log(alice, alice.profile, muscle="calf", side="left", started_at=when)
    assert the_night() == (True, 1, False)  # a cramp night, never "cramp-free"
    # The user's own answer is kept as given: without the cramp it stands again.
    assert NightCheckIn.objects.get(owner=alice, night=night.day).cramp_free is True
    cramp.delete()
    assert the_night() == (True, 0, True)


def test_details_card_get_serves_page_or_fragment(alice_client, alice):
    quick_post(alice_client)
    cramp = Cramp.objects.get(owner=alice)
    page = alice_client.get(f"/journal/{cramp.pk}/details/").content.decode()
    assert "<html" in page and "Details (optional)" in page and "+1 glass" in page
    fragment = alice_client.get(f"/journal/{cramp.pk}/details/", **HX).content.decode()
    assert "<html" not in fragment and "Details (optional)" in fragment
    assert "+1 glass" not in fragment


def test_quick_log_is_post_only(alice_client):
    assert alice_client.get("/log/").status_code == 405
    assert not Cramp.objects.exists()


def test_earlier_time_list_across_the_night_the_clocks_go_back(alice):
    from journal.forms import pick_time_choices

    # 25 Oct 2026, Berlin: 03:00 CEST becomes 02:00 CET; now is 02:40 CET.
    now = datetime(2026, 10, 25, 1, 40, tzinfo=UTC)
    choices = pick_time_choices(alice.profile, now)
    values = [value for value, _ in choices]
    assert values[:6] == [
        "2026-10-25T02:30:00+01:00",
        "2026-10-25T02:15:00+01:00",
        "2026-10-25T02:00:00+01:00",
        "2026-10-25T02:45:00+02:00",  # the first 02:45, an hour earlier
        "2026-10-25T02:30:00+02:00",
        "2026-10-25T02:15:00+02:00",
    ]
    # Both 02:30s are in the list, and the labels say which is which.
    assert [label for _, label in choices[:6]] == [
        "02:30",
        "02:15",
        "02:00",
        "02:45 CEST",
        "02:30 CEST",
        "02:15 CEST",
    ]
    # Another zone at the same instant gets its own wall-clock list, not a cached one.
    alice.profile.time_zone = "America/New_York"
    first_value, first_label = pick_time_choices(alice.profile, now)[0]
    assert (first_value, first_label) == ("2026-10-24T21:30:00-04:00", "21:30")


def test_home_lists_what_was_logged_tonight_with_edit_and_undo(
    alice_client, bob_client, alice, freeze
):
    freeze(2026, 3, 9, 22, 5)
    quick_post(alice_client, muscle="thigh_back", side="right")  # Monday night, before midnight
    freeze(2026, 3, 10, 3, 10)
    for muscle in ("calf", "foot", "calf"):
        quick_post(alice_client, muscle=muscle)
    quick_post(bob_client, muscle="neck", side="na")
    html = alice_client.get("/").content.decode()
    section = html.split('id="tonight"')[1].split("</section>")[0]
    assert "Logged tonight" in section and "Mon 9 Mar" in section
    assert section.count('class="cramp-row"') == 4
    assert "22:05" in section and section.count("03:10") >= 3
    assert "Thigh (back) / hamstring (right)" in section and "Foot / toes (left)" in section
    assert "Neck" not in section  # bob's
    last = Cramp.objects.filter(owner=alice).latest("pk")
    assert f'href="/journal/{last.pk}/details/"' in section
    assert f'form="tonight-undo" formaction="/journal/{last.pk}/undo/"' in section
    alice_client.post(f"/journal/{last.pk}/undo/")
    section = alice_client.get("/").content.decode().split('id="tonight"')[1]
    assert section.split("</section>")[0].count('class="cramp-row"') == 3


def test_last_nights_cramps_leave_the_home_list_in_the_afternoon(alice_client, freeze):
    freeze(2026, 3, 10, 3, 10)
    quick_post(alice_client)
    freeze(2026, 3, 10, 14, 0)
    section = alice_client.get("/").content.decode().split('id="tonight"')[1]
    assert "Logged today" in section and "Nothing logged yet." in section


def test_htmx_quick_log_updates_the_tonight_list_out_of_band(alice_client, freeze):
    freeze(2026, 3, 10, 3, 10)
    quick_post(alice_client, muscle="foot")
    html = quick_post(alice_client, htmx=True, client_token=str(uuid.uuid4())).content.decode()
    oob = html.split('id="tonight"')[1].split("</section>")[0]
    assert 'hx-swap-oob="true"' in oob and oob.count('class="cramp-row"') == 2


def test_home_query_count(alice_client, alice, django_assert_num_queries, freeze):
    freeze(2026, 3, 10, 3, 10)
    quick_post(alice_client)
    alice_client.get("/")  # warm the session and the cached choice grid
    # 1 session, 2 user with its profile, 3 the journal version (the book-a-visit
    # prompts and tonight's cramps are kept under it: 2 and 1 more queries on a
    # miss), 4 the day card's context. At 03:10 there is no morning check-in yet;
    # the choice grid is cached.
    with django_assert_num_queries(4):
        alice_client.get("/")


def test_morning_home_query_count(alice_client, alice, django_assert_num_queries, freeze):
    freeze(2026, 3, 10, 3, 10)
    quick_post(alice_client)
    freeze(2026, 3, 10, 8, 0)
    alice_client.get("/")
    # 1 session, 2 user with its profile, 3 the journal version (the key of the
    # cached book-a-visit prompts and of the night's cramps, listed and, the same
    # rows, counted by the check-in), 4 the night's check-in, 5 the day card's
    # context.
    with django_assert_num_queries(5):
        html = alice_client.get("/").content.decode()
    assert "You logged 1 cramp (listed above)." in html


def test_no_side_is_guessed_for_a_new_user_and_none_chosen_is_not_recorded(alice_client, alice):
    html = alice_client.get("/").content.decode()
    assert 'name="side"' in html and re.search(r'name="side"[^>]*checked', html) is None
    alice_client.post("/log/", {"muscle": "foot", "when": "now"})
    cramp = Cramp.objects.get(owner=alice)
    assert cramp.side == "na" and cramp.get_side_display() == "Not recorded"
    alice.profile.refresh_from_db()
    assert (alice.profile.last_muscle, alice.profile.last_side) == ("foot", "")
    html = alice_client.get("/").content.decode()
    assert re.search(r'name="side"[^>]*checked', html) is None
    # Once a side is chosen it is offered next time, and a later "no side" keeps it.
    quick_post(alice_client, side="right")
    quick_post(alice_client, muscle="calf", side="")
    assert list(Cramp.objects.order_by("pk").values_list("side", flat=True)) == [
        "na",
        "right",
        "na",
    ]
    assert 'value="right" id="id_side_1" checked' in alice_client.get("/").content.decode()


def test_timer_without_a_side_saves_not_recorded(alice_client, alice):
    alice_client.post("/timer/start/", {"muscle": "calf"})
    alice_client.post("/timer/stop/")
    assert Cramp.objects.get(owner=alice).side == "na"


def test_book_a_visit_prompts_are_cached_but_never_stale(alice_client, alice, freeze):
    """Kept under the journal version: a new severe night shows at once."""
    freeze(2026, 3, 10, 9, 0)
    alice_client.get("/")  # cached: no prompt yet
    assert "Worth raising with your doctor" not in alice_client.get("/").content.decode()
    for night in (3, 5, 7):  # pain of 7/10 or more on 3 of the last 28 nights
        Cramp.objects.create(
            owner=alice,
            started_at=datetime(2026, 3, night + 1, 2, 0, tzinfo=ZoneInfo("Europe/Berlin")),
            time_zone="Europe/Berlin",
            muscle="calf",
            severity=8,
        )
    assert "Worth raising with your doctor" in alice_client.get("/").content.decode()


def test_preselecting_the_next_muscle_moves_no_journal_version(alice):
    from journal.caching import journal_version

    before = journal_version(alice)
    alice.profile.last_muscle = "foot"
    alice.profile.save(update_fields=["last_muscle", "last_side"])
    assert journal_version(alice) == before
    alice.profile.clock = "12"  # what pages show: the version moves
    alice.profile.save(update_fields=["clock"])
    assert journal_version(alice) != before
