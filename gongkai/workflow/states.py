"""States and moves: where an application stands, what may happen to it, and the table of allowed moves."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from gongkai.errors import TransitionRefusedError


class State(StrEnum):
    """Where an application stands."""

    RECEIVED = "received"
    AWAITING_CORRECTION = "awaiting_correction"
    IN_CONSULTATION = "in_consultation"
    AWAITING_PAYMENT = "awaiting_payment"
    ANSWERED = "answered"
    CLOSED_ABANDONED = "closed_abandoned"
    CLOSED_UNPAID = "closed_unpaid"
    WITHDRAWN = "withdrawn"


class Event(StrEnum):
    """Something that happens to an application; each has a typed payload (:mod:`gongkai.workflow.events`)."""

    REQUEST_CORRECTION = "request_correction"
    RECEIVE_CORRECTION = "receive_correction"
    CORRECTION_DEADLINE_PASSED = "correction_deadline_passed"
    EXTEND = "extend"
    START_CONSULTATION = "start_consultation"
    END_CONSULTATION = "end_consultation"
    ISSUE_FEE_NOTICE = "issue_fee_notice"
    RECEIVE_PAYMENT = "receive_payment"
    PAYMENT_DEADLINE_PASSED = "payment_deadline_passed"
    ANSWER = "answer"
    WITHDRAW = "withdraw"


STATE_LABELS: Mapping[State, tuple[str, str]] = MappingProxyType(
    {
        State.RECEIVED: ("已受理（办理中）", "received"),
        State.AWAITING_CORRECTION: ("待补正", "awaiting correction"),
        State.IN_CONSULTATION: ("征求意见中", "in consultation"),
        State.AWAITING_PAYMENT: ("待缴费", "awaiting payment"),
        State.ANSWERED: ("已答复", "answered"),
        State.CLOSED_ABANDONED: ("逾期未补正，视为放弃", "closed: no correction in time"),
        State.CLOSED_UNPAID: ("逾期未缴费，不再处理", "closed: fee not paid"),
        State.WITHDRAWN: ("申请人撤回", "withdrawn"),
    }
)

EVENT_LABELS: Mapping[Event, tuple[str, str]] = MappingProxyType(
    {
        Event.REQUEST_CORRECTION: ("告知补正", "request correction"),
        Event.RECEIVE_CORRECTION: ("收到补正", "receive correction"),
        Event.CORRECTION_DEADLINE_PASSED: ("补正期限届满", "correction deadline passed"),
        Event.EXTEND: ("延期答复", "extend"),
        Event.START_CONSULTATION: ("征求意见", "start consultation"),
        Event.END_CONSULTATION: ("征求意见结束", "end consultation"),
        Event.ISSUE_FEE_NOTICE: ("发出收费通知", "issue fee notice"),
        Event.RECEIVE_PAYMENT: ("收到缴费", "receive payment"),
        Event.PAYMENT_DEADLINE_PASSED: ("缴费期限届满", "payment deadline passed"),
        Event.ANSWER: ("作出答复", "answer"),
        Event.WITHDRAW: ("撤回申请", "withdraw"),
    }
)

#: The allowed transitions: (state, event) → next state. Anything not here is refused.
TRANSITIONS: Mapping[tuple[State, Event], State] = MappingProxyType(
    {
        (State.RECEIVED, Event.REQUEST_CORRECTION): State.AWAITING_CORRECTION,
        (State.RECEIVED, Event.EXTEND): State.RECEIVED,
        (State.RECEIVED, Event.START_CONSULTATION): State.IN_CONSULTATION,
        (State.RECEIVED, Event.ISSUE_FEE_NOTICE): State.AWAITING_PAYMENT,
        (State.RECEIVED, Event.ANSWER): State.ANSWERED,
        (State.RECEIVED, Event.WITHDRAW): State.WITHDRAWN,
        (State.AWAITING_CORRECTION, Event.RECEIVE_CORRECTION): State.RECEIVED,
        (State.AWAITING_CORRECTION, Event.CORRECTION_DEADLINE_PASSED): State.CLOSED_ABANDONED,
        (State.AWAITING_CORRECTION, Event.WITHDRAW): State.WITHDRAWN,
        (State.IN_CONSULTATION, Event.END_CONSULTATION): State.RECEIVED,
        (State.IN_CONSULTATION, Event.EXTEND): State.IN_CONSULTATION,
        (State.IN_CONSULTATION, Event.WITHDRAW): State.WITHDRAWN,
        (State.AWAITING_PAYMENT, Event.RECEIVE_PAYMENT): State.RECEIVED,
        (State.AWAITING_PAYMENT, Event.PAYMENT_DEADLINE_PASSED): State.CLOSED_UNPAID,
        (State.AWAITING_PAYMENT, Event.WITHDRAW): State.WITHDRAWN,
    }
)

OPEN_STATES = frozenset(
    {State.RECEIVED, State.AWAITING_CORRECTION, State.IN_CONSULTATION, State.AWAITING_PAYMENT}
)
CLOSED_STATES = frozenset(State) - OPEN_STATES


def refused(zh: str, en: str) -> TransitionRefusedError:
    """The error every refusal of the workflow raises (Chinese and English)."""
    return TransitionRefusedError(zh, en)


def next_state(state: State | str, event: Event | str) -> State:
    """The state an application moves to when ``event`` happens in ``state``, from :data:`TRANSITIONS`.

    Raises TransitionRefusedError (Chinese and English) for any pair the table does not allow, and for
    unknown state or event names.
    """
    try:
        s = State(state)
    except ValueError:
        raise refused(f"未知的状态：{state}", f"unknown state: {state}") from None
    try:
        e = Event(event)
    except ValueError:
        raise refused(f"未知的操作：{event}", f"unknown event: {event}") from None
    try:
        return TRANSITIONS[(s, e)]
    except KeyError:
        raise refused(
            f"申请处于「{STATE_LABELS[s][0]}」状态，不能「{EVENT_LABELS[e][0]}」",
            f"cannot {EVENT_LABELS[e][1]} an application that is {STATE_LABELS[s][1]}",
        ) from None


def allowed_events(state: State | str) -> list[Event]:
    """The events the table allows in ``state``, in declaration order (for the officer's buttons)."""
    s = State(state)
    return [e for (st, e) in TRANSITIONS if st == s]


__all__ = [
    "CLOSED_STATES",
    "EVENT_LABELS",
    "OPEN_STATES",
    "STATE_LABELS",
    "TRANSITIONS",
    "Event",
    "State",
    "allowed_events",
    "next_state",
    "refused",
]
