"""Effects: the facts each event records on the case (after its guard allowed it)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from gongkai.workdays import Pause
from gongkai.workflow.clock import DEFAULT_CORRECTION_PERIOD, PAYMENT_PERIOD
from gongkai.workflow.events import Answer, Extend, IssueFeeNotice, RequestCorrection
from gongkai.workflow.states import Event

if TYPE_CHECKING:
    from gongkai.workflow.case import Case

#: An effect: the case before the event, the day, the payload → the changed fields of the case.
Effect = Callable[["Case", date, Any], dict[str, Any]]


def request_correction(case: Case, at: date, payload: RequestCorrection) -> dict[str, Any]:
    """The correction is awaited until its deadline (the officer's, or 15 working days) [I]; the clock stops."""
    due = payload.correction_due or case.calendar.nth_working_day_after(at, DEFAULT_CORRECTION_PERIOD)
    return {"correction_requested_on": at, "correction_due": due}


def receive_correction(case: Case, at: date, payload: object) -> dict[str, Any]:
    """The reply period runs again, from the receipt of the corrected application (art. 30)."""
    return {"correction_received_on": at, "clock_start": at}


def extend(case: Case, at: date, payload: Extend) -> dict[str, Any]:
    """The period grows by the approved days (art. 33②)."""
    return {"extension_days": payload.days, "extension_approved_by": payload.approved_by}


def start_consultation(case: Case, at: date, payload: object) -> dict[str, Any]:
    """The clock stops while the consulted party answers (art. 33③)."""
    return {"pauses": (*case.pauses, Pause(at, None, "consultation"))}


def issue_fee_notice(case: Case, at: date, payload: IssueFeeNotice) -> dict[str, Any]:
    """The fee is awaited until its deadline (the officer's, or 20 working days); the clock stops [I]."""
    due = payload.payment_due or case.calendar.nth_working_day_after(at, PAYMENT_PERIOD)
    return {"pauses": (*case.pauses, Pause(at, None, "payment")), "fee": payload.fee, "payment_due": due}


def close_pause(case: Case, at: date, payload: object) -> dict[str, Any]:
    """The open pause (consultation or payment) ends on ``at``."""
    return {"pauses": tuple(Pause(p.start, at, p.kind) if p.end is None else p for p in case.pauses)}


def answer(case: Case, at: date, payload: Answer) -> dict[str, Any]:
    """The outcome of the reply."""
    return {"outcome": payload.outcome}


def nothing(case: Case, at: date, payload: object) -> dict[str, Any]:
    """No fact beyond the new state."""
    return {}


#: The effect of each event.
EFFECTS: Mapping[Event, Effect] = MappingProxyType(
    {
        Event.REQUEST_CORRECTION: request_correction,
        Event.RECEIVE_CORRECTION: receive_correction,
        Event.CORRECTION_DEADLINE_PASSED: nothing,
        Event.EXTEND: extend,
        Event.START_CONSULTATION: start_consultation,
        Event.END_CONSULTATION: close_pause,
        Event.ISSUE_FEE_NOTICE: issue_fee_notice,
        Event.RECEIVE_PAYMENT: close_pause,
        Event.PAYMENT_DEADLINE_PASSED: close_pause,
        Event.ANSWER: answer,
        Event.WITHDRAW: close_pause,
    }
)

__all__ = ["EFFECTS", "Effect"]
