"""The application workflow as data: states, events, allowed transitions, guards, clock, outcome → report row.

Decisions: an extension is a flag on the case (``extension_days``), not a state, because an
extended case is handled like any other open case (it can still go to consultation or get a fee notice) and a
state of its own would double the table. The reply clock stops while a correction is awaited (it restarts
from the receipt of the corrected application, art. 30), while a third party or another agency is consulted
(art. 33③), and — our reading of 国办函〔2020〕109号, to be confirmed against its text — while a fee notice
awaits payment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from gongkai.errors import TransitionRefusedError
from gongkai.fees import FeeQuote
from gongkai.templates import get_template
from gongkai.types import Lang
from gongkai.workdays import DueDate, Pause, WorkCalendar, compute_due_date, due_date_of, official_calendar

CHINA = ZoneInfo("Asia/Shanghai")

#: Working days to reply, from the day after receipt (art. 33②).
REPLY_PERIOD = 20
#: Working days after receipt within which the one request for correction must go out (art. 30).
CORRECTION_REQUEST_LIMIT = 7
#: The longest extension, in working days (art. 33②).
MAX_EXTENSION = 20
#: The time a consulted third party or agency has to answer, in working days (arts. 32, 34).
CONSULTATION_ANSWER_PERIOD = 15
#: Working days to pay a fee notice, from the day after it is received (109号, unverified; letters.md (b)).
PAYMENT_PERIOD = 20
#: Our default correction deadline when the officer sets none (the 条例 says only "reasonable") [I].
DEFAULT_CORRECTION_PERIOD = 15


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
    """Something that happens to an application."""

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


STATE_LABELS: dict[State, tuple[str, str]] = {
    State.RECEIVED: ("已受理（办理中）", "received"),
    State.AWAITING_CORRECTION: ("待补正", "awaiting correction"),
    State.IN_CONSULTATION: ("征求意见中", "in consultation"),
    State.AWAITING_PAYMENT: ("待缴费", "awaiting payment"),
    State.ANSWERED: ("已答复", "answered"),
    State.CLOSED_ABANDONED: ("逾期未补正，视为放弃", "closed: no correction in time"),
    State.CLOSED_UNPAID: ("逾期未缴费，不再处理", "closed: fee not paid"),
    State.WITHDRAWN: ("申请人撤回", "withdrawn"),
}

EVENT_LABELS: dict[Event, tuple[str, str]] = {
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


def _refused(zh: str, en: str) -> TransitionRefusedError:
    return TransitionRefusedError(zh, en)


def next_state(state: State | str, event: Event | str) -> State:
    """The state an application moves to when ``event`` happens in ``state``, from :data:`TRANSITIONS`.

    Raises TransitionRefusedError (Chinese and English) for any pair the table does not allow, and for
    unknown state or event names.
    """
    try:
        s = State(state)
    except ValueError:
        raise _refused(f"未知的状态：{state}", f"unknown state: {state}") from None
    try:
        e = Event(event)
    except ValueError:
        raise _refused(f"未知的操作：{event}", f"unknown event: {event}") from None
    try:
        return TRANSITIONS[(s, e)]
    except KeyError:
        raise _refused(
            f"申请处于「{STATE_LABELS[s][0]}」状态，不能「{EVENT_LABELS[e][0]}」",
            f"cannot {EVENT_LABELS[e][1]} an application that is {STATE_LABELS[s][1]}",
        ) from None


def allowed_events(state: State | str) -> list[Event]:
    """The events the table allows in ``state``, in declaration order (for the officer's buttons)."""
    s = State(state)
    return [e for (st, e) in TRANSITIONS if st == s]


# --- outcomes ----------------------------------------------------------------------------------------


class Outcome(StrEnum):
    """How an application ended: the key of the result row of part 三 it is counted in (2021 template)."""

    GRANTED = "granted"
    PARTIALLY_GRANTED = "partially_granted"
    WITHHELD_STATE_SECRET = "withheld.state_secret"
    WITHHELD_PROHIBITED_BY_LAW = "withheld.prohibited_by_law"
    WITHHELD_SECURITY_STABILITY = "withheld.security_stability"
    WITHHELD_THIRD_PARTY_RIGHTS = "withheld.third_party_rights"
    WITHHELD_INTERNAL_AFFAIRS = "withheld.internal_affairs"
    WITHHELD_PROCESS_INFORMATION = "withheld.process_information"
    WITHHELD_ENFORCEMENT_RECORDS = "withheld.enforcement_records"
    WITHHELD_QUERY_MATTERS = "withheld.query_matters"
    UNAVAILABLE_NOT_HELD = "unavailable.not_held"
    UNAVAILABLE_NEEDS_CREATION = "unavailable.needs_creation"
    UNAVAILABLE_STILL_UNCLEAR = "unavailable.still_unclear"
    NOT_PROCESSED_PETITION = "not_processed.petition"
    NOT_PROCESSED_DUPLICATE = "not_processed.duplicate"
    NOT_PROCESSED_PUBLICATION = "not_processed.publication"
    NOT_PROCESSED_EXCESSIVE = "not_processed.excessive"
    NOT_PROCESSED_CONFIRMATION = "not_processed.confirmation"
    OTHER_NO_CORRECTION = "other.no_correction"
    OTHER_UNPAID_FEE = "other.unpaid_fee"
    OTHER_MISC = "other.misc"


#: The outcome each closing state other than ``answered`` implies.
CLOSING_OUTCOMES: Mapping[State, Outcome] = MappingProxyType(
    {
        State.CLOSED_ABANDONED: Outcome.OTHER_NO_CORRECTION,
        State.CLOSED_UNPAID: Outcome.OTHER_UNPAID_FEE,
        State.WITHDRAWN: Outcome.OTHER_MISC,
    }
)

#: Outcomes an ``answer`` may not give: they follow only from a missed deadline.
_DEADLINE_OUTCOMES = frozenset({Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_UNPAID_FEE})


def outcome_row(outcome: Outcome | str, template_id: str) -> str:
    """The result row key of ``template_id``'s part 三 that ``outcome`` is counted in.

    The 2019 template has one ``other`` row for all three ``other.*`` outcomes. Raises
    UnknownTemplateError for an unknown template and ValueError for an unknown outcome.
    """
    key = Outcome(outcome).value
    rows = get_template(template_id).applications.result_rows
    if key in rows:
        return key
    parent = key.split(".", 1)[0]
    if parent in rows:
        return parent
    raise ValueError(f"outcome {key} has no row in template {template_id}")  # pragma: no cover - data error


class Basis(NamedTuple):
    """The 条例 articles a reply rests on: the item that sets the form of the reply, and the ground.

    Either may be empty ("" = the 条例 gives none; the letter names the special law or explains).
    """

    reply_item: str
    ground: str


#: Outcome → (reply item, ground), as in letters.md table (a). Citations of the 2019 条例 unless named.
OUTCOME_BASIS: Mapping[str, Basis] = MappingProxyType(
    {
        Outcome.GRANTED: Basis(
            "第三十六条第（二）项（已公开的：第三十六条第（一）项）", "第十三条第一款、第四十条"
        ),
        Outcome.PARTIALLY_GRANTED: Basis(
            "第三十七条、第三十六条第（二）项", "不予公开部分逐项说明所依据的第十四条、第十五条或第十六条"
        ),
        Outcome.WITHHELD_STATE_SECRET: Basis("第三十六条第（三）项", "第十四条"),
        Outcome.WITHHELD_PROHIBITED_BY_LAW: Basis(
            "第三十六条第（三）项", "第十四条（并写明所依据的法律、行政法规及条款）"
        ),
        Outcome.WITHHELD_SECURITY_STABILITY: Basis("第三十六条第（三）项", "第十四条"),
        Outcome.WITHHELD_THIRD_PARTY_RIGHTS: Basis("第三十六条第（三）项", "第十五条、第三十二条"),
        Outcome.WITHHELD_INTERNAL_AFFAIRS: Basis("第三十六条第（三）项", "第十六条第一款"),
        Outcome.WITHHELD_PROCESS_INFORMATION: Basis("第三十六条第（三）项", "第十六条第二款"),
        Outcome.WITHHELD_ENFORCEMENT_RECORDS: Basis("第三十六条第（三）项", "第十六条第二款"),
        Outcome.WITHHELD_QUERY_MATTERS: Basis("第三十六条第（七）项", ""),
        Outcome.UNAVAILABLE_NOT_HELD: Basis("第三十六条第（四）项（他机关负责的：第三十六条第（五）项）", ""),
        Outcome.UNAVAILABLE_NEEDS_CREATION: Basis("", "第三十八条"),
        Outcome.UNAVAILABLE_STILL_UNCLEAR: Basis("", "第三十条、第二十九条第二款"),
        Outcome.NOT_PROCESSED_PETITION: Basis("第三十九条第一款", ""),
        Outcome.NOT_PROCESSED_DUPLICATE: Basis("第三十六条第（六）项", ""),
        Outcome.NOT_PROCESSED_PUBLICATION: Basis("第三十九条第二款", ""),
        Outcome.NOT_PROCESSED_EXCESSIVE: Basis("第三十五条", ""),
        Outcome.NOT_PROCESSED_CONFIRMATION: Basis("", "第二条"),
        Outcome.OTHER_NO_CORRECTION: Basis("", "第三十条"),
        Outcome.OTHER_UNPAID_FEE: Basis("", "第四十二条；国办函〔2020〕109号"),
        Outcome.OTHER_MISC: Basis("", ""),
    }
)


@dataclass(frozen=True, slots=True)
class Remedies:
    """The remedies a final reply states (letters.md (c)).

    Reconsideration within ``reconsideration_days`` calendar days of knowing the reply (行政复议法 第二十条);
    a suit within ``litigation_months`` months (行政诉讼法 第四十六条), or within ``after_review_days`` days of
    the reconsideration decision (第四十五条). ``reconsideration_first`` is 复议前置 (行政复议法 第二十三条第一款
    第（四）项): for 不予公开, reconsideration must come before a suit, and the letter must say so.
    """

    reconsideration_first: bool
    reconsideration_days: int = 60
    litigation_months: int = 6
    after_review_days: int = 15
    #: For 部分公开: 复议前置 applies to the withheld part only [I].
    withheld_part_only: bool = False

    def text(self, body: str = "", lang: Lang = "zh") -> str:
        """The remedies paragraph; ``body`` names the reconsideration body (omitted when empty)."""
        if lang == "en":
            to = f" to {body}" if body else ""
            if self.reconsideration_first:
                scope = "the withheld part of " if self.withheld_part_only else ""
                return (
                    f"If you disagree with {scope}this decision, you must first apply for administrative "
                    f"reconsideration{to} within {self.reconsideration_days} days of receiving it; you may sue "
                    f"in a people's court within {self.after_review_days} days of receiving the "
                    "reconsideration decision."
                )
            return (
                f"If you disagree with this reply, you may apply for administrative reconsideration{to} within "
                f"{self.reconsideration_days} days of receiving it, or sue in a people's court within "
                f"{self.litigation_months} months of receiving it."
            )
        to = f"向{body}" if body else ""
        if self.reconsideration_first:
            scope = "对其中不予公开部分" if self.withheld_part_only else ""
            return (
                f"如{scope}不服，应当自收到本告知书之日起{self.reconsideration_days}日内{to}申请行政复议"
                f"（行政复议前置）；对行政复议决定不服的，可以自收到行政复议决定书之日起"
                f"{self.after_review_days}日内向人民法院提起行政诉讼。"
            )
        return (
            f"如不服本答复，可以自收到本告知书之日起{self.reconsideration_days}日内{to}申请行政复议，"
            f"也可以自收到本告知书之日起{self.litigation_months}个月内向人民法院提起行政诉讼。"
        )


def remedies_for(outcome: Outcome | str) -> Remedies:
    """The remedies a reply with ``outcome`` states: 复议前置 for 不予公开 (and for the withheld part of 部分公开)."""
    o = Outcome(outcome)
    if o.value.startswith("withheld."):
        return Remedies(reconsideration_first=True)
    if o is Outcome.PARTIALLY_GRANTED:
        return Remedies(reconsideration_first=True, withheld_part_only=True)
    return Remedies(reconsideration_first=False)


# --- the case ----------------------------------------------------------------------------------------


def today_in_china() -> date:
    """Today's date in Asia/Shanghai (the calendar the deadlines run on)."""
    return datetime.now(CHINA).date()


def _as_date(at: date | datetime | None) -> date:
    if at is None:
        return today_in_china()
    if isinstance(at, datetime):
        if at.tzinfo is None:
            raise ValueError("naive datetime: give an aware datetime or a date")
        return at.astimezone(CHINA).date()
    return at


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One entry of a case's history: the event, the day it happened, and its data."""

    event: Event
    at: date
    data: Mapping[str, Any] = field(default_factory=dict, hash=False)


#: The data each event accepts (anything else is refused, so a typo cannot pass silently).
EVENT_DATA: Mapping[Event, frozenset[str]] = MappingProxyType(
    {
        Event.REQUEST_CORRECTION: frozenset({"correction_due", "points"}),
        Event.RECEIVE_CORRECTION: frozenset(),
        Event.CORRECTION_DEADLINE_PASSED: frozenset(),
        Event.EXTEND: frozenset({"days", "approved_by", "reason"}),
        Event.START_CONSULTATION: frozenset({"party", "with_whom"}),
        Event.END_CONSULTATION: frozenset({"answer"}),
        Event.ISSUE_FEE_NOTICE: frozenset({"fee", "payment_due"}),
        Event.RECEIVE_PAYMENT: frozenset(),
        Event.PAYMENT_DEADLINE_PASSED: frozenset(),
        Event.ANSWER: frozenset({"outcome"}),
        Event.WITHDRAW: frozenset(),
    }
)


@dataclass(frozen=True)
class Case:
    """An application as a pure, immutable value: its state, history and the facts the clock needs.

    Build one with :meth:`receive`, move it with :meth:`apply` (which returns a new case); ``due_date`` and
    ``due`` are computed from the facts and ``calendar``, so :meth:`with_calendar` after a notice is loaded
    recomputes them.
    """

    received_on: date
    state: State = State.RECEIVED
    history: tuple[CaseEvent, ...] = ()
    clock_start: date | None = None
    correction_requested_on: date | None = None
    correction_due: date | None = None
    correction_received_on: date | None = None
    extension_days: int = 0
    extension_approved_by: str | None = None
    pauses: tuple[Pause, ...] = ()
    fee: FeeQuote | None = None
    payment_due: date | None = None
    outcome: Outcome | None = None
    closed_on: date | None = None
    calendar: WorkCalendar = field(default_factory=official_calendar, compare=False, repr=False)

    @classmethod
    def receive(cls, on: date | datetime | None = None, *, calendar: WorkCalendar | None = None) -> Case:
        """A newly registered application received ``on`` (default: today in China); the clock runs."""
        day = _as_date(on)
        cal = calendar if calendar is not None else official_calendar()
        cal.is_working_day(day)  # refuses a receipt date in a year the calendar does not cover
        return cls(received_on=day, clock_start=day, calendar=cal)

    @classmethod
    def replay(
        cls,
        received_on: date,
        events: Iterable[tuple[Event | str, date, Mapping[str, Any]]],
        *,
        calendar: WorkCalendar | None = None,
    ) -> Case:
        """Rebuild a case from stored events, applying each in order (guards included)."""
        case = cls.receive(received_on, calendar=calendar)
        for event, at, data in events:
            case = case.apply(event, at=at, **data)
        return case

    def with_calendar(self, calendar: WorkCalendar) -> Case:
        """The same case on another calendar (after a holiday notice is loaded): due dates recomputed."""
        return self._evolve({"calendar": calendar})

    # --- moving ------------------------------------------------------------------------------------

    @property
    def last_event_on(self) -> date:
        """The day of the latest event (or of receipt)."""
        return self.history[-1].at if self.history else self.received_on

    @property
    def is_open(self) -> bool:
        """True until the application is answered or otherwise closed."""
        return self.state in OPEN_STATES

    def apply(self, event: Event | str, at: date | datetime | None = None, **data: Any) -> Case:
        """The case after ``event`` on ``at`` (default: today in China), with ``data`` for that event.

        Refuses (TransitionRefusedError, Chinese and English) a pair not in :data:`TRANSITIONS`, a guard that
        fails (see :data:`GUARDS`), data the event does not take, and a date before the previous event.
        """
        target = next_state(self.state, event)
        e = Event(event)
        day = _as_date(at)
        unknown = set(data) - EVENT_DATA[e]
        if unknown:
            names = "、".join(sorted(unknown))
            raise _refused(
                f"「{EVENT_LABELS[e][0]}」不接受这些数据：{names}", f"{e.value} does not take: {names}"
            )
        if day < self.last_event_on:
            raise _refused(
                f"日期 {day.isoformat()} 早于上一步（{self.last_event_on.isoformat()}）",
                f"date {day.isoformat()} is before the previous step ({self.last_event_on.isoformat()})",
            )
        self.calendar.is_working_day(day)  # refuses an uncovered year before any guard computes with it
        GUARDS[e](self, day, data)
        changes = EFFECTS[e](self, day, data)
        if target in CLOSED_STATES:
            changes.setdefault("closed_on", day)
            if target in CLOSING_OUTCOMES:
                changes["outcome"] = CLOSING_OUTCOMES[target]
        history = (*self.history, CaseEvent(e, day, MappingProxyType(dict(data))))
        changes.update(state=target, history=history)
        return self._evolve(changes)

    def _evolve(self, changes: Mapping[str, Any]) -> Case:
        # dataclasses.replace() re-runs __init__ and costs a third of apply(); cases are plain values, so
        # copying the fields is enough. Cached due dates are left behind on purpose.
        new = object.__new__(type(self))
        values = {name: self.__dict__[name] for name in _CASE_FIELDS}
        values.update(changes)
        new.__dict__.update(values)
        return new

    # --- the clock ---------------------------------------------------------------------------------

    @property
    def period(self) -> int:
        """The working days the reply may take: 20, plus any extension."""
        return REPLY_PERIOD + self.extension_days

    @property
    def clock_stopped(self) -> bool:
        """True while the reply clock does not run (correction, consultation or payment awaited)."""
        if self.correction_requested_on is not None and self.correction_received_on is None:
            return True
        return any(p.end is None for p in self.pauses)

    @cached_property
    def due_date(self) -> date | None:
        """The last day to reply; None while the clock is stopped (correction awaited, open pause)."""
        if self.clock_start is None or self.clock_stopped:
            return None
        return due_date_of(self.clock_start, self.period, paused=self.pauses, calendar=self.calendar)

    @cached_property
    def due(self) -> DueDate | None:
        """The due date with its explanation (receipt, correction, extension, every day not counted)."""
        if self.due_date is None or self.clock_start is None:
            return None
        return compute_due_date(
            self.clock_start,
            REPLY_PERIOD,
            extension=self.extension_days,
            paused=self.pauses,
            calendar=self.calendar,
            notes=self._notes(),
        )

    def _notes(self) -> tuple[tuple[str, str], ...]:
        notes = [
            (
                f"收到申请：{self.received_on.isoformat()}，答复期限为 {REPLY_PERIOD} 个工作日（条例第三十三条第二款）。",
                f"Application received {self.received_on.isoformat()}; {REPLY_PERIOD} working days to reply (art. 33②).",
            )
        ]
        if self.correction_received_on is not None and self.correction_requested_on is not None:
            notes.append(
                (
                    f"{self.correction_requested_on.isoformat()} 告知补正，{self.correction_received_on.isoformat()} "
                    "收到补正后的申请，答复期限自该日起重新计算（条例第三十条）。",
                    f"Correction requested {self.correction_requested_on.isoformat()}, corrected application "
                    f"received {self.correction_received_on.isoformat()}; the period runs again from then (art. 30).",
                )
            )
        if self.extension_days:
            notes.append(
                (
                    f"经{self.extension_approved_by}同意延长 {self.extension_days} 个工作日（条例第三十三条第二款）。",
                    f"Extended by {self.extension_days} working days, approved by {self.extension_approved_by} "
                    "(art. 33②).",
                )
            )
        return tuple(notes)

    def explain_due(self, lang: Lang = "zh") -> str:
        """How the due date was reached, or why there is none right now."""
        if self.due is not None:
            return self.due.explain(lang)
        if lang == "en":
            return (
                f"No due date while the application is {STATE_LABELS[self.state][1]}: the clock is stopped."
            )
        return f"申请处于「{STATE_LABELS[self.state][0]}」状态，答复期限暂停计算，暂无届满日。"

    def is_overdue(self, today: date | None = None) -> bool:
        """True when the case is open, its clock has a due date, and ``today`` (default: today in China) is past it."""
        day = today if today is not None else today_in_china()
        due = self.due_date
        return self.is_open and due is not None and day > due

    def working_days_left(self, today: date | None = None) -> int | None:
        """Working days from ``today`` to the due date (0 on the due date, negative when overdue); None without one."""
        due = self.due_date
        if due is None:
            return None
        return self.calendar.count_working_days(today if today is not None else today_in_china(), due)

    @property
    def consultation_answer_due(self) -> date | None:
        """While in consultation: the last day of the consulted party's 15 working days (arts. 32, 34).

        The period runs from the party's receipt of the letter; the letter's dispatch date stands in for it
        here, since the core does not know the receipt date [I].
        """
        if self.state is not State.IN_CONSULTATION:
            return None
        start = next(p.start for p in reversed(self.pauses) if p.end is None)
        return self.calendar.nth_working_day_after(start, CONSULTATION_ANSWER_PERIOD)

    @property
    def allowed_events(self) -> list[Event]:
        """The events the transition table allows now (guards may still refuse one)."""
        return allowed_events(self.state)

    @property
    def answered_late(self) -> bool:
        """True for an answered case whose answer came after its due date."""
        return (
            self.state is State.ANSWERED
            and self.closed_on is not None
            and self.due_date is not None
            and self.closed_on > self.due_date
        )

    def report_row(self, template_id: str) -> str | None:
        """The part 三 result row this case is counted in under ``template_id``; None while open."""
        return None if self.outcome is None else outcome_row(self.outcome, template_id)


_CASE_FIELDS = tuple(f.name for f in fields(Case))


# --- guards: every rule that depends on dates or counts, in one place --------------------------------

Guard = Callable[[Case, date, Mapping[str, Any]], None]


def _no_guard(case: Case, at: date, data: Mapping[str, Any]) -> None:
    """No condition beyond the transition table."""


def guard_correction_once_within_seven_days(case: Case, at: date, data: Mapping[str, Any]) -> None:
    """Art. 30: one request for correction, within 7 working days of receipt; its deadline after the request."""
    if case.correction_requested_on is not None:
        raise _refused("补正只能告知一次（条例第三十条）", "correction may be requested only once (art. 30)")
    used = case.calendar.count_working_days(case.received_on, at)
    if used > CORRECTION_REQUEST_LIMIT:
        raise _refused(
            f"补正须在收到申请之日起 {CORRECTION_REQUEST_LIMIT} 个工作日内告知，已过 {used} 个工作日（条例第三十条）",
            f"correction must be requested within {CORRECTION_REQUEST_LIMIT} working days of receipt; "
            f"{used} have passed (art. 30)",
        )
    due = data.get("correction_due")
    if due is not None and (not isinstance(due, date) or due <= at):
        raise _refused(
            "补正期限须为告知之后的日期", "the correction deadline must be a date after the request"
        )


def guard_correction_deadline_has_passed(case: Case, at: date, data: Mapping[str, Any]) -> None:
    """Abandonment (art. 30) only once the correction deadline is over."""
    if case.correction_due is not None and at <= case.correction_due:
        raise _refused(
            f"补正期限（{case.correction_due.isoformat()}）尚未届满",
            f"the correction deadline ({case.correction_due.isoformat()}) has not passed",
        )


def guard_extension_once_approved_within_limit(case: Case, at: date, data: Mapping[str, Any]) -> None:
    """Art. 33②: one extension of 1–20 working days, approved by the head of the disclosure office, decided
    before the due date runs out."""
    if case.extension_days:
        raise _refused("答复期限只能延长一次", "the period may be extended only once")
    days = data.get("days", MAX_EXTENSION)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_EXTENSION:
        raise _refused(
            f"延长期限须为 1 至 {MAX_EXTENSION} 个工作日（条例第三十三条第二款），而非 {days}",
            f"an extension is 1 to {MAX_EXTENSION} working days (art. 33②), not {days}",
        )
    approved_by = data.get("approved_by")
    if not isinstance(approved_by, str) or not approved_by.strip():
        raise _refused(
            "延期须经政府信息公开工作机构负责人同意，请填写批准人（approved_by）",
            "an extension needs the approval of the head of the disclosure office (approved_by)",
        )
    due = due_date_of(
        case.clock_start or case.received_on, case.period, paused=case.pauses, calendar=case.calendar
    )
    if due is not None and at > due:
        raise _refused(
            f"答复期限已于 {due.isoformat()} 届满，不能再延期",
            f"the period ended on {due.isoformat()}; it can no longer be extended",
        )


def guard_payment_deadline_has_passed(case: Case, at: date, data: Mapping[str, Any]) -> None:
    """Unpaid → ended (109号) only once the payment deadline is over."""
    if case.payment_due is not None and at <= case.payment_due:
        raise _refused(
            f"缴费期限（{case.payment_due.isoformat()}）尚未届满",
            f"the payment deadline ({case.payment_due.isoformat()}) has not passed",
        )


def guard_fee_notice_charges_something(case: Case, at: date, data: Mapping[str, Any]) -> None:
    """A fee notice must charge something (a free quote needs no notice) and be issued once."""
    if case.fee is not None:
        raise _refused("收费通知只能发出一次", "a fee notice may be issued only once")
    fee = data.get("fee")
    if fee is not None and (not isinstance(fee, FeeQuote) or not fee.payable):
        raise _refused("收费通知的金额须大于零", "a fee notice must charge a positive amount")


def guard_answer_has_a_reply_outcome(case: Case, at: date, data: Mapping[str, Any]) -> None:
    """An answer names its outcome; the deadline outcomes (no correction, unpaid fee) are not answers, and
    ``unavailable.still_unclear`` needs a correction that was received."""
    raw = data.get("outcome")
    try:
        outcome = Outcome(str(raw))
    except ValueError:
        raise _refused(
            f"答复须写明办理结果，「{raw}」不是年报中的结果行", f"{raw!r} is not a result row"
        ) from None
    if outcome in _DEADLINE_OUTCOMES:
        raise _refused(
            "逾期不补正、逾期未缴费由期限届满自动结案，不能作为答复结果",
            "no-correction and unpaid-fee closures follow from the deadline, not from an answer",
        )
    if outcome is Outcome.UNAVAILABLE_STILL_UNCLEAR and case.correction_received_on is None:
        raise _refused(
            "「补正后申请内容仍不明确」须先告知补正并收到补正",
            "'still unclear after correction' needs a correction requested and received",
        )


#: The guard of each event; each raises TransitionRefusedError when its rule is broken.
GUARDS: Mapping[Event, Guard] = MappingProxyType(
    {
        Event.REQUEST_CORRECTION: guard_correction_once_within_seven_days,
        Event.RECEIVE_CORRECTION: _no_guard,
        Event.CORRECTION_DEADLINE_PASSED: guard_correction_deadline_has_passed,
        Event.EXTEND: guard_extension_once_approved_within_limit,
        Event.START_CONSULTATION: _no_guard,
        Event.END_CONSULTATION: _no_guard,
        Event.ISSUE_FEE_NOTICE: guard_fee_notice_charges_something,
        Event.RECEIVE_PAYMENT: _no_guard,
        Event.PAYMENT_DEADLINE_PASSED: guard_payment_deadline_has_passed,
        Event.ANSWER: guard_answer_has_a_reply_outcome,
        Event.WITHDRAW: _no_guard,
    }
)


# --- effects: the facts each event records -----------------------------------------------------------

Effect = Callable[[Case, date, Mapping[str, Any]], dict[str, Any]]


def _close_pause(case: Case, at: date) -> tuple[Pause, ...]:
    return tuple(Pause(p.start, at, p.kind) if p.end is None else p for p in case.pauses)


def _effects() -> dict[Event, Effect]:
    def request_correction(case: Case, at: date, data: Mapping[str, Any]) -> dict[str, Any]:
        due = data.get("correction_due") or case.calendar.nth_working_day_after(at, DEFAULT_CORRECTION_PERIOD)
        return {"correction_requested_on": at, "correction_due": due}

    def receive_correction(case: Case, at: date, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"correction_received_on": at, "clock_start": at}

    def extend(case: Case, at: date, data: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "extension_days": data.get("days", MAX_EXTENSION),
            "extension_approved_by": data["approved_by"],
        }

    def start_consultation(case: Case, at: date, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"pauses": (*case.pauses, Pause(at, None, "consultation"))}

    def issue_fee_notice(case: Case, at: date, data: Mapping[str, Any]) -> dict[str, Any]:
        due = data.get("payment_due") or case.calendar.nth_working_day_after(at, PAYMENT_PERIOD)
        return {
            "pauses": (*case.pauses, Pause(at, None, "payment")),
            "fee": data.get("fee"),
            "payment_due": due,
        }

    def close_pause(case: Case, at: date, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"pauses": _close_pause(case, at)}

    def answer(case: Case, at: date, data: Mapping[str, Any]) -> dict[str, Any]:
        return {"outcome": Outcome(data["outcome"])}

    def nothing(case: Case, at: date, data: Mapping[str, Any]) -> dict[str, Any]:
        return {}

    return {
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


EFFECTS: Mapping[Event, Effect] = MappingProxyType(_effects())


__all__ = [
    "CLOSED_STATES",
    "CLOSING_OUTCOMES",
    "CONSULTATION_ANSWER_PERIOD",
    "CORRECTION_REQUEST_LIMIT",
    "DEFAULT_CORRECTION_PERIOD",
    "EVENT_DATA",
    "EVENT_LABELS",
    "GUARDS",
    "MAX_EXTENSION",
    "OPEN_STATES",
    "OUTCOME_BASIS",
    "PAYMENT_PERIOD",
    "REPLY_PERIOD",
    "STATE_LABELS",
    "TRANSITIONS",
    "Basis",
    "Case",
    "CaseEvent",
    "Event",
    "Outcome",
    "Remedies",
    "State",
    "allowed_events",
    "next_state",
    "outcome_row",
    "remedies_for",
    "today_in_china",
]
