"""The superior office of the demo reads its departments' indicators (table, ranking, trend charts drawn on
the server) and follows a department's link to its year-on-year comparison (summary first, tables with the
change, a DOCX download)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.pages import login, new_page

pytestmark = pytest.mark.e2e


def test_superior_reads_the_indicators_and_a_departments_comparison(
    live_server: Any, browser: Any, demo: str
) -> None:
    password = demo
    base = live_server.url
    page = new_page(browser, timeout=30_000, width=1200, accept_downloads=True)

    login(page, base, "gov-superior", password)
    page.click("#agency-sdq-gov a >> text=部门考核指标")
    page.select_option("#year", "2022")
    page.select_option("#rank", "new_applications")
    page.click("#indicators-form button")
    assert "2022年度部门考核指标" in page.inner_text("h1")
    rows = page.locator("#indicators tbody tr")
    assert rows.count() == 4  # the demo's four departments
    # departments with a report of 2022 are ranked; 司法局 (none on record for 2022) comes last with 「—」
    assert page.inner_text("#indicators tbody tr >> nth=0 >> td.rank") == "1"
    last = page.locator("#indicators tbody tr >> nth=3")
    assert last.get_attribute("data-agency") == "sdq-sfj" and last.locator("td.rank").inner_text() == "—"
    assert page.locator("#indicator-charts svg").count() == 3
    assert "按期办结率" in page.inner_text("#formulas")

    page.click("#indicators tbody tr[data-agency='sdq-jyj'] a >> text=2022年度与上年度对比")
    assert "2022年度与2021年度" in page.inner_text("#compare-title")
    summary = page.inner_text("#compare-summary")
    assert "本年新收申请" in summary and "跨年度核对" in summary
    assert page.locator("table.compare-applications td[data-key='applications.new.total']").count() == 1
    with page.expect_download() as download:
        page.click("#compare-downloads a >> text=DOCX")
    assert download.value.suggested_filename == "sdq-jyj-2021-2022-compare.docx"
    page.context.close()
