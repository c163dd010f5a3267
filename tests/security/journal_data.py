"""A journal for alice full of unmistakable markers, and a small one for bob.

Isolation tests look for alice's markers in every response bob gets; XSS tests
reuse the builder with hostile text instead of markers.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from journal.models import Condition, Cramp, DayContext, Medication, NightCheckIn

ALICE_MARKERS = {
    "cramp_notes": "ALICE-SECRET-NOTE-7731",
    "checkin_notes": "ALICE-CHECKIN-NOTE-4410",
    "day_notes": "ALICE-DAY-NOTE-5523",
    "medication_name": "Alicestatin-9921",
    "medication_dose": "ALICE-DOSE-6612",
    "medication_notes": "ALICE-MED-NOTE-3307",
    "condition_notes": "ALICE-CONDITION-NOTE-8845",
}
BOB_MARKERS = {
    "cramp_notes": "BOB-OWN-NOTE-1199",
    "checkin_notes": "BOB-CHECKIN-NOTE-2288",
    "day_notes": "BOB-DAY-NOTE-3377",
    "medication_name": "Bobprofen-4466",
    "medication_dose": "BOB-DOSE-5555",
    "medication_notes": "BOB-MED-NOTE-6644",
    "condition_notes": "BOB-CONDITION-NOTE-7733",
}


@dataclass
class JournalObjects:
    cramp: Cramp
    checkin: NightCheckIn
    day_context: DayContext
    medication: Medication
    condition: Condition

    @property
    def night(self) -> date:
        return self.cramp.journal_day

    @property
    def isoweek(self) -> str:
        year, week, _ = self.night.isocalendar()
        return f"{year}-W{week:02d}"


def recent_night(user, nights_ago=2) -> date:
    """A finished night a few days back in the user's zone (inside this or last week)."""
    today = timezone.now().astimezone(user.profile.zone).date()
    return today - timedelta(days=nights_ago)


def fill(user, texts, night=None, severity=7) -> JournalObjects:
    """One row of every kind for `user`, each text field set from `texts`."""
    zone = user.profile.zone
    night = night or recent_night(user)
    started = datetime.combine(night + timedelta(days=1), time(3, 10), tzinfo=zone)
    cramp = Cramp.objects.create(
        owner=user,
        started_at=started,
        time_zone=user.profile.time_zone,
        muscle="calf",
        side="left",
        duration_seconds=900,  # over 10 minutes: a red flag, so summaries list it
        severity=severity,
        symptoms=["numbness"],
        relief_tried=["stretch"],
        relief_best="stretch",
        notes=texts["cramp_notes"],
        client_token=uuid.uuid4(),
    )
    checkin = NightCheckIn.objects.create(
        owner=user, night=night, sleep_disturbance=4, notes=texts["checkin_notes"]
    )
    day_context = DayContext.objects.create(
        owner=user, day=night, fluids_ml=900, stress=6, notes=texts["day_notes"]
    )
    medication = Medication.objects.create(
        owner=user,
        name=texts["medication_name"],
        drug_class="statin",
        dose=texts["medication_dose"],
        started_on=night - timedelta(days=30),
        notes=texts["medication_notes"],
    )
    condition = Condition.objects.create(
        owner=user, kind="diabetes", started_on=date(2020, 1, 1), notes=texts["condition_notes"]
    )
    return JournalObjects(cramp, checkin, day_context, medication, condition)
