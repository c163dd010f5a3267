"""Timer, morning check-in and the evening day card on the home page."""

from datetime import date, datetime

from journal.models import Cramp, DayContext, NightCheckIn
from journal.quicklog import quick_log
from journal.services import load_journal
from tests.journal.conftest import BERLIN

HX = {"HTTP_HX_REQUEST": "true"}


# --- Timer -----------------------------------------------------------------------


def test_timer_start_is_stored_on_the_server_and_survives_a_reload(alice_client, alice, freeze):
    started = freeze(2026, 3, 10, 3, 12)
    response = alice_client.post("/timer/start/", {"muscle": "thigh_back", "side": "right"})
    assert response.status_code == 302
    alice.profile.refresh_from_db()
    assert alice.profile.timer_started_at == started
    assert (alice.profile.timer_muscle, alice.profile.timer_side) == ("thigh_back", "right")
    html = alice_client.get("/").content.decode()
    assert "It stopped" in html
    assert "Started at <time" in html and ">03:12</time>" in html
    assert 'data-timer-start="2026-03-10T02:12:00+00:00"' in html
    assert "Cramp now" not in html


def test_timer_start_via_htmx_returns_the_timer_card(alice_client, alice, freeze):
    freeze(2026, 3, 10, 3, 12)
    html = alice_client.post("/timer/start/", {"muscle": "calf", "side": "left"}, **HX).content
    html = html.decode()
    assert "<html" not in html and "It stopped" in html and "Calf (left)" in html


def test_timer_stop_saves_the_measured_duration(alice_client, alice, freeze):
    freeze(2026, 3, 10, 3, 12)
    alice_client.post("/timer/start/", {"muscle": "calf", "side": "left"})
    freeze(2026, 3, 10, 3, 14, 35)
    response = alice_client.post("/timer/stop/", **HX)
    cramp = Cramp.objects.get(owner=alice)
    assert cramp.duration_seconds == 155
    assert cramp.started_at == datetime(2026, 3, 10, 3, 12, tzinfo=BERLIN)
    assert cramp.journal_day == date(2026, 3, 9) and cramp.is_night
    assert "2 min 35 s" in response.content.decode()
    alice.profile.refresh_from_db()
    assert alice.profile.timer_started_at is None
    # A second tap on "It stopped" saves nothing more.
    alice_client.post("/timer/stop/")
    assert Cramp.objects.filter(owner=alice).count() == 1


def test_timer_under_a_second_counts_as_one_second(alice_client, alice, freeze):
    freeze(2026, 3, 10, 3, 12)
    alice_client.post("/timer/start/", {"muscle": "calf", "side": "left"})
    response = alice_client.post("/timer/stop/")
    cramp = Cramp.objects.get(owner=alice)
    assert cramp.duration_seconds == 1
    assert response["Location"] == f"/journal/{cramp.pk}/details/"


def test_timer_over_six_hours_saves_no_duration_and_says_why(alice_client, alice, freeze):
    freeze(2026, 3, 9, 22, 0)
    alice_client.post("/timer/start/", {"muscle": "calf", "side": "left"})
    freeze(2026, 3, 10, 4, 0, 1)
    response = alice_client.post("/timer/stop/", follow=True)
    cramp = Cramp.objects.get(owner=alice)
    assert cramp.duration_seconds is None
    assert "ran for more than 6 hours" in response.content.decode()


def test_timer_of_exactly_six_hours_is_kept(alice_client, alice, freeze):
    freeze(2026, 3, 9, 22, 0)
    alice_client.post("/timer/start/", {"muscle": "calf", "side": "left"})
    freeze(2026, 3, 10, 4, 0)
    alice_client.post("/timer/stop/")
    assert Cramp.objects.get(owner=alice).duration_seconds == 6 * 3600


def test_timer_cancel_saves_nothing(alice_client, alice, freeze):
    freeze(2026, 3, 10, 3, 12)
    alice_client.post("/timer/start/", {"muscle": "calf", "side": "left"})
    html = alice_client.post("/timer/cancel/", **HX).content.decode()
    assert "Cramp now" in html
    alice.profile.refresh_from_db()
    assert alice.profile.timer_started_at is None
    assert not Cramp.objects.exists()


def test_timer_start_with_unknown_muscle_is_rejected(alice_client, alice):
    response = alice_client.post("/timer/start/", {"muscle": "wing", "side": "left"})
    assert response.status_code == 400
    assert "wing is not one of the available choices" in response.content.decode()
    alice.profile.refresh_from_db()
    assert alice.profile.timer_started_at is None


def test_stopping_without_a_timer_saves_nothing(alice_client, alice):
    response = alice_client.post("/timer/stop/", follow=True)
    assert "No timer was running." in response.content.decode()
    assert not Cramp.objects.exists()


# --- Morning check-in ----------------------------------------------------------------


def test_morning_asks_about_last_night_and_one_tap_confirms_cramp_free(alice_client, alice, freeze):
    freeze(2026, 3, 10, 7, 30)
    html = alice_client.get("/").content.decode()
    assert "How was last night?" in html
    assert 'name="night" value="2026-03-09"' in html
    response = alice_client.post("/checkin/", {"night": "2026-03-09", "cramp_free": "True"}, **HX)
    checkin = NightCheckIn.objects.get(owner=alice)
    assert checkin.night == date(2026, 3, 9) and checkin.cramp_free is True
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "No cramps. ✓" in fragment
    assert "Sleep disturbance" in fragment


def test_morning_card_lists_the_cramps_already_logged(alice_client, alice, freeze):
    freeze(2026, 3, 10, 3, 10)
    quick_log(
        alice, alice.profile, muscle="calf", side="left", started_at=freeze(2026, 3, 10, 3, 10)
    )
    freeze(2026, 3, 10, 8, 0)
    html = alice_client.get("/").content.decode()
    assert "You logged 1 cramp (listed above)." in html
    tonight = html.split('id="tonight"')[1].split("</section>")[0]
    assert "03:10" in tonight and "Calf (left)" in tonight
    assert ">No cramps</button>" not in html


def test_no_check_in_question_in_the_middle_of_the_night(alice_client, freeze):
    freeze(2026, 3, 10, 3, 0)
    assert "How was last night?" not in alice_client.get("/").content.decode()


def test_cramp_free_is_refused_for_a_night_with_cramps(alice_client, alice, freeze):
    quick_log(
        alice, alice.profile, muscle="calf", side="left", started_at=freeze(2026, 3, 10, 2, 0)
    )
    freeze(2026, 3, 10, 8, 0)
    response = alice_client.post("/checkin/", {"night": "2026-03-09", "cramp_free": "True"}, **HX)
    assert response.status_code == 200  # the htmx fragment, with the message
    assert "<html" not in response.content.decode()
    assert "You logged 1 cramp that night, so it was not cramp-free." in response.content.decode()
    assert not NightCheckIn.objects.exists()


def test_sleep_disturbance_is_saved_and_validated(alice_client, alice, freeze):
    freeze(2026, 3, 10, 8, 0)
    alice_client.post("/checkin/", {"night": "2026-03-09", "cramp_free": "True"})
    alice_client.post(
        "/checkin/", {"night": "2026-03-09", "cramp_free": "True", "sleep_disturbance": "4"}
    )
    assert NightCheckIn.objects.get(owner=alice).sleep_disturbance == 4
    bad = alice_client.post(
        "/checkin/", {"night": "2026-03-09", "cramp_free": "True", "sleep_disturbance": "12"}
    )
    assert bad.status_code == 400
    assert NightCheckIn.objects.get(owner=alice).sleep_disturbance == 4
    assert NightCheckIn.objects.count() == 1


def test_a_cramp_logged_later_turns_a_cramp_free_morning_into_a_cramp_night(
    alice_client, alice, freeze
):
    freeze(2026, 3, 10, 8, 0)
    alice_client.post("/checkin/", {"night": "2026-03-09", "cramp_free": "True"})
    assert "No cramps. ✓" in alice_client.get("/").content.decode()
    # She remembers a cramp at 02:00 and logs it from the full form.
    alice_client.post(
        "/journal/new/", {"started_at": "2026-03-10T02:00", "muscle": "calf", "side": "left"}
    )
    assert Cramp.objects.filter(owner=alice, journal_day=date(2026, 3, 9)).count() == 1
    home = alice_client.get("/").content.decode()
    assert "No cramps. ✓" not in home
    assert "You logged 1 cramp" in home
    (night,) = load_journal(alice, date(2026, 3, 9), date(2026, 3, 9)).nights
    assert (night.cramps, night.cramp_free_confirmed) == (1, False)


def test_a_daytime_cramp_leaves_the_night_cramp_free(alice, freeze):
    NightCheckIn.objects.create(owner=alice, night=date(2026, 3, 9), cramp_free=True)
    quick_log(
        alice, alice.profile, muscle="hand", side="left", started_at=freeze(2026, 3, 9, 14, 0)
    )
    (night,) = load_journal(alice, date(2026, 3, 9), date(2026, 3, 9)).nights
    assert (night.cramps, night.cramp_free_confirmed) == (0, True)


def test_future_night_check_in_is_rejected(alice_client, freeze):
    freeze(2026, 3, 10, 8, 0)
    response = alice_client.post("/checkin/", {"night": "2026-03-20", "cramp_free": "True"})
    assert response.status_code == 400
    assert "This date is in the future." in response.content.decode()
    assert not NightCheckIn.objects.exists()


# --- Evening day card ---------------------------------------------------------------------


def test_plus_one_glass_adds_the_profile_glass_in_ml(alice_client, alice, freeze):
    freeze(2026, 3, 10, 20, 0)
    alice.profile.glass_ml = 300
    alice.profile.save()
    html = alice_client.get("/").content.decode()
    assert "Today <span" in html and "goes with the night of Tue 10 Mar" in html
    url = "/journal/day/2026-03-10/bump/"
    alice_client.post(url, {"bump": "fluids_ml:up"})
    response = alice_client.post(url, {"bump": "fluids_ml:up"}, **HX)
    assert DayContext.objects.get(owner=alice, day=date(2026, 3, 10)).fluids_ml == 600
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="daycard"') and "600 ml" in fragment


def test_glasses_show_in_fluid_ounces_but_store_ml(alice_client, alice, freeze):
    freeze(2026, 3, 10, 20, 0)
    alice.profile.fluid_unit = "floz"
    alice.profile.glass_ml = 250
    alice.profile.save()
    response = alice_client.post("/journal/day/2026-03-10/bump/", {"bump": "fluids_ml:up"}, **HX)
    assert DayContext.objects.get(owner=alice).fluids_ml == 250
    # 250 / 29.5735 = 8.45 -> 8.5 fl oz
    assert "8.5 fl oz" in response.content.decode()


def test_minus_on_blank_records_zero_and_never_goes_below(alice_client, alice):
    url = "/journal/day/2026-03-10/bump/"
    alice_client.post(url, {"bump": "alcohol_drinks:down"})
    assert DayContext.objects.get(owner=alice).alcohol_drinks == 0
    alice_client.post(url, {"bump": "alcohol_drinks:down"})
    assert DayContext.objects.get(owner=alice).alcohol_drinks == 0
    for _ in range(12):
        alice_client.post(url, {"bump": "stress:up"})
    context = DayContext.objects.get(owner=alice)
    assert context.stress == 10
    assert context.fluids_ml is None and context.exercise_minutes is None


def test_day_card_rejects_unknown_fields(alice_client):
    response = alice_client.post("/journal/day/2026-03-10/bump/", {"bump": "owner_id:up"})
    assert response.status_code == 404
    assert not DayContext.objects.exists()


def test_day_card_in_the_night_is_for_the_evening_before(alice_client, freeze):
    freeze(2026, 3, 10, 1, 30)
    html = alice_client.get("/").content.decode()
    assert 'action="/journal/day/2026-03-09/bump/"' in html


def test_timer_started_at_display_uses_12_hour_clock(alice_client, alice, freeze):
    alice.profile.clock = "12"
    alice.profile.save()
    freeze(2026, 3, 10, 15, 5)
    alice_client.post("/timer/start/", {"muscle": "calf", "side": "left"})
    assert ">3:05 pm</time>" in alice_client.get("/").content.decode()


def test_garbled_night_is_a_message_not_a_crash(alice_client, freeze):
    freeze(2026, 3, 10, 8, 0)
    response = alice_client.post("/checkin/", {"night": "last tuesday", "cramp_free": "True"})
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    assert not NightCheckIn.objects.exists()


def test_bob_cannot_check_in_for_alice(alice, bob_client, freeze):
    freeze(2026, 3, 10, 8, 0)
    NightCheckIn.objects.create(owner=alice, night=date(2026, 3, 9), cramp_free=True)
    bob_client.post(
        "/checkin/", {"night": "2026-03-09", "cramp_free": "False", "sleep_disturbance": "9"}
    )
    mine = NightCheckIn.objects.get(owner=alice)
    assert (mine.cramp_free, mine.sleep_disturbance) == (True, None)
    assert NightCheckIn.objects.filter(owner__username="bob").count() == 1


def test_in_the_morning_the_check_in_comes_first_and_the_day_card_is_today(
    alice_client, alice, freeze
):
    freeze(2026, 3, 10, 10, 0)
    html = alice_client.get("/").content.decode()
    # Above the quick log, so it is on the first screen.
    assert html.index("How was last night?") < html.index("Where is the cramp?")
    card = html.split('id="daycard"')[1].split("</section>")[0]
    assert "Today" in card and "Tue 10 Mar" in card
    assert 'action="/journal/day/2026-03-10/bump/"' in card
    alice_client.post("/journal/day/2026-03-10/bump/", {"bump": "fluids_ml:up"})
    assert DayContext.objects.get(owner=alice).day == date(2026, 3, 10)


def test_in_the_night_the_day_card_says_it_is_yesterday_evening(alice_client, freeze):
    freeze(2026, 3, 10, 1, 30)
    html = alice_client.get("/").content.decode()
    card = html.split('id="daycard"')[1].split("</section>")[0]
    assert "Yesterday evening" in card and "Mon 9 Mar" in card
    # At night the quick log comes first.
    assert html.index("Where is the cramp?") < html.index('id="daycard"')


def test_in_the_evening_the_quick_log_comes_first(alice_client, freeze):
    freeze(2026, 3, 10, 20, 0)
    html = alice_client.get("/").content.decode()
    assert html.index("Where is the cramp?") < html.index("How was last night?")


def test_number_errors_are_in_plain_words(alice_client, alice, freeze):
    freeze(2026, 3, 10, 20, 0)
    response = alice_client.post(
        "/journal/day/2026-03-10/", {"exercise_minutes": "-5", "alcohol_drinks": "-1"}
    )
    html = response.content.decode()
    assert "This cannot be negative." in html
    assert "Ensure this value" not in html
    settings_page = alice_client.post("/accounts/settings/", {"glass_ml": "10"}).content.decode()
    assert "Use at least 50 ml." in settings_page and "Ensure this value" not in settings_page


def test_morning_card_redrawn_by_htmx_still_points_to_the_list_above(alice_client, alice, freeze):
    freeze(2026, 3, 10, 3, 10)
    quick_log(
        alice, alice.profile, muscle="calf", side="left", started_at=freeze(2026, 3, 10, 3, 10)
    )
    freeze(2026, 3, 10, 8, 0)
    response = alice_client.post(
        "/checkin/",
        {"night": "2026-03-09", "cramp_free": "False", "sleep_disturbance": "4"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "You logged 1 cramp (listed above)." in html and "night-cramps" not in html
