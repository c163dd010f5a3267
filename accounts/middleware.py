from django.conf import settings
from django.utils import translation


class ProfileLanguageMiddleware:
    """Answer a signed-in user in the language chosen in their settings.

    LocaleMiddleware has already picked the browser's language (its
    Accept-Language header, or the cookie the log-in page's switcher sets);
    a language saved in the profile wins over both. A blank choice keeps the
    browser's.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.known = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.profile.language
            if language in self.known:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
