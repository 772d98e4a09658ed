"""The staff dashboard links each agency's pages to the roles that can use them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web import factories as f

pytestmark = pytest.mark.django_db


def dashboard(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("staff:dashboard")).content.decode()


def href(name: str, *args: Any) -> str:
    return f'href="{reverse(name, args=args)}"'


@pytest.mark.parametrize("role", ["officer", "leader", "admin", "superior"])
def test_every_member_gets_the_applications_queue(world: Any, role: str) -> None:
    assert href("applications:queue", "dept-a") in dashboard(world.users[role])


@pytest.mark.parametrize("role", ["officer", "leader", "admin", "superior"])
def test_every_member_gets_the_annual_reports(world: Any, role: str) -> None:
    assert href("annual_reports:list", "dept-a") in dashboard(world.users[role])


def test_admin_gets_the_members_page(world: Any) -> None:
    assert href("agencies:list", "dept-a") in dashboard(world.users["admin"])


@pytest.mark.parametrize("role", ["officer", "leader", "superior", "other"])
def test_non_admins_get_no_members_page(world: Any, role: str) -> None:
    assert "/members/" not in dashboard(world.users[role])


def test_links_are_only_for_the_users_own_agencies(world: Any) -> None:
    page = dashboard(world.users["other"])
    assert href("applications:queue", "dept-b") in page
    assert "/dept-a/" not in page


def test_admin_of_one_agency_gets_members_only_there(world: Any) -> None:
    both = f.member(world.agency, "officer", username="both")
    f.member(world.other_agency, "admin", username="both")
    page = dashboard(f.fresh(both))
    assert href("agencies:list", "dept-b") in page
    assert href("agencies:list", "dept-a") not in page


def test_superuser_gets_the_members_page_of_every_agency(world: Any) -> None:
    page = dashboard(f.UserFactory(username="root", is_superuser=True))
    assert all(href("agencies:list", code) in page for code in ("office", "dept-a", "dept-b"))


def test_superuser_gets_the_working_day_calendar(world: Any) -> None:
    assert href("applications:calendar") in dashboard(f.UserFactory(username="root", is_superuser=True))


@pytest.mark.parametrize("role", ["officer", "leader", "superior", "admin"])
def test_non_superusers_get_no_working_day_calendar(world: Any, role: str) -> None:
    assert href("applications:calendar") not in dashboard(world.users[role])


def test_the_superior_office_gets_its_departments_board(world: Any) -> None:
    assert href("oversight:board", "office") in dashboard(world.users["superior"])


@pytest.mark.parametrize("role", ["officer", "leader", "admin", "other"])
def test_departments_do_not_get_a_board(world: Any, role: str) -> None:
    assert "/staff/oversight/" not in dashboard(world.users[role])


def test_the_audit_log_names_each_action_in_the_readers_language(world: Any) -> None:
    client = Client()
    client.force_login(world.users["officer"])
    page = client.get(reverse("staff:audit_list", kwargs={"code": world.agency.code})).content.decode()
    assert "提交审核" in page and "起草信息" in page
    assert ">item_submit<" not in page
