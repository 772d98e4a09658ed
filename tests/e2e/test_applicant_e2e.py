"""The applicant's journey in Chromium (issue 11 item 2): from the portal to the form, applying, refreshing the
confirmation (still one case), looking the case up, answering a 补正 online, downloading the reply. The staff
side (the correction notice, the reply) is driven through the services."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.pages import new_page

pytestmark = pytest.mark.e2e


def test_applicant_finds_the_form_applies_corrects_online_and_downloads_the_reply(
    live_server: Any, browser: Any, transactional_db: Any, tmp_path: Path
) -> None:
    from gongkai.letters import letter_text
    from gongkai.workflow import Event, today_in_china
    from gongkai_web.applications.models import Application
    from gongkai_web.applications.services import letter_delivery_record
    from tests.web import factories as f
    from tests.web.applications.helpers import act

    agency = f.AgencyFactory(code="e2e-apply", name="端到端申请测试局")
    officer = f.member(agency, "officer", username="e2e-apply-officer")
    base = live_server.url
    page = new_page(browser, accept_downloads=True)

    # the portal: the home page lists the agency; its page links to the online form
    page.goto(f"{base}/")
    page.click(f"a[href='/a/{agency.code}/']")
    page.click(f"a[href='/apply/a/{agency.code}/']")
    assert agency.name in page.inner_text("h1")

    # a wrong ID number is refused at its field, in Chinese, and nothing is filed
    page.fill("#id_applicant_name", "端到端申请人")
    page.select_option("#id_applicant_category", "natural_person")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", "110101199001011234")
    page.fill("#id_phone", "abc")
    page.fill("#id_email", "e2e-apply@example.org")
    page.fill("#id_description", "本局2025年行政处罚决定书")
    page.select_option("#id_requested_form", "electronic")
    page.select_option("#id_delivery", "online")
    page.click("#apply-submit")
    assert "居民身份证号码不正确" in page.content() and "联系电话不正确" in page.content()
    assert Application.objects.count() == 0

    page.fill("#id_id_number", "110101199001011237")
    page.fill("#id_phone", "13800138000")
    page.click("#apply-submit")
    page.wait_for_url(f"**/apply/a/{agency.code}/done/")
    code = page.inner_text("#query-code").strip()
    assert len(code) == 16

    # refreshing the confirmation shows the same code and files nothing
    page.reload()
    assert page.inner_text("#query-code").strip() == code
    assert Application.objects.count() == 1

    # a mistyped code is explained, the right one (in lower case) found
    page.goto(f"{base}/apply/status/")
    page.fill("#code", "a/b")
    page.click("#lookup-submit")
    assert "16 位字母和数字" in page.inner_text("#code-error")
    page.fill("#code", code.lower())
    page.click("#lookup-submit")
    page.wait_for_url(f"**/apply/s/{code}/")
    assert "已受理" in page.inner_text("#state")
    assert "端到端申请人" not in page.content() and "13800138000" not in page.content()
    assert "尚未登记送达" in page.inner_text("#letters")

    # the officer drafts the correction notice and a leader approves it (through the services)
    app = Application.objects.get()
    act(app, Event.REQUEST_CORRECTION, today_in_china(), officer, points="请写明处罚决定书的文号或当事人名称")
    page.reload()
    assert "待补正" in page.inner_text("#state")
    assert "请写明处罚决定书的文号" in page.inner_text("#correction-points")
    assert page.inner_text("#correction-due").strip()[:2] == "20"

    # the applicant answers online, with a file
    page.click("#correct-link")
    page.fill("#id_text", "文号为某罚字〔2025〕12号")
    upload = tmp_path / "补正材料.pdf"
    upload.write_bytes(b"%PDF-1.4\n% e2e\n")
    page.set_input_files("#id_attachment", str(upload))
    page.click("#correct-submit")
    page.wait_for_url(f"**/apply/s/{code}/")
    assert "已收到您的补正" in page.content()
    assert "待补正" not in page.inner_text("#state")

    # the reply is issued (through the services) and downloaded with the code
    app = act(app, Event.ANSWER, today_in_china(), officer, outcome="granted", reasons="已通过网站提供")
    page.reload()
    assert "已答复" in page.inner_text("#state")
    row = page.locator("#letters tr", has_text="答复告知书")
    assert "尚未登记送达" in row.inner_text()

    # the officer records its delivery; the status page says when and how, and only then
    letter_delivery_record(
        letter=app.letters.get(kind="answer"),
        method="online",
        delivered_on=today_in_china(),
        tracking_number="网站下载",
        acting_user=officer,
    )
    page.reload()
    row = page.locator("#letters tr", has_text="答复告知书")
    assert today_in_china().isoformat() in row.inner_text()
    row = page.locator("#letters tr", has_text="答复告知书")
    with page.expect_download() as info:
        row.locator("a.download").click()
    path = tmp_path / "answer.docx"
    info.value.save_as(path)
    assert zipfile.is_zipfile(path)
    assert "予以公开" in letter_text(path.read_bytes())
