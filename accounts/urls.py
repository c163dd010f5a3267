"""Sign-up, log-in, settings and account deletion: everything about the account."""

from django.urls import include, path

from accounts import recovery, views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("settings/", views.account_settings, name="account_settings"),
    path("theme/", views.set_theme, name="set_theme"),
    path("delete/", views.delete_account, name="delete_account"),
    path("password_change/", views.PasswordChange.as_view(), name="password_change"),
    path("email/verify/<str:token>/", recovery.verify_email, name="verify_email"),
    path("password_reset/", recovery.password_reset, name="password_reset"),
    path("recover/", recovery.recover, name="recover"),
    path("recovery-codes/", recovery.recovery_codes, name="recovery_codes"),
    path("", include("django.contrib.auth.urls")),
]
