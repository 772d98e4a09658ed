"""The hierarchy below an office: roll-ups at every level (one query per level, not per agency), who is late
at each level, and the parent-equals-sum check where an office declares its report a roll-up."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai_web.agencies.models import Agency
from gongkai_web.oversight import selectors
from tests.web import factories as f
from tests.web.oversight.helpers import report_with

YEAR = 2024
TODAY = date(2025, 2, 10)


def _published(report: Any, day: date) -> Any:
    report.published_at = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    report.save(update_fields=["published_at"])
    return report


@pytest.fixture
def tree(db: Any) -> dict[str, Any]:
    city = f.AgencyFactory(code="city", name="某市政府办")
    county = f.AgencyFactory(code="county", name="某县政府办", parent=city)
    a = f.AgencyFactory(code="a", name="甲局", parent=county)
    b = f.AgencyFactory(code="b", name="乙局", parent=county)
    c = f.AgencyFactory(code="c", name="丙局", parent=city)
    return {"city": city, "county": county, "a": a, "b": b, "c": c}


def _nodes(root: selectors.TreeNode) -> dict[str, selectors.TreeNode]:
    return {n.agency.code: n for n in root.walk()}


def test_rollup_at_every_level_sums_everything_below(tree: dict[str, Any]) -> None:
    for code, n in (("county", 1), ("a", 2), ("b", 4), ("c", 8)):
        report_with(tree[code], YEAR, applications__new__total=n)
    nodes = _nodes(selectors.hierarchy(office=tree["city"], year=YEAR, today=TODAY))
    assert nodes["county"].rollup.report.cells["applications.new.total"] == 6  # 甲 2 + 乙 4
    assert nodes["city"].rollup.report.cells["applications.new.total"] == 15  # county 1 + 6, 丙 8
    assert nodes["a"].rollup is None


def test_who_is_late_is_told_at_each_level(tree: dict[str, Any]) -> None:
    _published(report_with(tree["a"], YEAR), date(2025, 1, 20))
    _published(report_with(tree["b"], YEAR), date(2025, 2, 3))  # after 31 January
    nodes = _nodes(selectors.hierarchy(office=tree["city"], year=YEAR, today=TODAY))
    assert [n.agency.code for n in nodes["county"].late_below] == ["b"]
    # the county itself has no report and its deadline has passed; 丙局 neither
    assert [n.agency.code for n in nodes["city"].late_below] == ["c", "county"]


def test_queries_grow_with_levels_not_agencies(tree: dict[str, Any]) -> None:
    with CaptureQueriesContext(connection) as few:
        selectors.hierarchy(office=tree["city"], year=YEAR, today=TODAY)
    for n in range(6):
        f.AgencyFactory(code=f"more-{n}", name=f"增{n}局", parent=tree["county"])
    with CaptureQueriesContext(connection) as many:
        selectors.hierarchy(office=tree["city"], year=YEAR, today=TODAY)
    assert len(many) == len(few)


def test_an_office_reporting_a_rollup_is_checked_against_the_sum(tree: dict[str, Any]) -> None:
    Agency.objects.filter(pk=tree["county"].pk).update(reports_rollup=True)
    report_with(tree["a"], YEAR, applications__new__total=2, applications__carried_over__total=1)
    report_with(tree["b"], YEAR, applications__new__total=4, applications__carried_over__total=0)
    report_with(tree["county"], YEAR, applications__new__total=7, applications__carried_over__total=1)
    nodes = _nodes(selectors.hierarchy(office=tree["city"], year=YEAR, today=TODAY))
    check = nodes["county"].sum_check
    assert [(x.rule, x.cells, x.found, x.expected) for x in check] == [
        ("rollup_equals_sum", ("applications.new.total",), 7, 6)
    ]
    assert "甲局 2" in check[0].message_zh and "乙局 4" in check[0].message_zh
    # above it, the county's own report stands for its subordinates (not counted twice)
    assert nodes["city"].rollup.report.cells["applications.new.total"] == 7


def test_an_office_reporting_a_rollup_that_adds_up_has_no_finding(tree: dict[str, Any]) -> None:
    Agency.objects.filter(pk=tree["county"].pk).update(reports_rollup=True)
    report_with(tree["a"], YEAR, applications__new__total=2)
    report_with(tree["b"], YEAR, applications__new__total=4)
    report_with(tree["county"], YEAR, applications__new__total=6)
    nodes = _nodes(selectors.hierarchy(office=tree["city"], year=YEAR, today=TODAY))
    assert nodes["county"].sum_check == [] and nodes["county"].sum_problem is None


def test_page_shows_every_level_and_the_differing_cells(tree: dict[str, Any]) -> None:
    Agency.objects.filter(pk=tree["county"].pk).update(reports_rollup=True)
    report_with(tree["a"], YEAR, applications__new__total=2)
    report_with(tree["county"], YEAR, applications__new__total=5)
    client = Client()
    client.force_login(f.member(tree["city"], "superior", username="boss"))
    page = client.get(reverse("oversight:hierarchy", kwargs={"code": "city"}), {"year": YEAR})
    html = page.content.decode()
    assert page.status_code == 200
    assert all(f'data-agency="{code}"' in html for code in ("city", "county", "a", "b", "c"))
    assert 'class="sum-check"' in html and "下级年报合计为 2" in html
    board = client.get(reverse("oversight:board", kwargs={"code": "city"}))
    assert reverse("oversight:hierarchy", kwargs={"code": "city"}) in board.content.decode()


def test_the_boards_rollup_reaches_every_level(tree: dict[str, Any]) -> None:
    report_with(tree["a"], YEAR, applications__new__total=2)  # a grandchild of the city
    report_with(tree["c"], YEAR, applications__new__total=8)
    total = selectors.board_rollup(selectors.board(office=tree["city"], year=YEAR, today=TODAY), name="汇总")
    assert total.report.cells["applications.new.total"] == 10
    # in board order: 丙局 (c), then 某县 (county) with 甲局 (a) below it
    assert [a.code for a in total.included] == ["c", "a"]
