"""The officer and the leader on a case (issue 11, item 3), in Debian's Chromium against the live server with
the demo's accounts: the officer (sfj-officer) drafts the reply, the leader (sfj-leader) finds it in 待我审核,
reads the draft and returns it with a reason; the officer revises it; the leader approves it and the reply is
issued (numbered, naming both); the officer records its delivery (送达)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.pages import login, new_page

pytestmark = pytest.mark.e2e


def test_officer_drafts_leader_returns_officer_revises_leader_approves_officer_records_delivery(
    live_server: Any, browser: Any, demo: str
) -> None:
    from gongkai.workflow import today_in_china
    from gongkai_web.agencies.models import Agency
    from gongkai_web.applications.models import Application
    from gongkai_web.applications.services import application_register
    from tests.web.applications.helpers import applicant

    base = live_server.url
    agency = Agency.objects.get(code="sdq-sfj")
    from django.contrib.auth import get_user_model

    officer_user = get_user_model().objects.get(username="sfj-officer")
    today = today_in_china()
    app = application_register(
        agency=agency,
        acting_user=officer_user,
        channel="in_person",
        submitted_on=today,
        **applicant(
            applicant_name="端到端申请人",
            id_number="11010119900101123X",
            phone="13912345678",
            description="2025年本局行政复议决定书目录",
        ),
    )

    officer = new_page(browser)
    login(officer, base, "sfj-officer", demo)
    officer.goto(f"{base}/staff/cases/a/{agency.code}/")
    row = officer.locator("#cases tr", has_text=app.number)
    assert "端到端申请人" in row.inner_text() and "2025年本局行政复议决定书目录" in row.inner_text()
    row.locator("a").click()
    assert "11010119900101123X" in officer.inner_text("#id-number")  # the officer sees it whole
    officer.select_option("#id_answer-outcome", "granted")
    officer.fill("#id_answer-reasons", "第一稿")
    officer.click("button[name=do][value=answer]")
    assert "待审批" in officer.inner_text("main") and "已答复" not in officer.inner_text("#state")
    assert officer.locator("#letters a.letter", has_text="答复告知书").count() == 0  # nothing issued yet

    leader = new_page(browser)
    login(leader, base, "sfj-leader", demo)
    review = leader.locator("#to-review li.letter-review", has_text=app.number)
    assert review.count() == 1
    review.locator("a").click()
    assert "政府信息公开申请答复告知书" in leader.inner_text("pre.letter-text")
    assert "第一稿" in leader.inner_text("pre.letter-text")
    assert "11010119900101123X" not in leader.content()  # the leader does not need the ID number
    leader.fill("#proposals textarea[name=reason]", "请写明获取信息的方式和时间")
    leader.click("#proposals button >> text=退回")
    assert "请写明获取信息的方式和时间" in leader.inner_text("#returned-drafts")

    officer.goto(f"{base}/staff/cases/{app.pk}/")
    assert "请写明获取信息的方式和时间" in officer.inner_text("#returned-drafts")
    assert officer.input_value("#id_answer-reasons") == "第一稿"  # the draft again, to revise
    officer.fill("#id_answer-reasons", "已于今日通过电子邮件发送至您预留的邮箱")
    officer.click("button[name=do][value=answer]")

    leader.goto(f"{base}/staff/")
    leader.locator("#to-review li.letter-review", has_text=app.number).locator("a").click()
    assert "通过电子邮件发送" in leader.inner_text("pre.letter-text")
    leader.click("#proposals button >> text=审核通过")
    assert "已答复" in leader.inner_text("#state")
    letter_line = leader.locator("#letters li", has_text="答复告知书")
    assert (
        "拟稿：sfj-officer" in letter_line.inner_text() and "审核签发：sfj-leader" in letter_line.inner_text()
    )

    officer.goto(f"{base}/staff/cases/{app.pk}/")
    answer = officer.locator("#letters li", has_text="答复告知书")
    answer.locator("summary >> text=登记送达").click()
    answer.locator("select[name=method]").select_option("email")
    answer.locator("input[name=delivered_on]").fill(today.isoformat())
    answer.locator("input[name=tracking_number]").fill("MAIL-20261203-001")
    answer.locator("button >> text=登记送达").click()
    delivered = officer.locator("#letters li", has_text="答复告知书").locator("p.delivery")
    assert "已送达" in delivered.inner_text() and "MAIL-20261203-001" in delivered.inner_text()
    assert Application.objects.get(pk=app.pk).letters.get(kind="answer").delivery.method == "email"
