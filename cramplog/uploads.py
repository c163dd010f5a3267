"""Request bodies are refused by size before they are read, and files are never spooled.

Django's default upload handlers write a file larger than
FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file before any view can refuse
it: a 150 MB POST filled /tmp before the import said "too big".
`RequestSizeLimitMiddleware` answers 413 from the Content-Length header alone
(the body is never read), and `MemoryOnlyUploadHandler` keeps a file in memory
while it streams and stops keeping it as soon as it passes IMPORT_MAX_BYTES.
"""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.translation import gettext

# Multipart boundaries, headers and the form's other fields around one file.
MULTIPART_OVERHEAD = 256 * 1024


def request_limit(user):
    """The largest request body accepted from this user, in bytes."""
    if user.is_authenticated:
        return settings.IMPORT_MAX_BYTES + MULTIPART_OVERHEAD
    # Log-in, sign-up and password-reset forms are a few hundred bytes.
    return settings.ANONYMOUS_REQUEST_MAX_BYTES


def _mb(size):
    # Translators: a size in megabytes, e.g. "1.5 MB".
    return gettext("%(megabytes)s MB") % {"megabytes": number_format(round(size / 1_000_000, 1), 1)}


class RequestSizeLimitMiddleware:
    """413 for a body larger than the user may send, before anything reads it.

    Placed after AuthenticationMiddleware (it needs to know who asks) and so
    before CsrfViewMiddleware's process_view, the first code to read a body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0  # as Django reads it: no body
        if size <= settings.ANONYMOUS_REQUEST_MAX_BYTES:
            return self.get_response(request)  # small: no need to ask who it is
        limit = request_limit(request.user)
        if size > limit:
            message = gettext(
                "This request is %(size)s; the largest accepted is %(limit)s. "
                "Files to import can be at most %(import_limit)s."
            ) % {
                "size": _mb(size),
                "limit": _mb(limit),
                "import_limit": _mb(settings.IMPORT_MAX_BYTES),
            }
            return HttpResponse(
                message + "\n",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keep uploaded files in memory, and none larger than IMPORT_MAX_BYTES.

    A file that grows past the limit while it streams is dropped; what reaches
    the form is an empty file with the size that was sent, so the form can
    say how big it was and what the limit is.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file = BytesIO()
        self.too_big = False

    def receive_data_chunk(self, raw_data, start):
        if not self.too_big and start + len(raw_data) > settings.IMPORT_MAX_BYTES:
            self.too_big = True
            self.file = BytesIO()  # let go of what was kept
        if not self.too_big:
            self.file.write(raw_data)
        return None  # no other handler sees the data

    def file_complete(self, file_size):
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
