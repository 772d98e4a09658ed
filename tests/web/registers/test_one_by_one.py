"""Registers: records added, edited and deleted one by one (audited, refused for whoever may not write), and
imports that are idempotent, checked against the agency, and say what is wrong in words."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.models import AuditEntry
from gongkai_web.registers.models import Fee, Procurement
from gongkai_web.registers.services import (
    register_import,
    register_row_create,
    register_row_delete,
    register_row_update,
)
from gongkai_web.registers.specs import REGISTERS
from gongkai_web.registers.xlsx import register_export

pytestmark = pytest.mark.django_db

HEAD = ["采购项目", "合同日期", "采购金额（万元）"]
FEES = REGISTERS["fees"]


def workbook(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def imp(world: Any, data: bytes, key: str = "procurement") -> Any:
    return register_import(
        spec=REGISTERS[key],
        agency=world.agency,
        data=io.BytesIO(data),
        size=len(data),
        acting_user=world.users["officer"],
    )


def fee(world: Any, **over: Any) -> Any:
    values = {"name": "证照工本费", "year": 2024, "amount": Decimal("1.5"), **over}
    return register_row_create(
        spec=FEES, agency=world.agency, values=values, acting_user=world.users["officer"]
    )


def test_the_same_file_imported_twice_adds_nothing_the_second_time(world: Any) -> None:
    data = workbook([HEAD, ["办公设备", "2020-03-01", "10.5"], ["印刷", "2020-05-02", "3"]])
    assert imp(world, data).created == 2
    again = imp(world, data)
    assert (again.ok, again.created, again.skipped) == (True, 0, 2)
    assert Procurement.objects.count() == 2


def test_an_exported_register_imported_back_adds_nothing(world: Any) -> None:
    fee(world)
    data = register_export(spec=FEES, agency=world.agency)
    assert imp(world, data, "fees").created == 0
    assert Fee.objects.count() == 1


def test_rows_written_without_a_key_are_still_recognised(world: Any) -> None:
    Procurement.objects.create(
        agency=world.agency, title="办公设备", contracted_on=date(2020, 3, 1), amount=Decimal("10.50")
    )
    assert imp(world, workbook([HEAD, ["办公设备", "2020-03-01", "10.5"]])).created == 0


def test_a_row_naming_another_agency_is_refused_with_its_row_number(world: Any) -> None:
    data = workbook(
        [[*HEAD, "填报机关"], ["甲", "2020-03-01", "1", "甲局"], ["乙", "2020-03-01", "1", "乙局"]]
    )
    result = imp(world, data)
    assert not result.ok and Procurement.objects.count() == 0
    assert [(e.row, e.column) for e in result.errors] == [(3, "填报机关")]
    assert "乙局" in str(result.errors[0])


@pytest.mark.parametrize("data", [b"not a spreadsheet", b"PK\x03\x04broken"])
def test_an_unreadable_file_is_an_error_of_the_file_not_of_row_0(data: bytes, world: Any) -> None:
    text = str(imp(world, data).errors[0])
    assert "第 0 行" not in text and "BadZipFile" not in text
    assert text.startswith("文件")


def test_a_record_added_one_by_one_is_audited(world: Any) -> None:
    row = fee(world)
    entry = AuditEntry.objects.get(action="register_row_create")
    assert (entry.actor_id, entry.object_id) == (world.users["officer"].pk, str(row.pk))
    assert row.row_key


def test_an_edit_is_audited_before_and_after(world: Any) -> None:
    row = fee(world)
    register_row_update(
        spec=FEES,
        row=row,
        values={"name": "证照工本费", "year": 2024, "amount": Decimal(2)},
        acting_user=world.users["admin"],
    )
    entry = AuditEntry.objects.get(action="register_row_update")
    assert entry.changes == {"amount": ["1.500000", "2"]}
    assert entry.actor_id == world.users["admin"].pk


def test_a_delete_is_audited_with_what_the_record_held(world: Any) -> None:
    row = fee(world)
    register_row_delete(spec=FEES, row=row, acting_user=world.users["officer"])
    assert Fee.objects.count() == 0
    assert AuditEntry.objects.get(action="register_row_delete").changes["name"] == "证照工本费"


def test_a_bad_value_is_refused_naming_its_field(world: Any) -> None:
    with pytest.raises(Refused) as caught:
        fee(world, amount=Decimal(-1))
    assert caught.value.field == "amount"


def test_a_leader_may_not_write_a_register(world: Any) -> None:
    with pytest.raises(NotPermitted):
        register_row_create(
            spec=FEES,
            agency=world.agency,
            values={"name": "x", "year": 2024, "amount": 1},
            acting_user=world.users["leader"],
        )


def test_the_add_page_saves_a_record(world: Any) -> None:
    client = Client()
    client.force_login(world.users["officer"])
    url = reverse("registers:record_add", args=["dept-a", "procurement"])
    response = client.post(url, {"title": "办公设备", "contracted_on": "2024-03-01", "amount": "10.5"})
    assert response.status_code == 302
    assert Procurement.objects.get().title == "办公设备"


def test_the_list_pages_its_records(world: Any) -> None:
    Fee.objects.bulk_create(
        [Fee(agency=world.agency, name=f"项目{i}", year=2024, amount=1) for i in range(60)]
    )
    client = Client()
    client.force_login(world.users["officer"])
    page = client.get(reverse("registers:list", args=["dept-a", "fees"]) + "?page=2").content.decode()
    assert page.count("<tr data-pk=") == 10
