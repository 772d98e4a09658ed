"""Browser tests: Django settings, permission to touch the database from Playwright's event loop, and the
browser (Debian's Chromium, never a downloaded one)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.settings.test")
# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: run scripts/setup (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def demo(transactional_db: Any) -> str:
    """The demo's data loaded (``seed_demo``); the staff accounts' password."""
    import io

    from django.core.management import call_command

    from gongkai_web.demo.management.commands.seed_demo import DEMO_PASSWORD

    call_command("seed_demo", stdout=io.StringIO())
    return DEMO_PASSWORD
