"""Registers: XLSX import is all-or-nothing with per-row errors; export→import round trip; part 二 cells."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from gongkai.templates import get_template, template_for_year
from gongkai_web.common.models import AuditEntry
from gongkai_web.registers.figures import PROACTIVE
from gongkai_web.registers.models import Decision, Fee, Procurement, Rule
from gongkai_web.registers.services import register_import
from gongkai_web.registers.specs import REGISTERS
from gongkai_web.registers.xlsx import register_export


def workbook(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


HEAD = ["采购项目", "合同日期", "采购金额（万元）"]


def imp(world: Any, key: str, data: bytes) -> Any:
    return register_import(
        spec=REGISTERS[key],
        agency=world.agency,
        data=io.BytesIO(data),
        size=len(data),
        acting_user=world.users["officer"],
    )


def test_valid_file_is_imported_in_full(world: Any) -> None:
    result = imp(
        world,
        "procurement",
        workbook([HEAD, ["办公设备", "2020-03-01", "10.5"], ["印刷", date(2020, 5, 2), 3]]),
    )
    assert (result.ok, result.created) == (True, 2)
    assert sorted(Procurement.objects.values_list("amount", flat=True)) == [Decimal(3), Decimal("10.5")]


@pytest.mark.parametrize(
    ("bad_row", "column", "message"),
    [
        (["", "2020-03-01", "1"], "A（采购项目）", "不能为空"),
        (["项目", "2020-13-01", "1"], "B（合同日期）", "无法识别"),
        (["项目", "2020-03-01", "一万"], "C（采购金额（万元））", "不是数字"),
        (["项目", "2020-03-01", "-1"], "C（采购金额（万元））", "非负"),
    ],
)
def test_one_bad_row_saves_nothing_and_is_reported(
    bad_row: list[Any], column: str, message: str, world: Any
) -> None:
    data = workbook([HEAD, ["好项目", "2020-01-01", "1"], bad_row, ["另一个", "2020-02-01", "2"]])
    audit_before = AuditEntry.objects.count()
    result = imp(world, "procurement", data)
    assert Procurement.objects.count() == 0 and AuditEntry.objects.count() == audit_before
    assert [(e.row, e.column) for e in result.errors] == [(3, column)]
    assert message in result.errors[0].message


def test_wrong_header_is_reported_and_nothing_saved(world: Any) -> None:
    result = imp(world, "procurement", workbook([["名称", "日期", "金额"], ["a", "2020-01-01", "1"]]))
    assert result.errors[0].row == 1 and "表头应为" in result.errors[0].message
    assert Procurement.objects.count() == 0


@pytest.mark.parametrize("data", [b"not a spreadsheet", b"PK\x03\x04broken", b""])
def test_malformed_file_gives_a_clear_message(data: bytes, world: Any) -> None:
    result = imp(world, "procurement", data)
    assert not result.ok and "无法读取" in result.errors[0].message


def test_oversized_file_is_refused(world: Any, settings: Any) -> None:
    settings.GONGKAI_MAX_SPREADSHEET_BYTES = 100
    result = imp(world, "procurement", workbook([HEAD]))
    assert "过大" in result.errors[0].message


@pytest.mark.parametrize("key", sorted(REGISTERS))
def test_export_then_import_round_trips(key: str, world: Any) -> None:
    rows = {
        "rules": [
            Rule(
                kind="normative",
                title="规范性文件甲",
                doc_number="某发〔2020〕1号",
                issued_on=date(2020, 2, 1),
            ),
            Rule(
                kind="regulation", title="规章乙", issued_on=date(2019, 1, 1), repealed_on=date(2020, 6, 30)
            ),
        ],
        "decisions": [
            Decision(kind="penalty", matter="罚款", reference="罚字1号", decided_on=date(2020, 4, 1))
        ],
        "fees": [Fee(name="证照工本费", year=2020, amount=Decimal("5949.088667"))],
        "procurement": [Procurement(title="采购", contracted_on=date(2020, 9, 9), amount=Decimal("30.3861"))],
    }[key]
    spec = REGISTERS[key]
    for r in rows:
        r.agency = world.agency
        r.save()
    exported = register_export(spec=spec, agency=world.agency)
    fields = [c.field for c in spec.columns]
    before = sorted(tuple(str(v) for v in r) for r in spec.model.objects.values_list(*fields))
    spec.model.objects.all().delete()
    assert imp(world, key, exported).ok
    after = sorted(tuple(str(v) for v in r) for r in spec.model.objects.values_list(*fields))
    assert after == before


def test_import_page_lists_row_errors_and_saves_nothing(world: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(world.users["officer"])
    data = workbook([HEAD, ["好", "2020-01-01", "1"], ["坏", "昨天", "1"]])
    response = client.post(
        f"/staff/a/{world.agency.code}/registers/procurement/import/",
        {"file": SimpleUploadedFile("p.xlsx", data)},
    )
    assert response.status_code == 400
    assert "第 3 行" in response.content.decode() and Procurement.objects.count() == 0


def test_exported_file_has_the_chinese_headers(world: Any) -> None:
    wb = load_workbook(io.BytesIO(register_export(spec=REGISTERS["procurement"], agency=world.agency)))
    assert [c.value for c in next(wb.worksheets[0].iter_rows(max_row=1))] == [
        *HEAD,
        "填报机关",
    ]  # the agency column is checked on import


def _seed_registers(agency: Any) -> None:
    Rule.objects.bulk_create(
        [
            Rule(agency=agency, kind="normative", title="a", issued_on=date(2020, 3, 1)),
            Rule(
                agency=agency,
                kind="normative",
                title="b",
                issued_on=date(2018, 3, 1),
                repealed_on=date(2020, 7, 1),
            ),
            Rule(agency=agency, kind="normative", title="c", issued_on=date(2019, 3, 1)),
            Rule(agency=agency, kind="regulation", title="d", issued_on=date(2021, 1, 5)),
        ]
    )
    Decision.objects.bulk_create(
        [
            Decision(agency=agency, kind="licensing", matter="m1", decided_on=date(2019, 5, 1)),
            Decision(agency=agency, kind="licensing", matter="m1", decided_on=date(2020, 5, 1)),
            Decision(agency=agency, kind="licensing", matter="m2", decided_on=date(2020, 6, 1)),
            Decision(agency=agency, kind="penalty", matter="p", decided_on=date(2020, 6, 1)),
        ]
    )
    Fee.objects.bulk_create(
        [
            Fee(agency=agency, name="f", year=2020, amount=Decimal("1.5")),
            Fee(agency=agency, name="g", year=2020, amount=Decimal("0.25")),
            Fee(agency=agency, name="f", year=2019, amount=Decimal("1")),
        ]
    )
    Procurement.objects.bulk_create(
        [
            Procurement(agency=agency, title="x", contracted_on=date(2020, 1, 1), amount=Decimal("10.1")),
            Procurement(
                agency=agency, title="y", contracted_on=date(2020, 12, 31), amount=Decimal("20.2861")
            ),
            Procurement(agency=agency, title="z", contracted_on=date(2021, 1, 1), amount=Decimal("99")),
        ]
    )


def proactive_cells(*, agency: Any, year: int, template_id: str | None = None) -> dict[str, Any]:
    """Part 二 of ``agency`` on ``year``, as the definitions in ``registers.figures`` count it."""
    template = get_template(template_id) if template_id else template_for_year(year)
    return PROACTIVE.compute(agency_ids=[agency.pk], year=year, template=template)[None]


def test_part_two_cells_2019_template(world: Any) -> None:
    _seed_registers(world.agency)
    cells = proactive_cells(agency=world.agency, year=2020)
    assert set(cells) == set(k for k in get_template("2019").keys if k.startswith("proactive."))
    assert cells["proactive.normative_documents.made"] == 1
    assert cells["proactive.normative_documents.total_published"] == 2  # a and c; b repealed in 2020
    assert (
        cells["proactive.licensing.previous"],
        cells["proactive.licensing.change"],
        cells["proactive.licensing.decisions"],
    ) == (1, 1, 2)
    assert (cells["proactive.fees.previous"], cells["proactive.fees.change"]) == (1, 1)
    assert (cells["proactive.procurement.count"], cells["proactive.procurement.amount"]) == (
        2,
        Decimal("30.3861"),
    )


def test_part_two_cells_2021_template(world: Any) -> None:
    _seed_registers(world.agency)
    cells = proactive_cells(agency=world.agency, year=2020, template_id="2021")
    assert set(cells) == set(k for k in get_template("2021").keys if k.startswith("proactive."))
    assert (
        cells["proactive.normative_documents.issued"],
        cells["proactive.normative_documents.repealed"],
        cells["proactive.normative_documents.in_force"],
    ) == (1, 1, 2)
    assert cells["proactive.penalty.decisions"] == 1
    assert cells["proactive.fees.amount"] == Decimal("1.75")


def test_part_two_uses_one_query_per_register(world: Any, django_assert_max_num_queries: Any) -> None:
    _seed_registers(world.agency)
    with django_assert_max_num_queries(4):
        proactive_cells(agency=world.agency, year=2020, template_id="2019")


def test_export_never_turns_text_into_a_formula(world: Any) -> None:
    Procurement.objects.create(
        agency=world.agency,
        title='=HYPERLINK("http://evil","x")',
        contracted_on=date(2020, 1, 1),
        amount=Decimal(1),
    )
    data = register_export(spec=REGISTERS["procurement"], agency=world.agency)
    cell = load_workbook(io.BytesIO(data)).worksheets[0]["A2"]
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://evil","x")')
    Procurement.objects.all().delete()
    assert imp(world, "procurement", data).ok
    assert Procurement.objects.get().title == '=HYPERLINK("http://evil","x")'


@pytest.mark.parametrize("role", ["leader", "superior", "other", "anonymous"])
def test_only_officers_and_administrators_import_through_the_service(world: Any, role: str) -> None:
    from gongkai_web.common.errors import NotPermitted

    data = workbook([HEAD, ["办公设备", "2020-03-01", "10.5"]])
    with pytest.raises(NotPermitted):
        register_import(
            spec=REGISTERS["procurement"],
            agency=world.agency,
            data=io.BytesIO(data),
            size=len(data),
            acting_user=world.users[role],
        )
    assert not Procurement.objects.exists()
