"""Tonight's list kept under the journal version (journal/tonight.py)."""

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
