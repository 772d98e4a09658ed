"""Response headers of every page (issue 14 item 5): CSP, Permissions-Policy, no-store on staff pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

SITE = Path(__file__).resolve().parents[3] / "gongkai_web"


def _get(url: str, user: Any = None) -> Any:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("url", ["/", "/search/", "/no-such-page/", "/accounts/login/"])
def test_a_public_page_carries_a_content_security_policy_without_inline_script(world: Any, url: str) -> None:
    policy = _get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


def test_a_staff_page_carries_the_content_security_policy(world: Any) -> None:
    assert (
        "default-src 'self'"
        in _get(reverse("staff:dashboard"), world.users["officer"])["Content-Security-Policy"]
    )


@pytest.mark.parametrize("url", ["/", "/no-such-page/"])
def test_every_page_carries_a_permissions_policy(world: Any, url: str) -> None:
    policy = _get(url)["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


@pytest.mark.parametrize("name", ["staff:dashboard", "applications:queue", "catalogue:item_list"])
def test_a_staff_page_is_never_stored_by_a_browser_or_proxy(world: Any, name: str) -> None:
    kwargs = {} if name == "staff:dashboard" else {"code": world.agency.code}
    cache = _get(reverse(name, kwargs=kwargs), world.users["officer"])["Cache-Control"]
    assert "no-store" in cache and "private" in cache


def test_the_login_page_is_never_stored(world: Any) -> None:
    assert "no-store" in _get(reverse("login"))["Cache-Control"]


def test_a_public_page_stays_cacheable(world: Any) -> None:
    assert "no-store" not in _get("/").get("Cache-Control", "")


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),  # a script element without src
    re.compile(r"<style\b", re.I),
    re.compile(r"\sstyle=", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),  # onclick=, onload= …
    re.compile(r"javascript:", re.I),
]


def test_no_template_carries_inline_script_or_style() -> None:
    found = [
        f"{path.relative_to(SITE)}: {pattern.pattern}"
        for path in SITE.rglob("*.html")
        for pattern in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
