"""CrampLog settings, configured only through environment variables.

Every variable is documented in README.md ("Configuration"). The helpers below
are strict on purpose: a value that cannot be understood stops start-up instead
of silently falling back to a default.
"""

import os
from pathlib import Path
from zoneinfo import available_timezones

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-make-run"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "data")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "cramplog",
    "journal",
    "accounts",
    "insights",
    "export",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.sessions.RenewSessionMiddleware",
    # The browser's language (Accept-Language, or the cookie set on the log-in page).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in user's language comes from their settings when they chose one.
    "accounts.middleware.ProfileLanguageMiddleware",
    # Before anything reads a body (CSRF's process_view): 413 by Content-Length.
    "cramplog.uploads.RequestSizeLimitMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "cramplog.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cramplog.urls"
# Django's form renderer with radio, checkbox, option and input templates in Python.
FORM_RENDERER = "cramplog.renderers.FastWidgetRenderer"
WSGI_APPLICATION = "cramplog.wsgi.application"
ASGI_APPLICATION = "cramplog.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.i18n",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.profile",
                "cramplog.i18n.javascript_catalog",
            ],
        },
    },
]

if env_str("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL"), conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "cramplog.sqlite3",
            # Keep the connection (and its PRAGMAs) between requests of a worker.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers work during a write; IMMEDIATE takes the write
                # lock at BEGIN so two writers queue instead of failing with
                # "database is locked" half-way through a transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "accounts.backends.CrampLogBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Log-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for
# one username from one address, that pair is locked out for an hour.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind the proxy every request comes from 127.0.0.1: the client is read from
# X-Forwarded-For as the trusted proxies wrote it (cramplog/proxy.py).
AXES_CLIENT_IP_CALLABLE = "cramplog.proxy.client_ip"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "journal:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# The languages with complete catalogs in locale/ (tests/test_i18n.py checks them).
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Each language's date formats and first day of the week (cramplog/formats/).
FORMAT_MODULE_PATH = ["cramplog.formats"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")
if TIME_ZONE not in available_timezones():
    raise ImproperlyConfigured(f"TIME_ZONE must be an IANA zone name, not {TIME_ZONE!r}")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads (imports) are parsed in memory and never written to any file: a body
# over the limit is refused by its Content-Length before it is read, and a file
# passing IMPORT_MAX_BYTES while it streams is dropped (cramplog/uploads.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_BYTES = FILE_UPLOAD_MAX_MEMORY_SIZE
FILE_UPLOAD_HANDLERS = ["cramplog.uploads.MemoryOnlyUploadHandler"]
ANONYMOUS_REQUEST_MAX_BYTES = 64 * 1024
# Bounds on one import's work (docs/security.md): entries per file, seconds of
# checking (below gunicorn's 30 s timeout), problems listed on the page.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 30_000)
IMPORT_MAX_SECONDS = env_int("IMPORT_MAX_SECONDS", 10)
IMPORT_MAX_ERRORS_SHOWN = 50

if env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Password recovery by email is offered only when mail can really be sent.
EMAIL_RECOVERY = bool(env_str("EMAIL_HOST"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CrampLog <noreply@localhost>")

# Every cached entry is keyed by what it shows (journal/caching.py): a day is
# long enough to be useful, short enough that keys left behind by writes go.
CACHE_TIMEOUT = 24 * 3600
if env_str("CACHE_URL"):
    # Shared between workers and servers. An outage, a timeout or a full Redis
    # (maxmemory with noeviction) means a cache miss, logged: never an error.
    # Deployment: README "Several instances" (maxmemory + allkeys-lru).
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env_str("CACHE_URL"),
            "TIMEOUT": CACHE_TIMEOUT,
            "OPTIONS": {
                "CLIENT_CLASS": "cramplog.cache.CappedClient",
                "COMPRESSOR": "django_redis.compressors.zlib.ZlibCompressor",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    CACHE_MAX_ENTRY_BYTES = env_int("CACHE_MAX_ENTRY_BYTES", 256 * 1024)
else:
    # Per process. Charts (~10 KB) and timeline night cards (~1 KB) by content;
    # 5,000 entries bound it to a few tens of MB per worker. It cannot fail.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": CACHE_TIMEOUT,
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
        }
    }

# Sessions: health data, so idle sessions end SESSION_IDLE_SECONDS after the
# last request (renewed without a write per request: accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 14 * 24 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
CSRF_FAILURE_VIEW = "cramplog.errors.csrf_failure"

# Transport security. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# BEHIND_PROXY means the same for Django, django-axes and gunicorn
# (gunicorn.conf.py): only then are X-Forwarded-Proto and X-Forwarded-For
# believed, and only from the TRUSTED_PROXY_COUNT proxies nearest the app,
# which gunicorn accepts from FORWARDED_ALLOW_IPS.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1) if BEHIND_PROXY else 0
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
FORWARDED_ALLOW_IPS = env_list("FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"]) if BEHIND_PROXY else []
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
