"""An officer drafts an item, the leader approves it, an anonymous visitor finds it by a Chinese word of its body.

Drives Debian's Chromium (never a downloaded browser) against pytest-django's live server.
The pictures in docs/screenshots come from scripts/screenshots, never from the tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.pages import login, logout, new_page

pytestmark = pytest.mark.e2e


def test_officer_drafts_leader_approves_visitor_finds_it(live_server: Any, browser: Any, demo: str) -> None:
    password = demo
    base = live_server.url
    page = new_page(browser, timeout=15_000)

    login(page, base, "sfj-officer", password)
    page.goto(f"{base}/staff/a/sdq-sfj/items/new/")
    page.select_option("#id_category", label="工作动态")
    page.fill("#id_title", "上党区司法局开展河长制普法巡河宣传活动")
    page.fill("#id_body", "<p>司法所工作人员沿漳河开展巡河普法，讲解水污染防治法，发放宣传资料三百份。</p>")
    page.click("text=保存草稿")
    page.click("button >> text=提交审核")
    assert page.inner_text("#status") == "待审核"
    logout(page)

    login(page, base, "sfj-leader", password)
    page.click("#to-review >> text=河长制普法巡河")
    page.click("button >> text=审核通过")
    assert page.inner_text("#status") == "已发布"
    logout(page)

    page.goto(f"{base}/")
    page.fill("#q", "水污染防治")
    page.press("#q", "Enter")
    page.wait_for_url("**/search/**")
    assert page.inner_text("ol.hits mark") == "水污染防治"
    page.click("ol.hits a >> text=河长制普法巡河")
    assert page.inner_text("h1") == "上党区司法局开展河长制普法巡河宣传活动"
    page.context.close()
