"""app.js's words (Django's JavaScript catalog) and the language switch of signed-out pages."""

from functools import lru_cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.utils.translation import get_language
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog, set_language

# Django's view, open to signed-out visitors (the log-in and sign-up pages offer it).
set_language = login_not_required(set_language)


def javascript_catalog(request):
    """Context processor: ``javascript_catalog``, {msgid: translation} of the
    djangojs domain in the active language.

    Django's JavaScript catalog, given to the page as data (base.html,
    json_script) instead of a script of its own: one request fewer on every
    first load, nothing to cache offline, and the strict Content Security
    Policy stays without inline scripts. app.js reads it.
    """
    return {"javascript_catalog": _catalog(get_language())}


@lru_cache(maxsize=16)  # one per language; the catalogs change only with a deploy
def _catalog(language):
    view = JavaScriptCatalog(domain="djangojs")
    # Only CrampLog's own catalogs (LOCALE_PATHS), not those of Django's admin.
    paths = [str(path) for path in settings.LOCALE_PATHS]
    view.translation = DjangoTranslation(language, domain="djangojs", localedirs=paths)
    return {msgid: text for msgid, text in view.get_catalog().items() if isinstance(text, str)}
