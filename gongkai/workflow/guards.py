"""Guards: every rule of the 条例 that depends on dates, counts or the event's payload, each named for the
article it enforces. A guard raises TransitionRefusedError (Chinese and English) when its rule is broken."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from gongkai.workdays import due_date_of
from gongkai.workflow.clock import CORRECTION_REQUEST_LIMIT, MAX_EXTENSION
from gongkai.workflow.events import Answer, Extend, IssueFeeNotice, RequestCorrection
from gongkai.workflow.legal import VARIANT_LABELS, VARIANT_OUTCOME
from gongkai.workflow.outcomes import DEADLINE_OUTCOMES, Outcome, outcome_label
from gongkai.workflow.states import Event, refused

if TYPE_CHECKING:
    from gongkai.workflow.case import Case

#: A guard: the case before the event, the day it happens, the event's payload.
Guard = Callable[["Case", date, Any], None]


def no_condition(case: Case, at: date, payload: object) -> None:
    """No condition beyond the transition table."""


def art30_one_correction_within_seven_working_days(case: Case, at: date, payload: RequestCorrection) -> None:
    """Art. 30: one request for correction, within 7 working days of receipt; its deadline after the request."""
    if case.correction_requested_on is not None:
        raise refused("补正只能告知一次（条例第三十条）", "correction may be requested only once (art. 30)")
    used = case.calendar.count_working_days(case.received_on, at)
    if used > CORRECTION_REQUEST_LIMIT:
        raise refused(
            f"补正须在收到申请之日起 {CORRECTION_REQUEST_LIMIT} 个工作日内告知，已过 {used} 个工作日（条例第三十条）",
            f"correction must be requested within {CORRECTION_REQUEST_LIMIT} working days of receipt; "
            f"{used} have passed (art. 30)",
        )
    if payload.correction_due is not None and payload.correction_due <= at:
        raise refused(
            "补正期限须为告知之后的日期", "the correction deadline must be a date after the request"
        )


def art30_abandoned_only_after_the_correction_deadline(case: Case, at: date, payload: object) -> None:
    """Art. 30: the application counts as abandoned only once the correction deadline is over."""
    if case.correction_due is not None and at <= case.correction_due:
        raise refused(
            f"补正期限（{case.correction_due.isoformat()}）尚未届满",
            f"the correction deadline ({case.correction_due.isoformat()}) has not passed",
        )


def art33_one_approved_extension_of_at_most_twenty_days(case: Case, at: date, payload: Extend) -> None:
    """Art. 33②: one extension of 1–20 working days, approved by the head of the disclosure office, decided
    before the due date runs out."""
    if case.extension_days:
        raise refused("答复期限只能延长一次", "the period may be extended only once")
    days = payload.days
    if not 1 <= days <= MAX_EXTENSION:
        raise refused(
            f"延长期限须为 1 至 {MAX_EXTENSION} 个工作日（条例第三十三条第二款），而非 {days}",
            f"an extension is 1 to {MAX_EXTENSION} working days (art. 33②), not {days}",
        )
    if not payload.approved_by.strip():
        raise refused(
            "延期须经政府信息公开工作机构负责人同意，请填写批准人",
            "an extension needs the approval of the head of the disclosure office (approved by)",
        )
    due = due_date_of(
        case.clock_start or case.received_on, case.period, paused=case.pauses, calendar=case.calendar
    )
    if due is not None and at > due:
        raise refused(
            f"答复期限已于 {due.isoformat()} 届满，不能再延期",
            f"the period ended on {due.isoformat()}; it can no longer be extended",
        )


def art42_one_fee_notice_for_a_positive_amount(case: Case, at: date, payload: IssueFeeNotice) -> None:
    """Art. 42: a fee notice charges something (a free quote needs no notice) and is issued once."""
    if case.fee is not None:
        raise refused("收费通知只能发出一次", "a fee notice may be issued only once")
    if payload.fee is not None and not payload.fee.payable:
        raise refused("收费通知的金额须大于零", "a fee notice must charge a positive amount")
    if payload.payment_due is not None and payload.payment_due <= at:
        raise refused("缴费期限须为通知之后的日期", "the payment deadline must be a date after the notice")


def fee_rules_unpaid_only_after_the_payment_deadline(case: Case, at: date, payload: object) -> None:
    """国办函〔2020〕109号: unpaid → no longer processed, only once the payment deadline is over."""
    if case.payment_due is not None and at <= case.payment_due:
        raise refused(
            f"缴费期限（{case.payment_due.isoformat()}）尚未届满",
            f"the payment deadline ({case.payment_due.isoformat()}) has not passed",
        )


def art36_answer_gives_a_reply_outcome(case: Case, at: date, payload: Answer) -> None:
    """Arts. 36–39: an answer gives a reply outcome (the deadline outcomes are not answers); its variant is
    one of its row; only a 部分公开 (37) names grounds for a withheld part (that it names one is the letter's
    rule, :mod:`gongkai.letters.compose`, so that answers stored before grounds were recorded still replay);
    ``unavailable.still_unclear`` (art. 30) needs a correction that was received."""
    outcome = payload.outcome
    if outcome in DEADLINE_OUTCOMES:
        raise refused(
            "逾期不补正、逾期未缴费由期限届满自动结案，不能作为答复结果",
            "no-correction and unpaid-fee closures follow from the deadline, not from an answer",
        )
    if payload.variant is not None and VARIANT_OUTCOME[payload.variant] is not outcome:
        raise refused(
            f"答复情形「{VARIANT_LABELS[payload.variant][0]}」不属于办理结果「{outcome_label(outcome)}」",
            f"{VARIANT_LABELS[payload.variant][1]} is not a case of {outcome.value}",
        )
    if outcome is not Outcome.PARTIALLY_GRANTED and payload.withheld:
        raise refused(
            "只有部分公开才写明不予公开部分的依据",
            "only a partial disclosure names grounds for a withheld part",
        )
    if outcome is Outcome.UNAVAILABLE_STILL_UNCLEAR and case.correction_received_on is None:
        raise refused(
            "「补正后申请内容仍不明确」须先告知补正并收到补正",
            "'still unclear after correction' needs a correction requested and received",
        )


#: The guard of each event.
GUARDS: Mapping[Event, Guard] = MappingProxyType(
    {
        Event.REQUEST_CORRECTION: art30_one_correction_within_seven_working_days,
        Event.RECEIVE_CORRECTION: no_condition,
        Event.CORRECTION_DEADLINE_PASSED: art30_abandoned_only_after_the_correction_deadline,
        Event.EXTEND: art33_one_approved_extension_of_at_most_twenty_days,
        Event.START_CONSULTATION: no_condition,
        Event.END_CONSULTATION: no_condition,
        Event.ISSUE_FEE_NOTICE: art42_one_fee_notice_for_a_positive_amount,
        Event.RECEIVE_PAYMENT: no_condition,
        Event.PAYMENT_DEADLINE_PASSED: fee_rules_unpaid_only_after_the_payment_deadline,
        Event.ANSWER: art36_answer_gives_a_reply_outcome,
        Event.WITHDRAW: no_condition,
    }
)

__all__ = [
    "GUARDS",
    "Guard",
    "art30_abandoned_only_after_the_correction_deadline",
    "art30_one_correction_within_seven_working_days",
    "art33_one_approved_extension_of_at_most_twenty_days",
    "art36_answer_gives_a_reply_outcome",
    "art42_one_fee_notice_for_a_positive_amount",
    "fee_rules_unpaid_only_after_the_payment_deadline",
    "no_condition",
]
