"""A member of the public applies and gets a 查询码; the officer asks for a correction; the status page shows
it; the case is answered and the answer letter downloads (Debian's Chromium against the live server)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def test_apply_correct_follow_answer_and_download(
    live_server: Any, browser: Any, transactional_db: Any, tmp_path: Path
) -> None:
    from gongkai.letters import letter_text
    from tests.web import factories as f

    agency = f.AgencyFactory(code="e2e-dept", name="端到端测试局")
    f.member(agency, "officer", username="e2e-officer")
    f.member(agency, "leader", username="e2e-leader")
    base = live_server.url

    public = browser.new_context(locale="zh-CN").new_page()
    public.set_default_timeout(15_000)
    public.goto(f"{base}/apply/a/{agency.code}/")
    public.fill("#id_applicant_name", "端到端申请人")
    public.select_option("#id_applicant_category", "natural_person")
    public.select_option("#id_id_type", "resident_id")
    public.fill("#id_id_number", "110101199001019992")
    public.fill("#id_phone", "13800138000")
    public.fill("#id_description", "本局2025年行政处罚决定书")
    public.select_option("#id_requested_form", "electronic")
    public.select_option("#id_delivery", "email")
    public.fill("#id_email", "e2e@example.org")
    public.click("#apply-submit")
    code = public.inner_text("#query-code").strip()
    assert len(code) == 16

    staff = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
    staff.set_default_timeout(15_000)
    staff.goto(f"{base}/accounts/login/")
    staff.fill("#id_username", "e2e-officer")
    staff.fill("#id_password", "pw-secret-123")
    staff.click("main button[type=submit]")
    staff.wait_for_url(f"{base}/staff/")
    staff.goto(f"{base}/staff/cases/a/{agency.code}/")
    staff.click("#recent a")
    staff.fill("#id_request_correction-points", "请写明处罚决定书的文号或当事人名称")
    staff.click("button[name=do][value=request_correction]")
    # every letter is reviewed by a leader before it is issued
    leader = browser.new_context(locale="zh-CN").new_page()
    leader.set_default_timeout(15_000)
    leader.goto(f"{base}/accounts/login/")
    leader.fill("#id_username", "e2e-leader")
    leader.fill("#id_password", "pw-secret-123")
    leader.click("main button[type=submit]")
    leader.wait_for_url(f"{base}/staff/")
    leader.click("#to-review li.letter-review a")
    leader.click("#proposals button >> text=审核通过")
    staff.reload()
    assert "待补正" in staff.inner_text("#state")

    public.goto(f"{base}/apply/s/{code}/")
    assert "待补正" in public.inner_text("#state")
    assert "补正告知书" in public.inner_text("#letters")
    assert "端到端申请人" not in public.content()

    staff.click("button[name=do][value=receive_correction]")
    assert "已受理" in staff.inner_text("#state")
    staff.select_option("#id_answer-outcome", "granted")
    staff.fill("#id_answer-reasons", "已按电子邮件提供")
    staff.click("button[name=do][value=answer]")
    leader.goto(f"{base}/staff/")
    leader.click("#to-review li.letter-review a")
    leader.click("#proposals button >> text=审核通过")
    staff.reload()
    assert "已答复" in staff.inner_text("#state")
    with staff.expect_download() as info:
        staff.click("#letters a.letter >> text=答复告知书")
    path = tmp_path / "answer.docx"
    info.value.save_as(path)
    assert zipfile.is_zipfile(path)
    text = letter_text(path.read_bytes())
    assert code in text and "予以公开" in text and "申请行政复议" in text

    public.goto(f"{base}/apply/s/{code}/")
    assert "已答复" in public.inner_text("#state")
    assert "答复告知书" in public.inner_text("#letters")
