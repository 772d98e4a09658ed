"""Who may write the registers."""

from __future__ import annotations

from gongkai_web.agencies.models import Role
from gongkai_web.agencies.permissions import has_role
from gongkai_web.common.permissions import Predicate

#: The agency's officers and administrators import register rows.
can_import: Predicate = has_role(Role.OFFICER, Role.ADMIN)
