"""The app's own URLs and error handlers, plus views that fail on purpose.

Used with override_settings(ROOT_URLCONF=...) so the error pages are produced
by the real handlers in cramplog.urls, exactly as in production.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path

from cramplog.urls import handler403, handler404, handler500  # noqa: F401 (used by Django)
from cramplog.urls import urlpatterns as app_urlpatterns

INTERNAL = "INTERNAL-DETAIL-must-not-leak-5521"


def boom(request):
    raise RuntimeError(f"{INTERNAL} /srv/secret/path.py")


def forbidden(request):
    raise PermissionDenied(INTERNAL)


def missing(request):
    raise Http404(INTERNAL)


urlpatterns = [
    path("test-errors/500/", boom),
    path("test-errors/403/", forbidden),
    path("test-errors/404/", missing),
    *app_urlpatterns,
]
