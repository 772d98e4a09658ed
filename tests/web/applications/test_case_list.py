"""The case list: the applicant (masked as the role needs), the subject, the state and the due date, with
filters (state, overdue, received date), a search and pages (issue 11, item 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai_web.applications.selectors import CASES_PER_PAGE
from tests.web.applications.helpers import act, received

pytestmark = pytest.mark.django_db
D = date


def _page(user: Any, agency: Any, **query: Any) -> str:
    client = Client()
    client.force_login(user)
    url = reverse("applications:queue", kwargs={"code": agency.code})
    return client.get(url, query).content.decode()


def _cases_table(page: str) -> str:
    return page[page.index('<table id="cases">') : page.index("</table>", page.index('<table id="cases">'))]


@pytest.fixture
def cases(world: Any) -> list[Any]:
    officer = world.users["officer"]
    a = received(
        world.agency,
        D(2024, 9, 2),
        acting_user=officer,
        applicant_name="张三丰",
        description="2024年行政许可决定书",
    )
    b = received(
        world.agency, D(2024, 9, 27), acting_user=officer, applicant_name="李四", description="2023年财政预算"
    )
    c = received(
        world.agency, D(2024, 10, 8), acting_user=officer, applicant_name="王五", description="会议纪要"
    )
    act(b, "answer", D(2024, 10, 9), officer, outcome="granted")
    return [a, b, c]


def test_the_list_shows_applicant_subject_state_and_due_date(world: Any, cases: list[Any]) -> None:
    table = _cases_table(_page(world.users["officer"], world.agency))
    assert "张三丰" in table and "2024年行政许可决定书" in table and "已答复" in table
    assert cases[0].due_date.isoformat() in table


def test_a_role_that_does_not_handle_cases_sees_the_applicant_masked(world: Any, cases: list[Any]) -> None:
    table = _cases_table(_page(world.users["superior"], world.agency))
    assert "张**" in table and "张三丰" not in table


def test_the_list_filters_by_state(world: Any, cases: list[Any]) -> None:
    table = _cases_table(_page(world.users["officer"], world.agency, state="answered"))
    assert "李四" in table and "王五" not in table and "张三丰" not in table


def test_the_list_filters_the_overdue(world: Any, cases: list[Any]) -> None:
    with time_machine.travel(D(2024, 10, 28), tick=False):
        table = _cases_table(_page(world.users["officer"], world.agency, overdue="on"))
    assert "张三丰" in table and "王五" not in table and "李四" not in table


def test_the_list_filters_by_received_date(world: Any, cases: list[Any]) -> None:
    table = _cases_table(
        _page(world.users["officer"], world.agency, received_from="2024-09-10", received_to="2024-09-30")
    )
    assert "李四" in table and "张三丰" not in table and "王五" not in table


def test_the_list_searches_number_applicant_and_subject(world: Any, cases: list[Any]) -> None:
    assert "王五" in _cases_table(_page(world.users["officer"], world.agency, q="纪要"))
    assert "张三丰" not in _cases_table(_page(world.users["officer"], world.agency, q="纪要"))
    assert "李四" in _cases_table(_page(world.users["officer"], world.agency, q=cases[1].number))


def test_bad_filter_input_lists_everything_with_the_field_marked_never_a_500(
    world: Any, cases: list[Any]
) -> None:
    page = _page(world.users["officer"], world.agency, received_from="not-a-date", state="nonsense")
    assert "王五" in _cases_table(page) and "errorlist" in page


def test_the_list_is_paged_and_says_where_you_are(world: Any) -> None:
    for i in range(CASES_PER_PAGE + 2):
        received(
            world.agency, D(2024, 9, 2), acting_user=world.users["officer"], applicant_name=f"申请人{i:02d}"
        )
    first = _page(world.users["officer"], world.agency)
    second = _page(world.users["officer"], world.agency, page=2)
    assert "27" in first[first.index('id="case-count"') :][:80]
    assert "第 2 页" in second or "page 2 of 2" in second
    assert _cases_table(second).count("<tr>") + _cases_table(second).count('<tr class="overdue">') == 3
    assert _page(world.users["officer"], world.agency, page=999).count("申请人") > 0
