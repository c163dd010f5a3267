from django.contrib import admin
from django.urls import include, path

from cramplog import i18n, pwa

urlpatterns = [
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    # Django's set_language (django.conf.urls.i18n), open to signed-out visitors.
    path("i18n/setlang/", i18n.set_language, name="set_language"),
    path("insights/", include("insights.urls")),
    path("", include("export.urls")),
    path("", include("journal.urls")),
]

handler404 = "cramplog.errors.not_found"
handler403 = "cramplog.errors.forbidden"
handler500 = "cramplog.errors.server_error"
