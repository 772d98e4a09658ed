"""A leader signs in with a password, enrols a TOTP authenticator by reading the key off the page, verifies
with a code computed here and reaches the dashboard; five wrong passwords lock an account out.

Drives Debian's Chromium against pytest-django's live server with the second factor on (as in production).
"""

from __future__ import annotations

from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import totp

from tests.e2e.pages import new_page

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _two_factor_on(settings: Any) -> None:
    settings.GONGKAI_TWO_FACTOR = True


def _password_step(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit] >> text=登录")
    page.wait_for_load_state()


def _code(secret: str) -> str:
    raw = secret.replace(" ", "")
    return f"{totp(b32decode(raw + '=' * (-len(raw) % 8))):06d}"


def test_a_leader_enrols_a_second_factor_and_reaches_the_dashboard(
    live_server: Any, browser: Any, demo: str
) -> None:
    base = live_server.url
    page = new_page(browser, timeout=15_000)
    _password_step(page, base, "sfj-leader", demo)
    page.wait_for_url("**/accounts/two-factor/enrol/**")
    assert page.inner_text("h1") == "设置双因素认证"
    assert page.locator("figure.qr svg").count() == 1
    secret = page.inner_text("#totp-secret")

    page.fill("#id_token", "000000" if _code(secret) != "000000" else "111111")
    page.click("button >> text=确认")
    assert "验证码不正确" in page.inner_text("main")

    page.fill("#id_token", _code(secret))
    page.click("button >> text=确认")
    page.wait_for_url(f"{base}/staff/")
    assert page.locator("#to-review").count() == 1

    # a new browser: the password alone is not enough any more
    other = new_page(browser, timeout=15_000)
    _password_step(other, base, "sfj-leader", demo)
    other.wait_for_url("**/accounts/two-factor/?**")
    assert other.inner_text("h1") == "双因素认证"


def test_five_wrong_passwords_lock_the_account_out(live_server: Any, browser: Any, demo: str) -> None:
    base = live_server.url
    page = new_page(browser, timeout=15_000)
    for _ in range(5):
        _password_step(page, base, "sfj-officer", "not-the-password")
    _password_step(page, base, "sfj-officer", demo)
    assert page.inner_text("h1") == "登录已暂时锁定"
    page.goto(f"{base}/staff/")
    assert page.url.startswith(f"{base}/accounts/login/")
