"""A letter as a pure function of the case: who issues it, the application's facts, the case after the event.

:func:`compose` returns a :class:`LetterDocument` (title, number, addressee, paragraphs, note), the same for
the same facts, so a draft shown before issue and the letter issued are one text. It refuses
(:class:`LetterRefusedError`, naming the field) a letter the law would find wanting: reasons missing where an
article demands them, a date the calendar cannot compute yet, a consultation without its addressee.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from gongkai.errors import CalendarNotCoveredError, GongkaiError
from gongkai.letters import texts
from gongkai.letters.texts import FINAL, LETTER_TITLES, REPLIES, TO_OTHERS, LetterKind
from gongkai.workflow.case import Case
from gongkai.workflow.clock import CONSULTATION_ANSWER_PERIOD, REPLY_PERIOD
from gongkai.workflow.events import (
    FIELD_LABELS,
    Answer,
    Consulted,
    EndConsultation,
    Extend,
    IssueFeeNotice,
    Payload,
    RequestCorrection,
    StartConsultation,
)
from gongkai.workflow.legal import (
    FEE_RULES,
    REGULATION,
    WITHHELD_GROUND,
    Basis,
    Remedies,
    basis_for,
    remedies_for,
)
from gongkai.workflow.outcomes import Outcome
from gongkai.workflow.states import Event


class LetterRefusedError(GongkaiError):
    """A letter that cannot be issued as it stands; ``field`` names the event field at fault, when one is."""

    def __init__(self, message_zh: str, message_en: str | None = None, *, field: str | None = None) -> None:
        super().__init__(message_zh, message_en)
        self.field = field


@dataclass(frozen=True, slots=True)
class Issuer:
    """The issuing agency: its name (the 发文机关标志 and signature), its 机关代字 for the 文号, and the
    reconsideration body its final letters name unless the officer names another."""

    name: str
    doc_prefix: str = ""
    review_body: str = ""

    @property
    def prefix(self) -> str:
        """The 机关代字 the 文号 starts with; the agency's name when none is configured."""
        return self.doc_prefix.strip() or self.name


@dataclass(frozen=True, slots=True)
class Application:
    """The facts of the application a letter states (labels already in Chinese)."""

    applicant: str
    case_number: str
    query_code: str
    received_on: date
    channel: str
    receipt_rule: str
    description: str
    requested_form: str
    delivery: str


@dataclass(frozen=True, slots=True)
class LetterDocument:
    """A composed letter: what the DOCX prints, in order (issuer mark, number, title, addressee, body,
    signature and date, note)."""

    kind: LetterKind
    issuer: Issuer
    number: str
    title: str
    addressee: str
    body: tuple[str, ...]
    issued_on: date
    note: str = ""

    def text(self) -> str:
        """The letter as plain text, paragraph per line (as :func:`gongkai.letters.letter_text` reads the DOCX)."""
        lines = [self.issuer.name, self.number, self.title, f"{self.addressee}：", *self.body]
        lines += [texts.SEAL, self.issuer.name, day(self.issued_on)]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


#: The letter each event issues (a consultation's depends on whom it asks; see :func:`letter_kind_after`).
EVENT_LETTERS: Mapping[Event, LetterKind] = MappingProxyType(
    {
        Event.REQUEST_CORRECTION: LetterKind.CORRECTION,
        Event.EXTEND: LetterKind.EXTENSION,
        Event.START_CONSULTATION: LetterKind.CONSULTATION,
        Event.ISSUE_FEE_NOTICE: LetterKind.FEE,
        Event.ANSWER: LetterKind.ANSWER,
        Event.CORRECTION_DEADLINE_PASSED: LetterKind.TERMINATION,
        Event.PAYMENT_DEADLINE_PASSED: LetterKind.TERMINATION,
    }
)


def letter_kind_after(case: Case) -> LetterKind | None:
    """The letter the case's latest event issues (None: that event issues none, or there was no event)."""
    if not case.history:
        return None
    payload = case.history[-1].payload
    if isinstance(payload, StartConsultation) and payload.with_whom is Consulted.AGENCY:
        return LetterKind.CONSULTATION_AGENCY
    return EVENT_LETTERS.get(payload.event)


def document_number(issuer: Issuer, *, year: int, case_seq: int, seq: int) -> str:
    """The 文号 of the ``seq``-th letter of application ``case_seq`` of ``year``, e.g. 上党司法依申〔2026〕4-1号
    (GB/T 9704: 机关代字, year in 〔〕, numbers without leading zeros)."""
    return texts.NUMBER.format(prefix=issuer.prefix, year=year, case=case_seq, seq=seq)


def day(d: date) -> str:
    """A date as letters print it: 2026年3月5日."""
    return f"{d.year}年{d.month}月{d.day}日"


_END = "。．.；;，,、：: \t"


def clause(text: str) -> str:
    """Officer's or applicant's text as a clause: lines joined with ；, no final punctuation, no 。。."""
    lines = [line.strip().rstrip(_END) for line in text.splitlines()]
    return re.sub("。{2,}", "。", "；".join(line for line in lines if line))


def _refuse(kind: LetterKind, name: str, why_zh: str = "", why_en: str = "") -> LetterRefusedError:
    zh, en = FIELD_LABELS.get(name, (name, name))
    title = LETTER_TITLES[kind]
    return LetterRefusedError(
        f"{title[0]}须写明{zh}{why_zh}，未出具。",
        f"the {title[1]} needs {en}{why_en}; not issued",
        field=name,
    )


def _opening(app: Application) -> str:
    return texts.OPENING.format(
        received=day(app.received_on),
        case_number=app.case_number,
        channel=app.channel,
        description=clause(app.description),
    )


def _payload(case: Case, kind: LetterKind) -> Payload:
    if not case.history:
        raise ValueError(f"a {kind.value} letter follows an event; the case has none")
    return case.history[-1].payload


def _due_or_refuse(case: Case, kind: LetterKind) -> date | None:
    try:
        return case.due_date
    except CalendarNotCoveredError as exc:
        title = LETTER_TITLES[kind]
        raise LetterRefusedError(
            f"{title[0]}须写明答复期限届满日，但{exc.message_zh}，未出具。",
            f"the {title[1]} must state the new due date, but {exc.message_en}; not issued",
        ) from exc


def _receipt(case: Case, app: Application) -> list[str]:
    lines = [
        p.format(
            received=day(app.received_on),
            case_number=app.case_number,
            channel=app.channel,
            receipt_rule=clause(app.receipt_rule),
            description=clause(app.description),
            form=app.requested_form,
            delivery=app.delivery,
        )
        for p in texts.RECEIPT
    ]
    try:
        due = case.due_date
    except CalendarNotCoveredError:
        due = None
    if due is not None:
        lines.append(texts.RECEIPT_DUE.format(regulation=REGULATION, due=day(due)))
    else:
        lines.append(texts.RECEIPT_DUE_IN_WORDS.format(regulation=REGULATION, period=REPLY_PERIOD))
    return [*lines, *texts.RECEIPT_AFTER]


def _correction(case: Case, app: Application, p: RequestCorrection) -> list[str]:
    if not clause(p.points):
        raise _refuse(LetterKind.CORRECTION, "points", "（条例第三十条）", " (art. 30)")
    assert case.correction_due is not None  # set by the event's effect
    values = {
        "regulation": REGULATION,
        "points": clause(p.points),
        "correction_due": day(case.correction_due),
    }
    return [_opening(app), *(t.format(**values) for t in texts.CORRECTION)]


def _extension(case: Case, app: Application, p: Extend) -> list[str]:
    because = texts.BECAUSE.format(reason=clause(p.reason)) if clause(p.reason) else ""
    due = _due_or_refuse(case, LetterKind.EXTENSION)
    template = texts.EXTENSION if due is not None else texts.EXTENSION_WHILE_CONSULTING
    text = template.format(
        because=because, regulation=REGULATION, days=p.days, due=day(due) if due is not None else ""
    )
    return [_opening(app), text]


def _consultation(kind: LetterKind, p: StartConsultation) -> list[str]:
    if not clause(p.party):
        raise _refuse(kind, "party")
    if not clause(p.information):
        raise _refuse(
            kind, "information", "（不得照抄申请人的申请内容）", " (never the applicant's own words)"
        )
    templates = texts.CONSULTATION if kind is LetterKind.CONSULTATION else texts.CONSULTATION_AGENCY
    values = {
        "information": clause(p.information),
        "reason": clause(p.reason) or texts.CONSULTATION_REASON,
        "regulation": REGULATION,
        "period": CONSULTATION_ANSWER_PERIOD,
    }
    return [t.format(**values) for t in templates]


def _fee(case: Case, app: Application, p: IssueFeeNotice) -> list[str]:
    if p.fee is None:
        raise _refuse(LetterKind.FEE, "fee")
    if not clause(p.how_to_pay):
        raise _refuse(LetterKind.FEE, "how_to_pay")
    assert case.payment_due is not None  # set by the event's effect
    citation = Basis(("第四十二条",), (FEE_RULES,)).citation()
    lines = [_opening(app), texts.FEE.format(citation=citation)]
    lines += [line.strip() for line in p.fee.breakdown("zh").splitlines() if line.strip()]
    values = {"payment_due": day(case.payment_due), "how_to_pay": clause(p.how_to_pay)}
    return lines + [t.format(**values) for t in texts.FEE_AFTER]


def _third_party_consulted(case: Case) -> tuple[date, EndConsultation | None, date | None] | None:
    """The latest consultation of a third party: its start, and the answer that ended it (with its day)."""
    found = None
    for i, entry in enumerate(case.history):
        p = entry.payload
        if isinstance(p, StartConsultation) and p.with_whom is Consulted.THIRD_PARTY:
            end = next((h for h in case.history[i + 1 :] if h.event is Event.END_CONSULTATION), None)
            answer = end.payload if end is not None and isinstance(end.payload, EndConsultation) else None
            found = (entry.at, answer, end.at if end is not None else None)
    return found


def _remedies(remedies: Remedies, kind: LetterKind, body: str) -> str:
    values: dict[str, Any] = {
        "what": texts.REMEDIES_WHAT[kind],
        "days": remedies.reconsideration_days,
        "months": remedies.litigation_months,
        "after": remedies.after_review_days,
        "to": texts.REMEDIES_TO.format(body=body) if body else "",
    }
    if remedies.withheld_part_only:
        return texts.REMEDIES_PARTIAL.format(**values)
    if remedies.reconsideration_first:
        return texts.REMEDIES_REVIEW_FIRST.format(**values)
    return texts.REMEDIES_EITHER.format(**values)


def _decision(
    case: Case, app: Application, issuer: Issuer, kind: LetterKind, answer: Answer | None
) -> list[str]:
    outcome = case.outcome
    assert outcome is not None  # answers and terminations close the case
    variant = answer.variant if answer is not None else None
    withheld = answer.withheld if answer is not None else ()
    consulted = _third_party_consulted(case)
    basis = basis_for(
        outcome,
        variant=variant,
        withheld=withheld,
        consulted_third_party=consulted is not None and outcome is Outcome.WITHHELD_THIRD_PARTY_RIGHTS,
    )
    reply = REPLIES[variant if variant is not None else outcome]
    ground = WITHHELD_GROUND.get(outcome)
    values = {
        "citation": basis.citation(),
        "form": app.requested_form,
        "delivery": app.delivery,
        "ground": texts.GROUND_CLAUSES[ground] if ground is not None else "",
        "withheld": "、".join(texts.GROUND_PARTS[g] for g in dict.fromkeys(withheld)),
        "correction_requested": day(case.correction_requested_on) if case.correction_requested_on else "",
        "correction_received": day(case.correction_received_on) if case.correction_received_on else "",
        "correction_due": day(case.correction_due) if case.correction_due else "",
        "fee_notice_on": _fee_notice_day(case),
        "payment_due": day(case.payment_due) if case.payment_due else "",
    }
    if outcome is Outcome.PARTIALLY_GRANTED and not withheld:
        raise _refuse(kind, "withheld", "（条例第三十七条）", " (art. 37)")
    lines = [_opening(app), reply.decision.format(**values)]
    reasons = clause(answer.reasons) if answer is not None else ""
    if reply.required and not reasons:
        why = (f"（条例{reply.article}）", " (required by the Regulations)") if reply.article else ("", "")
        raise _refuse(kind, "reasons", *why)
    if reasons:
        lines.append(reply.explain.format(reasons=reasons))
    if consulted is not None and outcome is Outcome.WITHHELD_THIRD_PARTY_RIGHTS:
        start, said, ended = consulted
        if said is not None and clause(said.answer) and ended is not None:
            answered = texts.CONSULTED_ANSWER.format(end=day(ended), answer=clause(said.answer))
        else:
            answered = texts.CONSULTED_SILENT
        lines.append(texts.CONSULTED.format(start=day(start), answer=answered))
    body = (clause(answer.review_body) if answer is not None else "") or clause(issuer.review_body)
    lines.append(_remedies(remedies_for(outcome), kind, body))
    lines.append(texts.CLOSING)
    return lines


def _fee_notice_day(case: Case) -> str:
    notices = case.events_of(Event.ISSUE_FEE_NOTICE)
    return day(notices[-1].at) if notices else ""


def compose(
    kind: LetterKind,
    *,
    case: Case,
    issuer: Issuer,
    application: Application,
    number: str,
    issued_on: date,
) -> LetterDocument:
    """The letter of ``kind`` on ``case`` (after the event that issues it; for a receipt, the case as received).

    Letters to the applicant are addressed to them and carry the case number and 查询码 in a note; letters
    to a third party or another agency (:data:`~gongkai.letters.texts.TO_OTHERS`) carry neither, nor any
    of the applicant's data. Final letters (answer, termination) state the remedies. Raises
    LetterRefusedError when the law's required content is missing or a date cannot be computed.
    """
    addressee = application.applicant
    if kind is LetterKind.RECEIPT:
        body = _receipt(case, application)
    else:
        payload = _payload(case, kind)
        if isinstance(payload, RequestCorrection) and kind is LetterKind.CORRECTION:
            body = _correction(case, application, payload)
        elif isinstance(payload, Extend) and kind is LetterKind.EXTENSION:
            body = _extension(case, application, payload)
        elif isinstance(payload, StartConsultation) and kind in TO_OTHERS:
            body = _consultation(kind, payload)
            addressee = clause(payload.party)
        elif isinstance(payload, IssueFeeNotice) and kind is LetterKind.FEE:
            body = _fee(case, application, payload)
        elif kind in FINAL:
            answer = payload if isinstance(payload, Answer) else None
            body = _decision(case, application, issuer, kind, answer)
        else:
            raise ValueError(f"a {kind.value} letter does not follow {payload.event.value}")
    note = (
        ""
        if kind in TO_OTHERS
        else texts.NOTE.format(case_number=application.case_number, query_code=application.query_code)
    )
    return LetterDocument(
        kind=kind,
        issuer=issuer,
        number=number,
        title=LETTER_TITLES[kind][0],
        addressee=addressee,
        body=tuple(body),
        issued_on=issued_on,
        note=note,
    )


__all__ = [
    "EVENT_LETTERS",
    "Application",
    "Issuer",
    "LetterDocument",
    "LetterRefusedError",
    "clause",
    "compose",
    "day",
    "document_number",
    "letter_kind_after",
]
