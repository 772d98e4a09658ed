"""Every table the site serves opens cleanly in Excel and WPS: UTF-8 with a byte-order mark and Chinese
headers, and an XLSX beside each CSV (issue 11 item 8)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook

from gongkai_web.common.downloads import BOM, table_csv, table_response, table_xlsx
from tests.web import factories as f
from tests.web.oversight.test_board import YEAR, department, report_of, staff_client


def test_csv_begins_with_a_byte_order_mark() -> None:
    assert table_csv(["机关"], [["司法局"]]).startswith(BOM + "机关")


def test_xlsx_holds_the_same_table_with_numbers_as_numbers() -> None:
    sheet = load_workbook(io.BytesIO(table_xlsx(["机关", "数值"], [["司法局", 3]], sheet="表"))).active
    assert sheet is not None
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["机关", "数值"], ["司法局", 3]]


def test_an_unknown_table_format_is_not_found() -> None:
    with pytest.raises(Http404):
        table_response(header=["a"], rows=[], fmt="ods", filename="x")


@pytest.fixture
def office(db: Any) -> Any:
    return f.AgencyFactory(code="gov", name="区政府办")


def test_rollup_cells_csv_has_a_bom_and_chinese_headers(office: Any) -> None:
    report_of(department(office, "a"))
    superior = f.member(office, "superior", username="sup")
    response = staff_client(superior).get(reverse("oversight:rollup_file", args=["gov", YEAR, "cells"]))
    text = response.content.decode("utf-8")
    assert text.startswith(BOM + "来源,机关,年度,模板,单元格,数值")
    assert "「" in text  # each cell's printed label in the 项目 column


def test_departments_cells_come_as_xlsx_beside_the_csv(office: Any) -> None:
    report_of(department(office, "a"))
    superior = f.member(office, "superior", username="sup")
    url = reverse("oversight:departments_cells", args=["gov", YEAR])
    response = staff_client(superior).get(url, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert next(sheet.iter_rows(values_only=True))[:5] == ("来源", "机关", "年度", "模板", "单元格")
