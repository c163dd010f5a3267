"""The weekly review: ISO weeks, DST, headline numbers worked by hand, the page."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from insights import weekly
from journal.services import load_journal
from tests.insights.test_week_factories import alice_week_13, log_cramp

W13 = date(2026, 3, 23)
BERLIN = ZoneInfo("Europe/Berlin")


# --- ISO weeks ---------------------------------------------------------------------------


def test_parse_isoweek_gives_the_monday():
    assert weekly.parse_isoweek("2026-W13") == W13
    assert weekly.parse_isoweek("2026-W01") == date(2025, 12, 29)  # ISO year starts early
    assert weekly.parse_isoweek("2026-W53") == date(2026, 12, 28)  # 2026 has 53 weeks
    assert weekly.isoweek(W13) == "2026-W13"


@pytest.mark.parametrize(
    "text",
    [
        "2026-W54",
        "2025-W53",
        "2026-W00",
        "2026-13",
        "26-W13",
        "",
        "x",
        "2026-W13\n",
        "２０２６-W13",
    ],
)
def test_parse_isoweek_rejects_anything_else(text):
    with pytest.raises(ValueError):
        weekly.parse_isoweek(text)


def test_monday_03_00_still_belongs_to_the_week_that_is_ending():
    monday_night = datetime(2026, 3, 30, 3, 0, tzinfo=BERLIN)  # Sunday 29's night
    assert weekly.current_monday(monday_night, "Europe/Berlin") == W13
    monday_noon = datetime(2026, 3, 30, 12, 0, tzinfo=BERLIN)
    assert weekly.current_monday(monday_noon, "Europe/Berlin") == date(2026, 3, 30)


def test_range_mondays():
    assert weekly.range_mondays("4w", W13, None) == (date(2026, 3, 2), W13)
    assert weekly.range_mondays("1y", W13, None)[0] == W13 - timedelta(weeks=51)
    assert weekly.range_mondays("all", W13, date(2025, 7, 9)) == (date(2025, 7, 7), W13)
    assert weekly.range_mondays("all", W13, None) == (W13, W13)


# --- DST: 2026-W13 contains the 23-hour night of 28-29 March in Berlin ----------------------------


def test_dst_week_has_seven_nights_and_the_short_night_keeps_its_cramp(alice):
    # 02:30 does not exist on 29 March in Berlin (clocks jump 02:00 -> 03:00); an aware
    # moment given as 02:30 resolves to 03:30 CEST (01:30 UTC), still Saturday's night.
    skipped = datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN)
    log_cramp(alice, skipped.isoformat())
    log_cramp(alice, "2026-03-29T11:30")  # 11:30 CEST: the last half hour of that night
    journal = load_journal(alice, W13, W13 + timedelta(days=6))
    assert [n.night for n in journal.nights] == [W13 + timedelta(days=i) for i in range(7)]
    assert {c.journal_day for c in journal.cramps} == {date(2026, 3, 28)}
    summary = weekly.week_summary(journal, W13)
    by_night = {n.night: n for n in summary.nights}
    assert len(by_night) == 7
    assert by_night[date(2026, 3, 28)].cramps == 2
    assert by_night[date(2026, 3, 29)].status == "not logged"
    times = [e.time for e in by_night[date(2026, 3, 28)].entries]
    assert times == ["03:30", "11:30"]


def test_utc_moment_after_the_change_lands_on_saturdays_night():
    from tests.insights.test_week_factories import cramp_record

    cramp = cramp_record(datetime(2026, 3, 29, 1, 30, tzinfo=UTC).astimezone(BERLIN))
    assert cramp.started_at.hour == 3 and cramp.started_at.utcoffset() == timedelta(hours=2)
    assert cramp.journal_day == date(2026, 3, 28) and cramp.is_night


# --- Headline numbers --------------------------------------------------------------------------


def alice_summary(alice):
    alice_week_13(alice)
    journal = load_journal(alice, W13 - timedelta(weeks=4), W13 + timedelta(days=6))
    return weekly.week_summary(
        journal, W13, labels={"muscle": {"calf": "Calf", "foot": "Foot / toes"}}
    )


def test_headline_numbers_worked_by_hand(alice):
    summary = alice_summary(alice)
    assert [(h.label, h.value, h.before) for h in summary.headlines] == [
        ("Cramps", "4", "0.5"),
        ("Nights with cramps", "3", "0.5"),
        ("Logged nights", "5 of 7", "1"),
        ("Longest", "14 min", "10 min"),
        ("Median duration", "3 min 30 s", "5 min 30 s"),
    ]
    assert summary.daytime_cramps == 1


def test_nights_list_and_red_flags(alice):
    summary = alice_summary(alice)
    assert [(n.night.day, n.status, n.cramps) for n in summary.nights] == [
        (23, "cramps", 1),
        (24, "cramps", 2),
        (25, "cramp-free", 0),
        (26, "not logged", 0),
        (27, "cramp-free", 0),
        (28, "cramps", 1),
        (29, "not logged", 0),
    ]
    tuesday = summary.nights[1]
    assert [(e.time, e.muscle, e.duration) for e in tuesday.entries] == [
        ("02:00", "Foot / toes", "1 min"),
        ("04:00", "Calf", "14 min"),
    ]
    assert summary.nights[3].entries[0].time == "15:00 (daytime)"
    (flag,) = summary.red_flags
    assert flag.when == "Wed 25 Mar 04:00"
    assert [rule.code for rule in flag.rules] == ["long"]


def test_nights_not_yet_happened_are_upcoming_not_unlogged(alice):
    alice_week_13(alice)
    journal = load_journal(alice, W13 - timedelta(weeks=4), W13 + timedelta(days=6))
    # Reviewing on Wednesday: Wednesday's night is the current one.
    summary = weekly.week_summary(journal, W13, until=date(2026, 3, 25))
    assert [n.status for n in summary.nights] == [
        "cramps",
        "cramps",
        "cramp-free",
        "upcoming",
        "upcoming",
        "upcoming",
        "upcoming",
    ]
    values = {h.label: h.value for h in summary.headlines}
    assert values["Cramps"] == "3"  # Saturday's cramp is not counted yet
    assert values["Logged nights"] == "3 of 3"
    assert [n.night for n in summary.journal.nights][-1] == date(2026, 3, 25)


def test_empty_week_has_dashes_not_zeros_for_durations(alice):
    journal = load_journal(alice, W13 - timedelta(weeks=4), W13 + timedelta(days=6))
    summary = weekly.week_summary(journal, W13)
    values = {h.label: (h.value, h.before) for h in summary.headlines}
    assert values["Cramps"] == ("0", "0")
    assert values["Logged nights"] == ("0 of 7", "0")
    assert values["Longest"] == ("—", "—")
    assert all(n.status == "not logged" for n in summary.nights)


def test_format_helpers():
    moment = datetime(2026, 3, 24, 23, 5, tzinfo=BERLIN)
    assert weekly.format_time(moment) == "23:05"
    assert weekly.format_time(moment, "12") == "11:05 pm"
    assert weekly.format_time(moment.replace(hour=0), "12") == "12:05 am"


# --- The page ---------------------------------------------------------------------------------


def week_url(isoweek):
    return reverse("insights:week_at", kwargs={"isoweek": isoweek})


def test_week_page_shows_headlines_charts_nights_and_red_flags(alice_client, alice):
    alice_week_13(alice)
    response = alice_client.get(week_url("2026-W13"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Week of 23 Mar 2026" in html
    assert "Nights of Mon 23 Mar to Sun 29 Mar 2026" in html
    assert (
        '<th scope="row">Median duration</th><td class="headline-value">3 min 30 s</td>'
        '<td class="muted">5 min 30 s</td>'
    ) in html
    assert '<td class="headline-value">5 of 7</td>' in html
    assert "that lasted more than 10 minutes" in html
    assert "+ 1 daytime cramp (12:00–18:00)" in html
    for name in ("nightly", "time-of-night", "muscles", "duration", "context"):
        src = reverse("insights:chart", kwargs={"name": name}) + "?week=2026-W13&amp;theme="
        assert src + "light" in html and src + "dark" in html
    assert html.count("Show as table") == 5
    # The table behind "Cramps per night" has the same numbers as the chart.
    assert '<th scope="row">Tue 24 Mar</th><td>2</td>' in html
    assert '<th scope="row">Thu 26 Mar</th><td>not logged</td>' in html


def test_week_page_alt_text_summarises_the_chart(alice_client, alice):
    alice_week_13(alice)
    html = alice_client.get(week_url("2026-W13")).content.decode()
    assert 'alt="Cramps per night: 4 cramps over 5 logged nights; 2 nights not logged."' in html


def test_theme_auto_uses_picture_and_fixed_themes_a_plain_img(alice_client, alice):
    html = alice_client.get(week_url("2026-W13")).content.decode()
    assert '<source media="(prefers-color-scheme: dark)"' in html
    alice.profile.theme = "dark"
    alice.profile.save()
    html = alice_client.get(week_url("2026-W13")).content.decode()
    assert "<source " not in html
    assert "theme=light" not in html and html.count("theme=dark") == 5


def test_previous_and_next_links_with_htmx_and_plain_hrefs(alice_client):
    html = alice_client.get(week_url("2026-W13")).content.decode()
    for target in ("2026-W12", "2026-W14"):
        url = week_url(target)
        assert f'href="{url}"' in html and f'hx-get="{url}"' in html
    assert 'hx-push-url="true"' in html


def test_current_week_has_no_next_link(alice_client, alice):
    current = weekly.current_monday(datetime.now(UTC), alice.profile.time_zone)
    response = alice_client.get(week_url(weekly.isoweek(current)))
    html = response.content.decode()
    assert f"Week of {current.day} {current:%b %Y}" in html
    assert "(this week" in html
    until = weekly.current_night(datetime.now(UTC), alice.profile.time_zone)
    statuses = [(n.night > until, n.status) for n in response.context["summary"].nights]
    assert all((status == "upcoming") == later for later, status in statuses)
    logged = {h.label: h.value for h in response.context["summary"].headlines}["Logged nights"]
    assert logged == f"0 of {(until - current).days + 1}"
    assert week_url(weekly.isoweek(current + timedelta(weeks=1))) not in html
    assert week_url(weekly.isoweek(current - timedelta(weeks=1))) in html


def test_htmx_request_gets_only_the_week_fragment(alice_client):
    response = alice_client.get(week_url("2026-W12"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="week"')
    assert "<html" not in html and "Week of 16 Mar 2026" in html


def test_htmx_history_restore_gets_the_whole_page(alice_client):
    response = alice_client.get(
        week_url("2026-W12"), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("bad", ["2026-W54", "2026-W00", "2026-13", "latest", "2026-w13"])
def test_invalid_week_is_404(alice_client, bad):
    assert alice_client.get(week_url(bad)).status_code == 404


def test_bob_sees_only_his_own_week(alice, bob_client, bob):
    alice_week_13(alice)
    log_cramp(bob, "2026-03-24 23:00", zone="America/New_York", duration_seconds=45)
    response = bob_client.get(week_url("2026-W13"))
    headlines = {h.label: h.value for h in response.context["summary"].headlines}
    assert headlines["Cramps"] == "1"
    assert headlines["Longest"] == "45 s"
    html = response.content.decode()
    assert "14 min" not in html and "that lasted more than 10 minutes" not in html


def test_week_page_needs_login(client):
    response = client.get(week_url("2026-W13"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_week_page_query_count_is_fixed(alice_client, alice, django_assert_max_num_queries):
    alice_week_13(alice)
    with django_assert_max_num_queries(6):
        # session, user with profile, cramps, check-ins, day contexts, medications
        alice_client.get(week_url("2026-W13"))


def test_a_week_under_way_is_compared_with_the_same_days_before(alice):
    alice_week_13(alice)
    journal = load_journal(alice, W13 - timedelta(weeks=4), W13 + timedelta(days=6))
    # Monday's night only: compared with the four Mondays before (one cramp, on the 16th).
    summary = weekly.week_summary(journal, W13, until=W13)
    assert summary.days_so_far == 1
    assert [(h.label, h.value, h.before) for h in summary.headlines] == [
        ("Cramps", "1", "0.2"),
        ("Nights with cramps", "1", "0.2"),
        ("Logged nights", "1 of 1", "0.2"),
        ("Longest", "2 min", "1 min"),
        ("Median duration", "2 min", "1 min"),
    ]


@pytest.mark.parametrize(
    "local, shown",
    [
        ((2026, 3, 25, 10, 0), "2026-W12"),  # Wednesday: W13 is under way
        ((2026, 3, 29, 20, 0), "2026-W12"),  # Sunday evening: its night has not happened
        ((2026, 3, 30, 9, 0), "2026-W13"),  # Monday morning: Sunday's night has ended
    ],
)
def test_the_review_opens_on_the_last_complete_week(alice_client, alice, monkeypatch, local, shown):
    alice_week_13(alice)
    moment = datetime(*local, tzinfo=BERLIN)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    response = alice_client.get(reverse("insights:week"))
    assert weekly.isoweek(response.context["summary"].monday) == shown
    html = response.content.decode()
    assert "so far" not in html.split("<h1")[1].split("</table>")[0]
    if shown == "2026-W12":
        assert "This week so far ›" in html


def test_the_current_week_says_so_far_and_compares_the_same_days(alice_client, alice, monkeypatch):
    alice_week_13(alice)
    moment = datetime(2026, 3, 24, 8, 0, tzinfo=BERLIN)  # Tuesday morning: Monday's night
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    html = alice_client.get(week_url("2026-W13")).content.decode()
    assert "(this week, so far)" in html
    assert "1 night so far, compared with the same night of the 4 weeks before" in html
    assert "Same days, 4 weeks before" in html
    assert " a week</td>" not in html
