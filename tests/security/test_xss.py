"""User text is always inert: HTML pages, htmx fragments, charts, CSV and PDF.

Every text field holds both classic payloads, tagged with the field's name so
a page showing it can be told apart. Saved through the real forms where a form
exists. A page that shows a field must show it escaped (the positive control);
no page may contain an executable script or event-handler attribute from it.
"""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from insights.chart_views import SPECS
from journal.models import Condition, Cramp, DayContext, Medication, NightCheckIn
from tests.accounts.test_accounts import SETTINGS
from tests.security.helpers import body_text, pdf_text, raw_body
from tests.security.journal_data import ALICE_MARKERS, fill
from tests.security.routes import KNOWN, url_for

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOADS = {key: f"{key}:{SCRIPT}{IMG}" for key in ALICE_MARKERS}
FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-1+1", "@SUM(A1)", "\t=1+1", "=HYPERLINK(1)"]


class ActiveContent(HTMLParser):
    """Collects what a browser would execute: inline scripts and on* handlers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        handlers = [name for name in attributes if name.lower().startswith("on")]
        if handlers:
            self.found.append(f"<{tag}> with {handlers}")
        if tag == "script":
            # A JSON data block (json_script) is never run; any other inline script is.
            data = attributes.get("type") == "application/json"
            self._in_script = "src" not in attributes and not data
        if tag in ("img", "iframe", "object", "embed") and attributes.get("src") == "x":
            self.found.append(f"<{tag} src=x>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"inline script {data.strip()[:40]!r}")


def assert_inert(html, where):
    assert SCRIPT not in html, f"{where}: raw <script> payload"
    assert "<img src=x" not in html, f"{where}: raw <img> payload"
    parser = ActiveContent()
    parser.feed(html)
    assert not parser.found, f"{where}: {parser.found}"


@pytest.fixture
def hostile(alice, alice_client):
    """alice's journal with a payload in every text field, saved through the forms."""
    objects = fill(alice, PAYLOADS)
    night = objects.night
    # The forms are the way users type text: save the payloads through them too.
    started = objects.cramp.local_started_at - timedelta(hours=1)
    response = alice_client.post(
        reverse("journal:cramp_edit", args=[objects.cramp.pk]),
        {
            "started_at": started.strftime("%Y-%m-%dT%H:%M"),
            "muscle": "calf",
            "side": "left",
            "duration_preset": "600",
            "symptoms": ["numbness"],
            "notes": PAYLOADS["cramp_notes"],
        },
    )
    assert response.status_code == 302, response.content[:2000]
    response = alice_client.post(
        reverse("journal:day_context", args=[night]), {"notes": PAYLOADS["day_notes"]}
    )
    assert response.status_code == 302
    response = alice_client.post(
        reverse("journal:medication_edit", args=[objects.medication.pk]),
        {
            "name": PAYLOADS["medication_name"],
            "drug_class": "statin",
            "dose": PAYLOADS["medication_dose"],
            "started_on": (night - timedelta(days=30)).isoformat(),
            "notes": PAYLOADS["medication_notes"],
        },
    )
    assert response.status_code == 302
    response = alice_client.post(
        reverse("journal:condition_edit", args=[objects.condition.pk]),
        {"kind": "diabetes", "started_on": "2020-01-01", "notes": PAYLOADS["condition_notes"]},
    )
    assert response.status_code == 302
    for model, key in (
        (Cramp, "cramp_notes"),
        (NightCheckIn, "checkin_notes"),
        (DayContext, "day_notes"),
        (Condition, "condition_notes"),
    ):
        assert model.objects.filter(owner=alice, notes=PAYLOADS[key]).exists(), key
    assert Medication.objects.filter(owner=alice, name=PAYLOADS["medication_name"]).exists()
    return objects


HTML_ROUTES = sorted(key for key, route in KNOWN.items() if route.get and route.html)


@pytest.mark.parametrize("key", HTML_ROUTES)
def test_every_page_renders_user_text_inert(key, alice_client, hostile):
    url = url_for(key, hostile)
    for htmx in (False, True):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = alice_client.get(url, **headers)
        where = f"GET {url}{' (htmx)' if htmx else ''}"
        assert response.status_code == 200, where
        html = body_text(response)
        assert_inert(html, where)
        if not htmx:
            for field in KNOWN[key].shows:
                assert escape(PAYLOADS[field]) in html, f"{where} does not show {field} escaped"


def test_messages_after_saving_are_escaped(alice_client, hostile):
    """Flash messages repeat the medicine's name: they are escaped too."""
    response = alice_client.post(
        reverse("journal:medication_stop", args=[hostile.medication.pk]), follow=True
    )
    html = response.content.decode()
    assert escape(PAYLOADS["medication_name"]) + ": stopped on" in html
    assert_inert(html, "medications after stop")


def svg_problems(svg):
    """Executable content in an SVG document, as a browser opening it would see it.

    User text may appear as text (escaped in the source, a text node once parsed):
    that is inert. Elements and attributes that run code are not.
    """
    root = ET.fromstring(svg)  # well-formed XML, or the browser shows nothing
    problems = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("script", "foreignObject", "a", "iframe", "object", "embed", "image"):
            problems.append(f"<{tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"{tag}@{name}")
            if value.strip().lower().startswith("javascript:"):
                problems.append(f"{tag}@{name}=javascript:")
    if b"<script" in svg or b"<img" in svg:
        problems.append("raw markup from user text")
    return problems


def svg_text(svg):
    root = ET.fromstring(svg)
    return "".join(root.itertext())


def test_charts_keep_user_text_inert(alice_client, hostile):
    from insights.chart_views import WEEK_CHARTS

    shown = []
    for name in sorted(SPECS):
        query = f"week={hostile.isoweek}" if name in WEEK_CHARTS else "range=all"
        url = reverse("insights:chart", kwargs={"name": name}) + "?" + query
        response = alice_client.get(url)
        assert response.status_code == 200, url
        svg = raw_body(response)
        assert not svg_problems(svg), (url, svg_problems(svg))
        if "medication_name:" + SCRIPT in svg_text(svg) or b"medication_name:&lt;script" in svg:
            shown.append(name)
    # The trend chart labels medicine periods with their names: the positive
    # control (the name is there, as text, and nothing of it runs).
    assert "trend" in shown


def test_chart_text_cannot_break_out_of_its_element(alice, alice_client, hostile):
    """A medicine name that tries to close a comment or a text element stays text."""
    name = "x--></text><script>alert(2)</script><!--y"
    Medication.objects.filter(owner=alice).update(name=name)
    response = alice_client.get(reverse("insights:chart", kwargs={"name": "trend"}) + "?range=all")
    svg = raw_body(response)
    assert not svg_problems(svg)
    assert b"<script>" not in svg


def test_csv_keeps_text_literal_and_neutralises_formulas(alice, alice_client, hostile):
    base = hostile.cramp.started_at
    for index, formula in enumerate(FORMULAS, start=1):
        Cramp.objects.create(
            owner=alice,
            started_at=base - timedelta(days=index),
            time_zone="Europe/Berlin",
            muscle="foot",
            notes=formula,
        )
    response = alice_client.get(reverse("export:cramps_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    notes = {row["notes"] for row in rows}
    assert PAYLOADS["cramp_notes"] in notes  # literal: a CSV is not HTML
    for formula in FORMULAS:
        assert "'" + formula in notes, formula
        assert formula not in notes, formula
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)


def squeeze(text):
    return re.sub(r"\s+", "", text)


def test_summary_page_and_pdf_show_text_literally(alice_client, hostile):
    extra = {"name": PAYLOADS["cramp_notes"], "questions": PAYLOADS["day_notes"]}
    query = dict(KNOWN["export:summary"].query(hostile), **extra)
    page = alice_client.get(reverse("export:summary") + "?" + urlencode(query))
    assert page.status_code == 200
    html = page.content.decode()
    assert_inert(html, "summary page")
    for key in ("medication_name", "condition_notes", "cramp_notes", "day_notes"):
        assert escape(PAYLOADS[key]) in html, key

    response = alice_client.get(reverse("export:summary_pdf") + "?" + urlencode(query))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = squeeze(pdf_text(raw_body(response)))
    # reportlab reads markup: literal text proves it was escaped, not interpreted.
    for key in ("medication_name", "condition_notes", "cramp_notes", "day_notes"):
        assert squeeze(PAYLOADS[key]) in text, key


def test_sign_up_refuses_markup_in_the_user_name(client, db):
    payload = SCRIPT + IMG
    response = client.post(
        reverse("signup"),
        {
            "username": payload,
            "password1": "long-enough-pass-7731",
            "password2": "long-enough-pass-7731",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username=payload).exists()
    html = response.content.decode()
    assert_inert(html, "sign-up form with errors")
    assert escape(payload) in html  # what was typed is shown back, escaped


def test_import_errors_and_preview_escape_file_contents(alice_client, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from export.formats import CSV_COLUMNS

    cells = {column: "" for column in CSV_COLUMNS}
    cells.update(
        started_at="2026-01-05T03:00:00+01:00",
        time_zone="Europe/Berlin",
        muscle=SCRIPT,
        side="left",
        severity=IMG,
        notes=SCRIPT + IMG,
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerow([cells[c] for c in CSV_COLUMNS])
    response = alice_client.post(
        reverse("export:import"),
        {"action": "upload", "file": SimpleUploadedFile("cramps.csv", out.getvalue().encode())},
    )
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert_inert(html, "import errors")
    assert escape(IMG) in html  # the bad value is named, escaped
    assert not Cramp.objects.filter(owner=alice).exists()

    # A valid backup whose text is hostile: the preview and the pages after it.
    from export.formats import BACKUP_FORMAT, BACKUP_VERSION

    backup = {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "medications": [
            {
                "name": PAYLOADS["medication_name"],
                "drug_class": "other",
                "dose": PAYLOADS["medication_dose"],
                "started_on": date(2025, 1, 1).isoformat(),
                "notes": PAYLOADS["medication_notes"],
            }
        ],
    }
    import json

    response = alice_client.post(
        reverse("export:import"),
        {
            "action": "upload",
            "file": SimpleUploadedFile("backup.json", json.dumps(backup).encode()),
        },
    )
    assert_inert(response.content.decode(), "import preview")
    response = alice_client.post(reverse("export:import"), {"action": "confirm"}, follow=True)
    assert_inert(response.content.decode(), "after import")
    assert Medication.objects.get(owner=alice).name == PAYLOADS["medication_name"]
    html = alice_client.get(reverse("journal:medications")).content.decode()
    assert_inert(html, "medications after import")
    assert escape(PAYLOADS["medication_name"]) in html


def test_the_active_content_detector_finds_payloads():
    parser = ActiveContent()
    parser.feed(f"<p>{SCRIPT}</p><p>{IMG}</p><p>{escape(SCRIPT + IMG)}</p>")
    assert parser.found == ["inline script 'alert(1)'", "<img> with ['onerror']", "<img src=x>"]


def test_when_the_cramps_began_is_literal_on_the_summary_page_and_pdf(alice, alice_client):
    began = f"began:{SCRIPT}{IMG}"  # free text: the settings form accepts it as written
    response = alice_client.post(
        reverse("account_settings"),
        {**SETTINGS, "cramps_began": began},
    )
    assert response.status_code == 302
    query = {"from": "2026-01-01", "to": "2026-01-31"}
    html = alice_client.get(reverse("export:summary"), query).content.decode()
    assert_inert(html, "summary page")
    assert escape(began) in html
    pdf = alice_client.get(reverse("export:summary_pdf"), query)
    assert squeeze(began) in squeeze(pdf_text(raw_body(pdf)))
