"""Agency scoping: every staff query passes through here, so nobody sees another agency's data.

A member sees the agencies they belong to; a ``superior`` membership also reveals every agency below it.
Objects outside the scope are answered with 404, never 403, so their existence does not leak.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.common.permissions import Actor

M = TypeVar("M", bound=Model)


def agency_descendant_ids(*, agency_ids: set[int]) -> set[int]:
    """``agency_ids`` and every agency below them (breadth-first over ``parent``; bounded by the tree)."""
    seen = set(agency_ids)
    frontier = set(agency_ids)
    while frontier:
        frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - seen
        seen |= frontier
    return seen


def user_memberships(*, user: Actor) -> QuerySet[Membership]:
    """The memberships of ``user`` (none for an anonymous visitor or the system)."""
    if user is None or not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("agency")


def visible_agency_ids(user: Actor, *, roles: set[str] | None = None) -> set[int]:
    """Ids of the agencies ``user`` may read (optionally only through ``roles``): own memberships, plus every
    agency below one where they hold ``superior``. Cached on the user object for the request."""
    cache_key = f"_gongkai_visible_{sorted(roles) if roles else 'all'}"
    if hasattr(user, cache_key):
        return set(getattr(user, cache_key))
    rows = list(user_memberships(user=user).values_list("agency_id", "role"))
    if roles is not None:
        rows = [r for r in rows if r[1] in roles]
    direct = {a for a, _ in rows}
    superior = {a for a, r in rows if r == Role.SUPERIOR}
    visible = direct | agency_descendant_ids(agency_ids=superior)
    if user is not None:
        setattr(user, cache_key, frozenset(visible))
    return visible


def scope(
    qs: QuerySet[M], user: Actor, *, field: str = "agency", roles: set[str] | None = None
) -> QuerySet[M]:
    """``qs`` restricted to rows whose ``field`` (an Agency FK path) the user may read."""
    if user is None or not user.is_authenticated:
        return qs.none()
    return qs.filter(**{f"{field}__in": visible_agency_ids(user, roles=roles)})


def get_scoped_or_404(
    qs: QuerySet[M], user: Actor, *, field: str = "agency", roles: set[str] | None = None, **lookup: Any
) -> M:
    """The one object matching ``lookup`` inside the user's scope, or 404."""
    try:
        return scope(qs, user, field=field, roles=roles).get(**lookup)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def agency_get_for_user(*, user: Actor, code: str) -> Agency:
    """The agency ``code`` if ``user`` may read it (a member, or its superior office), else 404."""
    return get_scoped_or_404(Agency.objects.all(), user, field="id", code=code)
