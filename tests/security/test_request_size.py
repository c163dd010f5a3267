"""Issue #14 item 3: big bodies are refused by size, before they are read or spooled."""

import pytest
from django.core.files import uploadedfile
from django.test import Client
from django.urls import reverse

from tests.export.test_export_fixtures import upload


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        pytest.fail("the body was read")

    readline = read


def post_announcing(client, path, size):
    return client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": Unreadable()},
    )


def test_a_150_mb_import_is_refused_before_its_body_is_read(alice_client):
    response = post_announcing(alice_client, reverse("export:import"), 150_000_000)
    assert response.status_code == 413
    text = response.content.decode()
    assert "This request is 150.0 MB" in text and "at most 10.5 MB" in text


@pytest.mark.parametrize("path", ["/accounts/login/", "/api/cramps/sync/"])
def test_big_anonymous_posts_are_refused_before_their_body_is_read(db, path):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "x" * 32
    response = post_announcing(client, path, 80_000_000)
    assert response.status_code == 413
    assert "the largest accepted is 0.1 MB" in response.content.decode()


def test_small_anonymous_posts_still_reach_the_page(db):
    response = Client().post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 200


def test_an_upload_is_never_written_to_a_temporary_file(alice_client, alice, settings, monkeypatch):
    def refuse(*args, **kwargs):
        pytest.fail("the upload was spooled to a temporary file")

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", refuse)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django's own handler would spool now
    text = "started_at,muscle\r\n2026-03-03T03:10:00+01:00,calf\r\n"
    assert "Check before importing" in upload(alice_client, text, "c.csv").content.decode()


def test_the_upload_handler_lets_go_of_a_file_once_it_passes_the_limit(settings):
    from cramplog.uploads import MemoryOnlyUploadHandler

    settings.IMPORT_MAX_BYTES = 100
    handler = MemoryOnlyUploadHandler()
    handler.new_file("file", "big.csv", "text/csv", None)
    for start in range(0, 1000, 64):
        assert handler.receive_data_chunk(b"x" * 64, start) is None
        assert handler.file.tell() <= 100
    uploaded = handler.file_complete(1024)
    assert uploaded.size == 1024 and uploaded.read() == b""
