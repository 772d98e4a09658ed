"""The clock: the statutory periods, today in China, and the reply due date of a case.

The reply clock stops while a correction is awaited (it restarts from the receipt of the corrected
application, art. 30), while a third party or another agency is consulted (art. 33③), and — our reading
of 国办函〔2020〕109号, to be confirmed against its text — while a fee notice awaits payment.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from gongkai.types import Lang
from gongkai.workdays import DueDate, compute_due_date, due_date_of
from gongkai.workflow.states import STATE_LABELS, State

if TYPE_CHECKING:
    from gongkai.workflow.case import Case

CHINA = ZoneInfo("Asia/Shanghai")

#: Working days to reply, from the day after receipt (art. 33②).
REPLY_PERIOD = 20
#: Working days after receipt within which the one request for correction must go out (art. 30).
CORRECTION_REQUEST_LIMIT = 7
#: The longest extension, in working days (art. 33②).
MAX_EXTENSION = 20
#: The time a consulted third party or agency has to answer, in working days (arts. 32, 34).
CONSULTATION_ANSWER_PERIOD = 15
#: Working days to pay a fee notice, from the day after it is received (109号, unverified).
PAYMENT_PERIOD = 20
#: Our default correction deadline when the officer sets none (the 条例 says only "reasonable") [I].
DEFAULT_CORRECTION_PERIOD = 15


def today_in_china() -> date:
    """Today's date in Asia/Shanghai (the calendar the deadlines run on)."""
    return datetime.now(CHINA).date()


def as_date(at: date | datetime | None) -> date:
    """``at`` as a date in China (default: today); a naive datetime is refused (ValueError)."""
    if at is None:
        return today_in_china()
    if isinstance(at, datetime):
        if at.tzinfo is None:
            raise ValueError("naive datetime: give an aware datetime or a date")
        return at.astimezone(CHINA).date()
    return at


def clock_stopped(case: Case) -> bool:
    """True while the reply clock does not run (correction, consultation or payment awaited)."""
    if case.correction_requested_on is not None and case.correction_received_on is None:
        return True
    return any(p.end is None for p in case.pauses)


def reply_due_date(case: Case) -> date | None:
    """The last day to reply; None while the clock is stopped. Raises CalendarNotCoveredError when the
    calendar does not reach it."""
    if case.clock_start is None or clock_stopped(case):
        return None
    return due_date_of(case.clock_start, case.period, paused=case.pauses, calendar=case.calendar)


def reply_due(case: Case) -> DueDate | None:
    """The due date with its explanation (receipt, correction, extension, every day not counted)."""
    if reply_due_date(case) is None or case.clock_start is None:
        return None
    return compute_due_date(
        case.clock_start,
        REPLY_PERIOD,
        extension=case.extension_days,
        paused=case.pauses,
        calendar=case.calendar,
        notes=_notes(case),
    )


def _notes(case: Case) -> tuple[tuple[str, str], ...]:
    notes = [
        (
            f"收到申请：{case.received_on.isoformat()}，答复期限为 {REPLY_PERIOD} 个工作日（条例第三十三条第二款）。",
            f"Application received {case.received_on.isoformat()}; {REPLY_PERIOD} working days to reply (art. 33②).",
        )
    ]
    if case.correction_received_on is not None and case.correction_requested_on is not None:
        notes.append(
            (
                f"{case.correction_requested_on.isoformat()} 告知补正，{case.correction_received_on.isoformat()} "
                "收到补正后的申请，答复期限自该日起重新计算（条例第三十条）。",
                f"Correction requested {case.correction_requested_on.isoformat()}, corrected application "
                f"received {case.correction_received_on.isoformat()}; the period runs again from then (art. 30).",
            )
        )
    if case.extension_days:
        notes.append(
            (
                f"经{case.extension_approved_by}同意延长 {case.extension_days} 个工作日（条例第三十三条第二款）。",
                f"Extended by {case.extension_days} working days, approved by {case.extension_approved_by} "
                "(art. 33②).",
            )
        )
    return tuple(notes)


def explain_due(case: Case, lang: Lang = "zh") -> str:
    """How the due date was reached, or why there is none right now."""
    due = case.due
    if due is not None:
        return due.explain(lang)
    if lang == "en":
        return f"No due date while the application is {STATE_LABELS[case.state][1]}: the clock is stopped."
    return f"申请处于「{STATE_LABELS[case.state][0]}」状态，答复期限暂停计算，暂无届满日。"


def consultation_answer_due(case: Case) -> date | None:
    """While in consultation: the last day of the consulted party's 15 working days (arts. 32, 34).

    The period runs from the party's receipt of the letter; the letter's dispatch date stands in for it
    here, since the core does not know the receipt date [I].
    """
    if case.state is not State.IN_CONSULTATION:
        return None
    start = next(p.start for p in reversed(case.pauses) if p.end is None)
    return case.calendar.nth_working_day_after(start, CONSULTATION_ANSWER_PERIOD)


__all__ = [
    "CHINA",
    "CONSULTATION_ANSWER_PERIOD",
    "CORRECTION_REQUEST_LIMIT",
    "DEFAULT_CORRECTION_PERIOD",
    "MAX_EXTENSION",
    "PAYMENT_PERIOD",
    "REPLY_PERIOD",
    "as_date",
    "clock_stopped",
    "consultation_answer_due",
    "explain_due",
    "reply_due",
    "reply_due_date",
    "today_in_china",
]
