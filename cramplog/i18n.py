"""The JavaScript catalog (app.js's gettext()) and the language switch of signed-out pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from django.views.i18n import JavaScriptCatalog, set_language

YEAR = 365 * 24 * 3600
_catalog = JavaScriptCatalog.as_view()

# Django's view, open to signed-out visitors (the log-in and sign-up pages offer it).
set_language = login_not_required(set_language)


def catalog_language(version):
    """The language named at the end of `?v=<code version>.<language>`, or None."""
    language = version.rpartition(".")[2]
    return language if language in {code for code, _name in settings.LANGUAGES} else None


@login_not_required
@require_GET
def javascript_catalog(request):
    """Django's JavaScript catalog, cached by the browser for as long as its URL holds.

    Pages load it on every visit, so its URL carries the code version and the
    language (`?v=<render version>`, from accounts/context_processors.py): the
    answer depends on nothing else, and a deploy or another language is a new URL.
    """
    language = catalog_language(request.GET.get("v", ""))
    if language is None:
        response = _catalog(request)  # the request's language, briefly cached
        patch_cache_control(response, max_age=3600)
        return response
    with translation.override(language):
        response = _catalog(request)
    patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    return response
