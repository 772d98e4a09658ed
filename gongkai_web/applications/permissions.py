"""Who may do what with applications (predicates composed from the common ones)."""

from __future__ import annotations

from typing import Any

from gongkai_web.agencies.models import Role
from gongkai_web.common.permissions import Predicate, has_role, is_superuser, predicate

#: Officers register applications received off-line.
can_register: Predicate = has_role(Role.OFFICER)
#: Officers and leaders act on cases (record events, issue letters, record appeals).
can_handle: Predicate = has_role(Role.OFFICER, Role.LEADER)


@predicate
def is_any_agency_admin(user: Any, obj: Any) -> bool:
    from gongkai_web.agencies.models import Membership

    return bool(
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(user=user, role=Role.ADMIN).exists()
    )


#: The State Council calendar is shared by all agencies: an agency administrator or a superuser loads notices.
can_load_calendar: Predicate = is_superuser | is_any_agency_admin
