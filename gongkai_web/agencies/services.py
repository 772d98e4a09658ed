"""Writes for agencies and memberships (one transaction, audited).

Member management (``member_*``): only the agency's administrators and superusers may change its members; an
administrator grants and revokes only the roles of :data:`~gongkai_web.agencies.permissions.ADMIN_GRANTABLE`;
the last administrator of an agency cannot be removed. Every change writes an audit row in its transaction.
Changes to one agency's members are serialised by locking the agency row.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy

from gongkai_web.agencies.models import GUIDE_FIELDS, Agency, AgencyGuide, Membership, Role
from gongkai_web.agencies.permissions import (
    can_edit_guide,
    can_manage_members,
    can_review_guide,
    grantable_roles,
)
from gongkai_web.common.audit import audit_record
from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.hooks import Hook
from gongkai_web.common.pagecache import portal_version_bump
from gongkai_web.common.permissions import Actor, is_superuser, signed_in


class MemberChangeRefused(Refused):
    """A member change the rules refuse; ``field`` names the form field concerned (None: the whole form)."""


#: A new agency exists: the apps above set up what each agency has (the catalogue its national categories).
AGENCY_CREATED: Hook[Agency] = Hook("agency_created")


def agency_create(
    *,
    name: str,
    code: str,
    parent: Agency | None = None,
    acting_user: Actor = None,
    doc_prefix: str = "",
    review_body: str = "",
) -> Agency:
    """Create an agency; in the same transaction :data:`AGENCY_CREATED` lets the apps above set it up (the
    catalogue gives it the national categories). ``doc_prefix`` is its 机关代字 for document numbers,
    ``review_body`` the reconsideration body its letters name."""
    with transaction.atomic():
        agency = Agency.objects.create(
            name=name, code=code, parent=parent, doc_prefix=doc_prefix, review_body=review_body
        )
        portal_version_bump()
        AGENCY_CREATED.send(agency, acting_user)
        audit_record(
            acting_user=acting_user,
            action="agency_create",
            obj=agency,
            agency=agency,
            changes={"name": name, "code": code},
        )
    return agency


def membership_grant(*, user: User, agency: Agency, role: str, acting_user: Actor = None) -> Membership:
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


def _check_manager(*, acting_user: Actor, agency: Agency, role: str) -> None:
    if not can_manage_members(acting_user, agency):
        raise NotPermitted(gettext_lazy("Only the agency's administrators may manage its members."))
    if role not in grantable_roles(acting_user):
        raise MemberChangeRefused(
            gettext_lazy("Role: only a superuser can grant or remove the role “%(role)s”."),
            {"role": Role(role).label if role in Role.values else role},
            field="role",
        )


def _lock(agency: Agency) -> None:
    """Serialise member changes of ``agency`` (the last-administrator rule counts rows under this lock)."""
    Agency.objects.select_for_update().filter(pk=agency.pk).first()


def member_role_grant(*, agency: Agency, acting_user: Actor, username: str, role: str) -> Membership:
    """Give the existing, active account ``username`` the ``role`` in ``agency``."""
    _check_manager(acting_user=acting_user, agency=agency, role=role)
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise MemberChangeRefused(
            gettext_lazy(
                "Username: there is no active account “%(username)s”; to create one, use “New staff account”."
            ),
            {"username": username},
            field="username",
        )
    if _not_activated(user) and _holds_roles_elsewhere(user=user, agency=agency):
        # Its set-password link is known to another agency's administrator: no more rights until activated.
        raise MemberChangeRefused(
            gettext_lazy(
                "Username: “%(username)s” has not chosen a password yet; give it a role here once its owner "
                "has logged in."
            ),
            {"username": username},
            field="username",
        )
    with transaction.atomic():
        _lock(agency)
        if Membership.objects.filter(user=user, agency=agency, role=role).exists():
            raise MemberChangeRefused(
                gettext_lazy("Role: “%(username)s” already holds the role “%(role)s” in this agency."),
                {"username": username, "role": Role(role).label},
                field="role",
            )
        return membership_grant(user=user, agency=agency, role=role, acting_user=acting_user)


def member_account_create(
    *, agency: Agency, acting_user: Actor, username: str, name: str, email: str, role: str
) -> Any:
    """Create a staff account with ``role`` in ``agency`` and no usable password (see :func:`password_set_token`)."""
    _check_manager(acting_user=acting_user, agency=agency, role=role)
    user_model = get_user_model()
    taken = MemberChangeRefused(
        gettext_lazy(
            "Username: “%(username)s” is already taken; to give that account a role here, use “Add a role”."
        ),
        {"username": username},
        field="username",
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


def member_role_revoke(*, membership: Membership, acting_user: Actor) -> None:
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
                gettext_lazy(
                    "Role: the last agency administrator cannot be removed; first give another account "
                    "the administrator role."
                ),
                field="role",
            )
        audit_record(
            acting_user=acting_user,
            action="membership_revoke",
            obj=current,
            agency=agency,
            changes={"user": current.user_id, "username": current.user.get_username(), "role": current.role},
        )
        current.delete()


def _not_activated(user: User) -> bool:
    """The account never chose a password nor logged in (its set-password link may still be open)."""
    return not user.has_usable_password() and user.last_login is None


def _holds_roles_elsewhere(*, user: User, agency: Agency) -> bool:
    return Membership.objects.filter(user=user).exclude(agency=agency).exists()


def member_password_link_issue(*, agency: Agency, acting_user: Actor, user: User) -> tuple[str, str]:
    """A fresh set-password link for a member of ``agency`` who never chose a password (the first expired
    or was lost). Refused once the account is in use, and, for an administrator, if the account holds roles in
    another agency (the link would give its rights there)."""
    if not can_manage_members(acting_user, agency):
        raise NotPermitted(gettext_lazy("Only the agency's administrators may manage its members."))
    if not _not_activated(user):
        raise MemberChangeRefused(
            gettext_lazy(
                "“%(username)s” has already chosen a password; they can change it themselves once logged in."
            ),
            {"username": user.get_username()},
        )
    if not is_superuser(acting_user) and _holds_roles_elsewhere(user=user, agency=agency):
        raise MemberChangeRefused(
            gettext_lazy(
                "“%(username)s” also holds roles in another agency: ask a superuser for a new link."
            ),
            {"username": user.get_username()},
        )
    with transaction.atomic():
        audit_record(
            acting_user=acting_user,
            action="password_link_issue",
            obj=user,
            agency=agency,
            changes={"username": user.get_username()},
        )
    return password_set_token(user=user)


def password_set_token(*, user: User) -> tuple[str, str]:
    """``(uidb64, token)`` for Django's password reset confirmation: one use (setting the password, or any
    login, changes what the token signs), expires after ``PASSWORD_RESET_TIMEOUT``."""
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


# --- the 政府信息公开指南 and 公开制度: written by the agency, reviewed by a leader ------------------------------


def _guide_of(agency: Agency) -> AgencyGuide:
    guide, _created = AgencyGuide.objects.select_for_update().get_or_create(agency=agency)
    return guide


def guide_submit(*, agency: Agency, fields: dict[str, str], acting_user: Actor) -> AgencyGuide:
    """An edit of the agency's guide and rules (every field of :data:`GUIDE_FIELDS`), waiting for a leader's
    review; the published guide is unchanged until then. Only the agency's officers and administrators."""
    if not can_edit_guide(acting_user, agency):
        raise NotPermitted(gettext_lazy("Only the agency's officers or administrators may edit its guide."))
    clean = {k: str(fields.get(k, "")).strip() for k in GUIDE_FIELDS}
    with transaction.atomic():
        guide = _guide_of(agency)
        guide.pending = clean
        guide.pending_by = signed_in(acting_user)
        guide.pending_at = timezone.now()
        guide.return_reason = ""
        guide.save()
        changed = {k: [getattr(guide, k), v] for k, v in clean.items() if getattr(guide, k) != v}
        audit_record(acting_user=acting_user, action="agency_guide_submit", obj=guide, changes=changed)
    return guide


def _check_reviewer(guide: AgencyGuide, acting_user: Actor) -> None:
    if not can_review_guide(acting_user, guide.agency):
        raise NotPermitted(gettext_lazy("Only the agency's leaders may review its guide."))
    if not guide.pending:
        raise Refused(gettext_lazy("No edit of the guide is waiting for review."))
    account = signed_in(acting_user)
    if account is not None and guide.pending_by_id == account.pk:
        raise Refused(gettext_lazy("Whoever wrote an edit may not review it."))


def guide_approve(*, agency: Agency, acting_user: Actor) -> AgencyGuide:
    """A leader other than its writer approves the waiting edit: the portal shows it from now on."""
    with transaction.atomic():
        guide = _guide_of(agency)
        _check_reviewer(guide, acting_user)
        changed = {k: [getattr(guide, k), v] for k, v in guide.pending.items() if getattr(guide, k) != v}
        for key, value in guide.pending.items():
            if key in GUIDE_FIELDS:
                setattr(guide, key, value)
        guide.pending, guide.pending_by, guide.pending_at = {}, None, None
        guide.approver = signed_in(acting_user)
        guide.published_at = timezone.now()
        guide.save()
        audit_record(acting_user=acting_user, action="agency_guide_approve", obj=guide, changes=changed)
        portal_version_bump()
    return guide


def guide_return(*, agency: Agency, reason: str, acting_user: Actor) -> AgencyGuide:
    """A leader returns the waiting edit with a reason (the writer sees it, edits and submits again)."""
    if not reason.strip():
        raise Refused(gettext_lazy("Give the reason for returning the edit."), field="reason")
    with transaction.atomic():
        guide = _guide_of(agency)
        _check_reviewer(guide, acting_user)
        guide.return_reason = reason.strip()
        guide.save(update_fields=["return_reason"])
        audit_record(
            acting_user=acting_user,
            action="agency_guide_return",
            obj=guide,
            changes={"reason": reason.strip()},
        )
    return guide
