"""Writes for agencies and memberships (one transaction, audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai_web.agencies.models import Agency, Membership
from gongkai_web.common.audit import audit_record
from gongkai_web.common.pagecache import portal_version_bump


def agency_create(
    *,
    name: str,
    code: str,
    parent: Agency | None = None,
    acting_user: Any = None,
    with_catalogue: bool = True,
) -> Agency:
    """Create an agency and (by default) its catalogue tree of national categories."""
    with transaction.atomic():
        agency = Agency.objects.create(name=name, code=code, parent=parent)
        portal_version_bump()
        if with_catalogue:
            from gongkai_web.catalogue.services import category_seed_national

            category_seed_national(agency=agency, acting_user=acting_user)
        audit_record(
            acting_user=acting_user,
            action="agency_create",
            obj=agency,
            agency=agency,
            changes={"name": name, "code": code},
        )
    return agency


def membership_grant(*, user: Any, agency: Agency, role: str, acting_user: Any = None) -> Membership:
    """Give ``user`` the ``role`` in ``agency`` (idempotent)."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
        if created:
            audit_record(
                acting_user=acting_user,
                action="membership_grant",
                obj=membership,
                agency=agency,
                changes={"user": user.pk, "role": role},
            )
    return membership
