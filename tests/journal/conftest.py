from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def freeze(monkeypatch):
    """Pin django.utils.timezone.now() to a wall-clock time in Berlin."""

    def _freeze(*args):
        moment = datetime(*args, tzinfo=BERLIN)
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return _freeze
