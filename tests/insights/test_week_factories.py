"""Helpers shared by the chart, week and trends tests (this module has no tests).

Records for the pure chart functions, and ORM rows for the views (there is no
logging UI in these tests: rows are created directly).
"""

from datetime import date, datetime, timedelta
from io import BytesIO
from xml.etree import ElementTree

from journal.nights import hours_into_night, journal_slot
from journal.records import CrampRecord, DayRecord, MedicationRecord, NightRecord

BERLIN = "Europe/Berlin"
SVG = "{http://www.w3.org/2000/svg}"


def cramp_record(moment, *, id=1, duration=90, severity=5, muscle="calf", side="left", **extra):
    """A CrampRecord for an aware moment, bucketed the way the journal does it."""
    slot = journal_slot(moment, moment.tzinfo)
    fields = {
        "id": id,
        "started_at": moment,
        "journal_day": slot.day,
        "is_night": slot.is_night,
        "hours_into_night": hours_into_night(moment, moment.tzinfo),
        "duration_seconds": duration,
        "muscle": muscle,
        "side": side,
        "severity": severity,
        "woke_from_sleep": True,
        "activity": "asleep",
        "relief_tried": (),
        "relief_best": "",
        "symptoms": (),
        "red_flags": (),
        "soreness": "",
        "notes": "",
    }
    fields.update(extra)
    return CrampRecord(**fields)


def night(day, cramps=0, logged=True):
    return NightRecord(
        night=day, logged=logged, cramps=cramps, cramp_free_confirmed=logged and not cramps
    )


def day_record(day, **fields):
    return DayRecord(day=day, **fields)


def medication(id, name, started_on, stopped_on=None, drug_class="statin"):
    return MedicationRecord(id, name, drug_class, "", started_on, stopped_on)


def ten_years_of_nights(last=date(2026, 3, 29)):
    """3,653 nights: every fifth unlogged, one cramp every third night."""
    first = last - timedelta(days=3652)
    out, day = [], first
    while day <= last:
        i = (day - first).days
        out.append(night(day, cramps=1 if i % 3 == 0 else 0, logged=i % 5 != 0 or i % 3 == 0))
        day += timedelta(days=1)
    return out


def ten_years_of_cramps(zone, last=date(2026, 3, 29)):
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    first = last - timedelta(days=3652)
    muscles = ("calf", "foot", "thigh_back", "hand")
    sides = ("left", "right", "both", "na")
    return [
        cramp_record(
            datetime.combine(first + timedelta(days=i), datetime.min.time(), tz)
            + timedelta(hours=20 + (i * 7) % 15, minutes=(i * 13) % 60),
            id=i,
            duration=10 + (i * 37) % 900,
            severity=i % 11,
            muscle=muscles[i % 4],
            side=sides[(i // 4) % 4],
        )
        for i in range(0, 3653, 3)
    ]


def parse_svg(content):
    """The SVG's root element; fails the test if it is not well-formed XML."""
    assert content.startswith(b"<?xml"), content[:40]
    root = ElementTree.fromstring(content)
    assert root.tag == f"{SVG}svg"
    return root


def svg_title(root):
    return root.find(f"{SVG}title").text


def gids(root, prefix):
    """ids of the groups matplotlib wrote for artists whose gid starts with prefix."""
    return sorted(
        el.get("id") for el in root.iter(f"{SVG}g") if (el.get("id") or "").startswith(prefix)
    )


def png_size(content):
    import matplotlib.image

    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    pixels = matplotlib.image.imread(BytesIO(content), format="png")
    return pixels.shape[1], pixels.shape[0]


def markup(element):
    """An element's XML, lower-cased (colours are compared case-insensitively)."""
    return ElementTree.tostring(element, encoding="unicode").lower()


# --- Database rows ---------------------------------------------------------------


def log_cramp(user, local, zone=BERLIN, **fields):
    """A Cramp at a local wall-clock time ("2026-03-24 02:00") in `zone`."""
    from zoneinfo import ZoneInfo

    from journal.models import Cramp

    moment = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone))
    fields.setdefault("muscle", "calf")
    return Cramp.objects.create(owner=user, started_at=moment, time_zone=zone, **fields)


def cramp_free(user, *nights):
    from journal.models import NightCheckIn

    for day in nights:
        NightCheckIn.objects.create(owner=user, night=date.fromisoformat(day), cramp_free=True)


def alice_week_13(alice):
    """Alice's 2026-W13 and the four weeks before it, worked by hand.

    W13 (nights Mon 23 .. Sun 29 March, Europe/Berlin):
      Mon 23  23:30            calf left   2 min    severity 6
      Tue 24  02:00 (Wed)      foot right  1 min    severity 4
              04:00 (Wed)      calf left   14 min   severity 8  -> red flag "long"
      Wed 25  cramp-free check-in
      Thu 26  15:00 daytime    hand        30 s     (not a night cramp; night unlogged)
      Fri 27  cramp-free check-in
      Sat 28  04:30 CEST Sun   calf both   5 min    severity 5  (the 23-hour DST night)
      Sun 29  not logged
    -> cramps 4, nights with cramps 3, logged 5 of 7, longest 14 min,
       median of 60, 120, 300, 840 s = 210 s = 3 min 30 s.
    Four weeks before (nights 23 Feb .. 22 Mar): 10 min on Tue 10, 1 min on
    Mon 16 (01:00 on the 17th), cramp-free 11 and 12 March
    -> per week 0.5 cramps, 0.5 cramp nights, 1 logged night; longest 10 min,
       median 330 s = 5 min 30 s.
    Day context (fluids ml, exercise min) on Mon 1200/45, Tue 900/60, Wed
    2000/0, Fri 1800/20, Sat 1100/90; Thu and Sun not recorded. In morning
    check-in mode these do not make a night "logged".
    """
    log_cramp(alice, "2026-03-23 23:30", duration_seconds=120, severity=6, side="left")
    log_cramp(
        alice, "2026-03-25 02:00", muscle="foot", duration_seconds=60, severity=4, side="right"
    )
    log_cramp(alice, "2026-03-25 04:00", duration_seconds=840, severity=8, side="left")
    log_cramp(alice, "2026-03-26 15:00", muscle="hand", duration_seconds=30, severity=2)
    log_cramp(alice, "2026-03-29 04:30", duration_seconds=300, severity=5, side="both")
    cramp_free(alice, "2026-03-25", "2026-03-27")
    log_cramp(alice, "2026-03-10 23:00", duration_seconds=600, severity=7, side="right")
    log_cramp(alice, "2026-03-17 01:00", duration_seconds=60, severity=3, side="right")
    cramp_free(alice, "2026-03-11", "2026-03-12")
    from journal.models import DayContext

    for day, fluids, minutes, intensity in [
        ("2026-03-23", 1200, 45, "hard"),
        ("2026-03-24", 900, 60, "hard"),
        ("2026-03-25", 2000, 0, "none"),
        ("2026-03-27", 1800, 20, "light"),
        ("2026-03-28", 1100, 90, "hard"),
    ]:
        DayContext.objects.create(
            owner=alice,
            day=date.fromisoformat(day),
            fluids_ml=fluids,
            exercise_minutes=minutes,
            exercise_intensity=intensity,
        )
