"""Who holds which role where, and who may manage an agency's members (predicates composed from the common
ones)."""

from __future__ import annotations

from typing import Any

from gongkai_web.agencies.models import Agency, Role
from gongkai_web.agencies.scoping import user_memberships
from gongkai_web.common.permissions import Actor, Predicate, is_superuser


def user_roles_in(*, user: Actor, agency: Agency) -> set[str]:
    """The roles ``user`` holds directly in ``agency`` (a superior's read right is not a role here); cached on
    the user object for the request."""
    if user is None or not user.is_authenticated:
        return set()
    cache: dict[int, set[str]] | None = getattr(user, "_gongkai_roles", None)
    if cache is None:
        cache = {}
        for agency_id, role in user_memberships(user=user).values_list("agency_id", "role"):
            cache.setdefault(agency_id, set()).add(role)
        setattr(user, "_gongkai_roles", cache)  # noqa: B010 (a per-request cache on the user object)
    return set(cache.get(agency.pk, set()))


def agency_of(obj: Any) -> Agency | None:
    """The agency ``obj`` belongs to: itself for an Agency, else its ``agency`` (None for None)."""
    if obj is None or isinstance(obj, Agency):
        return obj
    agency = obj.agency
    assert isinstance(agency, Agency)
    return agency


def has_role(*roles: str) -> Predicate:
    """The user holds one of ``roles`` in the agency of ``obj`` (``obj`` is an Agency or has ``.agency``)."""
    wanted = frozenset(roles)

    def check(user: Actor, obj: Any) -> bool:
        agency = agency_of(obj)
        if agency is None or user is None or not user.is_authenticated:
            return False
        return bool(user_roles_in(user=user, agency=agency) & wanted)

    return Predicate(check, "has_role(" + ",".join(roles) + ")")


is_officer: Predicate = has_role(Role.OFFICER)
is_leader: Predicate = has_role(Role.LEADER)
is_agency_admin: Predicate = has_role(Role.ADMIN)

#: An agency's administrators manage its members; superusers manage every agency's.
can_manage_members: Predicate = is_superuser | is_agency_admin

#: What an agency administrator may grant and revoke: the roles that work inside the agency. ``superior``
#: reveals every agency below; only a superuser grants or revokes it (else an office's administrator could
#: give themselves read access to every department).
ADMIN_GRANTABLE = (Role.OFFICER, Role.LEADER, Role.ADMIN)


def grantable_roles(user: Actor) -> tuple[Role, ...]:
    """The roles ``user`` may grant or revoke in an agency whose members they manage."""
    if is_superuser(user):
        return (*ADMIN_GRANTABLE, Role.SUPERIOR)
    return ADMIN_GRANTABLE


def _holds_superior_above(user: Actor, obj: Any) -> bool:
    agency = agency_of(obj)
    if agency is None or agency.parent_id is None or user is None or not user.is_authenticated:
        return False
    parent = agency.parent
    assert parent is not None
    return Role.SUPERIOR in user_roles_in(user=user, agency=parent)


#: The superior office of ``obj``'s agency: the user holds ``superior`` in the office directly above it (the
#: one its annual report is submitted to).
is_superior_office: Predicate = Predicate(_holds_superior_above, "is_superior_office")


#: Who must sign in with a second factor (TOTP, gongkai_web.accounts): the people who approve publication and
#: replies (leaders), manage members (administrators), oversee departments (the superior office), and superusers.
SECOND_FACTOR_ROLES = (Role.LEADER, Role.ADMIN, Role.SUPERIOR)


def _needs_second_factor(user: Actor, obj: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user_memberships(user=user).filter(role__in=SECOND_FACTOR_ROLES).exists()


needs_second_factor: Predicate = Predicate(_needs_second_factor, "needs_second_factor")
#: Who writes an agency's 公开指南 and 公开制度 (an edit waits for review), and who reviews it (a leader, never
#: the writer of the edit: ``agencies.services.guide_approve``).
can_edit_guide: Predicate = is_superuser | is_agency_admin | is_officer
can_review_guide: Predicate = is_leader

#: Who manages an agency's catalogue tree (its columns and sub-columns): its administrators.
can_manage_categories: Predicate = is_superuser | is_agency_admin
