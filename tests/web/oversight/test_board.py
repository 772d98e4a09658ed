"""The superior office's board: where each department stands against its deadline, the roll-up of the
submitted reports (cell by cell the sum), its downloads, and who may see it."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.templates import get_template
from gongkai_web.oversight import selectors
from tests.web import factories as f

YEAR = 2024
TODAY = date(2025, 2, 10)  # after the departments' deadline (31 January 2025)


def report_of(
    agency: Any,
    *,
    state: str = "published",
    published: date | None = date(2025, 1, 20),
    version: int = 1,
    supersedes: Any = None,
    **cells: Any,
) -> Any:
    """A report of ``agency`` on YEAR: zero cells from its (empty) records, then ``cells`` (keys with ``__``
    for dots) on top, stored straight into the table."""
    from gongkai_web.annual_reports.models import AnnualReport, cells_to_json
    from gongkai_web.annual_reports.selectors import compute_report

    core = compute_report(agency, YEAR)
    values = dict(core.cells)
    values.update({k.replace("__", "."): v for k, v in cells.items()})
    return AnnualReport.objects.create(
        agency=agency,
        year=YEAR,
        template=core.template,
        title=f"{agency.name}{YEAR}年政府信息公开工作年度报告",
        state=state,
        version=version,
        supersedes=supersedes,
        cells=cells_to_json(values),
        prose=core.prose.model_dump(),
        published_at=datetime(published.year, published.month, published.day, 9, tzinfo=UTC)
        if published
        else None,
    )


@pytest.fixture
def office(db: Any) -> Any:
    return f.AgencyFactory(code="gov", name="某区政府办公室")


def department(office: Any, code: str) -> Any:
    return f.AgencyFactory(code=code, name=f"{code}局", parent=office)


def statuses(office: Any) -> dict[str, str]:
    current = selectors.board(office=office, year=YEAR, today=TODAY)
    return {row.agency.code: row.status for row in current.rows}


def test_board_tells_on_time_late_in_progress_and_overdue_apart(office: Any) -> None:
    report_of(department(office, "a"), published=date(2025, 1, 31))
    report_of(department(office, "b"), published=date(2025, 2, 3))
    report_of(department(office, "c"), state="checked", published=None)
    department(office, "d")
    assert statuses(office) == {"a": "on_time", "b": "late", "c": "overdue", "d": "overdue"}


def test_an_approved_import_is_on_record_without_a_date(office: Any) -> None:
    report_of(department(office, "a"), state="recorded", published=None)
    assert statuses(office) == {"a": "on_record"}


def test_before_the_deadline_a_missing_report_is_not_yet_overdue(office: Any) -> None:
    report_of(department(office, "a"), state="draft", published=None)
    department(office, "b")
    current = selectors.board(office=office, year=YEAR, today=date(2025, 1, 15))
    assert {r.agency.code: r.status for r in current.rows} == {"a": "in_progress", "b": "not_started"}


def test_a_superseded_version_is_not_the_one_on_the_board(office: Any) -> None:
    dept = department(office, "a")
    old = report_of(dept, state="superseded")
    new = report_of(dept, state="draft", published=None, version=2, supersedes=old)
    (row,) = selectors.board(office=office, year=YEAR, today=TODAY).rows
    assert (row.report, row.in_progress) == (None, new)


def test_rollup_is_the_cell_by_cell_sum_of_the_submitted_reports_only(office: Any) -> None:
    report_of(
        department(office, "a"),
        applications__new__natural_person=3,
        proactive__fees__amount=Decimal("1.5"),
    )
    report_of(
        department(office, "b"),
        applications__new__natural_person=4,
        proactive__fees__amount=Decimal("2.25"),
    )
    report_of(department(office, "c"), state="draft", published=None, applications__new__natural_person=100)
    current = selectors.board(office=office, year=YEAR, today=TODAY)
    total = selectors.board_rollup(current, name="汇总")
    assert total.report is not None
    assert [a.code for a in total.included] == ["a", "b"]
    assert total.report.cells["applications.new.natural_person"] == 7
    assert total.report.cells["proactive.fees.amount"] == Decimal("3.75")


def test_rollup_names_the_identity_a_department_broke(office: Any) -> None:
    # applications.new.total left at 0 while a column of it counts 5: the sum breaks the row identity too.
    report_of(department(office, "a"), applications__new__natural_person=5)
    total = selectors.board_rollup(selectors.board(office=office, year=YEAR, today=TODAY), name="汇总")
    assert any("applications.new.natural_person" in finding.cells for finding in total.findings)


def staff_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_board_page_lists_every_department_with_its_status(office: Any) -> None:
    report_of(department(office, "a"))
    department(office, "b")
    superior = f.member(office, "superior", username="sup")
    page = (
        staff_client(superior).get(reverse("oversight:board", args=["gov"]), {"year": YEAR}).content.decode()
    )
    assert 'data-agency="a"' in page and 'data-agency="b"' in page
    assert "a局" in page and "b局" in page


def test_rollup_cells_download_holds_every_key_of_the_template(office: Any) -> None:
    report_of(department(office, "a"), applications__new__natural_person=2)
    superior = f.member(office, "superior", username="sup")
    response = staff_client(superior).get(reverse("oversight:rollup_file", args=["gov", YEAR, "cells"]))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["单元格"] for r in rows} == set(get_template(rows[0]["模板"]).keys)
    assert {r["单元格"]: r["数值"] for r in rows}["applications.new.natural_person"] == "2"


def test_rollup_json_download_is_a_report_of_the_year(office: Any) -> None:
    report_of(department(office, "a"))
    superior = f.member(office, "superior", username="sup")
    response = staff_client(superior).get(reverse("oversight:rollup_file", args=["gov", YEAR, "json"]))
    assert json.loads(response.content)["year"] == YEAR


def test_departments_cells_download_has_one_source_per_submitted_report(office: Any) -> None:
    report_of(department(office, "a"))
    report_of(department(office, "b"))
    report_of(department(office, "c"), state="draft", published=None)
    superior = f.member(office, "superior", username="sup")
    response = staff_client(superior).get(reverse("oversight:departments_cells", args=["gov", YEAR]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted({r["机关"] for r in rows}) == ["a局", "b局"]


def test_a_year_in_the_future_is_not_found(office: Any) -> None:
    superior = f.member(office, "superior", username="sup")
    response = staff_client(superior).get(reverse("oversight:board", args=["gov"]), {"year": 9999})
    assert response.status_code == 404


def test_an_officer_of_the_office_may_not_see_the_board(office: Any) -> None:
    officer = f.member(office, "officer", username="off")
    assert staff_client(officer).get(reverse("oversight:board", args=["gov"])).status_code == 403


def test_a_department_cannot_see_its_superiors_board(office: Any) -> None:
    dept = department(office, "a")
    officer = f.member(dept, "admin", username="dept-admin")
    assert staff_client(officer).get(reverse("oversight:board", args=["gov"])).status_code == 404


def test_another_office_sees_nothing(office: Any) -> None:
    department(office, "a")
    elsewhere = f.AgencyFactory(code="other-gov", name="别区政府办公室")
    outsider = f.member(elsewhere, "superior", username="outsider")
    client = staff_client(outsider)
    assert client.get(reverse("oversight:board", args=["gov"])).status_code == 404
    assert client.get(reverse("oversight:departments_cells", args=["gov", YEAR])).status_code == 404


def test_board_with_its_rollup_tables_is_wellformed(office: Any) -> None:
    from tests.web.test_markup import check

    report_of(department(office, "a"))
    superior = f.member(office, "superior", username="sup")
    page = (
        staff_client(superior).get(reverse("oversight:board", args=["gov"]), {"year": YEAR}).content.decode()
    )
    assert 'id="applications"' in page
    assert check(page) == []
