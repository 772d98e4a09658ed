"""The case's moves as the site authorises them, and the life of a proposed event.

``CASE_MACHINE``: the core's transitions (:data:`gongkai.workflow.TRANSITIONS`), each allowed to whom its row
of :data:`~gongkai_web.applications.permissions.EVENT_RULES` names. The core computes the new state, the due
date and the letter (``Case.apply``); this machine only authorises and offers the events (``permits``,
``available``), it never writes.

``PROPOSAL_MACHINE``: an event whose row names who approves it is first a ``Proposal``: proposed → approved
(the event then takes effect, by the approver) | returned (with a reason). Its proposer never approves it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.workflow import TRANSITIONS, Event
from gongkai_web.applications.models import Application, Proposal, ProposalState
from gongkai_web.applications.permissions import event_rule
from gongkai_web.common.errors import Refused
from gongkai_web.common.permissions import Actor, Predicate
from gongkai_web.common.transitions import Machine, Move, not_a_contributor


def _records(event: Event) -> Predicate:
    return Predicate(lambda user, app: event_rule(event).records(user, app), f"records({event.value})")


CASE_MACHINE: Machine[Application] = Machine(
    Application,
    [Move(e.value, s.value, t.value, _records(e)) for (s, e), t in TRANSITIONS.items()],
    entity="application",
    status_field="state",
)


def _approves(user: Actor, proposal: Proposal) -> bool:
    approvers = event_rule(proposal.event).approved_by
    return approvers is not None and approvers(user, proposal.application)


may_approve = Predicate(_approves, "approves(event)")

APPROVE, RETURN = "approve", "return"

not_the_proposer = not_a_contributor(
    authoring=("proposal_create",),
    message=_("You proposed this: another person who may approve it must decide (never the proposer)."),
)


def has_reason(proposal: Proposal, user: Actor) -> None:
    if not proposal.return_reason.strip():
        raise Refused(_("Give the reason for returning the proposal."), field="reason")


PROPOSAL_MOVES: tuple[Move[Proposal], ...] = (
    Move(APPROVE, ProposalState.PROPOSED, ProposalState.APPROVED, may_approve, (not_the_proposer,)),
    Move(
        RETURN,
        ProposalState.PROPOSED,
        ProposalState.RETURNED,
        may_approve,
        (not_the_proposer,),
        checks=(has_reason,),
    ),
)

PROPOSAL_MACHINE: Machine[Proposal] = Machine(
    Proposal,
    PROPOSAL_MOVES,
    entity="proposal",
    status_field="state",
    labels={APPROVE: _("Approve"), RETURN: _("Return")},
)
