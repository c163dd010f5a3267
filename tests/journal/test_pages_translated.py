"""The journal pages in German and Spanish: headings, buttons, dates and times.

The expected strings are written out by hand, as a German or Spanish reader
would see them; muscle names and other model choices are left out here (they
come from the models' own translations).
"""

from datetime import date, datetime

import pytest

from journal.models import Cramp, DayContext, Medication, NightCheckIn
from tests.journal.conftest import BERLIN


def speak(user, language, clock=None):
    user.profile.language = language
    if clock:
        user.profile.clock = clock
    user.profile.save()


def cramp(owner, *args, **fields):
    row = Cramp(
        owner=owner,
        started_at=datetime(*args, tzinfo=BERLIN),
        time_zone="Europe/Berlin",
        muscle=fields.pop("muscle", "calf"),
        **fields,
    )
    row.save()
    return row


def log_now(client):
    return client.post("/log/", {"muscle": "calf", "side": "left", "when": "now"})


def test_home_in_german(alice, alice_client, freeze):
    freeze(2026, 3, 10, 3, 10)  # Tuesday morning: the night of Monday 9 March
    log_now(alice_client)
    freeze(2026, 3, 10, 8, 0)  # morning: the check-in asks about that night
    speak(alice, "de")
    html = alice_client.get("/").content.decode()
    assert '<html lang="de"' in html
    assert "<title>Krampf eintragen" in html
    assert ">Krampf jetzt</button>" in html
    assert ">Krampf hat begonnen: Zeit messen</button>" in html
    assert "<summary>Es war früher</summary>" in html
    tonight = html.split('id="tonight"')[1].split("</section>")[0]
    assert "Heute Nacht eingetragen" in tonight
    assert '<span class="muted">Mo., 9. März</span>' in tonight
    assert "03:10" in tonight
    assert "Letzte Nacht (Mo., 9. März)" in html
    assert "Sie haben 1 Krampf eingetragen (oben aufgeführt)." in html
    assert "Logged tonight" not in html and "Cramp now" not in html and "Mon 9 Mar" not in html


def test_home_in_german_keeps_the_12_hour_clock(alice, alice_client, freeze):
    freeze(2026, 3, 10, 3, 10)
    log_now(alice_client)
    speak(alice, "de", clock="12")
    tonight = alice_client.get("/").content.decode().split('id="tonight"')[1]
    assert '<span class="cramp-time">3:10 vorm.</span>' in tonight


def test_home_day_card_in_german(alice, alice_client, freeze):
    freeze(2026, 12, 1, 19, 0)  # Tuesday evening
    speak(alice, "de")
    html = alice_client.get("/").content.decode()
    card = html.split('id="daycard"')[1].split("</section>")[0]
    assert "Heute" in card and "Di., 1. Dez." in card
    assert "Was Sie am Dienstag, 1. Dez. trinken" in card
    assert "das gehört zur Nacht vom Di., 1. Dez." in card
    assert ">+1 Glas</button>" in card


def test_timeline_in_german(alice, alice_client):
    cramp(alice, 2026, 3, 10, 3, 10, duration_seconds=90, severity=6)
    cramp(alice, 2026, 3, 9, 14, 0, muscle="foot")  # daytime of Monday 9 March
    NightCheckIn.objects.create(owner=alice, night=date(2026, 3, 8), cramp_free=True)
    DayContext.objects.create(owner=alice, day=date(2026, 3, 9), fluids_ml=1250, stress=7)
    Medication.objects.create(owner=alice, name="Atorvastatin", started_on=date(2026, 3, 9))
    speak(alice, "de")
    html = alice_client.get("/journal/").content.decode()
    assert "<h1>Tagebuch</h1>" in html
    assert ">Früheren Krampf hinzufügen</a>" in html
    assert '<option value="">Alle Muskeln</option>' in html
    assert "Nacht vom Mo., 9. März 2026" in html
    assert "Nacht vom So., 8. März 2026" in html
    assert "<h3>Tagsüber</h3>" in html
    assert "Schmerz 6/10" in html
    assert "Tag: Flüssigkeit 1250 ml; Stress 7/10;" in html
    assert "Medikamente: Atorvastatin" in html
    assert "Keine Krämpfe (bestätigt)" in html
    assert "Night of" not in html and "Daytime" not in html


def test_timeline_cache_keeps_languages_apart(alice, alice_client):
    cramp(alice, 2026, 3, 10, 3, 10)
    assert "Night of Mon 9 Mar 2026" in alice_client.get("/journal/").content.decode()
    speak(alice, "de")
    html = alice_client.get("/journal/").content.decode()
    assert "Nacht vom Mo., 9. März 2026" in html and "Night of" not in html
    speak(alice, "en")
    assert "Night of Mon 9 Mar 2026" in alice_client.get("/journal/").content.decode()


def test_medicine_stopped_message_in_german(alice, alice_client, freeze):
    freeze(2026, 3, 12, 9, 0)
    medicine = Medication.objects.create(owner=alice, name="Pill", started_on=date(2026, 1, 1))
    speak(alice, "de")
    page = alice_client.post(f"/journal/medications/{medicine.pk}/stop/", follow=True)
    html = page.content.decode()
    assert "Pill: abgesetzt am 12. März 2026." in html
    assert "seit 1. Jan. 2026, abgesetzt am 12. März 2026" in html


@pytest.mark.parametrize("path", ["/", "/journal/"])
def test_pages_in_spanish(alice, alice_client, freeze, path):
    freeze(2026, 3, 10, 3, 10)
    log_now(alice_client)
    speak(alice, "es")
    html = alice_client.get(path).content.decode()
    assert '<html lang="es"' in html
    if path == "/":
        assert "<title>Registrar un calambre" in html
        assert ">Calambre ahora</button>" in html
        assert "Registrado esta noche" in html
        assert '<span class="muted">lun 9 mar</span>' in html
    else:
        assert "<h1>Diario</h1>" in html
        assert "Noche del lun 9 mar 2026" in html
        assert ">Añadir un calambre anterior</a>" in html


def test_day_page_in_spanish(alice, alice_client, freeze):
    freeze(2026, 3, 10, 9, 0)
    speak(alice, "es")
    html = alice_client.get("/journal/day/2026-03-09/").content.decode()
    assert "<h1>lunes 9 de marzo de 2026</h1>" in html
    assert ">Guardar el día</button>" in html
    assert ">← Día anterior</a>" in html


def test_timer_card_in_german(alice, alice_client, freeze):
    freeze(2026, 3, 10, 3, 10)
    speak(alice, "de")
    alice_client.post("/timer/start/", {"muscle": "calf", "side": "left", "when": "now"})
    html = alice_client.get("/").content.decode()
    card = html.split('class="card timer-card"')[1].split("</div>")[0]
    assert "<h2>Krampf-Timer</h2>" in card
    assert "Gestartet um <time" in card and ">03:10</time>" in card
    assert ">Er hat aufgehört</button>" in card
    assert ">Timer abbrechen (nichts speichern)</button>" in card
