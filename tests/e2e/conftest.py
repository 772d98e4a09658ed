"""Browser tests: Django settings and permission to touch the database from Playwright's event loop."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.settings.test")
# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
