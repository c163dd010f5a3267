"""manage.py housekeeping: expired sessions and abandoned import previews go."""

import io
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from journal.models import PendingImport
from tests.conftest import make_user


def test_housekeeping_deletes_expired_sessions_and_old_previews(alice, bob, alice_client):
    carol = make_user("carol")
    live_session = Session.objects.get()  # alice's, from the log-in
    now = timezone.now()
    Session.objects.create(session_key="e" * 32, session_data="", expire_date=now - timedelta(1))
    old = PendingImport.objects.create(owner=bob, payload={"kind": "csv", "rows": []})
    PendingImport.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=2))
    fresh = PendingImport.objects.create(owner=carol, payload={"kind": "csv", "rows": []})
    out = io.StringIO()

    call_command("housekeeping", stdout=out)

    assert list(Session.objects.all()) == [live_session]
    assert list(PendingImport.objects.all()) == [fresh]
    assert "1 expired sessions and 1 abandoned import previews" in out.getvalue()
    assert alice_client.get("/journal/").status_code == 200  # still logged in
