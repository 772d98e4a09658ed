"""Steps the browser tests share: logging in and out of the staff pages."""

from __future__ import annotations

from typing import Any


def login(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit] >> text=登录")
    page.wait_for_url(f"{base}/staff/")


def logout(page: Any) -> None:
    page.click("header button >> text=退出")
    page.wait_for_load_state()
