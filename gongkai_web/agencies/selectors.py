"""Reads about agencies and memberships; the base of every agency-scoped query."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai_web.agencies.models import Agency, Membership, Role


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
