"""Approval before publication as data: the table of allowed moves over an item's status.

draft → submitted → approved | returned (with a reason); returned → submitted; approved → published (at
``publish_at``, by the leader or the scheduler); published → withdrawn; withdrawn → draft (to revise).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from gongkai_web.agencies.models import Role
from gongkai_web.catalogue.models import Status
from gongkai_web.common.permissions import Predicate, has_role, is_field_user, predicate
from gongkai_web.common.transitions import Machine, Move


@predicate
def is_system(user: Any, obj: Any) -> bool:
    """The scheduler acting alone (``acting_user=None``)."""
    return user is None


is_officer: Predicate = has_role(Role.OFFICER)
is_leader: Predicate = has_role(Role.LEADER)
is_agency_admin: Predicate = has_role(Role.ADMIN)
is_author: Predicate = is_field_user("author")

can_edit_item: Predicate = is_officer
can_decide_item: Predicate = is_leader


def not_author(item: Any, user: Any) -> str | None:
    if user is not None and item.author_id == user.pk:
        return "审核人不能是作者本人：请由其他分管领导审核。"
    return None


def has_reason(item: Any, user: Any) -> str | None:
    return None if (item.return_reason or "").strip() else "退回时必须填写退回理由。"


def is_due(item: Any, user: Any) -> str | None:
    if item.publish_at and item.publish_at > timezone.now():
        return f"尚未到预定发布时间（{timezone.localtime(item.publish_at):%Y-%m-%d %H:%M}）。"
    return None


SUBMIT, APPROVE, RETURN, PUBLISH, WITHDRAW, REVISE = (
    "submit",
    "approve",
    "return",
    "publish",
    "withdraw",
    "revise",
)

ITEM_MOVES = (
    Move(SUBMIT, Status.DRAFT, Status.SUBMITTED, is_officer),
    Move(SUBMIT, Status.RETURNED, Status.SUBMITTED, is_officer),
    Move(APPROVE, Status.SUBMITTED, Status.APPROVED, is_leader, (not_author,)),
    Move(RETURN, Status.SUBMITTED, Status.RETURNED, is_leader, (not_author, has_reason)),
    Move(PUBLISH, Status.APPROVED, Status.PUBLISHED, is_system | is_leader, (not_author, is_due)),
    Move(WITHDRAW, Status.PUBLISHED, Status.WITHDRAWN, is_leader | is_agency_admin),
    Move(REVISE, Status.WITHDRAWN, Status.DRAFT, is_officer),
)

ITEM_MACHINE = Machine(ITEM_MOVES)

#: Labels for buttons (English msgids; translated in templates).
ACTION_LABELS = {
    SUBMIT: gettext_noop("Submit for approval"),
    APPROVE: gettext_noop("Approve"),
    RETURN: gettext_noop("Return"),
    PUBLISH: gettext_noop("Publish now"),
    WITHDRAW: gettext_noop("Withdraw"),
    REVISE: gettext_noop("Revise"),
}
