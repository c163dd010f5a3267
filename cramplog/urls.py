from django.contrib import admin
from django.urls import include, path

from cramplog import pwa, views
from journal import offline_sync

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/settings/", views.account_settings, name="account_settings"),
    path("accounts/theme/", views.set_theme, name="set_theme"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("api/cramps/sync/", offline_sync.sync_queue, name="sync_queue"),
    path("insights/", include("insights.urls")),
    path("", include("journal.export_urls")),
    path("", include("journal.urls")),
]

handler404 = "cramplog.errors.not_found"
handler403 = "cramplog.errors.forbidden"
handler500 = "cramplog.errors.server_error"
