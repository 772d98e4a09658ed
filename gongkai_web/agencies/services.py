"""Writes for agencies and memberships (one transaction, audited).

Member management (``member_*``): only the agency's administrators and superusers may change its members; an
administrator grants and revokes only the roles of :data:`~gongkai_web.agencies.permissions.ADMIN_GRANTABLE`;
the last administrator of an agency cannot be removed. Every change writes an audit row in its transaction.
Changes to one agency's members are serialised by locking the agency row.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from gongkai_web.agencies.models import Agency, Membership, Role
from gongkai_web.agencies.permissions import can_manage_members, grantable_roles
from gongkai_web.common.audit import audit_record
from gongkai_web.common.pagecache import portal_version_bump


class MemberChangeRefused(Exception):
    """A member change the rules refuse; ``field`` names the form field concerned (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


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
    """Give ``user`` the ``role`` in ``agency`` (idempotent; no permission check: seeding and the services below)."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
        if created:
            audit_record(
                acting_user=acting_user,
                action="membership_grant",
                obj=membership,
                agency=agency,
                changes={"user": user.pk, "username": user.get_username(), "role": role},
            )
    return membership


# --- member management by an agency's administrator ------------------------------------------------------


def _check_manager(*, acting_user: Any, agency: Agency, role: str) -> None:
    if not can_manage_members(acting_user, agency):
        raise PermissionDenied
    if role not in grantable_roles(acting_user):
        raise MemberChangeRefused(
            _("Role: only a superuser can grant or remove the role “%(role)s”.")
            % {"role": Role(role).label if role in Role.values else role},
            "role",
        )


def _lock(agency: Agency) -> None:
    """Serialise member changes of ``agency`` (the last-administrator rule counts rows under this lock)."""
    Agency.objects.select_for_update().filter(pk=agency.pk).first()


def member_role_grant(*, agency: Agency, acting_user: Any, username: str, role: str) -> Membership:
    """Give the existing, active account ``username`` the ``role`` in ``agency``."""
    _check_manager(acting_user=acting_user, agency=agency, role=role)
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise MemberChangeRefused(
            _("Username: there is no active account “%(username)s”; to create one, use “New staff account”.")
            % {"username": username},
            "username",
        )
    with transaction.atomic():
        _lock(agency)
        if Membership.objects.filter(user=user, agency=agency, role=role).exists():
            raise MemberChangeRefused(
                _("Role: “%(username)s” already holds the role “%(role)s” in this agency.")
                % {"username": username, "role": Role(role).label},
                "role",
            )
        return membership_grant(user=user, agency=agency, role=role, acting_user=acting_user)


def member_account_create(
    *, agency: Agency, acting_user: Any, username: str, name: str, email: str, role: str
) -> Any:
    """Create a staff account with ``role`` in ``agency`` and no usable password (see :func:`password_set_token`)."""
    _check_manager(acting_user=acting_user, agency=agency, role=role)
    user_model = get_user_model()
    taken = MemberChangeRefused(
        _("Username: “%(username)s” is already taken; to give that account a role here, use “Add a role”.")
        % {"username": username},
        "username",
    )
    with transaction.atomic():
        _lock(agency)
        if user_model.objects.filter(username__iexact=username).exists():
            raise taken
        user = user_model(username=username, first_name=name, email=email)
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:  # the same name created at the same moment
            raise taken from exc
        audit_record(
            acting_user=acting_user,
            action="account_create",
            obj=user,
            agency=agency,
            changes={"username": username, "name": name, "email": email},
        )
        membership_grant(user=user, agency=agency, role=role, acting_user=acting_user)
    return user


def member_role_revoke(*, membership: Membership, acting_user: Any) -> None:
    """Remove one role; refused for the last administrator of the agency."""
    agency = membership.agency
    _check_manager(acting_user=acting_user, agency=agency, role=membership.role)
    with transaction.atomic():
        _lock(agency)
        current = Membership.objects.select_related("user").filter(pk=membership.pk).first()
        if current is None:  # removed meanwhile: nothing to do
            return
        if (
            current.role == Role.ADMIN
            and Membership.objects.filter(agency=agency, role=Role.ADMIN).count() <= 1
        ):
            raise MemberChangeRefused(
                _(
                    "Role: the last agency administrator cannot be removed; first give another account "
                    "the administrator role."
                ),
                "role",
            )
        audit_record(
            acting_user=acting_user,
            action="membership_revoke",
            obj=current,
            agency=agency,
            changes={"user": current.user_id, "username": current.user.get_username(), "role": current.role},
        )
        current.delete()


def password_set_token(*, user: Any) -> tuple[str, str]:
    """``(uidb64, token)`` for Django's password reset confirmation: one use (setting the password, or any
    login, changes what the token signs), expires after ``PASSWORD_RESET_TIMEOUT``."""
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
