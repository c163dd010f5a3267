from django.contrib import admin
from django.urls import include, path

from cramplog import views

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/settings/", views.account_settings, name="account_settings"),
    path("accounts/theme/", views.set_theme, name="set_theme"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("insights/", include("insights.urls")),
    path("", include("journal.export_urls")),
    path("", include("journal.urls")),
]

handler404 = "cramplog.errors.not_found"
handler403 = "cramplog.errors.forbidden"
handler500 = "cramplog.errors.server_error"
