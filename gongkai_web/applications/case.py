"""Between stored events and the core's Case: rebuild a Case by replaying the stored payloads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from gongkai.errors import CalendarNotCoveredError
from gongkai.workdays import WorkCalendar
from gongkai.workflow import Case


def case_replay(
    received_on: date, events: Iterable[tuple[str, date, Mapping[str, Any]]], calendar: WorkCalendar
) -> Case:
    """The core Case of an application: receipt, then every stored event (name, day, payload JSON) applied in
    order, guards included (:meth:`gongkai.workflow.Case.replay_json`)."""
    return Case.replay_json(received_on, events, calendar=calendar)


def clock_of(case: Case) -> tuple[date | None, str]:
    """The case's due date and, when the calendar does not reach it, the Chinese reason there is none."""
    try:
        return case.due_date, ""
    except CalendarNotCoveredError as exc:
        return None, exc.message_zh
