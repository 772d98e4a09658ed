"""Rich text is checked for size and nesting depth before nh3 sees it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongkai.parsers.budgets import MAX_RICH_TEXT_CHARS, MAX_RICH_TEXT_DEPTH
from gongkai_web.catalogue.sanitize import markup_depth, sanitize_html
from gongkai_web.common.errors import Refused
from tests import hostile


def test_50k_nested_divs_are_refused_on_the_body_before_sanitising() -> None:
    with pytest.raises(Refused) as info:
        sanitize_html(hostile.nested_divs())
    assert info.value.field == "body"
    assert str(MAX_RICH_TEXT_DEPTH) in info.value.message_zh


def test_a_body_past_the_size_budget_is_refused() -> None:
    with pytest.raises(Refused) as info:
        sanitize_html("字" * (MAX_RICH_TEXT_CHARS + 1))
    assert info.value.field == "body"


def test_ordinary_nesting_is_sanitised() -> None:
    assert sanitize_html("<div>" * 10 + "<p>政府<script>x</script></p>" + "</div>" * 10) == "<p>政府</p>"


@pytest.mark.parametrize(
    ("raw", "depth"),
    [
        ("<p>a<p>b<p>c", 0),
        ("<ul><li>a<li>b</ul>", 1),
        ("<div><br/><span>x</span></div>", 2),
        ("</div>" * 5, 0),
    ],
)
def test_depth_counts_only_elements_that_nest(raw: str, depth: int) -> None:
    assert markup_depth(raw) == depth


def test_a_deeply_nested_body_through_the_edit_page_is_a_form_error_on_the_body(world: Any) -> None:
    client = Client()
    client.force_login(world.users["officer"])
    response = client.post(
        f"/staff/items/{world.draft.pk}/edit/",
        {"category": world.category.pk, "title": "通知", "body": hostile.nested_divs()},
    )
    assert response.status_code == 200
    assert "嵌套过深" in response.content.decode()
    world.draft.refresh_from_db()
    assert "<div>" not in world.draft.body
