"""The case: an application as a pure, immutable value, moved by typed events through the table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import cached_property
from typing import Any

from gongkai.fees import FeeQuote
from gongkai.types import Lang
from gongkai.workdays import DueDate, Pause, WorkCalendar, official_calendar
from gongkai.workflow import clock
from gongkai.workflow.effects import EFFECTS
from gongkai.workflow.events import Payload, decode
from gongkai.workflow.guards import GUARDS
from gongkai.workflow.outcomes import CLOSING_OUTCOMES, Outcome, outcome_row
from gongkai.workflow.states import (
    CLOSED_STATES,
    OPEN_STATES,
    Event,
    State,
    allowed_events,
    next_state,
    refused,
)

#: What :meth:`Case.apply` takes: a payload, or the name of an event whose payload needs nothing.
Move = Payload | Event | str


def payload_of(move: Move) -> Payload:
    """The payload of ``move``: itself, or the defaults of the named event's payload (refused when that
    payload has a required field, e.g. an answer without its outcome)."""
    return move if isinstance(move, Payload) else decode(move)


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One entry of a case's history: the day it happened and its payload (which names the event)."""

    at: date
    payload: Payload

    @property
    def event(self) -> Event:
        """The event this entry records."""
        return self.payload.event


@dataclass(frozen=True)
class Case:
    """An application as a pure, immutable value: its state, history and the facts the clock needs.

    Build one with :meth:`receive`, move it with :meth:`apply` (which returns a new case); ``due_date`` and
    ``due`` are computed from the facts and ``calendar`` (:mod:`gongkai.workflow.clock`), so
    :meth:`with_calendar` after a notice is loaded recomputes them.
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
        day = clock.as_date(on)
        cal = calendar if calendar is not None else official_calendar()
        cal.is_working_day(day)  # refuses a receipt date in a year the calendar does not cover
        return cls(received_on=day, clock_start=day, calendar=cal)

    @classmethod
    def replay(
        cls,
        received_on: date,
        events: Iterable[tuple[Move, date]],
        *,
        calendar: WorkCalendar | None = None,
    ) -> Case:
        """Rebuild a case from its events (payload or event name, day), applying each in order, guards included."""
        case = cls.receive(received_on, calendar=calendar)
        for move, at in events:
            case = case.apply(move, at=at)
        return case

    @classmethod
    def replay_json(
        cls,
        received_on: date,
        events: Iterable[tuple[Event | str, date, Mapping[str, Any] | None]],
        *,
        calendar: WorkCalendar | None = None,
    ) -> Case:
        """:meth:`replay` from stored events: (event name, day, the payload's JSON from :meth:`Payload.to_json`)."""
        return cls.replay(received_on, ((decode(e, data), at) for e, at, data in events), calendar=calendar)

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

    def apply(self, move: Move, at: date | datetime | None = None) -> Case:
        """The case after the event ``move`` (its payload, or the name of an event that needs none) on ``at``
        (default: today in China).

        Refuses (TransitionRefusedError, Chinese and English) a pair not in the transition table, a guard
        that fails (:data:`~gongkai.workflow.guards.GUARDS`) and a date before the previous event; raises
        CalendarNotCoveredError for a day the calendar does not cover.
        """
        target = next_state(self.state, move.event if isinstance(move, Payload) else move)
        payload = payload_of(move)
        e = payload.event
        day = clock.as_date(at)
        if day < self.last_event_on:
            raise refused(
                f"日期 {day.isoformat()} 早于上一步（{self.last_event_on.isoformat()}）",
                f"date {day.isoformat()} is before the previous step ({self.last_event_on.isoformat()})",
            )
        self.calendar.is_working_day(day)  # refuses an uncovered year before any guard computes with it
        GUARDS[e](self, day, payload)
        changes = EFFECTS[e](self, day, payload)
        if target in CLOSED_STATES:
            changes.setdefault("closed_on", day)
            if target in CLOSING_OUTCOMES:
                changes["outcome"] = CLOSING_OUTCOMES[target]
        changes.update(state=target, history=(*self.history, CaseEvent(day, payload)))
        return self._evolve(changes)

    def _evolve(self, changes: Mapping[str, Any]) -> Case:
        # dataclasses.replace() re-runs __init__ and costs a third of apply(); cases are plain values, so
        # copying the fields is enough. Cached due dates are left behind on purpose.
        new = object.__new__(type(self))
        values = {name: self.__dict__[name] for name in _CASE_FIELDS}
        values.update(changes)
        new.__dict__.update(values)
        return new

    def events_of(self, event: Event) -> list[CaseEvent]:
        """The history entries of ``event``, oldest first."""
        return [h for h in self.history if h.payload.event is event]

    # --- the clock (gongkai.workflow.clock) --------------------------------------------------------

    @property
    def period(self) -> int:
        """The working days the reply may take: 20, plus any extension."""
        return clock.REPLY_PERIOD + self.extension_days

    @property
    def clock_stopped(self) -> bool:
        """True while the reply clock does not run (correction, consultation or payment awaited)."""
        return clock.clock_stopped(self)

    @cached_property
    def due_date(self) -> date | None:
        """The last day to reply; None while the clock is stopped (correction awaited, open pause)."""
        return clock.reply_due_date(self)

    @cached_property
    def due(self) -> DueDate | None:
        """The due date with its explanation (receipt, correction, extension, every day not counted)."""
        return clock.reply_due(self)

    def explain_due(self, lang: Lang = "zh") -> str:
        """How the due date was reached, or why there is none right now."""
        return clock.explain_due(self, lang)

    def is_overdue(self, today: date | None = None) -> bool:
        """True when the case is open, its clock has a due date, and ``today`` (default: today in China) is past it."""
        day = today if today is not None else clock.today_in_china()
        due = self.due_date
        return self.is_open and due is not None and day > due

    def working_days_left(self, today: date | None = None) -> int | None:
        """Working days from ``today`` to the due date (0 on the due date, negative when overdue); None without one."""
        due = self.due_date
        if due is None:
            return None
        return self.calendar.count_working_days(today if today is not None else clock.today_in_china(), due)

    @property
    def consultation_answer_due(self) -> date | None:
        """While in consultation: the last day of the consulted party's 15 working days (arts. 32, 34)."""
        return clock.consultation_answer_due(self)

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

__all__ = ["Case", "CaseEvent", "Move", "payload_of"]
