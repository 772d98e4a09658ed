"""Registers in English: the page and the errors follow the language; the spreadsheet format stays Chinese."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from gongkai_web.registers.models import Rule
from gongkai_web.registers.services import register_import
from gongkai_web.registers.specs import REGISTERS
from gongkai_web.registers.xlsx import register_export

pytestmark = pytest.mark.django_db


def _workbook(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _import(world: Any, key: str, data: bytes) -> Any:
    return register_import(
        spec=REGISTERS[key],
        agency=world.agency,
        data=io.BytesIO(data),
        size=len(data),
        acting_user=world.users["officer"],
    )


def test_export_writes_chinese_headers_and_kinds_whatever_the_language(world: Any) -> None:
    Rule.objects.create(agency=world.agency, kind="normative", title="办法", issued_on=date(2020, 1, 2))
    with translation.override("en"):
        data = register_export(spec=REGISTERS["rules"], agency=world.agency)
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws.title == "规章和规范性文件"
    assert [c.value for c in ws[1]][:2] == ["类别", "名称"] and ws["A2"].value == "行政规范性文件"


def test_import_accepts_chinese_kinds_whatever_the_language(world: Any) -> None:
    data = _workbook(
        [["类别", "名称", "文号", "印发日期", "废止日期"], ["规章", "规定", "", "2020-01-02", ""]]
    )
    with translation.override("en"):
        result = _import(world, "rules", data)
    assert result.ok and Rule.objects.get().kind == "regulation"


def test_import_errors_name_row_and_column_in_english(world: Any) -> None:
    data = _workbook([["采购项目", "合同日期", "采购金额（万元）"], ["项目", "2020-03-01", "-1"]])
    with translation.override("en"):
        result = _import(world, "procurement", data)
        assert (
            str(result.errors[0]) == "Row 2, column “C (采购金额（万元）)”: the amount must not be negative"
        )


def test_register_titles_follow_the_language() -> None:
    with translation.override("en"):
        assert str(REGISTERS["fees"].title) == "Administrative fees"
    assert str(REGISTERS["fees"].title) == "行政事业性收费"


def test_register_page_in_english_has_no_chinese_but_content(world: Any) -> None:
    from django.urls import reverse

    from tests.web.cjk import chinese_ui, english_client

    Rule.objects.create(agency=world.agency, kind="normative", title="办法", issued_on=date(2020, 1, 2))
    url = reverse("registers:list", kwargs={"code": world.agency.code, "register": "rules"})
    html = english_client(world.users["officer"]).get(url).content.decode()
    assert '<th scope="col">Issued on</th>' in html and "administrative normative document" in html
    assert chinese_ui(html, {world.agency.name, "办法"}) == []


def test_register_page_is_chinese_by_default_with_the_spreadsheet_headers(world: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(world.users["officer"])
    url = reverse("registers:list", kwargs={"code": world.agency.code, "register": "rules"})
    html = client.get(url).content.decode()
    assert all(f'<th scope="col">{c.header}</th>' in html for c in REGISTERS["rules"].columns)
