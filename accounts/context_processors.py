from django.conf import settings


def profile(request):
    user = getattr(request, "user", None)
    # Pages offer a password reset only when the server can send the mail.
    recovery = settings.EMAIL_RECOVERY
    if user is None or not user.is_authenticated:
        return {
            "profile": None,
            "theme": "auto",
            "email_recovery": recovery,
        }
    profile = user.profile
    return {
        "profile": profile,
        "theme": profile.theme,
        "email_recovery": recovery,
    }
