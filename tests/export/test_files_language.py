"""The files are data, not pages: the cramps CSV reads the same (English headers and
labels) whatever language the user reads CrampLog in, and imports back; the import's
messages people read follow their language."""

import pytest
from django.urls import reverse
from django.utils import translation

from export import importer
from export.formats import csv_code, csv_label
from tests.export.test_export_fixtures import fill_journal


def test_the_cramps_csv_is_the_same_in_every_language(alice_client, alice):
    fill_journal(alice)
    english = alice_client.get(reverse("export:cramps_csv")).content
    for language in ("de", "es"):
        alice.profile.language = language
        alice.profile.save()
        response = alice_client.get(reverse("export:cramps_csv"))
        assert response["Content-Language"] == language
        assert response.content == english
    assert b"Stretch;Walked it off" in english


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_csv_labels_are_english_and_read_back_in_any_language(language):
    with translation.override(language):
        assert csv_label("muscle", "calf") == "Calf"
        assert csv_label("relief_tried", "walked") == "Walked it off"
        assert csv_code("muscle", "Calf") == "calf"
        assert csv_code("muscle", "calf") == "calf"


def test_the_cramps_csv_imports_back_for_a_german_speaker(alice_client, alice):
    fill_journal(alice)
    content = alice_client.get(reverse("export:cramps_csv")).content
    alice.profile.language = "de"
    alice.profile.save()
    with translation.override("de"):
        plan = importer.plan_import(alice, importer.parse_upload(content, 10_000_000))
    assert plan.ok, plan.errors
    assert plan.new_total == 0 and plan.duplicate_total == 7


def test_import_messages_follow_the_users_language():
    with translation.override("de"):
        with pytest.raises(importer.ImportFileError, match="Die Datei ist leer."):
            importer.parse_upload(b"   ", 1000)
        assert importer.size_message(2_500_000, 1_000_000) == (
            "Die Datei hat 2,5 MB; Sie können höchstens 1,0 MB importieren."
        )
    with translation.override("es"), pytest.raises(importer.ImportFileError, match="vacío"):
        importer.parse_upload(b"\n", 1000)
    assert importer.size_message(2_500_000, 1_000_000) == (
        "The file is 2.5 MB; the largest file you can import is 1.0 MB."
    )
