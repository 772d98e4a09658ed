"""Reads about agencies and memberships (the scoping every staff read goes through is in ``scoping``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai_web.agencies.models import Agency, AgencyGuide, Membership, Role
from gongkai_web.agencies.scoping import (
    agency_get_for_user,
    get_scoped_or_404,
    user_memberships,
    visible_agency_ids,
)
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


# --- the 政府信息公开指南 and 公开制度 -------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicGuide:
    """What the portal shows of an agency's guide: its published fields, the national texts where it wrote
    none (how to apply, fees, remedies), and when it was published (None: never reviewed yet)."""

    agency: Agency
    office: str
    address: str
    postcode: str
    hours: str
    phone: str
    email: str
    how_to_apply: str
    fees: str
    remedies: str
    rules: str
    published_at: datetime | None


def guide_public(*, agency: Agency) -> PublicGuide:
    from gongkai_web.agencies import guide as texts

    found = AgencyGuide.objects.filter(agency=agency).first()
    published = found if found is not None and found.published_at is not None else None

    def field(name: str) -> str:
        return str(getattr(published, name)) if published is not None else ""

    return PublicGuide(
        agency=agency,
        office=field("office") or agency.name,
        address=field("address"),
        postcode=field("postcode"),
        hours=field("hours"),
        phone=field("phone"),
        email=field("email"),
        how_to_apply=field("how_to_apply") or texts.default_how_to_apply(agency.name),
        fees=field("fees") or texts.default_fees(),
        remedies=field("remedies") or texts.default_remedies(agency.review_body),
        rules=field("rules"),
        published_at=published.published_at if published is not None else None,
    )


def guide_for_staff(*, user: Actor, code: str) -> tuple[Agency, AgencyGuide]:
    """The agency (in the user's scope, else 404) and its guide (an unsaved empty one before the first edit)."""
    agency = agency_get_for_user(user=user, code=code)
    return agency, AgencyGuide.objects.filter(agency=agency).first() or AgencyGuide(agency=agency)
