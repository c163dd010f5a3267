"""Installable web app: the manifest and the service worker, served same-origin."""

import hashlib
import json

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext, pgettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# What the home page's quick log needs to render offline.
SHELL_ASSETS = [
    "cramplog/app.css",
    "cramplog/app.js",
    "cramplog/icon.svg",
    "django_htmx/htmx-2.min.js",
]


def shell_assets():
    """Static files the service worker precaches."""
    return [static(name) for name in SHELL_ASSETS]


@login_not_required
@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request):
    icons = [
        {"src": static("cramplog/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("cramplog/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("cramplog/icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    # In the language of the request (browser or profile): an installed app
    # reads its names and description in the language it was installed in.
    data = {
        "lang": get_language(),
        "id": "/",
        "name": "CrampLog",
        "short_name": "CrampLog",
        "description": gettext("A private journal for night-time muscle cramps."),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#0d1117",
        "theme_color": "#0b5cad",
        "icons": icons,
        "shortcuts": [
            {
                "name": gettext("Log a cramp"),
                "short_name": pgettext("navigation", "Log"),
                "url": reverse("journal:home") + "#log",
                "icons": [{"src": static("cramplog/icons/shortcut-log-96.png"), "sizes": "96x96"}],
            },
            {
                "name": gettext("Morning check-in"),
                # Translators: short name of the app shortcut to the morning check-in.
                "short_name": gettext("Check-in"),
                "url": reverse("journal:home") + "#checkin",
                "icons": [
                    {"src": static("cramplog/icons/shortcut-checkin-96.png"), "sizes": "96x96"}
                ],
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@login_not_required
@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    assets = shell_assets()
    version = hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12]
    response = render(
        request,
        "cramplog/sw.js",
        {
            "assets_json": json.dumps(assets),
            "app_js": json.dumps(static("cramplog/app.js")),
            "sync_url_json": json.dumps(reverse("journal:sync_queue")),
            "logout_url_json": json.dumps(reverse("logout")),
            "app_css": json.dumps(static("cramplog/app.css")),
            "version": version,
        },
        content_type="text/javascript",
    )
    response["Service-Worker-Allowed"] = "/"
    return response
