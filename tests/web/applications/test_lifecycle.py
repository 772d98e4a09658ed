"""Every path through the workflow at the site level: frozen clock, state and due date checked at every step."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.errors import TransitionRefusedError
from gongkai.fees import volume_fee
from gongkai.workflow import TRANSITIONS, Answer, Event, Outcome, State, decode
from gongkai_web.applications.models import Application, CaseEvent
from gongkai_web.applications.services import application_apply_event
from tests.web.applications.helpers import act, received

pytestmark = pytest.mark.django_db
CHINA = ZoneInfo("Asia/Shanghai")
D = date

FEE = {"fee": volume_fee(150), "how_to_pay": "银行转账"}

# (day, event, data, expected state, expected due date); the first row is the receipt.
PATHS: dict[str, list[tuple[date, str | None, dict[str, Any], str, date | None]]] = {
    "answered within the period": [
        (
            D(2024, 9, 27),
            None,
            {},
            "received",
            D(2024, 10, 30),
        ),  # National Day skipped, 9-29 and 10-12 worked
        (D(2024, 10, 15), "answer", {"outcome": "granted"}, "answered", D(2024, 10, 30)),
    ],
    "correction received, clock restarts": [
        (D(2024, 9, 27), None, {}, "received", D(2024, 10, 30)),
        (D(2024, 9, 30), "request_correction", {"points": "请写明文号"}, "awaiting_correction", None),
        (D(2024, 10, 10), "receive_correction", {}, "received", D(2024, 11, 6)),
        (D(2024, 11, 1), "answer", {"outcome": "unavailable.still_unclear"}, "answered", D(2024, 11, 6)),
    ],
    "no correction in time, abandoned": [
        (D(2024, 9, 27), None, {}, "received", D(2024, 10, 30)),
        (D(2024, 9, 30), "request_correction", {"points": "请写明文号"}, "awaiting_correction", None),
        (D(2024, 10, 28), "correction_deadline_passed", {}, "closed_abandoned", None),
    ],
    "extended by 20 working days": [
        (D(2024, 9, 27), None, {}, "received", D(2024, 10, 30)),
        (D(2024, 10, 25), "extend", {"days": 20, "approved_by": "王主任"}, "received", D(2024, 11, 27)),
        (
            D(2024, 11, 20),
            "answer",
            {
                "outcome": "partially_granted",
                "withheld": ["internal_affairs"],
                "reasons": "第2页为内部审批意见",
            },
            "answered",
            D(2024, 11, 27),
        ),
    ],
    "consultation over Spring Festival, extended during it": [
        (D(2025, 1, 20), None, {}, "received", D(2025, 2, 21)),
        (
            D(2025, 1, 22),
            "start_consultation",
            {"party": "某公司", "with_whom": "third_party", "information": "对某公司的检查记录"},
            "in_consultation",
            None,
        ),
        (D(2025, 2, 14), "extend", {"days": 10, "approved_by": "王主任"}, "in_consultation", None),
        (D(2025, 2, 21), "end_consultation", {"answer": "不同意公开"}, "received", D(2025, 4, 2)),
        (
            D(2025, 3, 10),
            "answer",
            {"outcome": "withheld.third_party_rights", "reasons": "涉及商业秘密"},
            "answered",
            D(2025, 4, 2),
        ),
    ],
    "fee paid": [
        (D(2024, 9, 27), None, {}, "received", D(2024, 10, 30)),
        (D(2024, 10, 8), "issue_fee_notice", FEE, "awaiting_payment", None),
        (D(2024, 10, 20), "receive_payment", {}, "received", D(2024, 11, 12)),
        (D(2024, 11, 5), "answer", {"outcome": "granted"}, "answered", D(2024, 11, 12)),
    ],
    "fee unpaid, ended": [
        (D(2024, 9, 27), None, {}, "received", D(2024, 10, 30)),
        (D(2024, 10, 8), "issue_fee_notice", FEE, "awaiting_payment", None),
        (D(2024, 11, 6), "payment_deadline_passed", {}, "closed_unpaid", D(2024, 11, 29)),
    ],
    "withdrawn while awaiting correction": [
        (D(2024, 9, 27), None, {}, "received", D(2024, 10, 30)),
        (D(2024, 9, 30), "request_correction", {"points": "请写明文号"}, "awaiting_correction", None),
        (D(2024, 10, 8), "withdraw", {}, "withdrawn", None),
    ],
}

OUTCOME_OF_PATH = {
    "no correction in time, abandoned": "other.no_correction",
    "fee unpaid, ended": "other.unpaid_fee",
    "withdrawn while awaiting correction": "other.misc",
}


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=CHINA)


@pytest.mark.parametrize("path", PATHS, ids=list(PATHS))
def test_path_through_the_workflow_keeps_state_and_due_date_at_every_step(path: str, world: Any) -> None:
    steps = PATHS[path]
    officer = world.users["officer"]
    first_day, _, _, state, due = steps[0]
    with time_machine.travel(_noon(first_day), tick=False):
        app = received(world.agency, first_day, acting_user=officer)
    assert (app.state, app.due_date) == (state, due)
    for day, event, data, state, due in steps[1:]:
        with time_machine.travel(_noon(day), tick=False):
            act(app, decode(event, data), day, officer)
        app.refresh_from_db()
        assert (app.state, app.due_date) == (state, due), f"after {event} on {day}"
        assert app.events.last().at == day
    last_day = steps[-1][0]
    assert app.closed_on == last_day
    assert app.outcome == OUTCOME_OF_PATH.get(path, steps[-1][2].get("outcome"))
    assert app.version == len(steps)


def _reach(state: State, world: Any) -> Application:
    """An application driven to ``state`` through the services (2024 autumn dates)."""
    app = received(world.agency, D(2024, 9, 27))
    route: dict[State, list[tuple[str, date, dict[str, Any]]]] = {
        State.RECEIVED: [],
        State.AWAITING_CORRECTION: [("request_correction", D(2024, 9, 30), {"points": "x"})],
        State.IN_CONSULTATION: [
            ("start_consultation", D(2024, 9, 30), {"party": "某公司", "information": "x"})
        ],
        State.AWAITING_PAYMENT: [("issue_fee_notice", D(2024, 9, 30), FEE)],
        State.ANSWERED: [("answer", D(2024, 9, 30), {"outcome": "granted"})],
        State.CLOSED_ABANDONED: [
            ("request_correction", D(2024, 9, 30), {"points": "x"}),
            ("correction_deadline_passed", D(2024, 10, 28), {}),
        ],
        State.CLOSED_UNPAID: [
            ("issue_fee_notice", D(2024, 9, 30), FEE),
            ("payment_deadline_passed", D(2024, 11, 6), {}),
        ],
        State.WITHDRAWN: [("withdraw", D(2024, 9, 30), {})],
    }
    for event, day, data in route[state]:
        app = act(app, event, day, **data)
    app.refresh_from_db()
    assert app.state == state
    return app


REFUSED = [(s, e) for s in State for e in Event if (s, e) not in TRANSITIONS]


@pytest.mark.parametrize(("state", "event"), REFUSED, ids=[f"{s.value}-{e.value}" for s, e in REFUSED])
def test_transition_outside_the_table_is_refused_and_nothing_is_saved(
    state: State, event: Event, world: Any
) -> None:
    app = _reach(state, world)
    before = (app.state, app.version, app.due_date, app.events.count(), app.letters.count())
    with pytest.raises(TransitionRefusedError) as info:
        application_apply_event(
            application=app,
            payload=Answer(Outcome.GRANTED) if event is Event.ANSWER else decode(event),
            seen_version=app.version,
            acting_user=world.users["officer"],
            at=D(2024, 12, 2),
        )
    assert info.value.message_zh
    app.refresh_from_db()
    assert (app.state, app.version, app.due_date, app.events.count(), app.letters.count()) == before


def test_correction_requested_after_seven_working_days_is_refused(world: Any) -> None:
    app = received(world.agency, D(2024, 9, 27))
    with pytest.raises(TransitionRefusedError, match="7"):
        act(app, "request_correction", D(2024, 10, 14), points="x")  # 8 working days after receipt
    assert CaseEvent.objects.filter(application=app).count() == 0


def test_second_extension_is_refused(world: Any) -> None:
    app = received(world.agency, D(2024, 9, 27))
    act(app, "extend", D(2024, 10, 8), days=5, approved_by="王主任")
    with pytest.raises(TransitionRefusedError):
        act(app, "extend", D(2024, 10, 9), days=5, approved_by="王主任")
    app.refresh_from_db()
    assert app.due_date == D(2024, 11, 6)
