"""我的待办 walked in Chromium: the officer sees their work with the overdue first and follows one; the leader
sees the annual report awaiting approval; a register record is added one by one and an import run twice adds
nothing the second time.

Drives Debian's Chromium against pytest-django's live server, on the demo's data plus a few records made
through the services (the demo has no applications).
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from openpyxl import Workbook

from tests.e2e.pages import login, logout, new_page

pytestmark = pytest.mark.e2e

APPLICANT = {
    "applicant_name": "王某",
    "applicant_category": "natural_person",
    "id_type": "resident_id",
    "id_number": "110101199001011234",
    "phone": "13800000000",
    "email": "",
    "address": "长治市上党区某路1号",
    "description": "2025年本机关法律援助案件办理情况",
    "requested_form": "electronic",
    "delivery": "email",
}


def _work(users: dict[str, Any]) -> tuple[Any, Any]:
    """An application received months ago (overdue), one received today, and last year's report checked by
    the officer (awaiting the leader's approval)."""
    from gongkai.workflow import today_in_china
    from gongkai_web.agencies.models import Agency
    from gongkai_web.annual_reports.services import annual_report_check, annual_report_generate
    from gongkai_web.applications.services import application_register

    sfj = Agency.objects.get(code="sdq-sfj")
    today = today_in_china()
    late = application_register(
        agency=sfj,
        acting_user=users["sfj-officer"],
        channel="in_person",
        submitted_on=today - timedelta(days=90),
        **APPLICANT,
    )
    application_register(
        agency=sfj, acting_user=users["sfj-officer"], channel="in_person", submitted_on=today, **APPLICANT
    )
    report = annual_report_generate(agency=sfj, year=today.year - 1, acting_user=users["sfj-officer"])
    report = annual_report_check(report=report, acting_user=users["sfj-officer"])
    return late, report


def _fees_file() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["收费项目", "年度", "收费金额（万元）", "填报机关"])
    ws.append(["档案查询复制费", 2025, "0.12", "长治市上党区司法局"])
    ws.append(["证照工本费", 2025, "0.3", ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_worklists_and_registers(live_server: Any, browser: Any, demo: str, tmp_path: Any) -> None:
    from django.contrib.auth.models import User

    users = {u.username: u for u in User.objects.filter(username__in=["sfj-officer", "sfj-leader"])}
    late, report = _work(users)
    base = live_server.url
    page = new_page(browser, timeout=20_000)

    # The officer: 我的待办, overdue first, each with its due date; the overdue case is followed.
    login(page, base, "sfj-officer", demo)
    assert page.inner_text("h1") == "我的待办"
    assert page.inner_text("h2 >> nth=0") == "全部待办（逾期的在前）"
    first = page.locator("#worklist tbody tr").first
    assert "已逾期" in first.inner_text()
    assert page.locator("#worklist tr[data-kind='case_new']").count() == 2  # both new, one overdue
    row = page.locator(f"#worklist tbody tr:has-text('{late.number}')")
    assert "已逾期" in row.inner_text() and late.due_date.isoformat() in row.inner_text()
    overdue = page.locator("#worklist tbody tr.overdue")
    normal = page.locator("#worklist tbody tr:not(.overdue)")
    assert overdue.count() >= 1 and normal.count() >= 1
    row.locator("a").click()
    page.wait_for_url(f"**/staff/cases/{late.pk}/")
    assert late.number in page.inner_text("h1")

    # A register record added one by one, then the same file imported twice: the second adds nothing.
    page.goto(f"{base}/staff/a/sdq-sfj/registers/fees/")
    page.click("#record-add")
    page.fill("#id_name", "复印费")
    page.fill("#id_year", "2025")
    page.fill("#id_amount", "0.05")
    page.click("#record-form button[type=submit]")
    page.wait_for_url("**/registers/fees/")
    assert "已添加记录" in page.inner_text("main")
    assert page.locator("#records tbody tr:has-text('复印费')").count() == 1
    upload = tmp_path / "fees.xlsx"
    upload.write_bytes(_fees_file())
    for expected in ("已导入 2 行；0 行已在台账中", "已导入 0 行；2 行已在台账中"):
        page.goto(f"{base}/staff/a/sdq-sfj/registers/fees/import/")
        page.set_input_files("#id_file", str(upload))
        page.click("main form button[type=submit]")
        page.wait_for_url("**/registers/fees/")
        assert expected in page.inner_text("main")
    assert page.locator("#records tbody tr").count() == 3
    logout(page)

    # The leader: the report awaiting approval is in 待我审核 and in 我的待办.
    login(page, base, "sfj-leader", demo)
    assert report.title in page.inner_text("#to-review")
    assert page.locator("#worklist tr[data-kind='report_approve']").count() == 1
    page.click(f"#to-review >> text={report.title}")
    page.wait_for_url(f"**/staff/annual/{report.pk}/")
    page.context.close()
