"""Member management rules (agencies/services.py): who may grant and revoke, the last administrator, audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from gongkai_web.agencies.models import Membership
from gongkai_web.agencies.services import (
    MemberChangeRefused,
    member_account_create,
    member_password_link_issue,
    member_role_grant,
    member_role_revoke,
    membership_grant,
    password_set_token,
)
from tests.web import factories as f
from tests.web.agencies.helpers import audit_rows

pytestmark = pytest.mark.django_db


def test_admin_grants_a_role_to_an_existing_account(world: Any) -> None:
    account = f.UserFactory(username="newcomer")
    member_role_grant(
        agency=world.agency, acting_user=world.users["admin"], username="newcomer", role="leader"
    )
    assert Membership.objects.filter(user=account, agency=world.agency, role="leader").exists()


def test_grant_is_audited_with_who_and_what(world: Any) -> None:
    account = f.UserFactory(username="newcomer")
    member_role_grant(
        agency=world.agency, acting_user=world.users["admin"], username="newcomer", role="leader"
    )
    [row] = audit_rows("membership_grant", world.agency)[-1:]
    assert row.actor == world.users["admin"]
    assert row.at is not None
    assert row.changes == {"user": account.pk, "username": "newcomer", "role": "leader"}


def test_grant_to_an_unknown_username_names_the_username_field(world: Any) -> None:
    with pytest.raises(MemberChangeRefused) as exc:
        member_role_grant(
            agency=world.agency, acting_user=world.users["admin"], username="nobody", role="officer"
        )
    assert exc.value.field == "username"


def test_grant_of_a_role_already_held_is_refused(world: Any) -> None:
    with pytest.raises(MemberChangeRefused) as exc:
        member_role_grant(
            agency=world.agency, acting_user=world.users["admin"], username="officer", role="officer"
        )
    assert exc.value.field == "role"


def test_admin_cannot_grant_the_superior_role(world: Any) -> None:
    f.UserFactory(username="newcomer")
    with pytest.raises(MemberChangeRefused):
        member_role_grant(
            agency=world.agency, acting_user=world.users["admin"], username="newcomer", role="superior"
        )


def test_superuser_grants_the_superior_role(world: Any) -> None:
    root = f.UserFactory(username="root", is_superuser=True)
    member_role_grant(agency=world.office, acting_user=root, username="officer", role="superior")
    assert world.users["officer"].memberships.filter(agency=world.office, role="superior").exists()


@pytest.mark.parametrize("role", ["officer", "leader", "superior", "other"])
def test_non_admin_may_not_grant(world: Any, role: str) -> None:
    with pytest.raises(PermissionDenied):
        member_role_grant(
            agency=world.agency, acting_user=world.users[role], username="other", role="officer"
        )


def test_admin_of_another_agency_may_not_grant(world: Any) -> None:
    other_admin = f.member(world.other_agency, "admin", username="admin-b")
    with pytest.raises(PermissionDenied):
        member_role_grant(agency=world.agency, acting_user=other_admin, username="other", role="officer")


def test_admin_revokes_a_role(world: Any) -> None:
    membership = world.agency.memberships.get(user=world.users["leader"])
    member_role_revoke(membership=membership, acting_user=world.users["admin"])
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_revoke_is_audited_with_who_and_what(world: Any) -> None:
    membership = world.agency.memberships.get(user=world.users["leader"])
    member_role_revoke(membership=membership, acting_user=world.users["admin"])
    [row] = audit_rows("membership_revoke", world.agency)
    assert row.actor == world.users["admin"]
    assert row.object_id == str(membership.pk)
    assert row.changes == {"user": world.users["leader"].pk, "username": "leader", "role": "leader"}


def test_last_admin_cannot_be_removed(world: Any) -> None:
    membership = world.agency.memberships.get(user=world.users["admin"], role="admin")
    with pytest.raises(MemberChangeRefused):
        member_role_revoke(membership=membership, acting_user=world.users["admin"])
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_last_admin_refusal_writes_no_audit_row(world: Any) -> None:
    membership = world.agency.memberships.get(user=world.users["admin"], role="admin")
    with pytest.raises(MemberChangeRefused):
        member_role_revoke(membership=membership, acting_user=world.users["admin"])
    assert audit_rows("membership_revoke", world.agency) == []


def test_an_admin_may_remove_their_own_admin_role_when_another_remains(world: Any) -> None:
    f.member(world.agency, "admin", username="admin-2")
    membership = world.agency.memberships.get(user=world.users["admin"], role="admin")
    member_role_revoke(membership=membership, acting_user=world.users["admin"])
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("role", ["officer", "leader", "superior", "other"])
def test_non_admin_may_not_revoke(world: Any, role: str) -> None:
    membership = world.agency.memberships.get(user=world.users["officer"])
    with pytest.raises(PermissionDenied):
        member_role_revoke(membership=membership, acting_user=world.users[role])


def test_admin_cannot_revoke_the_superior_role(world: Any) -> None:
    office_admin = f.member(world.office, "admin", username="office-admin")
    membership = world.office.memberships.get(user=world.users["superior"])
    with pytest.raises(MemberChangeRefused):
        member_role_revoke(membership=membership, acting_user=office_admin)


def _create(world: Any, username: str = "zhangsan", role: str = "officer") -> Any:
    return member_account_create(
        agency=world.agency,
        acting_user=world.users["admin"],
        username=username,
        name="张三",
        email="zhangsan@example.gov.cn",
        role=role,
    )


def test_new_account_holds_the_role_in_the_agency(world: Any) -> None:
    account = _create(world)
    assert list(account.memberships.values_list("agency__code", "role")) == [("dept-a", "officer")]


def test_new_account_has_no_usable_password(world: Any) -> None:
    assert not _create(world).has_usable_password()


def test_new_account_is_audited(world: Any) -> None:
    account = _create(world)
    [row] = audit_rows("account_create", world.agency)
    assert (row.actor, row.object_id) == (world.users["admin"], str(account.pk))
    assert row.changes == {"username": "zhangsan", "name": "张三", "email": "zhangsan@example.gov.cn"}


def test_new_account_with_a_taken_username_is_refused_whatever_the_case(world: Any) -> None:
    with pytest.raises(MemberChangeRefused) as exc:
        _create(world, username="OFFICER")
    assert exc.value.field == "username"


def test_password_set_token_works_once(world: Any) -> None:
    from django.contrib.auth.tokens import default_token_generator

    account = _create(world)
    _, token = password_set_token(user=account)
    assert default_token_generator.check_token(account, token)
    account.set_password("a-long-new-password-9")
    account.save()
    assert not default_token_generator.check_token(get_user_model().objects.get(pk=account.pk), token)


def test_a_new_link_is_issued_for_an_account_never_used(world: Any) -> None:
    from django.contrib.auth.tokens import default_token_generator

    account = _create(world)
    _, token = member_password_link_issue(agency=world.agency, acting_user=world.users["admin"], user=account)
    assert default_token_generator.check_token(account, token)


def test_a_new_link_is_audited(world: Any) -> None:
    account = _create(world)
    member_password_link_issue(agency=world.agency, acting_user=world.users["admin"], user=account)
    [row] = audit_rows("password_link_issue", world.agency)
    assert (row.actor, row.object_id) == (world.users["admin"], str(account.pk))


def test_no_new_link_once_the_password_is_chosen(world: Any) -> None:
    with pytest.raises(MemberChangeRefused):
        member_password_link_issue(
            agency=world.agency, acting_user=world.users["admin"], user=world.users["officer"]
        )


def test_no_new_link_from_an_admin_for_an_account_with_roles_elsewhere(world: Any) -> None:
    account = _create(world)
    membership_grant(user=account, agency=world.other_agency, role="leader")
    with pytest.raises(MemberChangeRefused):
        member_password_link_issue(agency=world.agency, acting_user=world.users["admin"], user=account)


def test_superuser_issues_a_new_link_for_an_account_with_roles_elsewhere(world: Any) -> None:
    account = _create(world)
    membership_grant(user=account, agency=world.other_agency, role="leader")
    root = f.UserFactory(username="root", is_superuser=True)
    assert member_password_link_issue(agency=world.agency, acting_user=root, user=account)


def test_non_admin_may_not_issue_a_link(world: Any) -> None:
    account = _create(world)
    with pytest.raises(PermissionDenied):
        member_password_link_issue(agency=world.agency, acting_user=world.users["leader"], user=account)


def test_another_agency_may_not_grant_a_role_to_an_account_not_yet_activated(world: Any) -> None:
    _create(world, username="fresh")
    other_admin = f.member(world.other_agency, "admin", username="admin-b")
    with pytest.raises(MemberChangeRefused) as exc:
        member_role_grant(
            agency=world.other_agency, acting_user=other_admin, username="fresh", role="officer"
        )
    assert exc.value.field == "username"


def test_the_creating_agency_may_add_roles_to_its_account_not_yet_activated(world: Any) -> None:
    account = _create(world, username="fresh")
    member_role_grant(agency=world.agency, acting_user=world.users["admin"], username="fresh", role="leader")
    assert account.memberships.filter(agency=world.agency, role="leader").exists()
