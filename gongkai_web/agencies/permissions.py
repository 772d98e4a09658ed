"""Who may manage an agency's members (predicates composed from the common ones)."""

from __future__ import annotations

from typing import Any

from gongkai_web.agencies.models import Role
from gongkai_web.common.permissions import Predicate, has_role, is_superuser

#: An agency's administrators manage its members; superusers manage every agency's.
can_manage_members: Predicate = is_superuser | has_role(Role.ADMIN)

#: What an agency administrator may grant and revoke: the roles that work inside the agency. ``superior``
#: reveals every agency below; only a superuser grants or revokes it (else an office's administrator could
#: give themselves read access to every department).
ADMIN_GRANTABLE = (Role.OFFICER, Role.LEADER, Role.ADMIN)


def grantable_roles(user: Any) -> tuple[Role, ...]:
    """The roles ``user`` may grant or revoke in an agency whose members they manage."""
    if is_superuser(user):
        return (*ADMIN_GRANTABLE, Role.SUPERIOR)
    return ADMIN_GRANTABLE
