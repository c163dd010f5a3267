import pytest

from tests.security.journal_data import ALICE_MARKERS, BOB_MARKERS, fill


@pytest.fixture
def alice_data(alice):
    return fill(alice, ALICE_MARKERS)


@pytest.fixture
def bob_data(bob, alice_data):
    # The same night as alice's, so a URL naming her day or week names his too.
    return fill(bob, BOB_MARKERS, night=alice_data.night, severity=5)
