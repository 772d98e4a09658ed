"""The officer generates the 2020 report of 长治市上党区司法局 from the demo's records, checks it and submits it;
the leader approves it; a visitor finds it in the portal's annual-report column with its charts (no script)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.pages import login, logout, new_page

pytestmark = pytest.mark.e2e


def test_officer_generates_and_submits_leader_approves_portal_shows_it(
    live_server: Any, browser: Any, demo: str
) -> None:
    password = demo
    base = live_server.url
    page = new_page(browser, timeout=30_000)

    login(page, base, "sfj-officer", password)
    page.goto(f"{base}/staff/annual/a/sdq-sfj/")
    page.fill("#id_year", "2020")
    page.click("button >> text=从本年度记录生成年报")
    assert page.inner_text("#state strong") == "草稿"
    assert page.inner_text("td[data-key='proactive.procurement.count']") == "3"
    page.click("td[data-key='proactive.procurement.count'] a")
    assert page.inner_text("#count") == "3"
    page.go_back()
    page.click("button >> text=核对并提交审批")
    assert page.inner_text("#state strong") == "已核对，待审批"
    assert page.inner_text("#findings") == "全部核对通过。"
    logout(page)

    login(page, base, "sfj-leader", password)
    page.goto(f"{base}/staff/annual/a/sdq-sfj/")
    page.click("#reports a >> text=2020年政府信息公开工作年度报告")
    page.click("button >> text=审批通过并发布")
    assert page.inner_text("#state strong") == "已发布"
    assert "长治市上党区人民政府办公室" in page.inner_text("#state")
    logout(page)

    page.goto(f"{base}/a/sdq-sfj/reports/")
    page.click("a >> text=长治市上党区司法局2020年政府信息公开工作年度报告 >> nth=0")
    page.click("a >> text=查看年报全文、图表与图解")
    page.wait_for_url("**/annual/r/**")
    assert page.locator("svg").count() == 3
    assert page.locator("script").count() == 0
    assert (
        page.inner_text("td[data-key='proactive.procurement.amount']") == "30.3861万元"
    )  # printed as the PDF prints it
    page.click("a >> text=图解 >> nth=0")
    assert "174" in page.inner_text("#figures")
    page.context.close()
