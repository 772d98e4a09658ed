"""The public's journey on the demo (issue 11 items 1 and 6), as a visitor walks it in Chromium: from the home
page to the application form; to an agency, down its catalogue tree to an item with its 生成日期 and 主题分类;
a search narrowed by agency and days, with its count; the agency's 政府信息公开指南; an annual report with every
row group of the PDF. And the same pages on a phone (375 px): nothing wider than the screen.

The pictures in docs/screenshots come from scripts/screenshots, never from the tests.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.pages import new_page

pytestmark = pytest.mark.e2e


def test_the_public_finds_reads_searches_and_applies(live_server: Any, browser: Any, demo: str) -> None:
    base = live_server.url
    page = new_page(browser, timeout=20_000)

    # The home page shows the way to apply, for every agency.
    page.goto(f"{base}/")
    apply = page.locator("#apply-home")
    assert "依申请公开" in apply.inner_text()
    apply.locator("a", has_text="长治市上党区司法局").first.click()
    page.wait_for_url(f"{base}/apply/a/sdq-sfj/")
    assert page.locator("form").count() >= 1

    # An agency, its catalogue tree, a column, an item with its index block.
    page.goto(f"{base}/")
    page.click("ul.agencies >> text=长治市上党区司法局")
    assert "在线申请" in page.inner_text("aside.apply")
    page.click("#catalogue-tree >> text=工作动态")
    assert page.locator("#catalogue-tree a[aria-current=page]").inner_text() == "工作动态"
    page.locator("ul.items li a").first.click()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.inner_text("#item-made"))
    assert page.inner_text("#item-subject") == "工作动态"

    # The 依申请公开 column leads to the form rather than saying nothing is published.
    page.goto(f"{base}/a/sdq-sfj/c/ysqgk/")
    assert "暂无公开信息" not in page.inner_text("main")
    assert page.locator("aside.apply a.button").get_attribute("href") == "/apply/a/sdq-sfj/"

    # A search narrowed to one agency and one month: a count, and each hit dated within the month.
    page.goto(f"{base}/search/")
    page.fill("#id_q", "普法")
    page.select_option("#id_agency", label="长治市上党区司法局")
    page.fill("#id_since", "2020-06-01")
    page.fill("#id_until", "2020-06-30")
    page.click("#search-form button[type=submit]")
    assert page.inner_text("#search-count").startswith("共 ")
    days = page.locator("ol.hits time").all_inner_texts()
    assert days and all(d.startswith("2020-06-") for d in days)
    assert all("长治市上党区司法局" in m for m in page.locator("ol.hits .hit-meta").all_inner_texts())
    page.goto(page.url + "&page=99999")
    assert "超出范围" in page.inner_text("#search-past-end")

    # The agency's guide: who receives applications, how to apply, fees, remedies.
    page.goto(f"{base}/a/sdq-sfj/")
    page.click("#catalogue-tree >> text=政府信息公开指南")
    for section in ("#guide-office", "#guide-apply", "#guide-fees", "#guide-remedies"):
        assert page.locator(section).is_visible()
    assert page.locator("#guide-apply a.button").get_attribute("href") == "/apply/a/sdq-sfj/"

    # An annual report from the column: its page shows every row group the PDF shows.
    page.goto(f"{base}/a/sdq-jyj/c/ndbg/")
    page.locator("ul.items li a").first.click()
    page.click("text=查看年报全文、图表与图解")
    assert "三、本年度办理结果" in page.inner_text("#part-applications")
    assert page.locator("#part-applications table.grid td[data-key]").count() > 100


PHONE_PAGES = ("/", "/a/sdq-sfj/c/gzdt/", "/search/?q=%E6%99%AE%E6%B3%95", "/annual/a/sdq-jyj/")


def test_the_public_pages_fit_a_phone(live_server: Any, browser: Any, demo: str) -> None:
    base = live_server.url
    page = new_page(browser, width=375, timeout=20_000)
    page.goto(f"{base}/a/sdq-sfj/c/gzdt/")
    item = page.locator("ul.items li a").first.get_attribute("href")
    page.goto(f"{base}/annual/a/sdq-jyj/")
    report = page.locator("#reports a").first.get_attribute("href")
    for path in (*PHONE_PAGES, item, report):
        page.goto(f"{base}{path}")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 375, f"{path} is {wide} px wide at 375"
