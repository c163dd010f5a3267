"""Sign-up, log-in, settings and account deletion: everything about the account."""

from django.urls import include, path

from accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("settings/", views.account_settings, name="account_settings"),
    path("theme/", views.set_theme, name="set_theme"),
    path("delete/", views.delete_account, name="delete_account"),
    path("password_change/", views.PasswordChange.as_view(), name="password_change"),
    path("", include("django.contrib.auth.urls")),
]
