"""Approval before publication as data: the table of allowed moves over an item's status, and who may edit.

draft → submitted → approved | returned (with a reason); returned → submitted; approved → published (at
``publish_at``, by the leader or the scheduler); published → withdrawn; withdrawn → draft (to revise). Whoever
created, edited or submitted an item never approves, returns or publishes it (条例第十七条: the agency's review
before disclosure is a second person's).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.permissions import is_agency_admin, is_leader, is_officer
from gongkai_web.catalogue.models import EDITABLE_STATUSES, Item, Status
from gongkai_web.common.errors import Refused
from gongkai_web.common.permissions import Actor, Predicate, is_system
from gongkai_web.common.transitions import Machine, Move, not_a_contributor

SUBMIT, APPROVE, RETURN, PUBLISH, WITHDRAW, REVISE = (
    "submit",
    "approve",
    "return",
    "publish",
    "withdraw",
    "revise",
)
#: The audit actions that write an item (its contributors never approve it).
AUTHORING = ("item_create", "item_update", "item_attach", "item_submit", "item_revise")

#: Who drafts and edits an agency's items.
can_edit_item: Predicate = is_officer


def may_edit(item: Item, user: Actor) -> bool:
    """Whether ``user`` may change the fields or attachments of ``item`` now (an officer, while editable)."""
    return item.status in EDITABLE_STATUSES and can_edit_item(user, item)


not_a_writer = not_a_contributor(
    authoring=AUTHORING,
    message=_(
        "You created, edited or submitted this item: another leader in charge must review it (whoever "
        "writes an item never approves it)."
    ),
)


def has_reason(item: Item, user: Actor) -> None:
    if not (item.return_reason or "").strip():
        raise Refused(_("Give the reason for returning the item."), field="reason")


def is_due(item: Item, user: Actor) -> None:
    if item.publish_at and item.publish_at > timezone.now():
        raise Refused(
            _("The scheduled publication time (%(at)s) has not come yet."),
            {"at": f"{timezone.localtime(item.publish_at):%Y-%m-%d %H:%M}"},
        )


ITEM_MOVES: tuple[Move[Item], ...] = (
    Move(SUBMIT, Status.DRAFT, Status.SUBMITTED, is_officer),
    Move(SUBMIT, Status.RETURNED, Status.SUBMITTED, is_officer),
    Move(APPROVE, Status.SUBMITTED, Status.APPROVED, is_leader, (not_a_writer,)),
    Move(RETURN, Status.SUBMITTED, Status.RETURNED, is_leader, (not_a_writer,), checks=(has_reason,)),
    Move(PUBLISH, Status.APPROVED, Status.PUBLISHED, is_system | is_leader, (not_a_writer, is_due)),
    Move(WITHDRAW, Status.PUBLISHED, Status.WITHDRAWN, is_leader | is_agency_admin),
    Move(REVISE, Status.WITHDRAWN, Status.DRAFT, is_officer),
)

ITEM_MACHINE: Machine[Item] = Machine(
    Item,
    ITEM_MOVES,
    entity="item",
    labels={
        SUBMIT: _("Submit for approval"),
        APPROVE: _("Approve"),
        RETURN: _("Return"),
        PUBLISH: _("Publish now"),
        WITHDRAW: _("Withdraw"),
        REVISE: _("Revise"),
    },
)
