"""Reads about agencies and memberships (the scoping every staff read goes through is in ``scoping``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.agencies.scoping import get_scoped_or_404, user_memberships, visible_agency_ids
from gongkai_web.common.permissions import Actor, is_superuser


def agency_list_for_user(*, user: Actor) -> QuerySet[Agency]:
    return Agency.objects.filter(id__in=visible_agency_ids(user)).order_by("code")


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

    user: User
    memberships: list[Membership]


def agency_get_for_members(*, user: Actor, code: str) -> Agency:
    """The agency whose members page ``user`` asks for: 404 outside their scope (superusers: any agency)."""
    if is_superuser(user):
        return get_object_or_404(Agency, code=code)
    return get_scoped_or_404(Agency.objects.all(), user, field="id", code=code)


def membership_get_in(*, agency: Agency, pk: int) -> Membership:
    """A membership of ``agency`` (404 for any other agency's)."""
    return get_object_or_404(Membership.objects.select_related("user", "agency"), agency=agency, pk=pk)


def member_get_in(*, agency: Agency, pk: int) -> User:
    """An account holding a role in ``agency`` (404 for anyone else)."""
    return get_object_or_404(User.objects.filter(memberships__agency=agency).distinct(), pk=pk)


def members_of(*, agency: Agency) -> list[MemberRow]:
    """The agency's accounts by username, each with its roles here (one query)."""
    order = {role: i for i, role in enumerate(Role.values)}
    rows: dict[int, MemberRow] = {}
    for m in Membership.objects.filter(agency=agency).select_related("user").order_by("user__username"):
        rows.setdefault(m.user_id, MemberRow(m.user, [])).memberships.append(m)
    for row in rows.values():
        row.memberships.sort(key=lambda m: order.get(m.role, len(order)))
    return list(rows.values())


def member_emails(*, agency: Agency, roles: tuple[str, ...]) -> list[str]:
    """The e-mail addresses of ``agency``'s members holding any of ``roles`` (each once, sorted; members
    without one left out): whom a notice to the agency's officers, leaders or superior office is sent."""
    return sorted(
        set(
            Membership.objects.filter(agency=agency, role__in=roles)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def agency_ids_managed_by(*, user: Actor) -> set[int]:
    """Agencies whose members ``user`` manages: where they are administrator (superusers: every agency)."""
    if is_superuser(user):
        return set(Agency.objects.values_list("id", flat=True))
    return set(user_memberships(user=user).filter(role=Role.ADMIN).values_list("agency_id", flat=True))
