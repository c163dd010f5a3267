"""Export on a phone: choose a range, download the PDF, print the summary."""

import io
import re

from pypdf import PdfReader

from tests.browser.conftest import save_screenshot
from tests.export.test_export_summary import ninety_nights


def choose_first_quarter(page):
    page.get_by_role("radio", name="From … to …").check()
    if not page.get_by_label("From", exact=True).is_visible():  # no JavaScript: open by hand
        page.get_by_text("Dates for “Since a date” or “From … to …”").click()
    page.get_by_label("From", exact=True).fill("2026-01-01")
    page.get_by_label("To", exact=True).fill("2026-03-31")


def test_download_the_doctor_pdf_from_the_export_page(alice_page, live_server, alice):
    ninety_nights(alice)
    page = alice_page
    page.goto(live_server.url + "/export/")
    assert page.get_by_role("link", name="Export").get_attribute("aria-current") == "page"
    # The dates and the print options are folded until needed.
    assert not page.get_by_label("From", exact=True).is_visible()
    choose_first_quarter(page)
    page.get_by_text("Paper, name and questions to print (optional)").click()
    page.get_by_label("Name to print (optional)").fill("Zoë Example")
    page.get_by_label("Questions for my doctor (optional)").fill("Could my statin matter?")
    save_screenshot(page, "export")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename == "cramplog-summary-2026-01-01-to-2026-03-31.pdf"
    with open(download.path(), "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) <= 2
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "62 of 90 nights logged" in text
    assert "Zoë Example" in text
    assert "Could my statin matter?" in text


def test_preview_is_chrome_free_and_offers_print(alice_page, live_server, alice):
    ninety_nights(alice)
    page = alice_page
    page.goto(live_server.url + "/export/")
    choose_first_quarter(page)
    page.get_by_role("button", name="Preview printable page").click()
    page.wait_for_url(re.compile(r"/export/summary/\?from=2026-01-01&to=2026-03-31"))
    assert page.get_by_role(
        "heading", name="Night-time muscle cramps: journal summary"
    ).is_visible()
    assert page.get_by_role("navigation", name="Main").count() == 0
    # print.js reveals the button; without JavaScript it stays hidden.
    assert page.get_by_role("button", name="Print").is_visible()
    assert page.get_by_role("img", name=re.compile("Chart of cramps by time of night")).is_visible()
    assert page.get_by_role("img", name=re.compile("Chart of cramps per week")).is_visible()
    save_screenshot(page, "export-summary")


def test_export_form_works_without_javascript(no_js_page, live_server, alice):
    from tests.browser.conftest import log_in

    ninety_nights(alice)
    page = no_js_page
    log_in(page.context, live_server, alice)
    page.goto(live_server.url + "/export/")
    choose_first_quarter(page)
    page.get_by_role("button", name="Preview printable page").click()
    page.wait_for_url(re.compile(r"/export/summary/"))
    assert page.get_by_text("62 of 90 nights logged").first.is_visible()
    assert page.get_by_role("button", name="Print").count() == 0  # hidden without JS


def test_printable_page_prints_on_two_pages_of_a4_and_of_letter(alice_page, live_server, alice):
    ninety_nights(alice)
    page = alice_page
    page.goto(live_server.url + "/export/summary/?from=2026-01-01&to=2026-03-31&questions=Why%3F")
    for paper, width in (("A4", 596), ("Letter", 612)):  # points, as Chromium rounds them
        reader = PdfReader(io.BytesIO(page.pdf(format=paper)))
        assert len(reader.pages) <= 2, paper
        assert round(float(reader.pages[0].mediabox.width)) == width
        text = " ".join(p.extract_text() for p in reader.pages)
        assert "62 of 90 nights logged" in text
        assert "Back to Export" not in text  # the screen-only tools are not printed
