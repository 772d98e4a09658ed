"""DOCX generation of every letter of an application (letters.md (b)); called once, when the letter is issued.

Each document carries the issuing agency, its number, the applicant, the case number and 查询码, the receipt
date and channel, the date issued and a place for the seal; only final dispositions carry the remedies.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from gongkai.fees import FeeQuote
from gongkai.templates import get_template
from gongkai.workflow import (
    CONSULTATION_ANSWER_PERIOD,
    OUTCOME_BASIS,
    Outcome,
    remedies_for,
)

_ROW_LABELS = {r.key: r for r in get_template("2021").applications.rows}


def outcome_label(outcome: str) -> str:
    """The printed label of an outcome's result row, with its group (from the template)."""
    row = _ROW_LABELS.get(outcome)
    if row is None:
        return outcome
    groups = [g for g in row.group if not g.startswith("三、")]
    return "·".join([*(g.split("）", 1)[-1] for g in groups), row.label])


@dataclass(frozen=True)
class LetterFacts:
    """What every letter states about its case (letters.md (b), first paragraph)."""

    agency: str
    number: str
    title: str
    applicant: str
    case_number: str
    query_code: str
    received_on: date
    channel: str
    receipt_rule: str
    issued_on: date
    description: str
    extra: dict[str, Any] = field(default_factory=dict)


def _d(day: date | None) -> str:
    return "—" if day is None else f"{day.year}年{day.month}月{day.day}日"


def _body(kind: str, f: LetterFacts) -> list[str]:
    x = f.extra
    received = (
        f"本机关于{_d(f.received_on)}收到您以{f.channel}方式提出的政府信息公开申请（编号 {f.case_number}；{f.receipt_rule}），"
        f"申请获取：{f.description}。"
    )
    if kind == "receipt":
        return [
            received,
            f"您要求的获取方式：{x.get('form', '')}；获取途径：{x.get('delivery', '')}。",
            f"依据《中华人民共和国政府信息公开条例》第三十三条第二款，本机关将于{_d(x.get('due_date'))}前作出答复"
            "（自收到申请之日起20个工作日；依法需要补正、征求意见或延期的，按条例规定另行计算）。",
            f"您可凭查询码 {f.query_code} 在本机关政府信息公开网站查询办理进度。",
        ]
    if kind == "correction":
        points = x.get("points") or "申请内容不明确"
        return [
            received,
            f"经审查，您的申请需要补正，请就以下事项作出补正：{points}。",
            f"依据《中华人民共和国政府信息公开条例》第三十条，请您于{_d(x.get('correction_due'))}前提交补正后的申请。"
            "答复期限自本机关收到补正后的申请之日起重新计算。",
            "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ]
    if kind == "extension":
        return [
            received,
            f"因{x.get('reason') or '需要较长时间检索、审查'}，不能在法定期限内作出答复。"
            f"经本机关政府信息公开工作机构负责人（{x.get('approved_by', '')}）同意，"
            f"依据《中华人民共和国政府信息公开条例》第三十三条第二款，答复期限延长{x.get('days', 20)}个工作日，"
            f"延长后的答复期限届满日为{_d(x.get('due_date'))}。",
        ]
    if kind == "consultation":
        return [
            f"致：{x.get('party') or '第三方'}",
            f"本机关收到一件政府信息公开申请（编号 {f.case_number}），申请公开的信息为：{f.description}。"
            "该信息的公开可能损害您的合法权益。",
            f"依据《中华人民共和国政府信息公开条例》第三十二条，请您自收到本意见书之日起{CONSULTATION_ANSWER_PERIOD}个工作日内"
            "提出意见；不同意公开的，请说明理由。",
            "逾期未提出意见的，不视为同意公开，由本机关依照条例规定决定是否公开。",
        ]
    if kind == "fee":
        fee = x.get("fee")
        lines = [
            received,
            "因您申请公开政府信息的数量、频次明显超过合理范围，依据《中华人民共和国政府信息公开条例》第四十二条第二款"
            "及《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本机关收取信息处理费如下：",
        ]
        if isinstance(fee, FeeQuote):
            lines += fee.breakdown("zh").splitlines()
        lines += [
            f"请于{_d(x.get('payment_due'))}前缴纳。缴费方式：{x.get('how_to_pay') or '按本机关公布的缴费方式办理'}。",
            "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ]
        return lines
    if kind in ("answer", "termination"):
        outcome = str(x["outcome"])
        basis = OUTCOME_BASIS[Outcome(outcome)]
        cited = "、".join(p for p in (basis.reply_item, basis.ground) if p)
        lines = [
            received,
            f"经审查，办理结果：{outcome_label(outcome)}。",
        ]
        if x.get("reasons"):
            lines.append(f"理由：{x['reasons']}")
        if cited:
            lines.append(f"依据：《中华人民共和国政府信息公开条例》{cited}。")
        lines.append(remedies_for(outcome).text(x.get("review_body", "")))
        return lines
    raise ValueError(f"unknown letter kind {kind}")


def render_letter(kind: str, facts: LetterFacts) -> bytes:
    """The DOCX bytes of a letter of ``kind`` (a LetterKind value) built from ``facts``."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(14)
    head = doc.add_paragraph(facts.agency)
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = doc.add_heading(facts.title, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number = doc.add_paragraph(facts.number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if kind != "consultation":
        doc.add_paragraph(f"{facts.applicant}：")
    for line in _body(kind, facts):
        doc.add_paragraph(line)
    doc.add_paragraph(f"申请编号：{facts.case_number}　查询码：{facts.query_code}")
    sign = doc.add_paragraph(f"{facts.agency}（印章）")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    when = doc.add_paragraph(_d(facts.issued_on))
    when.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.core_properties.title = facts.title
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def letter_text(content: bytes) -> str:
    """The paragraphs of a stored letter as text (for tests and previews)."""
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
