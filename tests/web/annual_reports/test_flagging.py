"""A published report never goes stale silently: every service that writes a record counted in a published
year flags that year's report (with a correction notice naming the cells) in its own transaction. One test
per write path, each through the service; a path that forgets to call ``records_changed`` fails its test."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import Workbook

from gongkai.workflow import Event
from gongkai_web.annual_reports.models import AnnualReport
from gongkai_web.common.changes import RECORDS_CHANGED, Change
from tests.web import factories as f
from tests.web.annual_reports.helpers import published_report
from tests.web.applications.helpers import act, received

CN = ZoneInfo("Asia/Shanghai")
YEAR = 2022


def flagged(report: AnnualReport) -> set[str]:
    """The cells the report's correction notices name (empty: not flagged)."""
    report.refresh_from_db()
    cells = {k for notice in report.corrections.all() for k in notice.changed}
    assert report.needs_correction == bool(cells)
    return cells


@pytest.fixture
def heard() -> Iterator[list[Change]]:
    """The changes the report layer hears while the test runs."""
    got: list[Change] = []

    def listen(change: Change, acting_user: Any) -> None:
        got.append(change)

    RECORDS_CHANGED.connect(listen)
    yield got
    RECORDS_CHANGED._listeners.remove(listen)


def test_the_report_layer_listens_from_start_up() -> None:
    from gongkai_web.annual_reports.services import annual_reports_flag

    assert annual_reports_flag in RECORDS_CHANGED.listeners


# --- applications ---------------------------------------------------------------------------------------


def test_registering_an_application_received_in_a_published_year_flags_it(world: Any) -> None:
    report = published_report(world.agency, YEAR)
    received(world.agency, date(YEAR, 5, 10), acting_user=world.users["officer"])
    assert "applications.new.natural_person" in flagged(report)


def test_an_online_application_received_in_a_published_year_flags_it(world: Any) -> None:
    from gongkai_web.applications.services import application_submit_online
    from tests.web.applications.helpers import applicant

    report = published_report(world.agency, YEAR)
    with time_machine.travel(datetime(YEAR, 6, 1, 10, tzinfo=CN), tick=False):
        application_submit_online(agency=world.agency, **applicant())
    assert "applications.new.natural_person" in flagged(report)


def test_an_event_closing_a_case_of_a_published_year_flags_it(world: Any) -> None:
    case = received(world.agency, date(YEAR, 3, 1))
    report = published_report(world.agency, YEAR)
    act(case, Event.ANSWER, date(YEAR, 3, 10), world.users["officer"], outcome="granted")
    assert {"applications.granted.natural_person", "applications.carried_forward.natural_person"} <= flagged(
        report
    )


def test_an_event_closing_a_case_flags_every_published_year_it_spans(world: Any) -> None:
    case = received(world.agency, date(YEAR - 1, 12, 20))
    before, during = published_report(world.agency, YEAR - 1), published_report(world.agency, YEAR)
    act(case, Event.ANSWER, date(YEAR, 1, 5), world.users["officer"], outcome="granted")
    assert flagged(before) == set()  # carried forward out of that year either way
    assert "applications.granted.natural_person" in flagged(during)


def test_an_event_that_changes_no_figure_flags_nothing(world: Any) -> None:
    case = received(world.agency, date(YEAR, 3, 1))
    report = published_report(world.agency, YEAR)
    act(case, Event.EXTEND, date(YEAR, 3, 10), world.users["officer"], days=5, approved_by="王主任")
    assert flagged(report) == set()


def test_a_change_in_another_year_leaves_the_published_one_alone(world: Any) -> None:
    report = published_report(world.agency, YEAR)
    received(world.agency, date(YEAR + 1, 2, 1))
    assert flagged(report) == set()


def test_recording_an_appeal_filed_in_a_published_year_flags_it(world: Any) -> None:
    from gongkai_web.applications.services import appeal_record

    case = act(received(world.agency, date(YEAR, 3, 1)), Event.ANSWER, date(YEAR, 3, 10), outcome="granted")
    report = published_report(world.agency, YEAR)
    appeal_record(
        application=case,
        kind="reconsideration",
        filed_on=date(YEAR, 4, 1),
        acting_user=world.users["officer"],
    )
    assert "appeals.reconsideration.pending" in flagged(report)


def test_deciding_an_appeal_of_a_published_year_flags_it(world: Any) -> None:
    from gongkai_web.applications.services import appeal_decide, appeal_record

    case = act(received(world.agency, date(YEAR, 3, 1)), Event.ANSWER, date(YEAR, 3, 10), outcome="granted")
    appeal = appeal_record(
        application=case,
        kind="reconsideration",
        filed_on=date(YEAR, 4, 1),
        acting_user=world.users["officer"],
    )
    report = published_report(world.agency, YEAR)
    appeal_decide(
        appeal=appeal, result="upheld", decided_on=date(YEAR, 6, 1), acting_user=world.users["leader"]
    )
    assert {"appeals.reconsideration.pending", "appeals.reconsideration.upheld"} <= flagged(report)


def test_recomputed_due_dates_reach_the_report_layer(world: Any, heard: list[Change]) -> None:
    from gongkai_web.applications.models import HolidayNotice
    from gongkai_web.applications.services import due_dates_recompute

    case = received(world.agency, date(2026, 12, 10))  # the calendar ends with 2026: no due date yet
    heard.clear()
    HolidayNotice.objects.create(year=2027, rows=[{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}])
    assert due_dates_recompute(acting_user=None) == 1
    assert [(c.agency_id, c.record, c.years) for c in heard] == [
        (world.agency.pk, "applications.application due dates", {case.received_on.year})
    ]


# --- registers ------------------------------------------------------------------------------------------


def _xlsx(rows: list[list[Any]]) -> io.BytesIO:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


@pytest.mark.parametrize(
    ("register", "year", "rows", "cell"),
    [
        (
            "rules",
            YEAR,
            [["类别", "名称", "文号", "印发日期", "废止日期"], ["规章", "某规章", "", "2022-03-01", ""]],
            "proactive.regulations.issued",
        ),
        (
            "decisions",
            YEAR,
            [["类别", "事项名称", "决定文号", "决定日期"], ["行政许可", "某事项", "", "2022-03-01"]],
            "proactive.licensing.decisions",
        ),
        (
            "fees",
            YEAR,
            [["收费项目", "年度", "收费金额（万元）"], ["某收费", 2022, "1.5"]],
            "proactive.fees.amount",
        ),
        (
            "procurement",
            2020,
            [["采购项目", "合同日期", "采购金额（万元）"], ["某采购", "2020-03-01", "2"]],
            "proactive.procurement.count",
        ),
    ],
)
def test_importing_register_rows_of_a_published_year_flags_it(
    world: Any, register: str, year: int, rows: list[list[Any]], cell: str
) -> None:
    from gongkai_web.registers.services import register_import
    from gongkai_web.registers.specs import REGISTERS

    report = published_report(world.agency, year)
    data = _xlsx(rows)
    result = register_import(
        spec=REGISTERS[register],
        agency=world.agency,
        data=data,
        size=len(data.getvalue()),
        acting_user=world.users["officer"],
    )
    assert result.ok, result.errors
    assert cell in flagged(report)


def test_a_rule_in_force_counts_in_every_later_published_year(world: Any) -> None:
    from gongkai_web.registers.services import register_import
    from gongkai_web.registers.specs import REGISTERS

    later = published_report(world.agency, YEAR + 1)
    data = _xlsx([["类别", "名称", "文号", "印发日期", "废止日期"], ["规章", "某规章", "", "2022-03-01", ""]])
    register_import(
        spec=REGISTERS["rules"], agency=world.agency, data=data, size=9, acting_user=world.users["officer"]
    )
    assert "proactive.regulations.in_force" in flagged(later)


# --- the catalogue (part 一's items by category) ----------------------------------------------------------


def test_publishing_an_item_in_a_published_year_flags_it(world: Any) -> None:
    with time_machine.travel(datetime(YEAR, 7, 1, 10, tzinfo=CN), tick=False):
        report = published_report(world.agency, YEAR)
        f.item(
            agency=world.agency,
            author=world.users["officer"],
            state="published",
            approver=world.users["leader"],
        )
    assert flagged(report) == {"facts.items_by_category"}


def test_withdrawing_an_item_of_a_published_year_flags_it(world: Any) -> None:
    from gongkai_web.catalogue.services import item_withdraw

    with time_machine.travel(datetime(YEAR, 7, 1, 10, tzinfo=CN), tick=False):
        item = f.item(
            agency=world.agency,
            author=world.users["officer"],
            state="published",
            approver=world.users["leader"],
        )
        report = published_report(world.agency, YEAR)
        item_withdraw(item=item, acting_user=world.users["leader"])
    assert flagged(report) == {"facts.items_by_category"}


def test_the_scheduler_publishing_an_item_in_a_published_year_flags_it(world: Any) -> None:
    from gongkai_web.catalogue.services import items_publish_due

    start = datetime(YEAR, 7, 1, 10, tzinfo=CN)
    with time_machine.travel(start, tick=False):
        f.item(
            agency=world.agency,
            author=world.users["officer"],
            state="approved",
            approver=world.users["leader"],
            publish_at=start + timedelta(days=1),
        )
        report = published_report(world.agency, YEAR)
    with time_machine.travel(start + timedelta(days=2), tick=False):
        assert len(items_publish_due()) == 1
    assert flagged(report) == {"facts.items_by_category"}


def test_importing_archived_items_of_a_published_year_flags_it(world: Any) -> None:
    from gongkai_web.catalogue.services import items_import_published

    report = published_report(world.agency, YEAR)
    items_import_published(
        agency=world.agency,
        rows=[
            {
                "category": world.category,
                "title": "旧信息",
                "published_at": datetime(YEAR, 5, 1, 9, tzinfo=CN),
            }
        ],
        acting_user=world.users["admin"],
    )
    assert flagged(report) == {"facts.items_by_category"}


def test_a_flag_is_raised_once_and_names_the_record(world: Any) -> None:
    report = published_report(world.agency, YEAR)
    first = received(world.agency, date(YEAR, 5, 10))
    received(world.agency, date(YEAR, 5, 11))
    report.refresh_from_db()
    (notice,) = report.corrections.all()
    assert (notice.record_type, notice.record_id) == ("applications.application", str(first.pk))
    assert notice.changed["applications.new.natural_person"] == [0, 1]


def test_a_fee_amount_changes_the_cell_it_flags(world: Any) -> None:
    """The notice keeps the cell's value as published and as the records give it now."""
    from gongkai_web.registers.services import register_import
    from gongkai_web.registers.specs import REGISTERS

    report = published_report(world.agency, YEAR)
    data = _xlsx([["收费项目", "年度", "收费金额（万元）"], ["某收费", 2022, "1.5"]])
    register_import(
        spec=REGISTERS["fees"], agency=world.agency, data=data, size=9, acting_user=world.users["officer"]
    )
    report.refresh_from_db()
    assert report.corrections.get().changed["proactive.fees.amount"] == ["0", str(Decimal("1.5"))]
