"""Between stored events and the core's Case: encode event data as JSON, rebuild a Case by replaying events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from gongkai.errors import CalendarNotCoveredError
from gongkai.fees import FeeQuote, item_fee, volume_fee
from gongkai.workdays import WorkCalendar
from gongkai.workflow import Case, Event

_DATE_KEYS = frozenset({"correction_due", "payment_due"})


def encode_data(data: Mapping[str, Any], *, fee_earlier: int = 0) -> dict[str, Any]:
    """Core event data as JSON: dates as ISO strings, a fee quote as its method, units and earlier items."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, FeeQuote):
            out[key] = {"method": value.method, "units": value.units, "earlier": fee_earlier}
        else:
            out[key] = value
    return out


def decode_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`encode_data`."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in _DATE_KEYS and isinstance(value, str):
            out[key] = date.fromisoformat(value)
        elif key == "fee" and isinstance(value, dict):
            if value["method"] == "item":
                out[key] = item_fee(int(value["units"]), earlier_this_month=int(value.get("earlier", 0)))
            else:
                out[key] = volume_fee(int(value["units"]))
        else:
            out[key] = value
    return out


def case_replay(
    received_on: date, events: Iterable[tuple[str, date, Mapping[str, Any]]], calendar: WorkCalendar
) -> Case:
    """The core Case of an application: receipt, then every stored event applied in order (guards included)."""
    return Case.replay(
        received_on, ((Event(e), at, decode_data(d)) for e, at, d in events), calendar=calendar
    )


def clock_of(case: Case) -> tuple[date | None, str]:
    """The case's due date and, when the calendar does not reach it, the Chinese reason there is none."""
    try:
        return case.due_date, ""
    except CalendarNotCoveredError as exc:
        return None, exc.message_zh
