"""The staff item list: paginated (no silent cap at 200), filtered by status, category and date, searchable;
and the item form labelled in the site's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.catalogue.models import Item
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def page(user: Any, query: str = "") -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("catalogue:item_list", args=["dept-a"]) + query).content.decode()


def rows(html: str) -> int:
    return html.split('id="items"')[1].split("</table>")[0].count("<tr>") - 1


def test_more_than_200_items_are_all_reachable_page_by_page(world: Any) -> None:
    for n in range(210):
        f.item(agency=world.agency, author=world.users["officer"], title=f"条目{n}")
    assert Item.objects.filter(agency=world.agency).count() == 213
    last = page(world.users["officer"], "?page=5")
    assert rows(last) == 13
    assert "共 213 条" in last


def test_the_list_filters_by_status(world: Any) -> None:
    html = page(world.users["officer"], "?status=submitted")
    assert "待审一" in html and "草稿一" not in html


def test_the_list_searches_the_titles(world: Any) -> None:
    html = page(world.users["officer"], "?q=已发布")
    assert "已发布一" in html and "草稿一" not in html


def test_the_list_filters_by_category(world: Any) -> None:
    other = world.agency.categories.exclude(pk=world.category.pk).first()
    html = page(world.users["officer"], f"?category={other.pk}")
    assert "没有符合条件的信息" in html


def test_a_bad_date_is_said_at_its_field_not_a_500(world: Any) -> None:
    client = Client()
    client.force_login(world.users["officer"])
    response = client.get(reverse("catalogue:item_list", args=["dept-a"]) + "?since=昨天")
    assert response.status_code == 200


def test_the_chinese_item_form_has_no_english_category_label(world: Any) -> None:
    client = Client()
    client.force_login(world.users["officer"])
    html = client.get(reverse("catalogue:item_create", args=["dept-a"])).content.decode()
    assert "Category:" not in html and "栏目" in html
