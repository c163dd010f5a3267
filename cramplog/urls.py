from django.contrib import admin
from django.urls import include, path

from cramplog import pwa

urlpatterns = [
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("insights/", include("insights.urls")),
    path("", include("export.urls")),
    path("", include("journal.urls")),
]

handler404 = "cramplog.errors.not_found"
handler403 = "cramplog.errors.forbidden"
handler500 = "cramplog.errors.server_error"
