"""/journal/: the timeline grouped by night, full forms, edit, delete and undo."""

from datetime import date, datetime, timedelta

import pytest

from journal.models import Cramp, DayContext, Medication, NightCheckIn
from journal.services import load_journal
from journal.views import UNDO_SESSION_KEY
from tests.journal.conftest import BERLIN

HX = {"HTTP_HX_REQUEST": "true"}


def make_cramp(owner, *args, zone=BERLIN, **fields):
    cramp = Cramp(
        owner=owner,
        started_at=datetime(*args, tzinfo=zone),
        time_zone=str(zone),
        muscle=fields.pop("muscle", "calf"),
        **fields,
    )
    cramp.save()
    return cramp


def bulk_cramps(owner, count, first=datetime(2023, 1, 1, 2, 0, tzinfo=BERLIN)):
    """`count` cramps, two per night, going back from `first` (no save() per row)."""
    rows = []
    for i in range(count):
        cramp = Cramp(
            owner=owner,
            started_at=first - timedelta(days=i // 2, hours=i % 2),
            time_zone="Europe/Berlin",
            muscle="calf" if i % 3 else "foot",
            side="left",
        )
        cramp.refresh_derived()
        rows.append(cramp)
    Cramp.objects.bulk_create(rows)


def test_groups_by_night_newest_first_with_checkin_context_and_medicines(alice, alice_client):
    make_cramp(alice, 2026, 3, 10, 3, 10, muscle="calf", duration_seconds=90, severity=6)
    make_cramp(alice, 2026, 3, 9, 23, 40, muscle="foot")
    make_cramp(alice, 2026, 3, 9, 14, 0, muscle="hand")  # daytime of 9 March
    NightCheckIn.objects.create(owner=alice, night=date(2026, 3, 8), cramp_free=True)
    DayContext.objects.create(owner=alice, day=date(2026, 3, 9), fluids_ml=1250, stress=7)
    Medication.objects.create(
        owner=alice,
        name="Atorvastatin",
        dose="20 mg",
        drug_class="statin",
        started_on=date(2026, 3, 9),
    )
    Medication.objects.create(
        owner=alice, name="Old pill", started_on=date(2025, 1, 1), stopped_on=date(2025, 2, 1)
    )
    html = alice_client.get("/journal/").content.decode()
    first = html.index("Night of Mon 9 Mar 2026")
    second = html.index("Night of Sun 8 Mar 2026")
    assert first < second
    night9 = html[first:second]
    # Within a night: in clock order, 23:40 before 03:10.
    assert night9.index("23:40") < night9.index("03:10")
    assert "1 min 30 s" in night9 and "pain 6/10" in night9
    assert "Daytime" in night9 and "14:00" in night9
    assert "fluids 1250 ml" in night9 and "stress 7/10" in night9
    assert "Medicines: Atorvastatin 20 mg" in night9
    assert "Old pill" not in html
    assert "No cramps (confirmed)" in html[second:]


def test_twelve_hour_clock(alice, alice_client):
    alice.profile.clock = "12"
    alice.profile.save()
    make_cramp(alice, 2026, 3, 10, 3, 10)
    make_cramp(alice, 2026, 3, 9, 23, 40)
    html = alice_client.get("/journal/").content.decode()
    assert "3:10 am" in html and "11:40 pm" in html


def test_only_own_rows_are_listed(alice, bob, alice_client, bob_client):
    make_cramp(alice, 2026, 3, 10, 3, 10, notes="alice's")
    make_cramp(bob, 2026, 2, 1, 3, 10, zone=BERLIN)
    html = bob_client.get("/journal/").content.decode()
    assert "Night of Sat 31 Jan 2026" in html
    assert "Night of Mon 9 Mar 2026" not in html
    assert "Night of Sat 31 Jan 2026" not in alice_client.get("/journal/").content.decode()


def test_pages_of_fourteen_nights_with_plain_and_htmx_load_more(alice, alice_client):
    for day in range(1, 21):  # nights 1..20 January
        make_cramp(alice, 2026, 1, day, 22, 0)
    response = alice_client.get("/journal/")
    groups = response.context["groups"]
    assert [g["day"] for g in groups][:2] == [date(2026, 1, 20), date(2026, 1, 19)]
    assert len(groups) == 14 and groups[-1]["day"] == date(2026, 1, 7)
    html = response.content.decode()
    assert 'href="?before=2026-01-07"' in html and ">Load more</a>" in html

    plain = alice_client.get("/journal/?before=2026-01-07")
    assert [g["day"] for g in plain.context["groups"]] == [
        date(2026, 1, d) for d in range(6, 0, -1)
    ]
    assert "Load more" not in plain.content.decode()

    more = alice_client.get("/journal/?before=2026-01-07", HTTP_HX_TARGET="load-more", **HX)
    fragment = more.content.decode()
    assert "<html" not in fragment and 'id="timeline"' not in fragment
    assert fragment.count("night-group") == 6
    assert "Night of Tue 6 Jan 2026" in fragment and "Night of Wed 7 Jan 2026" not in fragment


def test_filter_by_muscle_full_page_and_htmx(alice, alice_client):
    make_cramp(alice, 2026, 3, 10, 3, 10, muscle="calf")
    make_cramp(alice, 2026, 3, 5, 3, 10, muscle="foot")
    DayContext.objects.create(owner=alice, day=date(2026, 3, 1), stress=3)
    html = alice_client.get("/journal/?muscle=foot").content.decode()
    assert "Night of Wed 4 Mar 2026" in html
    assert "Night of Mon 9 Mar 2026" not in html and "Night of Sun 1 Mar 2026" not in html
    assert '<option value="foot" selected>' in html
    fragment = alice_client.get("/journal/?muscle=calf", HTTP_HX_TARGET="timeline", **HX)
    text = fragment.content.decode()
    assert text.lstrip().startswith('<div id="timeline">')
    assert "Night of Mon 9 Mar 2026" in text and "Night of Wed 4 Mar 2026" not in text
    # An unknown muscle is ignored rather than an error.
    assert "Night of Sun 1 Mar 2026" in alice_client.get("/journal/?muscle=wing").content.decode()


@pytest.mark.parametrize("count", [10, 1000])
def test_timeline_query_count_is_constant(alice, alice_client, django_assert_num_queries, count):
    bulk_cramps(alice, count)
    NightCheckIn.objects.create(owner=alice, night=date(2022, 12, 31), sleep_disturbance=3)
    DayContext.objects.create(owner=alice, day=date(2022, 12, 31), fluids_ml=900)
    Medication.objects.create(owner=alice, name="Pill", started_on=date(2020, 1, 1))
    alice_client.get("/")  # log-in done, session settled
    # 1 session, 2 user with its profile, 3 the journal's data version, 4 the page's
    # days (one UNION), 5 the stamps (id, night, updated_at) of those days' cramps,
    # 6 check-ins, 7 day contexts, 8 medicines, 9 the full rows of cramps not drawn
    # yet (journal/fragments.py). A fresh session is not written again
    # (accounts/sessions.py).
    with django_assert_num_queries(9):
        alice_client.get("/journal/")
    # Nothing changed: the page comes from the cache after the data version.
    with django_assert_num_queries(3):
        response = alice_client.get("/journal/")
    assert len(response.context["groups"]) == min(14, count // 2)
    expected = 28 if count == 1000 else 10
    assert response.content.decode().count('class="cramp-row"') == expected


# --- /journal/new/ and edit ---------------------------------------------------------


def test_new_backdated_cramp_in_the_users_zone(alice, alice_client, freeze):
    freeze(2026, 3, 12, 9, 0)
    response = alice_client.post(
        "/journal/new/",
        {
            "started_at": "2026-03-10T02:45",
            "muscle": "thigh_front",
            "side": "right",
            "duration_preset": "300",
            "activity": "asleep",
            "severity": "5",
        },
    )
    cramp = Cramp.objects.get(owner=alice)
    assert response.status_code == 302
    assert response["Location"] == f"/journal/#cramp-{cramp.pk}"
    assert cramp.started_at == datetime(2026, 3, 10, 2, 45, tzinfo=BERLIN)
    assert cramp.time_zone == "Europe/Berlin"
    assert cramp.journal_day == date(2026, 3, 9)
    assert (cramp.duration_seconds, cramp.activity, cramp.severity) == (300, "asleep", 5)


@pytest.mark.parametrize(
    "started, message",
    [
        ("2026-03-12T09:10", "This is in the future. Pick a time that has already happened."),
        ("1899-12-31T23:00", "Pick a time after 1900."),
        ("yesterday", "Enter a valid date/time."),
    ],
)
def test_new_rejects_bad_start_times(alice_client, freeze, started, message):
    freeze(2026, 3, 12, 9, 0)
    response = alice_client.post(
        "/journal/new/", {"started_at": started, "muscle": "calf", "side": "left", "notes": "kept"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["started_at"] == [message]
    html = response.content.decode()
    assert message in html and "kept" in html
    assert not Cramp.objects.exists()


def test_start_within_the_clock_skew_is_accepted(alice, alice_client, freeze):
    freeze(2026, 3, 12, 9, 0)
    alice_client.post(
        "/journal/new/", {"started_at": "2026-03-12T09:04", "muscle": "calf", "side": "left"}
    )
    assert Cramp.objects.filter(owner=alice).count() == 1


def test_new_form_shows_red_flag_notice_after_save(alice_client, freeze):
    freeze(2026, 3, 12, 9, 0)
    response = alice_client.post(
        "/journal/new/",
        {"started_at": "2026-03-12T03:00", "muscle": "calf", "side": "left", "symptoms": ["fever"]},
        follow=True,
    )
    assert "You logged a cramp with fever. Guidance:" in response.content.decode()
    assert Cramp.objects.get().red_flags == ["fever"]


def test_edit_keeps_the_entrys_own_zone(alice, alice_client):
    cramp = make_cramp(alice, 2026, 3, 10, 2, 0, zone=BERLIN)
    alice.profile.time_zone = "America/New_York"
    alice.profile.save()
    page = alice_client.get(f"/journal/{cramp.pk}/edit/").content.decode()
    assert 'value="2026-03-10T02:00"' in page and "Europe/Berlin" in page
    alice_client.post(
        f"/journal/{cramp.pk}/edit/",
        {"started_at": "2026-03-10T02:30", "muscle": "foot", "side": "both", "notes": "edited"},
    )
    cramp.refresh_from_db()
    assert cramp.started_at == datetime(2026, 3, 10, 2, 30, tzinfo=BERLIN)
    assert (cramp.muscle, cramp.side, cramp.notes, cramp.time_zone) == (
        "foot",
        "both",
        "edited",
        "Europe/Berlin",
    )


def test_edit_bad_input_saves_nothing(alice, alice_client):
    cramp = make_cramp(alice, 2026, 3, 10, 2, 0)
    response = alice_client.post(
        f"/journal/{cramp.pk}/edit/",
        {
            "started_at": "2026-03-10T02:00",
            "muscle": "calf",
            "side": "left",
            "duration_minutes": "400",
        },
    )
    assert response.status_code == 400
    assert "A cramp can be at most 6 hours (360 minutes)." in response.content.decode()
    cramp.refresh_from_db()
    assert cramp.duration_seconds is None


# --- Delete with confirm and undo -------------------------------------------------------


def test_delete_asks_first_then_deletes_and_offers_undo(alice, alice_client):
    cramp = make_cramp(alice, 2026, 3, 10, 3, 10, severity=8, symptoms=["numbness"])
    confirm = alice_client.get(f"/journal/{cramp.pk}/delete/").content.decode()
    assert "Delete this cramp?" in confirm and "Yes, delete" in confirm
    assert Cramp.objects.filter(pk=cramp.pk).exists()

    response = alice_client.post(f"/journal/{cramp.pk}/delete/", follow=True)
    assert not Cramp.objects.filter(pk=cramp.pk).exists()
    html = response.content.decode()
    assert "Cramp deleted." in html and ">Undo</button>" in html

    restored = alice_client.post("/journal/restore/", follow=True)
    again = Cramp.objects.get(pk=cramp.pk)
    assert (again.severity, again.symptoms, again.red_flags) == (8, ["numbness"], ["numbness"])
    assert again.started_at == cramp.started_at and again.owner == alice
    assert "Cramp restored." in restored.content.decode()
    # The undo is spent.
    assert UNDO_SESSION_KEY not in alice_client.session
    alice_client.post("/journal/restore/")
    assert Cramp.objects.filter(owner=alice).count() == 1


def test_htmx_delete_and_undo_swap_one_row(alice, alice_client):
    cramp = make_cramp(alice, 2026, 3, 10, 3, 10)
    confirm = alice_client.get(f"/journal/{cramp.pk}/delete/", **HX).content.decode()
    assert confirm.lstrip().startswith(f'<li id="cramp-{cramp.pk}"') and "Yes, delete" in confirm
    deleted = alice_client.post(f"/journal/{cramp.pk}/delete/", **HX).content.decode()
    assert "Cramp deleted." in deleted and "<html" not in deleted
    assert not Cramp.objects.exists()
    restored = alice_client.post("/journal/restore/", **HX).content.decode()
    assert restored.lstrip().startswith(f'<li id="cramp-{cramp.pk}" class="cramp-row">')
    assert "03:10" in restored
    assert Cramp.objects.filter(pk=cramp.pk).exists()


def test_undo_expires(alice, alice_client, freeze):
    freeze(2026, 3, 12, 9, 0)
    cramp = make_cramp(alice, 2026, 3, 10, 3, 10)
    alice_client.post(f"/journal/{cramp.pk}/delete/")
    freeze(2026, 3, 12, 9, 11)
    response = alice_client.post("/journal/restore/", follow=True)
    assert "Too late to undo that delete." in response.content.decode()
    assert not Cramp.objects.exists()


def test_a_restored_cramp_shows_on_a_night_confirmed_cramp_free(alice, alice_client):
    cramp = make_cramp(alice, 2026, 3, 10, 3, 10)
    alice_client.post(f"/journal/{cramp.pk}/delete/")
    NightCheckIn.objects.create(owner=alice, night=date(2026, 3, 9), cramp_free=True)
    assert "No cramps (confirmed)" in alice_client.get("/journal/").content.decode()
    alice_client.post("/journal/restore/")
    page = alice_client.get("/journal/").content.decode()
    assert "No cramps (confirmed)" not in page
    assert "Checked in" in page
    (night,) = load_journal(alice, date(2026, 3, 9), date(2026, 3, 9)).nights
    assert (night.cramps, night.cramp_free_confirmed) == (1, False)


def test_bob_gets_404_on_alices_cramp_pages(alice, bob_client):
    cramp = make_cramp(alice, 2026, 3, 10, 3, 10)
    for url in (f"/journal/{cramp.pk}/edit/", f"/journal/{cramp.pk}/delete/"):
        assert bob_client.get(url).status_code == 404
        assert (
            bob_client.post(url, {"started_at": "2026-03-10T01:00", "muscle": "foot"}).status_code
            == 404
        )
    cramp.refresh_from_db()
    assert cramp.muscle == "calf"


def test_new_form_starts_at_now_in_the_users_zone(alice, alice_client, freeze):
    freeze(2026, 3, 12, 9, 7)
    alice.profile.last_muscle = "neck"
    alice.profile.save()
    response = alice_client.get("/journal/new/")
    html = response.content.decode()
    assert 'value="2026-03-12T09:07"' in html
    assert 'value="neck" id="id_muscle_8" required checked' in html
    assert "Your time zone: Europe/Berlin." in html


def test_timeline_ignores_a_garbled_page_marker(alice, alice_client):
    make_cramp(alice, 2026, 3, 10, 3, 10)
    html = alice_client.get("/journal/?before=someday").content.decode()
    assert "Night of Mon 9 Mar 2026" in html


# --- Night cards cached by content (journal/fragments.py) ---------------------------


def rendered(monkeypatch):
    """Record the night cards and the rows actually drawn (cache misses)."""
    import journal.fragments

    drawn = {"nights": [], "rows": []}
    real = journal.fragments.render_to_string

    def counting(template, context):
        if "group" in context:
            drawn["nights"].append(context["group"]["day"])
        else:
            drawn["rows"].append(context["cramp"].pk)
        return real(template, context)

    monkeypatch.setattr(journal.fragments, "render_to_string", counting)
    return drawn


def timeline_part(response):
    html = response.content.decode()
    return html[html.index('<div id="timeline">') :]


def test_an_unchanged_night_is_served_from_the_cache(alice, alice_client, monkeypatch):
    tonight = make_cramp(alice, 2026, 3, 10, 3, 10)
    older = make_cramp(alice, 2026, 3, 8, 3, 10)
    drawn = rendered(monkeypatch)
    first = timeline_part(alice_client.get("/journal/"))
    assert drawn == {"nights": [date(2026, 3, 9), date(2026, 3, 7)], "rows": [tonight.pk, older.pk]}
    assert timeline_part(alice_client.get("/journal/")) == first
    assert len(drawn["nights"]) == 2 and len(drawn["rows"]) == 2  # nothing drawn again
    # Another cramp the same night: that card is drawn again, with only the new row.
    another = make_cramp(alice, 2026, 3, 10, 4, 30, muscle="foot")
    html = timeline_part(alice_client.get("/journal/"))
    assert drawn["nights"][2:] == [date(2026, 3, 9)]
    assert drawn["rows"][2:] == [another.pk]
    assert html.count('class="cramp-row"') == 3
    assert html.index(f'id="cramp-{tonight.pk}"') < html.index(f'id="cramp-{another.pk}"')


def set_fields(row, **fields):
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()


@pytest.mark.parametrize(
    "change, shown",
    [
        (lambda c, a: set_fields(c, severity=9), "pain 9/10"),
        (lambda c, a: c.delete(), "Night not logged."),
        (
            lambda c, a: NightCheckIn.objects.create(
                owner=a, night=c.journal_day, sleep_disturbance=4
            ),
            "sleep disturbance 4/10",
        ),
        (
            lambda c, a: set_fields(DayContext.objects.get(owner=a), stress=8),
            "stress 8/10",
        ),
        (
            lambda c, a: Medication.objects.create(
                owner=a, name="Furosemide", started_on=date(2026, 1, 1)
            ),
            "Medicines: Furosemide",
        ),
        (lambda c, a: set_fields(a.profile, clock="12"), "3:10 am"),
    ],
    ids=["edit", "delete", "checkin", "context", "medicine", "clock"],
)
def test_any_change_to_a_night_shows_at_once(alice, alice_client, change, shown):
    cramp = make_cramp(alice, 2026, 3, 10, 3, 10)
    # The night stays on the page after a delete because its day has details.
    DayContext.objects.create(owner=alice, day=date(2026, 3, 9), fluids_ml=1000)
    assert shown not in alice_client.get("/journal/").content.decode()
    change(cramp, alice)
    assert shown in alice_client.get("/journal/").content.decode()


def test_cached_night_cards_are_never_shared_between_users(alice, bob, client):
    for owner in (alice, bob):
        Medication.objects.create(
            owner=owner, name=f"{owner.username}-pill", started_on=date(2026, 1, 1)
        )
    # The same night with the same times for both, so only the owner tells them apart.
    Cramp.objects.bulk_create(
        [
            Cramp(
                owner=owner,
                started_at=datetime(2026, 3, 10, 3, 10, tzinfo=BERLIN),
                time_zone="Europe/Berlin",
                muscle="calf",
                journal_day=date(2026, 3, 9),
                is_night=True,
                red_flags=[],
            )
            for owner in (alice, bob)
        ]
    )
    client.force_login(alice)
    assert "alice-pill" in client.get("/journal/").content.decode()
    client.force_login(bob)
    html = client.get("/journal/").content.decode()
    assert "bob-pill" in html and "alice-pill" not in html


def test_a_row_changed_between_the_two_reads_is_drawn_as_it_is_now(alice):
    from journal.fragments import RowStamp, _rows_html

    edited = make_cramp(alice, 2026, 3, 10, 3, 10, severity=2)
    gone = make_cramp(alice, 2026, 3, 10, 4, 10)
    stamps = [RowStamp(c.pk, c.journal_day, c.is_night, c.updated_at) for c in (edited, gone)]
    edited.severity = 8
    edited.save()
    gone.delete()
    _rows_html(alice, alice.profile, stamps)
    assert "pain 8/10" in stamps[0].row_html
    assert stamps[1].row_html == ""


def test_tonight_is_not_over_yet_and_then_not_logged(alice, alice_client, freeze):
    freeze(2026, 3, 10, 15, 0)  # Tuesday afternoon in Berlin
    make_cramp(alice, 2026, 3, 10, 14, 0, muscle="hand")  # daytime of Tuesday
    DayContext.objects.create(owner=alice, day=date(2026, 3, 8), fluids_ml=900)
    html = alice_client.get("/journal/").content.decode()
    tuesday = html[html.index("Night of Tue 10 Mar 2026") : html.index("Night of Sun 8 Mar 2026")]
    assert "Tonight is not over yet." in tuesday and "Night not logged." not in tuesday
    sunday = html[html.index("Night of Sun 8 Mar 2026") :]
    assert "Night not logged." in sunday
    # The next afternoon Tuesday's night is over and nothing was logged for it.
    freeze(2026, 3, 11, 13, 0)
    html = alice_client.get("/journal/").content.decode()
    assert "Tonight is not over yet." not in html
    assert html.count("Night not logged.") == 2
