"""One duration formatter for every page, table and the doctor summary."""

import pytest

from journal.formatting import format_duration


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (59.6, "1 min"),  # rounded to the second first
        (60, "1 min"),
        (210, "3 min 30 s"),
        (3599, "59 min 59 s"),
        (3600, "1 h"),
        (3900, "1 h 5 min"),
    ],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_a_missing_duration_reads_as_the_caller_asks():
    assert format_duration(None) == ""
    assert format_duration(None, "not timed") == "not timed"
