"""Who may do what with applications, refused in the services themselves (as from a shell), not only in the
views; the table of who records each event covers every event of the core."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.workdays import NoticeRow
from gongkai.workflow import TRANSITIONS, Event, State, decode
from gongkai_web.applications import services
from gongkai_web.applications.permissions import EVENT_RULES
from gongkai_web.applications.workflow import CASE_MACHINE
from gongkai_web.common.errors import NotPermitted
from tests.web.applications.helpers import act, applicant, received

OUTSIDERS = ["admin", "superior", "other"]


def test_every_event_of_the_core_says_who_records_it() -> None:
    assert set(EVENT_RULES) == set(Event)
    assert {m.action for m in CASE_MACHINE.moves} == {e.value for (_, e) in TRANSITIONS}


@pytest.mark.parametrize("role", [*OUTSIDERS, "anonymous"])
@pytest.mark.parametrize("event", sorted({e for (s, e) in TRANSITIONS if s is State.RECEIVED}))
def test_an_event_by_someone_who_may_not_record_it_is_refused_and_nothing_saved(
    world: Any, role: str, event: Event
) -> None:
    app = received(world.agency, date(2024, 9, 27))
    payload = decode(event, {"outcome": "granted"} if event is Event.ANSWER else {})
    with pytest.raises(NotPermitted):
        services.application_apply_event(
            application=app, payload=payload, seen_version=app.version, acting_user=world.users[role]
        )
    app.refresh_from_db()
    assert (app.state, app.version, app.events.count()) == ("received", 1, 0)


def test_the_system_records_no_event_of_a_person() -> None:
    assert not any(CASE_MACHINE.permits(e.value, None, None) for e in Event)


@pytest.mark.parametrize("role", ["leader", "admin", "superior", "other"])
def test_only_an_officer_registers_an_application(world: Any, role: str) -> None:
    with pytest.raises(NotPermitted):
        services.application_register(
            agency=world.agency,
            acting_user=world.users[role],
            channel="in_person",
            submitted_on=date(2024, 9, 27),
            **applicant(),
        )


@pytest.mark.parametrize("role", OUTSIDERS)
def test_only_officers_and_leaders_record_and_decide_appeals(world: Any, role: str) -> None:
    app = act(received(world.agency, date(2024, 9, 27)), Event.ANSWER, date(2024, 10, 9), outcome="granted")
    with pytest.raises(NotPermitted):
        services.appeal_record(
            application=app, kind="reconsideration", filed_on=date(2024, 11, 1), acting_user=world.users[role]
        )
    appeal = services.appeal_record(
        application=app, kind="reconsideration", filed_on=date(2024, 11, 1), acting_user=world.users["leader"]
    )
    with pytest.raises(NotPermitted):
        services.appeal_decide(
            appeal=appeal, result="upheld", decided_on=date(2024, 12, 1), acting_user=world.users[role]
        )


@pytest.mark.parametrize("role", ["officer", "leader", "superior", "admin"])
def test_only_superusers_load_the_calendar(world: Any, role: str) -> None:
    from gongkai_web.applications.models import HolidayNotice

    with pytest.raises(NotPermitted):
        services.holiday_notice_load(
            year=2027, rows=[NoticeRow(date(2027, 1, 1), "holiday", "元旦")], acting_user=world.users[role]
        )
    with pytest.raises(NotPermitted):
        services.due_dates_recompute(acting_user=world.users[role])
    assert not HolidayNotice.objects.exists()
