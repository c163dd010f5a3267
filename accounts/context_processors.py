from django.conf import settings
from django.urls import reverse

from journal.caching import render_version


def profile(request):
    user = getattr(request, "user", None)
    # Pages offer a password reset only when the server can send the mail.
    recovery = settings.EMAIL_RECOVERY
    # app.js's words (base.html) and the service worker's offline copy of them:
    # one URL per code version and language, so browsers may keep it (cramplog/i18n.py).
    catalog = f"{reverse('javascript-catalog')}?v={render_version()}"
    if user is None or not user.is_authenticated:
        return {
            "profile": None,
            "theme": "auto",
            "email_recovery": recovery,
            "javascript_catalog_url": catalog,
        }
    profile = user.profile
    return {
        "profile": profile,
        "theme": profile.theme,
        "email_recovery": recovery,
        "javascript_catalog_url": catalog,
    }
