"""Staff and public pages: every figure links to the records it counts; history import with findings or a clear
Chinese refusal; the public report and its infographic carry server-rendered SVG charts and no script."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.web.annual_reports.helpers import world_report
from tests.web.annual_reports.records import application


def client_for(user: Any) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def test_every_figure_on_the_staff_page_links_to_its_records(world: Any) -> None:
    from gongkai.templates import get_template

    report = world_report(world)
    page = (
        client_for(world.users["officer"])
        .get(reverse("annual_reports:detail", kwargs={"pk": report.pk}))
        .content.decode()
    )
    linked = set(re.findall(r"/staff/annual/\d+/cell/([\w.]+)/", page))
    assert linked == set(get_template(report.template).keys)


@pytest.mark.parametrize(
    "key, numbers",
    [
        ("applications.new.commercial", ["A-2"]),
        ("applications.new.total", ["A-1", "A-2"]),
        ("applications.granted.total", ["A-1"]),
        ("applications.carried_forward.total", ["A-2"]),
    ],
)
def test_a_figure_lists_exactly_the_records_it_counts(world: Any, key: str, numbers: list[str]) -> None:
    one = application(
        world.agency,
        1,
        received_on=date(2024, 2, 1),
        category="natural_person",
        outcome="granted",
        closed_on=date(2024, 2, 9),
    )
    two = application(world.agency, 2, received_on=date(2024, 12, 30), category="commercial")
    one.number, two.number = "A-1", "A-2"
    one.save()
    two.save()
    report = world_report(world)
    page = (
        client_for(world.users["officer"])
        .get(reverse("annual_reports:cell", kwargs={"pk": report.pk, "key": key}))
        .content.decode()
    )
    assert sorted(re.findall(r">(A-\d)</a>", page)) == numbers
    assert f'<strong id="value">{report.cells[key]}</strong>' in page
    assert report.cells[key] == len(numbers)


def test_an_unknown_cell_is_404(world: Any) -> None:
    report = world_report(world)
    response = client_for(world.users["officer"]).get(
        reverse("annual_reports:cell", kwargs={"pk": report.pk, "key": "applications.nope.total"})
    )
    assert response.status_code == 404


def test_import_checks_an_earlier_report_and_shows_its_findings(world: Any, sample_path: Any) -> None:
    from gongkai_web.annual_reports.models import AnnualReport

    data = sample_path.read_bytes()
    world.agency.name = "长治市上党区司法局"  # the sample's agency: another agency's report is refused
    world.agency.save()
    response = client_for(world.users["officer"]).post(
        reverse("annual_reports:import", kwargs={"code": world.agency.code}),
        {"file": SimpleUploadedFile("2020.txt", data)},
    )
    report = AnnualReport.objects.get(agency=world.agency)
    assert response.status_code == 302
    assert (report.state, report.year, report.source_format) == ("imported", 2020, "text")
    assert (
        report.cells["proactive.procurement.count"] == 1 or report.cells["proactive.procurement.count"] == 3
    )
    page = client_for(world.users["officer"]).get(response["Location"]).content.decode()
    assert "历史年报（导入，待分管领导审批）" in page
    # The sample numbers 二 as 「2、」: the parser's heading finding is shown with the import.
    assert any(f["severity"] == "warning" for f in report.findings)
    assert report.findings[0]["message_zh"] in page


@pytest.mark.parametrize(
    "payload", [b"\x00\x01 not a report", b"%PDF-1.4 broken", json.dumps({"year": "x"}).encode()]
)
def test_an_unreadable_upload_is_refused_in_chinese_and_nothing_is_saved(world: Any, payload: bytes) -> None:
    from gongkai_web.annual_reports.models import AnnualReport

    response = client_for(world.users["officer"]).post(
        reverse("annual_reports:import", kwargs={"code": world.agency.code}),
        {"file": SimpleUploadedFile("bad.bin", payload)},
    )
    assert response.status_code == 200
    assert "无法读取该文件，未保存任何内容" in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_an_oversized_upload_is_refused(world: Any, settings: Any) -> None:
    from gongkai_web.annual_reports import forms
    from gongkai_web.annual_reports.models import AnnualReport

    big = b"x" * (forms.MAX_UPLOAD_BYTES + 1)
    response = client_for(world.users["officer"]).post(
        reverse("annual_reports:import", kwargs={"code": world.agency.code}),
        {"file": SimpleUploadedFile("big.txt", big)},
    )
    assert "文件过大" in response.content.decode()
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("name", ["annual_reports_public:detail", "annual_reports_public:graphic"])
def test_public_pages_show_svg_charts_without_script(world: Any, name: str) -> None:
    report = world_report(world)
    page = Client().get(reverse(name, kwargs={"pk": report.pk})).content.decode()
    assert page.count("<svg") == 3
    assert "<script" not in page
    assert "新收申请的申请人类型" in page


def test_public_pages_refuse_an_unpublished_report(world: Any) -> None:
    from gongkai_web.annual_reports.models import AnnualReport

    report = world_report(world)
    AnnualReport.objects.filter(pk=report.pk).update(state="draft")
    assert Client().get(reverse("annual_reports_public:detail", kwargs={"pk": report.pk})).status_code == 404


def test_the_superior_sees_reports_submitted_to_it(world: Any) -> None:
    report = world_report(world)
    page = (
        client_for(world.users["superior"])
        .get(reverse("annual_reports:list", kwargs={"code": world.office.code}))
        .content.decode()
    )
    assert reverse("annual_reports:detail", kwargs={"pk": report.pk}) in page


@pytest.mark.parametrize("year", [2020, 2022])
def test_the_records_behind_every_cell_add_up_to_it(world: Any, year: int) -> None:
    """For every cell: its records' count (distinct matters for project counts, the sum for amounts) is the
    figure; 本年增/减 is the difference of the two years' figures."""
    from decimal import Decimal

    from gongkai.templates import get_template
    from gongkai_web.annual_reports.models import AnnualReport, cells_to_json
    from gongkai_web.annual_reports.selectors import compute_report, records_for_cell
    from tests.web.annual_reports.records import random_year

    random_year(world.agency, year, seed=21)
    core = compute_report(world.agency, year)
    report = AnnualReport.objects.create(
        agency=world.agency, year=year, template=core.template, title="t", cells=cells_to_json(core.cells)
    )
    wrong = {}
    for cell in get_template(core.template).cells:
        records = records_for_cell(report=report, key=cell.key)
        if cell.kind == "amount":
            found: Any = sum((r.amount for r in records), Decimal(0))
        elif cell.column == "change":
            continue
        elif cell.column == "previous" and cell.row != "fees":
            found = records.order_by().values("matter").distinct().count()
        else:
            found = records.count()
        if found != core.cells[cell.key]:
            wrong[cell.key] = (core.cells[cell.key], found)
    assert wrong == {}


def test_the_report_page_says_when_there_was_no_last_year_to_compare_with(world: Any) -> None:
    from gongkai_web.annual_reports.services import annual_report_check
    from tests.web.annual_reports.test_lifecycle import generate
    from tests.web.factories import fresh

    report = annual_report_check(report=generate(world), acting_user=fresh(world.users["officer"]))
    page = (
        client_for(world.users["officer"])
        .get(reverse("annual_reports:detail", kwargs={"pk": report.pk}))
        .content.decode()
    )
    assert "未做跨年度核对" in page
