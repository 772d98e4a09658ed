"""A random year of records: every cell of the generated report equals an independent count in plain Python,
and every cross-check holds (within the year and against the year before)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from gongkai.checks import check_pair, check_report
from gongkai.findings import has_errors
from gongkai.templates import template_for_year
from tests.web.annual_reports.records import CATEGORIES, Year, random_year


def expected_cells(records: Year, year: int) -> dict[str, Any]:
    """Part 二, 三 and 四 counted record by record, from the definitions (not from the selectors)."""
    spec = template_for_year(year)
    start, end = date(year, 1, 1), date(year, 12, 31)
    out: Counter[str] = Counter()
    amounts: dict[str, Decimal] = {}

    rule_rows = {"regulation": "regulations", "normative": "normative_documents"}
    for r in records.rules:
        row = rule_rows[r.kind]
        issued = start <= r.issued_on <= end
        in_force = r.issued_on <= end and (r.repealed_on is None or r.repealed_on > end)
        if spec.id == "2019":
            out[f"proactive.{row}.made"] += issued
            out[f"proactive.{row}.published"] += issued
            out[f"proactive.{row}.total_published"] += in_force
        else:
            out[f"proactive.{row}.issued"] += issued
            out[f"proactive.{row}.repealed"] += r.repealed_on is not None and start <= r.repealed_on <= end
            out[f"proactive.{row}.in_force"] += in_force

    for kind in ("licensing", "other_services", "penalty", "enforcement"):
        this = [d for d in records.decisions if d.kind == kind and d.decided_on.year == year]
        last = [d for d in records.decisions if d.kind == kind and d.decided_on.year == year - 1]
        out[f"proactive.{kind}.decisions"] = len(this)
        if spec.id == "2019":
            previous = len({d.matter for d in last})
            out[f"proactive.{kind}.previous"] = previous
            out[f"proactive.{kind}.change"] = len({d.matter for d in this}) - previous

    if spec.id == "2019":
        previous = sum(1 for f in records.fees if f.year == year - 1)
        out["proactive.fees.previous"] = previous
        out["proactive.fees.change"] = sum(1 for f in records.fees if f.year == year) - previous
    else:
        amounts["proactive.fees.amount"] = sum((f.amount for f in records.fees if f.year == year), Decimal(0))
    bought = [p for p in records.procurements if p.contracted_on.year == year]
    out["proactive.procurement.count"] = len(bought)
    amounts["proactive.procurement.amount"] = sum((p.amount for p in bought), Decimal(0))

    result_rows = spec.applications.result_rows
    for a in records.applications:
        if a.received_on > end or (a.closed_on is not None and a.closed_on < start):
            continue
        rows = ["new" if a.received_on >= start else "carried_over"]
        if a.closed_on is not None and a.closed_on <= end:
            row = a.outcome if a.outcome in result_rows else a.outcome.split(".")[0]
            rows += [row, "results_total"]
        else:
            rows.append("carried_forward")
        for row in rows:
            out[f"applications.{row}.{a.applicant_category}"] += 1
            out[f"applications.{row}.total"] += 1

    for p in records.appeals:
        if p.filed_on.year != year:
            continue
        col = p.result if p.decided_on is not None and p.decided_on <= end else "pending"
        out[f"appeals.{p.kind}.{col}"] += 1
        out[f"appeals.{p.kind}.total"] += 1

    return {key: amounts.get(key, out.get(key, 0)) for key in spec.keys}


@pytest.mark.parametrize("year", [2020, 2022])
@pytest.mark.parametrize("seed", [1, 2])
def test_every_cell_equals_an_independent_count(world: Any, year: int, seed: int) -> None:
    from gongkai_web.annual_reports.selectors import compute_report

    records = random_year(world.agency, year, seed=seed)
    report = compute_report(world.agency, year)
    expected = expected_cells(records, year)
    assert set(report.cells) == set(expected)
    wrong = {k: (report.cells[k], v) for k, v in expected.items() if report.cells[k] != v}
    assert wrong == {}


@pytest.mark.parametrize("year", [2020, 2022])
def test_random_year_passes_every_cross_check(world: Any, year: int) -> None:
    from gongkai_web.annual_reports.selectors import compute_report

    random_year(world.agency, year, seed=year)
    report = compute_report(world.agency, year)
    assert [f for f in check_report(report) if f.is_error] == []
    assert report.cells["applications.carried_over.total"] > 0
    assert report.cells["applications.carried_forward.total"] > 0
    assert not has_errors(check_pair(compute_report(world.agency, year - 1), report))


def test_random_year_has_every_category_and_appeal_result(world: Any) -> None:
    records = random_year(world.agency, 2022, seed=5)
    assert {a.applicant_category for a in records.applications} == set(CATEGORIES)
    assert {p.result for p in records.appeals} == {"upheld", "corrected", "other", "pending"}


@pytest.mark.parametrize("year", [2020, 2022])
def test_parts_3_and_4_equal_the_applications_statistics(world: Any, year: int) -> None:
    """Built from the applications' own GROUP BYs, the cells equal their ``part3``/``part4``."""
    from gongkai_web.annual_reports.selectors import compute_cells
    from gongkai_web.applications.selectors import part3, part4

    random_year(world.agency, year, seed=9)
    cells = compute_cells(agency=world.agency, year=year)
    theirs = (
        part3(agency_ids=[world.agency.pk], year=year).cells
        | part4(agency_ids=[world.agency.pk], year=year).cells
    )
    assert {k: cells[k] for k in theirs} == theirs


@pytest.mark.parametrize("year", [2020, 2022])
def test_many_agencies_at_once_equal_one_by_one(world: Any, year: int) -> None:
    from gongkai_web.annual_reports.selectors import compute_cells, compute_cells_many

    random_year(world.agency, year, seed=11)
    random_year(world.other_agency, year, seed=12)
    agencies = [world.agency, world.other_agency, world.office]
    many = compute_cells_many(agencies=agencies, year=year)
    assert many == {a.pk: compute_cells(agency=a, year=year) for a in agencies}
    assert many[world.agency.pk] != many[world.other_agency.pk]
    every = compute_cells_many(agencies=None, year=year)
    assert {pk: every[pk] for pk in many} == many


def test_a_generated_report_prints_every_cell_as_a_number(world: Any) -> None:
    from gongkai.model import CellState
    from gongkai_web.annual_reports.selectors import compute_report

    random_year(world.agency, 2022, seed=3)
    report = compute_report(world.agency, 2022)
    assert report.printed == {}
    assert {report.state_of(k) for k in report.spec.keys} == {CellState.NUMBER}
