"""Production settings, secure by default: every opt-out lives in ``dev``/``test``.

The environment is read here and only here (``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS``, ``DATABASE_URL``,
``GONGKAI_MEDIA_ROOT``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# Django's generic classes (ModelAdmin, ModelForm, Feed, Lookup…) subscriptable at run time, as they are typed.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    """The environment variable ``name``, or ``default``; the one reader of the environment."""
    return os.environ.get(name, default)


DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY") or ""
if not SECRET_KEY and os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".base"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production")
ALLOWED_HOSTS = [h for h in (env("DJANGO_ALLOWED_HOSTS", "") or "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "gongkai_web.common",
    "gongkai_web.agencies",
    "gongkai_web.catalogue",
    "gongkai_web.registers",
    "gongkai_web.applications",
    "gongkai_web.annual_reports",
    "gongkai_web.oversight",
    "gongkai_web.staff",
    "gongkai_web.portal",
    "gongkai_web.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai_web.urls"
WSGI_APPLICATION = "gongkai_web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai_web.portal.context.site_footer",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Attachments are served only through views that check publication; never by a static URL.
MEDIA_ROOT = Path(env("GONGKAI_MEDIA_ROOT") or BASE_DIR / "media")

#: Public pages are cached per process, keyed by a portal version kept in the database (common.pagecache).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongkai-default"},
    "portal": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gongkai-portal",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
PORTAL_CACHE_SECONDS = 300
#: How stale a worker's idea of the portal version may be (one DB read per worker per interval).
PORTAL_VERSION_SECONDS = 1.0

#: Bounded request sizes; attachments and spreadsheets have their own, lower limits.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
GONGKAI_MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
GONGKAI_MAX_SPREADSHEET_BYTES = 5 * 1024 * 1024
#: Column health: days without a new item before a catalogue column counts as stale, by category code, on top
#: of the defaults (catalogue.selectors.DEFAULT_STALE_DAYS, from the national inspection indicators), e.g.
#: {"gzdt": 7, "*": 300}.
GONGKAI_COLUMN_STALE_DAYS: dict[str, int] = {}
#: The history import reads addresses staff type: never from a private, loopback or link-local address.
GONGKAI_FETCH_PUBLIC_ONLY = True
#: The site's public address, for links in mail to applicants (e.g. https://gk.example.gov.cn); empty: a path.
GONGKAI_SITE_URL = env("GONGKAI_SITE_URL", "") or ""
#: Rate overrides of the public forms and look-ups, {"apply": (challenge_after, limit, window_seconds)}
#: (defaults in gongkai_web.common.throttle.RATES); the environment may give them as JSON, e.g.
#: GONGKAI_THROTTLE='{"apply": [5, 40, 3600]}'.
GONGKAI_THROTTLE: dict[str, tuple[int, int, int]] = {
    name: (int(a), int(b), int(c))
    for name, (a, b, c) in json.loads(env("GONGKAI_THROTTLE", "{}") or "{}").items()
}

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_SSL_REDIRECT = env("DJANGO_SSL_REDIRECT", "1") == "1"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# production security (prodsec: issue 14 items 3-5) ------------------------------------------------------------

INSTALLED_APPS += [
    "axes",  # login lockout with back-off (per account and per address)
    "django_otp",  # second factor (TOTP) for the people who approve and oversee
    "django_otp.plugins.otp_totp",
    "csp",  # Content-Security-Policy
]


def _after(middleware: list[str], anchor: str, *extra: str) -> list[str]:
    at = middleware.index(anchor) + 1
    return [*middleware[:at], *extra, *middleware[at:]]


#: Malformed input (NUL bytes, control characters, a foreign charset) is a 400 before any view; OTP state on
#: the user; staff who must use a second factor are sent to enrol or verify; headers on every answer; axes last
#: (its documented place).
MIDDLEWARE = _after(
    MIDDLEWARE,
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gongkai_web.common.security.InputGuardMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongkai_web.accounts.middleware.TwoFactorMiddleware",
)
MIDDLEWARE = _after(
    MIDDLEWARE, "django.middleware.security.SecurityMiddleware", "csp.middleware.CSPMiddleware"
)
MIDDLEWARE += [
    "gongkai_web.common.security.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
#: Five wrong passwords for one account, or from one address, lock it out; each further failure doubles the
#: wait (gongkai_web.accounts.lockout.cool_off), from 15 minutes up to a day. A right password resets the count.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = "gongkai_web.accounts.lockout.cool_off"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_DISABLE_ACCESS_LOG = True
#: The address a lockout counts (common.security.client_address): X-Real-IP only from a trusted proxy.
AXES_CLIENT_IP_CALLABLE = "gongkai_web.common.security.client_address"
GONGKAI_TRUSTED_PROXIES: list[str] = []

#: A second factor (TOTP) for leaders, administrators, the superior office and superusers
#: (gongkai_web.accounts): on in production; the demo and the tests turn it off (docs/deploy.md).
GONGKAI_TWO_FACTOR = env("GONGKAI_TWO_FACTOR", "1") == "1"
OTP_TOTP_ISSUER = "gongkai"

#: A staff session ends after a working day, and when the browser closes.
SESSION_COOKIE_AGE = 9 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

#: The site runs no inline script or style: everything from its own origin (django-csp 4).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
#: Browser features the site never uses, denied to it and to anything it embeds.
GONGKAI_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)
#: HSTS covers the site's own subdomains unless the operator says otherwise; preloading is a submission to the
#: browsers' list, the operator's decision (off: its deployment check is silenced as a decision made).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = env("GONGKAI_HSTS_PRELOAD", "0") == "1"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
#: The portal's footer (every page): 主办单位, contact, and the registrations a Chinese site shows (ICP 备案号,
#: 公安机关备案号, 政府网站标识码). Empty entries are left out.
GONGKAI_SITE_FOOTER: dict[str, str] = {
    "host": env("GONGKAI_SITE_HOST") or "",
    "contact": env("GONGKAI_SITE_CONTACT") or "",
    "icp": env("GONGKAI_SITE_ICP") or "",
    "police": env("GONGKAI_SITE_POLICE") or "",
    "site_code": env("GONGKAI_SITE_CODE") or "",
}
