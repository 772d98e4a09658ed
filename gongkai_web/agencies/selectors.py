"""Reads about agencies and memberships; the base of every agency-scoped query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.common.scoping import get_scoped_or_404


def agency_descendant_ids(*, agency_ids: set[int]) -> set[int]:
    """``agency_ids`` and every agency below them (breadth-first over ``parent``; bounded by the tree)."""
    seen = set(agency_ids)
    frontier = set(agency_ids)
    while frontier:
        frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - seen
        seen |= frontier
    return seen


def user_memberships(*, user: Any) -> QuerySet[Membership]:
    if user is None or not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("agency")


def agencies_visible_to(*, user: Any, roles: set[str] | None = None) -> set[int]:
    """Ids of agencies ``user`` may read: own memberships, plus subordinates through ``superior``."""
    cache_key = f"_gongkai_visible_{sorted(roles) if roles else 'all'}"
    if hasattr(user, cache_key):
        return set(getattr(user, cache_key))
    rows = list(user_memberships(user=user).values_list("agency_id", "role"))
    if roles is not None:
        rows = [r for r in rows if r[1] in roles]
    direct = {a for a, _ in rows}
    superior = {a for a, r in rows if r == Role.SUPERIOR}
    visible = direct | agency_descendant_ids(agency_ids=superior)
    setattr(user, cache_key, frozenset(visible))
    return visible


def user_roles_in(*, user: Any, agency: Agency) -> set[str]:
    """The roles ``user`` holds directly in ``agency`` (a superior's read right is not a role here)."""
    if user is None or not user.is_authenticated:
        return set()
    cache = getattr(user, "_gongkai_roles", None)
    if cache is None:
        cache = {}
        for agency_id, role in user_memberships(user=user).values_list("agency_id", "role"):
            cache.setdefault(agency_id, set()).add(role)
        user._gongkai_roles = cache
    return set(cache.get(agency.pk, set()))


def agency_list_for_user(*, user: Any) -> QuerySet[Agency]:
    return Agency.objects.filter(id__in=agencies_visible_to(user=user)).order_by("code")


def agency_list_public() -> QuerySet[Agency]:
    return Agency.objects.all().order_by("code")


def agency_children_tree() -> list[tuple[Agency, list[Agency]]]:
    """Top agencies each with their direct children, for the portal home."""
    agencies = list(Agency.objects.order_by("code"))
    children: dict[int | None, list[Agency]] = {}
    for a in agencies:
        children.setdefault(a.parent_id, []).append(a)
    return [(top, children.get(top.pk, [])) for top in children.get(None, [])]


# --- member management ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    """One account with the memberships (roles) it holds in one agency."""

    user: Any
    memberships: list[Membership]


def agency_get_for_members(*, user: Any, code: str) -> Agency:
    """The agency whose members page ``user`` asks for: 404 outside their scope (superusers: any agency)."""
    if user.is_authenticated and user.is_superuser:
        return get_object_or_404(Agency, code=code)
    return get_scoped_or_404(Agency.objects.all(), user, field="id", code=code)


def membership_get_in(*, agency: Agency, pk: int) -> Membership:
    """A membership of ``agency`` (404 for any other agency's)."""
    return get_object_or_404(Membership.objects.select_related("user", "agency"), agency=agency, pk=pk)


def member_get_in(*, agency: Agency, pk: int) -> Any:
    """An account holding a role in ``agency`` (404 for anyone else)."""
    from django.contrib.auth import get_user_model

    return get_object_or_404(get_user_model().objects.filter(memberships__agency=agency).distinct(), pk=pk)


def members_of(*, agency: Agency) -> list[MemberRow]:
    """The agency's accounts by username, each with its roles here (one query)."""
    order = {role: i for i, role in enumerate(Role.values)}
    rows: dict[int, MemberRow] = {}
    for m in Membership.objects.filter(agency=agency).select_related("user").order_by("user__username"):
        rows.setdefault(m.user_id, MemberRow(m.user, [])).memberships.append(m)
    for row in rows.values():
        row.memberships.sort(key=lambda m: order.get(m.role, len(order)))
    return list(rows.values())


def agency_ids_managed_by(*, user: Any) -> set[int]:
    """Agencies whose members ``user`` manages: where they are administrator (superusers: every agency)."""
    if user is None or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Agency.objects.values_list("id", flat=True))
    return set(user_memberships(user=user).filter(role=Role.ADMIN).values_list("agency_id", flat=True))
