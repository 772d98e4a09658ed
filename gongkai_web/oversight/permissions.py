"""Who may issue and acknowledge a 督办 notice (predicates composed from ``agencies.permissions``)."""

from __future__ import annotations

from typing import Any

from gongkai_web.agencies.models import Agency, Role
from gongkai_web.agencies.permissions import has_role, user_roles_in
from gongkai_web.common.permissions import Actor, Predicate


def ancestors(agency: Agency) -> list[Agency]:
    """The offices above ``agency``, nearest first (one query per level; a tree has few)."""
    found: list[Agency] = []
    current = agency.parent
    while current is not None and len(found) < 16:  # a tree has few levels; bound a cycle
        found.append(current)
        current = current.parent
    return found


def _supervises(user: Actor, obj: Any) -> bool:
    """The user is the superior office of an agency above the department ``obj`` (an Agency or has one)."""
    agency = obj if isinstance(obj, Agency) else obj.agency
    return any(Role.SUPERIOR in user_roles_in(user=user, agency=a) for a in ancestors(agency))


#: A superior office above the case's department issues 督办 on it.
can_supervise: Predicate = Predicate(_supervises, "supervises")
#: The department's officers and leaders acknowledge a notice addressed to it.
can_acknowledge: Predicate = has_role(Role.OFFICER, Role.LEADER)
