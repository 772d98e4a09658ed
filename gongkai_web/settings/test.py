"""Test settings: dev opt-outs, fast hashing, attachments in a throwaway directory."""

import tempfile
from pathlib import Path

from gongkai_web.settings.dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="gongkai-media-"))
GONGKAI_MAX_ATTACHMENT_BYTES = 64 * 1024
GONGKAI_MAX_SPREADSHEET_BYTES = 256 * 1024
# Test databases roll back, so portal versions repeat between tests: no page cache unless a test asks for it.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "portal": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
PORTAL_VERSION_SECONDS = 0.0
# The history import's tests serve their pages on 127.0.0.1 (one test turns the guard back on).
GONGKAI_FETCH_PUBLIC_ONLY = False
# No footer unless a test sets one (the dev settings' demo footer is Chinese on every page).
GONGKAI_SITE_FOOTER = {}
