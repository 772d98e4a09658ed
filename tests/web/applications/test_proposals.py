"""Events that need a second person: a row of EVENT_RULES with ``approved_by`` makes its event a proposal that
takes effect (its letter issued) only when someone else approves it. The table gives every event that issues
a letter such a row (test_letter_review.py); these tests set two rows explicitly ("the leader approves an
extension", "only an officer drafts the reply, the leader approves or returns it") and check that rows are all
it takes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from types import MappingProxyType
from typing import Any

import pytest
from django.test import Client

from gongkai.errors import TransitionRefusedError
from gongkai.workflow import Event, decode
from gongkai_web.agencies.permissions import is_leader, is_officer
from gongkai_web.applications import permissions, services
from gongkai_web.applications.models import Proposal
from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.models import AuditEntry
from tests.web import factories as f
from tests.web.applications.helpers import received

EXTEND = {"days": 10, "approved_by": "王主任", "reason": "需要调取档案"}


@pytest.fixture
def approvals(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    rules = dict(permissions.EVENT_RULES)
    rules[Event.EXTEND] = permissions.EventRule(permissions.can_handle, approved_by=is_leader)
    rules[Event.ANSWER] = permissions.EventRule(is_officer, approved_by=is_leader)
    monkeypatch.setattr(permissions, "EVENT_RULES", MappingProxyType(rules))
    yield


def propose(app: Any, user: Any, event: str = "extend", data: dict[str, Any] | None = None) -> Proposal:
    app.refresh_from_db()
    return services.application_event_propose(
        application=app,
        payload=decode(event, EXTEND if data is None else data),
        seen_version=app.version,
        acting_user=user,
        at=date(2024, 10, 8),
    )


@pytest.fixture
def case(world: Any) -> Any:
    return received(world.agency, date(2024, 9, 27), acting_user=world.users["officer"])


def test_a_proposal_leaves_the_case_untouched(world: Any, case: Any, approvals: None) -> None:
    proposal = propose(case, world.users["officer"])
    case.refresh_from_db()
    assert (case.version, case.events.count(), case.letters.count()) == (1, 0, 1)  # the receipt only
    assert (proposal.state, proposal.author) == ("proposed", world.users["officer"])
    assert AuditEntry.objects.filter(action="proposal_create", object_id=str(proposal.pk)).exists()


def test_an_event_that_needs_approval_cannot_be_recorded_directly(
    world: Any, case: Any, approvals: None
) -> None:
    with pytest.raises(Refused):
        services.application_apply_event(
            application=case,
            payload=decode("extend", EXTEND),
            seen_version=1,
            acting_user=world.users["leader"],
        )
    case.refresh_from_db()
    assert case.version == 1


def test_a_leader_approving_records_the_event_and_issues_its_letter(
    world: Any, case: Any, approvals: None
) -> None:
    proposal = propose(case, world.users["officer"])
    app = services.proposal_approve(proposal=proposal, acting_user=world.users["leader"])
    proposal.refresh_from_db()
    (event,) = app.events.all()
    assert (proposal.state, proposal.approver, event.event, event.actor) == (
        "approved",
        world.users["leader"],
        "extend",
        world.users["leader"],
    )
    assert app.version == 2 and app.letters.filter(kind="extension").exists()


def test_the_proposer_never_approves_even_as_leader(world: Any, case: Any, approvals: None) -> None:
    f.member(world.agency, "officer", username="both")
    both = f.member(world.agency, "leader", username="both")
    proposal = propose(case, both)
    with pytest.raises(Refused):
        services.proposal_approve(proposal=proposal, acting_user=f.fresh(both))
    proposal.refresh_from_db()
    case.refresh_from_db()
    assert (proposal.state, case.version) == ("proposed", 1)


@pytest.mark.parametrize("role", ["officer", "admin", "superior", "other"])
def test_only_whom_the_row_names_approves(world: Any, case: Any, approvals: None, role: str) -> None:
    proposal = propose(case, f.member(world.agency, "officer", username="proposer"))
    with pytest.raises(NotPermitted):
        services.proposal_approve(proposal=proposal, acting_user=world.users[role])


def test_a_return_needs_a_reason_and_leaves_the_case_untouched(
    world: Any, case: Any, approvals: None
) -> None:
    proposal = propose(case, world.users["officer"])
    with pytest.raises(Refused):
        services.proposal_return(proposal=proposal, acting_user=world.users["leader"], reason=" ")
    returned = services.proposal_return(
        proposal=proposal, acting_user=world.users["leader"], reason="理由不足"
    )
    case.refresh_from_db()
    assert (returned.state, returned.return_reason, case.version) == ("returned", "理由不足", 1)
    with pytest.raises(TransitionRefusedError):
        services.proposal_approve(proposal=returned, acting_user=world.users["leader"])


def test_what_the_core_refuses_is_refused_when_proposed(world: Any, case: Any, approvals: None) -> None:
    with pytest.raises(TransitionRefusedError):
        propose(case, world.users["officer"], data={**EXTEND, "days": 99})
    assert not Proposal.objects.exists()


def test_an_approval_after_the_case_changed_is_refused_and_saves_nothing(
    world: Any, case: Any, approvals: None
) -> None:
    proposal = propose(case, world.users["officer"])
    services.application_apply_event(
        application=case, payload=decode("withdraw"), seen_version=1, acting_user=world.users["officer"]
    )
    with pytest.raises(services.ConcurrentChangeError):
        services.proposal_approve(proposal=proposal, acting_user=world.users["leader"])
    proposal.refresh_from_db()
    assert proposal.state == "proposed"


def test_a_row_can_leave_an_event_to_officers_only(world: Any, case: Any, approvals: None) -> None:
    with pytest.raises(NotPermitted):
        propose(case, world.users["leader"], "answer", {"outcome": "granted"})


def test_the_case_page_offers_a_proposal_to_the_officer_and_the_decision_to_a_leader(
    world: Any, case: Any, approvals: None
) -> None:
    officer, leader = Client(), Client()
    officer.force_login(world.users["officer"])
    leader.force_login(world.users["leader"])
    url = f"/staff/cases/{case.pk}/"
    assert "提议：延期答复" in officer.get(url).content.decode()
    response = officer.post(
        f"{url}do/extend/",
        {
            "extend-version": 1,
            "extend-at": "2024-10-08",
            "extend-days": 10,
            "extend-approved_by": "王主任",
            "extend-reason": "需要调取档案",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    mine = officer.get(url).content.decode()
    theirs = leader.get(url).content.decode()
    action = f"/staff/cases/proposals/{proposal.pk}/do/approve/"
    assert f'id="proposal-{proposal.pk}"' in mine and action not in mine
    assert action in theirs
    assert leader.post(action).status_code == 302
    case.refresh_from_db()
    assert case.events.get().event == "extend"
