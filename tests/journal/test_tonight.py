"""Tonight's list kept under the journal version (journal/tonight.py)."""

import re
from datetime import date

from django.core.cache import cache

from journal.caching import journal_version
from journal.models import Cramp
from journal.tonight import tonight_after_saving, tonight_cramps, tonight_key
from tests.journal.conftest import BERLIN
from tests.journal.test_timeline import make_cramp

NIGHT = date(2026, 3, 9)


def test_the_list_is_kept_under_the_version_and_read_again_after_any_write(
    alice, django_assert_num_queries
):
    first = make_cramp(alice, 2026, 3, 10, 2, 10)
    version = journal_version(alice)
    assert [c.pk for c in tonight_cramps(alice.pk, NIGHT, version)] == [first.pk]
    with django_assert_num_queries(0):
        assert [c.pk for c in tonight_cramps(alice.pk, NIGHT, version)] == [first.pk]
    first.delete()  # any write moves the version: the kept list is never used again
    assert tonight_cramps(alice.pk, NIGHT, journal_version(alice)) == []


def test_a_list_read_while_the_cramp_was_saved_holds_it_once(alice):
    make_cramp(alice, 2026, 3, 10, 2, 10)
    before = journal_version(alice)
    saved = make_cramp(alice, 2026, 3, 10, 3, 10)
    # A home page that read the version before the save and the rows after it
    # kept the new cramp under the old version already.
    racing = list(Cramp.objects.filter(owner=alice).order_by("started_at"))
    cache.set(tonight_key(alice.pk, before, NIGHT), racing)
    cramps = tonight_after_saving(saved, NIGHT)
    assert [c.pk for c in cramps] == [c.pk for c in racing]
    assert saved.journal_version_after == journal_version(alice)


def test_a_cramp_of_another_day_is_not_added_to_tonight(alice):
    make_cramp(alice, 2026, 3, 10, 2, 10)
    tonight_cramps(alice.pk, NIGHT, journal_version(alice))
    daytime_before = make_cramp(alice, 2026, 3, 9, 9, 0)  # 09:00: journal day 8 March
    assert daytime_before.journal_day == date(2026, 3, 8)
    cramps = tonight_after_saving(daytime_before, NIGHT)
    assert [c.started_at.astimezone(BERLIN).hour for c in cramps] == [2]


def _tonight_section(client):
    return client.get("/").content.decode().split('id="tonight"')[1].split("</section>")[0]


def test_rows_are_drawn_once_and_again_when_what_they_show_changes(
    alice_client, alice, freeze, monkeypatch
):
    """Each row of tonight's list is cached by its row, the clock and zone, the code and language."""
    import journal.fragments

    drawn = []
    render = journal.fragments.render_to_string
    monkeypatch.setattr(
        journal.fragments,
        "render_to_string",
        lambda name, context: drawn.append(context["cramp"].pk) or render(name, context),
    )
    freeze(2026, 3, 10, 3, 10)
    first = make_cramp(alice, 2026, 3, 10, 1, 5)
    second = make_cramp(alice, 2026, 3, 10, 2, 40, muscle="foot", side="right")
    assert "01:05" in _tonight_section(alice_client) and drawn == [first.pk, second.pk]
    drawn.clear()
    third = make_cramp(alice, 2026, 3, 10, 3, 0)
    assert _tonight_section(alice_client).count('class="cramp-row"') == 3
    assert drawn == [third.pk]  # the two rows drawn before come from the cache

    freeze(2026, 3, 10, 3, 11)  # updated_at, part of the row's key, is a clock reading
    first.muscle, first.side = "thigh_front", "left"
    first.save()
    section = _tonight_section(alice_client)
    assert (
        "Thigh (front) (left)" in section and section.count("Calf") == 3
    )  # the third row: its text and two labels

    alice.profile.clock = "12"
    alice.profile.save()
    assert "1:05" in _tonight_section(alice_client) and "2:40" in _tonight_section(alice_client)
    assert "01:05" not in _tonight_section(alice_client)

    alice.profile.language = "de"
    alice.profile.save()
    assert "Fuß / Zehen (rechts)" in _tonight_section(alice_client)


def test_rows_hold_no_form_token_so_two_devices_share_them(alice, freeze):
    """A cached row shared by two sessions would carry one session's token: the page carries it."""
    from django.test import Client

    freeze(2026, 3, 10, 3, 10)
    cramp = make_cramp(alice, 2026, 3, 10, 2, 10)
    phone, laptop = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    phone.force_login(alice)
    laptop.force_login(alice)
    phone_section = _tonight_section(phone)
    laptop_section = _tonight_section(laptop)  # its row comes from the phone's visit
    row = laptop_section.split('<ul class="cramp-list">')[1]
    assert "csrfmiddlewaretoken" not in row
    assert f'form="tonight-undo" formaction="/journal/{cramp.pk}/undo/"' in row
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', laptop_section)[1]
    assert token not in phone_section
    response = laptop.post(f"/journal/{cramp.pk}/undo/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert not Cramp.objects.filter(pk=cramp.pk).exists()
    assert "Nothing logged yet." in _tonight_section(phone)
