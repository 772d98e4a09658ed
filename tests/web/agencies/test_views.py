"""Member management pages: grant, create with a one-time link, revoke, refusals shown by field, scoping."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import Membership
from tests.web import factories as f
from tests.web.test_markup import check

pytestmark = pytest.mark.django_db


def client_for(user: Any, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def members_url(agency: Any, name: str = "list", **kwargs: Any) -> str:
    return reverse(f"agencies:{name}", kwargs={"code": agency.code, **kwargs})


def test_list_shows_each_member_with_their_roles(world: Any) -> None:
    page = client_for(world.users["admin"]).get(members_url(world.agency)).content.decode()
    assert "officer" in page and "leader" in page
    assert "分管领导" in page


def test_list_never_shows_another_agencys_members(world: Any) -> None:
    page = client_for(world.users["admin"]).get(members_url(world.agency)).content.decode()
    assert "other-leader" not in page


def test_list_is_wellformed_and_accessible(world: Any) -> None:
    response = client_for(world.users["admin"]).get(members_url(world.agency))
    assert check(response.content.decode()) == []


def test_create_form_is_wellformed_and_accessible(world: Any) -> None:
    response = client_for(world.users["admin"]).get(members_url(world.agency, "create"))
    assert check(response.content.decode()) == []


def test_admin_of_another_agency_gets_404(world: Any) -> None:
    other_admin = f.member(world.other_agency, "admin", username="admin-b")
    assert client_for(other_admin).get(members_url(world.agency)).status_code == 404


def test_admin_of_another_agency_cannot_revoke_by_id(world: Any) -> None:
    other_admin = f.member(world.other_agency, "admin", username="admin-b")
    membership = world.agency.memberships.get(user=world.users["officer"])
    response = client_for(other_admin).post(members_url(world.other_agency, "revoke", pk=membership.pk))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_office_admin_gets_404_for_a_department(world: Any) -> None:
    office_admin = f.member(world.office, "admin", username="office-admin")
    assert client_for(office_admin).get(members_url(world.agency)).status_code == 404


@pytest.mark.parametrize("role", ["officer", "leader", "superior"])
def test_non_admin_in_scope_gets_403(world: Any, role: str) -> None:
    assert client_for(world.users[role]).get(members_url(world.agency)).status_code == 403


def test_superuser_manages_any_agency(world: Any) -> None:
    root = f.UserFactory(username="root", is_superuser=True)
    assert client_for(root).get(members_url(world.other_agency)).status_code == 200


def test_grant_page_adds_the_role(world: Any) -> None:
    client_for(world.users["admin"]).post(
        members_url(world.agency, "grant"), {"grant-username": "other", "grant-role": "leader"}
    )
    assert world.users["other"].memberships.filter(agency=world.agency, role="leader").exists()


def names_the_field(form: Any, field: str) -> bool:
    """The form shows an error on ``field`` whose message names the field by its label (in any language)."""
    label = str(form.fields[field].label)
    return any(label in message for message in form.errors.get(field, []))


def test_grant_refusal_is_shown_naming_the_field(world: Any) -> None:
    response = client_for(world.users["admin"]).post(
        members_url(world.agency, "grant"), {"grant-username": "nobody", "grant-role": "leader"}
    )
    assert response.status_code == 200
    assert names_the_field(response.context["grant_form"], "username")


def test_grant_form_offers_no_superior_role_to_an_admin(world: Any) -> None:
    page = client_for(world.users["admin"]).get(members_url(world.agency)).content.decode()
    assert 'value="superior"' not in page


def test_post_without_csrf_token_is_refused(world: Any) -> None:
    client = client_for(world.users["admin"], enforce_csrf_checks=True)
    response = client.post(
        members_url(world.agency, "grant"), {"grant-username": "other", "grant-role": "leader"}
    )
    assert response.status_code == 403
    assert not world.users["other"].memberships.filter(agency=world.agency).exists()


def test_revoke_page_removes_the_role(world: Any) -> None:
    membership = world.agency.memberships.get(user=world.users["leader"])
    client_for(world.users["admin"]).post(members_url(world.agency, "revoke", pk=membership.pk))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_revoke_of_the_last_admin_shows_the_refusal(world: Any) -> None:
    membership = world.agency.memberships.get(user=world.users["admin"])
    response = client_for(world.users["admin"]).post(
        members_url(world.agency, "revoke", pk=membership.pk), follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_revoke_needs_post(world: Any) -> None:
    membership = world.agency.memberships.get(user=world.users["leader"])
    response = client_for(world.users["admin"]).get(members_url(world.agency, "revoke", pk=membership.pk))
    assert response.status_code == 405


ACCOUNT = {"username": "lisi", "name": "李四", "email": "lisi@example.gov.cn", "role": "officer"}


def test_create_page_creates_the_account_with_its_role(world: Any) -> None:
    client_for(world.users["admin"]).post(members_url(world.agency, "create"), ACCOUNT)
    account = get_user_model().objects.get(username="lisi")
    assert (account.first_name, account.email) == ("李四", "lisi@example.gov.cn")
    assert account.memberships.filter(agency=world.agency, role="officer").exists()


def test_create_page_shows_a_one_time_link_not_cached(world: Any) -> None:
    response = client_for(world.users["admin"]).post(members_url(world.agency, "create"), ACCOUNT)
    assert "/accounts/set-password/" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_create_with_a_taken_username_names_the_field(world: Any) -> None:
    response = client_for(world.users["admin"]).post(
        members_url(world.agency, "create"), {**ACCOUNT, "username": "officer"}
    )
    assert response.status_code == 200
    assert names_the_field(response.context["form"], "username")


def test_create_without_a_name_names_the_field(world: Any) -> None:
    response = client_for(world.users["admin"]).post(
        members_url(world.agency, "create"), {**ACCOUNT, "name": ""}
    )
    assert not get_user_model().objects.filter(username="lisi").exists()
    assert names_the_field(response.context["form"], "name")


def test_the_one_time_link_sets_the_password_then_is_spent(world: Any) -> None:
    import re

    page = (
        client_for(world.users["admin"]).post(members_url(world.agency, "create"), ACCOUNT).content.decode()
    )
    link = re.search(r"http://testserver(/accounts/set-password/[^<\s]+)", page).group(1)
    visitor = Client()
    form_url = visitor.get(link)["Location"]
    password = "Zhen-hao-de-mima-2026"
    visitor.post(form_url, {"new_password1": password, "new_password2": password})
    assert get_user_model().objects.get(username="lisi").check_password(password)
    assert Client().get(link, follow=True).context["validlink"] is False


def test_new_link_page_shows_a_fresh_link_not_cached(world: Any) -> None:
    client = client_for(world.users["admin"])
    client.post(members_url(world.agency, "create"), ACCOUNT)
    account = get_user_model().objects.get(username="lisi")
    response = client.post(members_url(world.agency, "link", pk=account.pk))
    assert "/accounts/set-password/" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_new_link_for_someone_outside_the_agency_is_404(world: Any) -> None:
    response = client_for(world.users["admin"]).post(
        members_url(world.agency, "link", pk=world.users["other"].pk)
    )
    assert response.status_code == 404


def test_created_page_is_wellformed_and_accessible(world: Any) -> None:
    response = client_for(world.users["admin"]).post(members_url(world.agency, "create"), ACCOUNT)
    assert check(response.content.decode()) == []


def test_password_set_page_is_wellformed_and_accessible(world: Any) -> None:
    import re

    page = (
        client_for(world.users["admin"]).post(members_url(world.agency, "create"), ACCOUNT).content.decode()
    )
    link = re.search(r"http://testserver(/accounts/set-password/[^<\s]+)", page).group(1)
    response = Client().get(link, follow=True)
    assert response.context["validlink"] is True
    assert check(response.content.decode()) == []
