"""The superior office reviews the findings of a department's report on its board (the demo's 市场监管局 2022
report, printed with a re-counted stock of rules and a row that does not add up): dismisses one with a
reason, confirms one, returns the report with a reason; the board counts the reviews; the department sees
the return and the confirmed finding."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.pages import login, logout, new_page

pytestmark = pytest.mark.e2e

REASON = "第三部分新收申请数与总计不符，请更正后重新报送"


def board_counts(page: Any) -> tuple[str, str, str]:
    row = page.locator("tr[data-agency='sdq-scj']")
    return (
        row.locator("td.review-open").inner_text(),
        row.locator("td.review-confirmed").inner_text(),
        row.locator("td.review-dismissed").inner_text(),
    )


def test_superior_reviews_findings_and_returns_the_report_department_sees_it(
    live_server: Any, browser: Any, demo: str
) -> None:
    password = demo
    base = live_server.url
    page = new_page(browser, timeout=30_000)

    login(page, base, "gov-superior", password)
    page.goto(f"{base}/staff/oversight/a/sdq-gov/?year=2022")
    assert board_counts(page) == ("3", "0", "0")
    page.click("tr[data-agency='sdq-scj'] a.review-link")
    page.wait_for_url("**/review/")
    assert page.locator("tr.finding").count() == 3

    stock = page.locator("tr[data-rule='normative_stock']")
    stock.locator("textarea").fill("本年清理规章后重新统计存量，数字无误")
    stock.locator("button >> text=不予采纳（填写理由）").click()
    assert page.locator(".messages").inner_text().strip() == "已不予采纳该核对结果。"
    assert page.get_attribute("tr[data-rule='normative_stock']", "data-status") == "dismissed"

    page.locator("tr[data-rule='applications_row_total'] button >> text=确认并退回本机关").click()
    assert page.get_attribute("tr[data-rule='applications_row_total']", "data-status") == "confirmed"
    assert "「自然人」列" in page.inner_text("tr[data-rule='applications_row_total'] table.cells")

    page.fill("#id_reason", REASON)
    page.click("button >> text=退回部门更正")
    assert REASON in page.inner_text("#returns")
    assert page.locator("#return").count() == 0  # returned once until answered

    page.goto(f"{base}/staff/oversight/a/sdq-gov/?year=2022")
    assert board_counts(page) == ("1", "1", "1")
    assert page.inner_text("tr[data-agency='sdq-scj'] .returned") == "已退回"
    logout(page)

    login(page, base, "scj-officer", password)
    page.goto(f"{base}/staff/annual/a/sdq-scj/")
    assert REASON in page.inner_text("#returned")
    page.click("#returned a")
    assert page.get_attribute("tr[data-rule='applications_row_total']", "data-status") == "confirmed"
    assert page.locator("form.decide").count() == 0  # the department's officer reads, never judges
    page.context.close()
