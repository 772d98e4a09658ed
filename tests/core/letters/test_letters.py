"""The letters: every kind and every reply rendered as 公文 DOCX and read back for its legal content."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import docx
import pytest
import time_machine
from docx.shared import Mm

from gongkai.fees import item_fee
from gongkai.letters import (
    FINAL,
    LETTER_TITLES,
    TO_OTHERS,
    Application,
    Issuer,
    LetterDocument,
    LetterKind,
    LetterRefusedError,
    compose,
    document_number,
    letter_kind_after,
    letter_text,
    render_docx,
)
from gongkai.letters.texts import REPLIES
from gongkai.renderers import gongwen
from gongkai.workdays import WorkCalendar, parse_notice_csv
from gongkai.workflow import (
    DEADLINE_OUTCOMES,
    REPLY_OUTCOMES,
    Answer,
    Case,
    Consulted,
    EndConsultation,
    Extend,
    Ground,
    IssueFeeNotice,
    Outcome,
    RequestCorrection,
    StartConsultation,
    Variant,
    basis_for,
)

D = date
ISSUER = Issuer("长治市上党区司法局", "上党司法", "长治市上党区人民政府")
APPLICANT = Application(
    applicant="张三",
    case_number="2026-00004",
    query_code="ABCDEFGHJKLMNPQR",
    received_on=D(2026, 3, 2),
    channel="当面提交",
    receipt_rule="当面提交，以提交之日为收到申请之日（条例第三十一条第（一）项）",
    description="2025年本机关作出的行政许可决定书。",
    requested_form="电子文档",
    delivery="电子邮件",
)
#: The applicant's data no letter to someone else may carry.
PERSONAL = (APPLICANT.applicant, APPLICANT.query_code, APPLICANT.case_number, APPLICANT.description[:10])
#: What the old letters printed: the report's counting note, drafting hints, a dash for a date.
HINTS = ("只计这一情形", "不计其他情形", "逐项说明", "并写明", "区分处理的，", "—。", "为—")
RECEIVED = Case.receive(D(2026, 3, 2))


def _letter(kind: LetterKind, case: Case) -> LetterDocument:
    return compose(
        kind,
        case=case,
        issuer=ISSUER,
        application=APPLICANT,
        number=document_number(ISSUER, year=2026, case_seq=4, seq=1),
        issued_on=case.last_event_on,
    )


def _text(kind: LetterKind, case: Case) -> str:
    return letter_text(render_docx(_letter(kind, case)))


def _answered(answer: Answer, case: Case = RECEIVED) -> Case:
    if answer.outcome is Outcome.UNAVAILABLE_STILL_UNCLEAR:
        case = case.apply(RequestCorrection(points="请写明文号"), at=D(2026, 3, 3)).apply(
            "receive_correction", at=D(2026, 3, 5)
        )
    return case.apply(answer, at=D(2026, 3, 10))


def _consulted(with_whom: Consulted) -> Case:
    return RECEIVED.apply(
        StartConsultation(party="上党区财政局", with_whom=with_whom, information="2025年联合印发的通知"),
        at=D(2026, 3, 3),
    )


KINDS: dict[str, tuple[LetterKind, Callable[[], Case], tuple[str, ...]]] = {
    "receipt": (LetterKind.RECEIPT, lambda: RECEIVED, ("第三十三条第二款", "2026年3月30日前作出答复")),
    "correction": (
        LetterKind.CORRECTION,
        lambda: RECEIVED.apply(RequestCorrection(points="请写明文件名称。"), at=D(2026, 3, 4)),
        ("第三十条", "需要补正的事项：请写明文件名称。", "视为放弃申请", "收到补正后的申请之日起计算"),
    ),
    "extension": (
        LetterKind.EXTENSION,
        lambda: RECEIVED.apply(
            Extend(days=10, approved_by="王主任", reason="需要跨年度检索"), at=D(2026, 3, 20)
        ),
        ("第三十三条第二款", "延长10个工作日", "届满日为2026年4月14日", "因需要跨年度检索"),
    ),
    "consultation of a third party": (
        LetterKind.CONSULTATION,
        lambda: _consulted(Consulted.THIRD_PARTY),
        ("第三十二条", "15个工作日", "可能损害您（单位）的合法权益", "不视为同意公开"),
    ),
    "consultation of an agency": (
        LetterKind.CONSULTATION_AGENCY,
        lambda: _consulted(Consulted.AGENCY),
        ("第三十四条", "15个工作日", "视为同意公开", "共同制作"),
    ),
    "fee": (
        LetterKind.FEE,
        lambda: RECEIVED.apply(IssueFeeNotice(fee=item_fee(15), how_to_pay="银行转账"), at=D(2026, 3, 4)),
        (
            "第四十二条",
            "国办函〔2020〕109号",
            "第 11–15 件：5 件 × 100 元 = 500 元",
            "合计：500 元",
            "银行转账",
        ),
    ),
    "answer": (
        LetterKind.ANSWER,
        lambda: _answered(Answer(Outcome.GRANTED)),
        ("第十三条第一款、第三十六条第（二）项、第四十条", "予以公开", "电子文档", "电子邮件"),
    ),
    "termination after no correction": (
        LetterKind.TERMINATION,
        lambda: RECEIVED.apply(RequestCorrection(points="请写明文号"), at=D(2026, 3, 3)).apply(
            "correction_deadline_passed", at=D(2026, 4, 30)
        ),
        ("第三十条", "视为放弃", "2026年3月3日告知您"),
    ),
    "termination after an unpaid fee": (
        LetterKind.TERMINATION,
        lambda: RECEIVED.apply(IssueFeeNotice(fee=item_fee(15), how_to_pay="转账"), at=D(2026, 3, 3)).apply(
            "payment_deadline_passed", at=D(2026, 4, 30)
        ),
        ("第四十二条", "国办函〔2020〕109号", "未缴纳信息处理费"),
    ),
}


@pytest.mark.parametrize("name", list(KINDS))
def test_each_letter_states_its_legal_content(name: str) -> None:
    kind, build, phrases = KINDS[name]
    case = build()
    assert kind is LetterKind.RECEIPT or letter_kind_after(case) is kind
    text = _text(kind, case)
    assert LETTER_TITLES[kind][0] in text
    assert "《中华人民共和国政府信息公开条例》" in text
    for phrase in phrases:
        assert phrase in text, phrase
    assert ("申请行政复议" in text and "提起行政诉讼" in text) is (kind in FINAL)
    assert "。。" not in text
    assert not [h for h in HINTS if h in text]


@pytest.mark.parametrize("name", list(KINDS))
def test_letters_carry_the_query_code_only_to_the_applicant(name: str) -> None:
    kind, build, _ = KINDS[name]
    text = _text(kind, build())
    if kind in TO_OTHERS:
        assert not [p for p in PERSONAL if p in text]
        assert "查询码" not in text
    else:
        assert text.startswith(f"{ISSUER.name}\n上党司法依申〔2026〕4-1号\n{LETTER_TITLES[kind][0]}\n张三：")
        assert f"查询码：{APPLICANT.query_code}" in text


def test_only_a_third_party_is_told_disclosure_may_harm_its_rights() -> None:
    third = _text(LetterKind.CONSULTATION, _consulted(Consulted.THIRD_PARTY))
    agency = _text(LetterKind.CONSULTATION_AGENCY, _consulted(Consulted.AGENCY))
    assert "合法权益" in third and "合法权益" not in agency
    assert "政府信息公开征求意见函" in agency and "第三方" not in agency.split("\n", 3)[3]
    assert third.split("\n")[3] == agency.split("\n")[3] == "上党区财政局："


def _reply_answers() -> list[Answer]:
    answers = []
    for outcome in REPLY_OUTCOMES:
        withheld = (Ground.INTERNAL_AFFAIRS,) if outcome is Outcome.PARTIALLY_GRANTED else ()
        answers.append(Answer(outcome, withheld=withheld, reasons="具体理由。"))
    answers.append(Answer(Outcome.GRANTED, variant=Variant.ALREADY_PUBLISHED, reasons="本机关门户网站"))
    answers.append(
        Answer(Outcome.UNAVAILABLE_NOT_HELD, variant=Variant.OTHER_AGENCY, reasons="由区财政局负责")
    )
    return answers


@pytest.mark.parametrize("answer", _reply_answers(), ids=lambda a: f"{a.outcome.value}-{a.variant or ''}")
def test_every_reply_cites_its_articles_and_states_its_remedies(answer: Answer) -> None:
    text = _text(LetterKind.ANSWER, _answered(answer))
    basis = basis_for(answer.outcome, variant=answer.variant, withheld=answer.withheld)
    assert basis.citation() in text
    assert "具体理由" in text or answer.variant is not None
    review_first = answer.outcome.value.startswith("withheld.") or answer.outcome is Outcome.PARTIALLY_GRANTED
    assert ("行政复议前置" in text) is review_first
    assert ("自收到本告知书之日起6个月内向人民法院提起行政诉讼" in text) is (
        not review_first or answer.outcome is Outcome.PARTIALLY_GRANTED
    )
    assert "向长治市上党区人民政府申请行政复议" in text
    assert "特此告知。" in text and "。。" not in text
    assert not [h for h in HINTS if h in text]


def test_the_partial_reply_names_the_withheld_part_and_its_ground_not_a_counting_note() -> None:
    answer = Answer(
        Outcome.PARTIALLY_GRANTED, withheld=(Ground.THIRD_PARTY_RIGHTS,), reasons="第3页载有他人身份证号码"
    )
    text = _text(LetterKind.ANSWER, _answered(answer))
    assert "第十五条、第三十六条第（二）项、第三十七条" in text
    assert "其中公开会对第三方合法权益造成损害的内容，不予公开。" in text
    assert "不予公开部分的理由：第3页载有他人身份证号码。" in text
    assert "对本答复中不予公开部分不服，应当" in text


def test_withholding_after_a_third_party_objected_says_when_and_what_it_answered() -> None:
    case = (
        _consulted(Consulted.THIRD_PARTY)
        .apply(EndConsultation(answer="不同意公开，涉及商业秘密"), at=D(2026, 3, 16))
        .apply(Answer(Outcome.WITHHELD_THIRD_PARTY_RIGHTS, reasons="涉及商业秘密"), at=D(2026, 3, 17))
    )
    text = _text(LetterKind.ANSWER, case)
    assert "第十五条、第三十二条、第三十六条第（三）项" in text
    assert (
        "本机关已于2026年3月3日书面征求第三方意见，第三方于2026年3月16日提出不同意公开的意见：不同意公开，涉及商业秘密。"
        in text
    )
    assert "上党区财政局" not in text  # the third party is not named to the applicant


@pytest.mark.parametrize(
    "answer",
    [a for a in _reply_answers() if REPLIES[a.variant if a.variant is not None else a.outcome].required],
    ids=lambda a: f"{a.outcome.value}-{a.variant or ''}",
)
def test_a_reply_whose_article_demands_reasons_is_refused_without_them(answer: Answer) -> None:
    bare = Answer(answer.outcome, variant=answer.variant, withheld=answer.withheld)
    with pytest.raises(LetterRefusedError) as err:
        _text(LetterKind.ANSWER, _answered(bare))
    assert err.value.field == "reasons" and "理由和说明" in err.value.message_zh


def test_a_partial_reply_without_the_ground_of_its_withheld_part_is_refused() -> None:
    with pytest.raises(LetterRefusedError) as err:
        _text(LetterKind.ANSWER, _answered(Answer(Outcome.PARTIALLY_GRANTED, reasons="x")))
    assert err.value.field == "withheld" and "第三十七条" in err.value.message_zh


@pytest.mark.parametrize(
    ("kind", "case", "field"),
    [
        (LetterKind.CORRECTION, RECEIVED.apply(RequestCorrection(), at=D(2026, 3, 3)), "points"),
        (
            LetterKind.CONSULTATION,
            RECEIVED.apply(StartConsultation(information="x"), at=D(2026, 3, 3)),
            "party",
        ),
        (
            LetterKind.CONSULTATION_AGENCY,
            RECEIVED.apply(StartConsultation(party="某局", with_whom=Consulted.AGENCY), at=D(2026, 3, 3)),
            "information",
        ),
        (LetterKind.FEE, RECEIVED.apply(IssueFeeNotice(fee=item_fee(15)), at=D(2026, 3, 3)), "how_to_pay"),
    ],
)
def test_a_letter_missing_what_the_law_requires_is_refused_naming_the_field(
    kind: LetterKind, case: Case, field: str
) -> None:
    with pytest.raises(LetterRefusedError) as err:
        _text(kind, case)
    assert err.value.field == field


def test_an_extension_whose_new_due_date_the_calendar_cannot_compute_is_refused() -> None:
    # Received 2026-12-01: 20 + 20 working days run into 2027, which the package does not cover.
    case = Case.receive(D(2026, 12, 1)).apply(Extend(days=20, approved_by="主任"), at=D(2026, 12, 10))
    with pytest.raises(LetterRefusedError) as err:
        _text(LetterKind.EXTENSION, case)
    assert "2027" in err.value.message_zh and "节假日安排" in err.value.message_zh
    calendar = WorkCalendar.official().load_notice(2027, parse_notice_csv("2027-01-01,holiday,元旦\n"))
    assert "届满日为2027年1月27日" in _text(LetterKind.EXTENSION, case.with_calendar(calendar))


def test_an_extension_during_a_consultation_says_the_last_day_follows_it() -> None:
    case = _consulted(Consulted.THIRD_PARTY).apply(Extend(days=5, approved_by="主任"), at=D(2026, 3, 5))
    text = _text(LetterKind.EXTENSION, case)
    assert "延长5个工作日" in text and "第三十三条第三款" in text and "届满日为" not in text


def test_a_receipt_beyond_the_calendar_states_the_period_in_words_not_a_dash() -> None:
    text = _text(LetterKind.RECEIPT, Case.receive(D(2026, 12, 10)))
    assert "将自收到申请之日起20个工作日内作出答复" in text and "—" not in text


@pytest.mark.parametrize(
    ("issuer", "number"),
    [
        (Issuer("长治市上党区司法局", "上党司法"), "上党司法依申〔2026〕4-2号"),
        (Issuer("长治市上党区司法局", "  "), "长治市上党区司法局依申〔2026〕4-2号"),
    ],
)
def test_document_numbers_use_the_agency_abbreviation_or_its_name(issuer: Issuer, number: str) -> None:
    assert document_number(issuer, year=2026, case_seq=4, seq=2) == number
    assert not re.search(r"[A-Za-z]", number)


def test_the_same_letter_gives_the_same_bytes_whenever_it_is_rendered() -> None:
    letter = _letter(LetterKind.ANSWER, RECEIVED.apply(Answer(Outcome.GRANTED), at=D(2026, 3, 10)))
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=UTC), tick=False):
        draft = render_docx(letter)
    with time_machine.travel(datetime(2026, 3, 12, 17, 30, tzinfo=UTC), tick=False):
        issued = render_docx(letter)
    assert draft == issued
    assert letter_text(issued) == letter.text()


def test_letters_are_laid_out_as_official_documents() -> None:
    case = RECEIVED.apply(Answer(Outcome.GRANTED), at=D(2026, 3, 10))
    content = render_docx(_letter(LetterKind.ANSWER, case))
    document = docx.Document(io.BytesIO(content))
    section = document.sections[0]
    assert [round(v / Mm(1)) for v in (section.top_margin, section.left_margin)] == [37, 28]
    paragraphs = [p for p in document.paragraphs if p.text]
    mark, _, title = paragraphs[:3]
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert mark.runs[0]._r.rPr.rFonts.get(f"{w}eastAsia") == gongwen.TITLE_FONTS[0]
    assert str(mark.runs[0].font.color.rgb) == "FF0000"
    assert title.text == "政府信息公开申请答复告知书" and title.runs[0].font.size.pt == 22
    body = next(p for p in paragraphs if p.text.startswith("本机关于"))
    assert body.runs[0]._r.rPr.rFonts.get(f"{w}eastAsia") == gongwen.BODY_FONTS[0]
    assert body.runs[0].font.size.pt == 16
    assert any(p._p.pPr is not None and p._p.pPr.find(f"{w}pBdr") is not None for p in document.paragraphs)
    texts = [p.text for p in paragraphs]
    seal = texts.index("（印章）")
    assert texts[seal + 1 : seal + 3] == [ISSUER.name, "2026年3月10日"]
    assert document.core_properties.author == ISSUER.name


def test_deadline_outcomes_are_letters_of_termination_not_answers() -> None:
    assert {o for o in Outcome if o not in REPLY_OUTCOMES} == DEADLINE_OUTCOMES
