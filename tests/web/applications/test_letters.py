"""The letters the site issues, read back from the stored DOCX: the right letter, legal text, 文号, no leaks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.letters import letter_text
from gongkai_web.agencies.models import Agency
from tests.web.applications.helpers import APPLICANT, approve_pending, received

pytestmark = pytest.mark.django_db
D = date


def _post(world: Any, app: Any, event: str, **fields: str) -> Any:
    """Apply ``event`` through the case page, as the officer submits its form (and the leader approves the
    draft, where the event issues a letter)."""
    app.refresh_from_db()
    client = Client()
    client.force_login(world.users["officer"])
    data = {f"{event}-version": str(app.version), **{f"{event}-{k}": v for k, v in fields.items()}}
    response = client.post(reverse("applications:event", kwargs={"pk": app.pk, "event": event}), data)
    approve_pending(app, world.users["leader"])
    return response


def _letters(app: Any) -> dict[str, str]:
    return {letter.kind: letter_text(bytes(letter.content)) for letter in app.letters.all()}


def test_consulting_another_agency_sends_it_a_letter_of_consultation_not_a_third_party_notice(
    world: Any,
) -> None:
    app = received(world.agency, D(2026, 3, 2))
    r = _post(
        world,
        app,
        "start_consultation",
        at="2026-03-03",
        party="上党区财政局",
        with_whom="agency",
        information="2025年本机关与区财政局联合印发的通知",
    )
    assert r.status_code == 302
    letter = app.letters.get(event__event="start_consultation")
    text = letter_text(bytes(letter.content))
    assert letter.kind == "consultation_agency" and "政府信息公开征求意见函" in text
    assert "上党区财政局：" in text and "第三十四条" in text and "视为同意公开" in text
    assert "合法权益" not in text and "第三方" not in text


def test_a_letter_to_a_third_party_carries_no_query_code_and_no_applicant_data(world: Any) -> None:
    app = received(world.agency, D(2026, 3, 2))
    _post(
        world,
        app,
        "start_consultation",
        at="2026-03-03",
        party="某某科技有限公司",
        with_whom="third_party",
        information="对某某科技有限公司作出的行政许可决定书",
    )
    text = letter_text(bytes(app.letters.get(event__event="start_consultation").content))
    leaks = [app.query_code, app.number, APPLICANT["applicant_name"], APPLICANT["id_number"]]
    leaks += [APPLICANT["phone"], APPLICANT["email"], APPLICANT["address"], APPLICANT["description"]]
    assert [v for v in leaks if v in text] == []
    assert "可能损害您（单位）的合法权益" in text


def test_a_partial_reply_prints_the_law_not_the_reports_counting_note(world: Any) -> None:
    app = received(world.agency, D(2026, 3, 2))
    r = _post(
        world,
        app,
        "answer",
        at="2026-03-10",
        outcome="partially_granted",
        withheld="internal_affairs",
        reasons="第2页为内部审批意见",
    )
    assert r.status_code == 302
    text = _letters(app)["answer"]
    assert "只计这一情形" not in text and "逐项说明" not in text
    assert "第十六条第一款、第三十六条第（二）项、第三十七条" in text
    assert "其中属于内部事务信息的内容，不予公开。" in text


def test_no_letter_the_site_issues_has_a_doubled_full_stop(world: Any) -> None:
    app = received(world.agency, D(2026, 3, 2))
    _post(world, app, "request_correction", at="2026-03-03", points="请写明文件名称。")
    _post(world, app, "receive_correction", at="2026-03-05")
    _post(world, app, "extend", at="2026-03-06", days="5", approved_by="王主任", reason="需要检索。")
    _post(world, app, "answer", at="2026-03-10", outcome="granted", reasons="已通过电子邮件发送。")
    letters = _letters(app)
    assert set(letters) == {"receipt", "correction", "extension", "answer"}
    assert [kind for kind, text in letters.items() if "。。" in text] == []


def test_an_extension_whose_due_date_the_calendar_cannot_compute_is_refused_and_nothing_saved(
    world: Any,
) -> None:
    app = received(world.agency, D(2026, 12, 1))  # 20 + 20 working days run into 2027, not yet loaded
    before = (app.version, app.events.count(), app.letters.count())
    r = _post(world, app, "extend", at="2026-12-10", days="20", approved_by="王主任")
    assert r.status_code == 400
    page = r.content.decode()
    assert "延期答复告知书须写明答复期限届满日" in page and "2027" in page and "节假日安排" in page
    app.refresh_from_db()
    assert (app.version, app.events.count(), app.letters.count()) == before
    assert not app.letters.filter(kind="extension").exists()


def test_document_numbers_use_the_agencys_abbreviation_never_its_code(world: Any) -> None:
    Agency.objects.filter(pk=world.agency.pk).update(doc_prefix="上党司法")
    world.agency.refresh_from_db()
    app = received(world.agency, D(2026, 3, 2))
    assert app.letters.get().number == f"上党司法依申〔2026〕{int(app.number[-5:])}-1号"
    plain = received(world.other_agency, D(2026, 3, 2))
    number = plain.letters.get().number
    assert number.startswith("乙局依申〔2026〕") and world.other_agency.code not in number


def test_final_letters_name_the_agencys_reconsideration_body(world: Any) -> None:
    Agency.objects.filter(pk=world.agency.pk).update(review_body="某区人民政府")
    app = received(world.agency, D(2026, 3, 2))
    _post(world, app, "answer", at="2026-03-10", outcome="granted")
    assert "60日内向某区人民政府申请行政复议" in _letters(app)["answer"]


def test_a_reply_missing_the_reasons_its_article_demands_is_refused_at_the_page(world: Any) -> None:
    app = received(world.agency, D(2026, 3, 2))
    r = _post(world, app, "answer", at="2026-03-10", outcome="withheld.state_secret")
    assert r.status_code == 400 and "理由和说明" in r.content.decode()
    app.refresh_from_db()
    assert app.state == "received" and not app.letters.filter(kind="answer").exists()
