"""Steps the browser tests share: a page of the demo site, logging in and out of the staff pages."""

from __future__ import annotations

from typing import Any


def new_page(browser: Any, *, timeout: int = 30_000, width: int = 1100, **options: Any) -> Any:
    """A page in a new browser context as a visitor from mainland China sees the site (zh-CN)."""
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    page.set_default_timeout(timeout)
    return page


def login(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit] >> text=登录")
    page.wait_for_url(f"{base}/staff/")


def logout(page: Any) -> None:
    page.click("header button >> text=退出")
    page.wait_for_load_state()
