"""Issue #15 "Clinically careful": wording, placement and sources of medical guidance."""

from datetime import date

from journal.models import Medication


def test_medicines_page_marks_as_stopped_instead_of_telling_to_stop(alice, alice_client):
    Medication.objects.create(owner=alice, name="Atorvastatin", started_on=date(2026, 1, 1))
    page = alice_client.get("/journal/medications/").content.decode()
    assert "Mark as stopped" in page
    assert 'aria-label="Mark Atorvastatin as stopped today"' in page
    assert "Stop today" not in page
