"""The settings a deployment runs (docs/deploy.md): ``base``, secure by default, as one or more app hosts behind
nginx serve it — without the ``demo`` app, static files from whitenoise, media on disk or in S3-compatible
storage, mail through the agency's relay.

Everything here is read from the environment (through ``base.env``): see ``deploy/gongkai.env.example``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from gongkai_web.settings.base import *  # noqa: F403
from gongkai_web.settings.base import BASE_DIR, DATABASES, INSTALLED_APPS, MIDDLEWARE, env

# deployment (prodops) ------------------------------------------------------------------------------------

DEBUG = False
if not SECRET_KEY:  # noqa: F405  (from base, read from DJANGO_SECRET_KEY)
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production")

#: The demo (seed_demo, its users and their shared password) never exists on a production site.
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "gongkai_web.demo"]


def _after_security(middleware: list[str], extra: str) -> list[str]:
    """``middleware`` with ``extra`` right after SecurityMiddleware (whitenoise's documented place)."""
    at = middleware.index("django.middleware.security.SecurityMiddleware") + 1
    return [*middleware[:at], extra, *middleware[at:]]


#: Static files from the app itself: hashed names cached for a year, gzip/brotli made once at collectstatic,
#: the same on every app host and in the load bench (nginx needs no static location to stay in step).
MIDDLEWARE = _after_security(MIDDLEWARE, "whitenoise.middleware.WhiteNoiseMiddleware")
STATIC_ROOT = Path(env("GONGKAI_STATIC_ROOT") or BASE_DIR / "staticfiles")


def _media_storage() -> dict[str, Any]:
    """Attachments on this host's disk (``GONGKAI_MEDIA_ROOT``), or in an S3-compatible bucket shared by several
    app hosts (``GONGKAI_MEDIA_STORAGE=s3``, needs the ``s3`` extra: django-storages with boto3)."""
    kind = env("GONGKAI_MEDIA_STORAGE", "disk")
    if kind == "disk":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind == "s3":
        options = {
            "bucket_name": env("GONGKAI_S3_BUCKET"),
            "endpoint_url": env("GONGKAI_S3_ENDPOINT_URL"),
            "region_name": env("GONGKAI_S3_REGION"),
            "access_key": env("GONGKAI_S3_ACCESS_KEY_ID"),
            "secret_key": env("GONGKAI_S3_SECRET_ACCESS_KEY"),
            # Attachments are private: served only through the views that check publication.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        }
        if not options["bucket_name"]:
            raise ImproperlyConfigured("GONGKAI_S3_BUCKET must be set when GONGKAI_MEDIA_STORAGE=s3")
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    raise ImproperlyConfigured(f"GONGKAI_MEDIA_STORAGE must be 'disk' or 's3', not {kind!r}")


STORAGES = {
    "default": _media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

#: nginx terminates TLS and says so; gunicorn trusts the header only from 127.0.0.1 (forwarded_allow_ips).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

#: One PostgreSQL connection per worker thread, kept between requests and checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = int(env("GONGKAI_CONN_MAX_AGE", "600") or 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

#: Reminders go out through the agency's mail relay.
EMAIL_HOST = env("GONGKAI_EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = int(env("GONGKAI_EMAIL_PORT", "25") or 25)
EMAIL_HOST_USER = env("GONGKAI_EMAIL_USER", "") or ""
EMAIL_HOST_PASSWORD = env("GONGKAI_EMAIL_PASSWORD", "") or ""
EMAIL_USE_TLS = env("GONGKAI_EMAIL_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = env("GONGKAI_FROM_EMAIL", "gongkai@localhost") or "gongkai@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# production security (prodsec) --------------------------------------------------------------------------

#: Per-address limits (the login lockout) count the address nginx saw: deploy/nginx sets X-Real-IP, trusted
#: from these proxies only (comma-separated; the proxy's private address when app hosts are separate).
GONGKAI_TRUSTED_PROXIES = [a for a in (env("GONGKAI_TRUSTED_PROXIES", "127.0.0.1") or "").split(",") if a]
