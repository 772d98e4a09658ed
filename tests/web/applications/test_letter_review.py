"""Every letter is reviewed by a leader before it is issued (issue 11, item 3): the officer drafts, a leader
other than the drafter approves (the letter is issued then: frozen, numbered) or returns it with a reason, and
the officer revises it. Extensions are approved by the leader in the system, not by a name typed in."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.letters import EVENT_LETTERS, letter_text
from gongkai.workflow import Answer, Extend, Outcome
from gongkai_web.applications import permissions, services
from gongkai_web.applications.forms import ExtendForm
from gongkai_web.applications.models import Letter, Proposal
from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.models import AuditEntry
from gongkai_web.staff.selectors import worklist_for
from tests.web import factories as f
from tests.web.applications.helpers import received

pytestmark = pytest.mark.django_db
D = date


DAY = D(2024, 10, 8)


def draft(app: Any, user: Any, payload: Any, at: date = DAY) -> Proposal:
    app.refresh_from_db()
    return services.application_event_propose(
        application=app, payload=payload, seen_version=app.version, acting_user=user, at=at
    )


@pytest.fixture
def case(world: Any) -> Any:
    return received(world.agency, D(2024, 9, 27), acting_user=world.users["officer"])


def test_every_event_that_issues_a_letter_is_approved_by_a_leader_and_no_other() -> None:
    needing = {e for e, rule in permissions.EVENT_RULES.items() if rule.approved_by is not None}
    assert needing == set(EVENT_LETTERS)


def test_the_officer_cannot_issue_a_reply_alone(world: Any, case: Any) -> None:
    with pytest.raises(Refused):
        services.application_apply_event(
            application=case,
            payload=Answer(Outcome.GRANTED),
            seen_version=case.version,
            acting_user=world.users["officer"],
            at=D(2024, 10, 8),
        )
    assert case.letters.count() == 1  # the receipt only


def test_a_draft_issues_nothing_until_approved_then_its_letter_is_frozen_numbered_and_names_both(
    world: Any, case: Any
) -> None:
    proposal = draft(case, world.users["officer"], Answer(Outcome.GRANTED))
    assert not Letter.objects.filter(kind="answer").exists()
    app = services.proposal_approve(proposal=proposal, acting_user=world.users["leader"])
    letter = app.letters.get(kind="answer")
    assert (letter.proposal, letter.issued_by, letter.number.endswith("-2号")) == (
        proposal,
        world.users["leader"],
        True,
    )
    assert letter.sha256 and "答复告知书" in letter_text(bytes(letter.content))
    assert AuditEntry.objects.filter(action="proposal_approve", object_id=str(proposal.pk)).exists()


def test_the_drafter_never_approves_their_own_letter_even_as_leader(world: Any, case: Any) -> None:
    f.member(world.agency, "officer", username="both")
    both = f.member(world.agency, "leader", username="both")
    proposal = draft(case, both, Answer(Outcome.GRANTED))
    with pytest.raises(Refused):
        services.proposal_approve(proposal=proposal, acting_user=f.fresh(both))
    assert not case.letters.filter(kind="answer").exists()


@pytest.mark.parametrize("role", ["officer", "admin", "superior", "other"])
def test_only_a_leader_of_the_agency_approves_a_letter(world: Any, case: Any, role: str) -> None:
    proposal = draft(case, f.member(world.agency, "officer", username="drafter"), Answer(Outcome.GRANTED))
    with pytest.raises(NotPermitted):
        services.proposal_approve(proposal=proposal, acting_user=world.users[role])
    with pytest.raises(NotPermitted):
        services.proposal_return(proposal=proposal, acting_user=world.users[role], reason="不同意")


def test_a_returned_draft_is_revised_and_the_revision_approved(world: Any, case: Any) -> None:
    first = draft(case, world.users["officer"], Answer(Outcome.GRANTED, reasons="已公开"))
    services.proposal_return(proposal=first, acting_user=world.users["leader"], reason="请写明获取方式")
    case.refresh_from_db()
    assert (case.version, case.letters.count()) == (1, 1)
    second = draft(case, world.users["officer"], Answer(Outcome.GRANTED, reasons="已通过电子邮件发送"))
    app = services.proposal_approve(proposal=second, acting_user=world.users["leader"])
    assert "已通过电子邮件发送" in letter_text(bytes(app.letters.get(kind="answer").content))
    first.refresh_from_db()
    assert (first.state, first.return_reason) == ("returned", "请写明获取方式")


def test_a_second_draft_while_one_awaits_review_is_refused(world: Any, case: Any) -> None:
    draft(case, world.users["officer"], Answer(Outcome.GRANTED))
    with pytest.raises(Refused):
        draft(case, world.users["officer"], Extend(days=10, reason="需要检索"))
    assert Proposal.objects.count() == 1


def test_an_extension_names_the_approving_leader_not_a_typed_name(world: Any, case: Any) -> None:
    leader = world.users["leader"]
    leader.first_name = "王主任"
    leader.save()
    proposal = draft(case, world.users["officer"], Extend(days=10, approved_by="随便写的", reason="需要检索"))
    assert proposal.data.get("approved_by", "") == ""
    app = services.proposal_approve(proposal=proposal, acting_user=f.fresh(leader))
    assert app.events.get(event="extend").data["approved_by"] == "王主任"
    assert "王主任" in services.case_of(app).explain_due("zh")


def test_the_extension_form_no_longer_asks_who_approved() -> None:
    assert "approved_by" not in ExtendForm.base_fields


def test_the_leaders_review_list_holds_the_drafts_awaiting_them_and_not_their_own(
    world: Any, case: Any
) -> None:
    proposal = draft(case, world.users["officer"], Answer(Outcome.GRANTED))

    def drafts(user: Any) -> list[str]:
        return [t.url for t in worklist_for(user=user) if t.kind == "proposal"]

    case_url = reverse("applications:detail", args=[proposal.application.pk]) + f"#proposal-{proposal.pk}"
    assert drafts(world.users["leader"]) == [case_url]
    assert drafts(world.users["officer"]) == []
    assert drafts(world.users["superior"]) == []
    client = Client()
    client.force_login(world.users["leader"])
    home = client.get(reverse("staff:dashboard")).content.decode()
    assert f"#proposal-{proposal.pk}" in home and case.number in home


def test_the_leader_reads_the_draft_letter_on_the_case_page_before_deciding(world: Any, case: Any) -> None:
    draft(case, world.users["officer"], Answer(Outcome.GRANTED, reasons="已通过电子邮件发送"))
    client = Client()
    client.force_login(world.users["leader"])
    page = client.get(reverse("applications:detail", kwargs={"pk": case.pk})).content.decode()
    assert "政府信息公开申请答复告知书" in page and "已通过电子邮件发送" in page


def test_the_returned_reason_is_shown_and_the_form_refilled_for_revision(world: Any, case: Any) -> None:
    first = draft(case, world.users["officer"], Answer(Outcome.GRANTED, reasons="第一稿的说明"))
    services.proposal_return(proposal=first, acting_user=world.users["leader"], reason="请补充获取方式")
    client = Client()
    client.force_login(world.users["officer"])
    page = client.get(reverse("applications:detail", kwargs={"pk": case.pk})).content.decode()
    assert "请补充获取方式" in page and "第一稿的说明" in page
