"""The catalogue tree: columns and sub-columns managed by the agency's administrators (audited), never
placed under themselves or another agency's column, removed only when empty."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.catalogue import services
from gongkai_web.catalogue.models import Category
from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.models import AuditEntry


def sub(world: Any, code: str = "gfxwj", parent: str = "zcwj") -> Category:
    return services.category_create(
        agency=world.agency,
        code=code,
        name="规范性文件",
        parent=world.agency.categories.get(code=parent),
        acting_user=world.users["admin"],
    )


def test_an_administrator_adds_a_sub_column_and_it_is_audited(world: Any) -> None:
    column = sub(world)
    assert column.parent is not None and column.parent.code == "zcwj"
    assert AuditEntry.objects.filter(action="category_create", actor=world.users["admin"]).exists()


def test_an_officer_may_not_manage_columns(world: Any) -> None:
    with pytest.raises(NotPermitted):
        services.category_create(
            agency=world.agency, code="x", name="某栏目", acting_user=world.users["officer"]
        )


def test_a_column_is_never_placed_under_itself(world: Any) -> None:
    column = sub(world)
    parent = world.agency.categories.get(code="zcwj")
    with pytest.raises(Refused):
        services.category_update(category=parent, parent=column, acting_user=world.users["admin"])


def test_a_column_is_never_placed_under_another_agencys(world: Any) -> None:
    with pytest.raises(Refused):
        services.category_create(
            agency=world.agency,
            code="x",
            name="某栏目",
            parent=world.other_agency.categories.get(code="zcwj"),
            acting_user=world.users["admin"],
        )


def test_only_an_empty_column_is_removed(world: Any) -> None:
    from tests.web import factories as f

    column = sub(world)
    f.item(agency=world.agency, author=world.users["officer"], category_code="gfxwj")
    with pytest.raises(Refused):
        services.category_delete(category=column, acting_user=world.users["admin"])


def test_the_national_columns_stay(world: Any) -> None:
    with pytest.raises(Refused):
        services.category_delete(
            category=world.agency.categories.get(code="gzdt"), acting_user=world.users["admin"]
        )


def test_the_staff_page_adds_a_sub_column(world: Any) -> None:
    c = Client()
    c.force_login(world.users["admin"])
    parent = world.agency.categories.get(code="zcwj")
    response = c.post(
        reverse("catalogue:category_list", kwargs={"code": world.agency.code}),
        {"code": "gfxwj", "name": "规范性文件", "name_en": "", "parent": parent.pk, "position": 0},
    )
    assert response.status_code == 302
    assert world.agency.categories.get(code="gfxwj").parent == parent


def test_a_duplicate_code_is_refused_on_the_form_in_chinese(world: Any) -> None:
    c = Client()
    c.force_login(world.users["admin"])
    page = c.post(
        reverse("catalogue:category_list", kwargs={"code": world.agency.code}),
        {"code": "gzdt", "name": "重复", "name_en": "", "parent": "", "position": 0},
    ).content.decode()
    assert "已有使用该代码的栏目" in page
