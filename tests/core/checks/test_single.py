"""Single-report rules: a valid report is silent; one changed cell fires the right rule on the right cells."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.checks import RULES, check_report, check_values
from gongkai.findings import Finding, has_errors
from gongkai.model import Report
from tests.core.checks.builders import bump, valid_report
from tests.core.strategies import valid_reports
from tests.hypo import budget

APP = "applications"


def _rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def _one(findings: list[Finding], rule: str) -> Finding:
    matching = [f for f in findings if f.rule == rule]
    assert len(matching) == 1, findings
    return matching[0]


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_valid_report_has_no_findings(template: str) -> None:
    assert check_report(valid_report(template)) == []


@budget(60)
@given(valid_reports())
def test_any_valid_report_has_no_findings(report: Report) -> None:
    assert check_report(report) == []


def _sum(report: Report, keys: list[str]) -> int:
    return sum(int(report.cells[k]) for k in keys)


def _balance_left(r: Report, col: str) -> int:
    return _sum(r, [f"{APP}.new.{col}", f"{APP}.carried_over.{col}"])


def _balance_right(r: Report, col: str) -> int:
    return _sum(r, [f"{APP}.results_total.{col}", f"{APP}.carried_forward.{col}"])


def _row_parts(r: Report, row: str) -> int:
    cols = [c.key for c in r.spec.applications.columns if c.key != "total"]
    return _sum(r, [f"{APP}.{row}.{c}" for c in cols])


def _result_rows(r: Report, col: str) -> int:
    return _sum(r, [f"{APP}.{row}.{col}" for row in r.spec.applications.result_rows])


def _block_parts(r: Report, block: str) -> int:
    return _sum(r, [f"appeals.{block}.{c}" for c in ("upheld", "corrected", "other", "pending")])


# (template, changed cell, delta, rules that must fire, rule inspected, expected/found from the changed report)
CASES = [
    (
        "2019",
        f"{APP}.new.natural_person",
        1,
        {"applications_row_total", "applications_column_balance"},
        "applications_column_balance",
        lambda r: (_balance_left(r, "natural_person"), _balance_right(r, "natural_person")),
    ),
    (
        "2019",
        f"{APP}.carried_over.legal_services",
        -1,
        {"applications_row_total", "applications_column_balance"},
        "applications_row_total",
        lambda r: (_row_parts(r, "carried_over"), int(r[f"{APP}.carried_over.total"])),
    ),
    (
        "2019",
        f"{APP}.results_total.commercial",
        2,
        {"applications_row_total", "applications_results_total", "applications_column_balance"},
        "applications_results_total",
        lambda r: (_result_rows(r, "commercial"), int(r[f"{APP}.results_total.commercial"])),
    ),
    (
        "2019",
        f"{APP}.withheld.state_secret.total",
        1,
        {"applications_row_total", "applications_results_total"},
        "applications_row_total",
        lambda r: (_row_parts(r, "withheld.state_secret"), int(r[f"{APP}.withheld.state_secret.total"])),
    ),
    (
        "2019",
        f"{APP}.other.research",
        1,
        {"applications_row_total", "applications_results_total"},
        "applications_results_total",
        lambda r: (_result_rows(r, "research"), int(r[f"{APP}.results_total.research"])),
    ),
    (
        "2021",
        f"{APP}.other.unpaid_fee.research",
        1,
        {"applications_row_total", "applications_results_total"},
        "applications_results_total",
        lambda r: (_result_rows(r, "research"), int(r[f"{APP}.results_total.research"])),
    ),
    (
        "2021",
        f"{APP}.carried_forward.total",
        3,
        {"applications_row_total", "applications_column_balance"},
        "applications_column_balance",
        lambda r: (_balance_left(r, "total"), _balance_right(r, "total")),
    ),
    (
        "2019",
        "appeals.litigation_direct.pending",
        1,
        {"appeals_block_total"},
        "appeals_block_total",
        lambda r: (_block_parts(r, "litigation_direct"), int(r["appeals.litigation_direct.total"])),
    ),
    (
        "2021",
        "appeals.reconsideration.total",
        3,
        {"appeals_block_total"},
        "appeals_block_total",
        lambda r: (_block_parts(r, "reconsideration"), int(r["appeals.reconsideration.total"])),
    ),
]


@pytest.mark.parametrize(("template", "key", "delta", "fired", "rule", "values"), CASES)
def test_one_changed_cell_fires_the_right_rule(template, key, delta, fired, rule, values) -> None:  # type: ignore[no-untyped-def]
    changed = bump(valid_report(template), key, delta)
    findings = check_report(changed)
    assert _rules(findings) == fired
    finding = _one([f for f in findings if key in f.cells], rule)
    assert finding.severity == "error"
    assert (finding.expected, finding.found) == values(changed)
    assert finding.expected != finding.found


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_changing_part_two_breaks_no_single_report_identity(template: str) -> None:
    report = valid_report(template)
    key = next(k for k in report.cells if k.startswith("proactive.") and not k.endswith("amount"))
    assert check_report(bump(report, key, 5)) == []


@pytest.mark.parametrize(
    ("row", "column", "printed"),
    [
        ("withheld.state_secret", "total", "「（三）不予公开1.属于国家秘密」行"),
        ("carried_over", "legal_services", "「二、上年结转政府信息公开申请数量」行"),
        ("not_processed.duplicate", "natural_person", "「（五）不予处理2.重复申请」行"),
    ],
)
def test_row_total_message_names_the_printed_row(row: str, column: str, printed: str) -> None:
    finding = _one(check_report(bump(valid_report(), f"{APP}.{row}.{column}", 1)), "applications_row_total")
    assert printed in finding.message_zh
    assert f"row {row}:" in finding.message_en


def test_column_balance_message_names_the_printed_column() -> None:
    finding = _one(
        check_report(bump(valid_report(), f"{APP}.new.nonprofit", 1)), "applications_column_balance"
    )
    assert "「社会公益组织」列" in finding.message_zh
    assert "nonprofit" in finding.message_en


def test_appeals_message_names_the_printed_block() -> None:
    finding = _one(
        check_report(bump(valid_report(), "appeals.litigation_after_review.upheld", 1)), "appeals_block_total"
    )
    assert "行政诉讼·复议后起诉" in finding.message_zh


@pytest.mark.parametrize(
    ("key", "value", "expected", "found"),
    [
        (f"{APP}.new.total", -1, ">= 0", Decimal(-1)),
        (f"{APP}.new.total", "1.5", "整数", Decimal("1.5")),
        (f"{APP}.new.total", "abc", "整数", "abc"),
        ("proactive.licensing.previous", -3, ">= 0", Decimal(-3)),
        ("proactive.licensing.change", 2.5, "整数", Decimal("2.5")),
        ("proactive.procurement.amount", "-0.5", ">= 0", Decimal("-0.5")),
        ("proactive.procurement.amount", "三十", "金额（万元）", "三十"),
        (f"{APP}.new.total", True, "整数", "True"),
    ],
)
def test_out_of_range_value_is_an_error_on_that_cell(
    key: str, value: object, expected: str, found: object
) -> None:
    (finding,) = check_values("2019", {key: value})
    assert (finding.rule, finding.severity, finding.cells) == ("values_in_range", "error", (key,))
    assert (finding.expected, finding.found) == (expected, found)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("proactive.licensing.change", -18),
        ("proactive.procurement.amount", "30.3861"),
        ("proactive.procurement.amount", Decimal("5949.088667")),
        (f"{APP}.new.total", "12"),
        (f"{APP}.new.total", Decimal("3.0")),
        (f"{APP}.new.total", ""),
        (f"{APP}.new.total", None),
    ],
)
def test_in_range_or_blank_value_is_accepted(key: str, value: object) -> None:
    assert check_values("2019", {key: value}) == []


def test_key_the_template_lacks_is_a_value_error() -> None:
    (finding,) = check_values("2021", {"proactive.procurement.count": 1})
    assert finding.rule == "values_in_range"
    assert finding.cells == ("proactive.procurement.count",)


@pytest.mark.parametrize(
    ("template", "year", "expected"),
    [("2019", 2021, "2021"), ("2021", 2020, "2019"), ("2019", 2018, None)],
)
def test_template_not_covering_the_year_is_a_warning(template: str, year: int, expected: str | None) -> None:
    report = valid_report(template, year=year)
    finding = _one(check_report(report), "template_coverage")
    assert (finding.severity, finding.expected, finding.found) == ("warning", expected, template)


@pytest.mark.parametrize("table", ["proactive", "applications", "appeals"])
def test_absent_table_is_one_warning_not_one_per_cell(table: str) -> None:
    report = valid_report("2021")
    cells = {k: v for k, v in report.cells.items() if not k.startswith(f"{table}.")}
    findings = check_report(report.model_copy(update={"cells": cells}).revalidated())
    assert [f.rule for f in findings] == ["table_missing"]


def test_missing_cell_is_reported_and_its_identities_are_skipped() -> None:
    report = valid_report()
    key = f"{APP}.granted.commercial"
    cells = {k: v for k, v in report.cells.items() if k != key}
    findings = check_report(report.model_copy(update={"cells": cells}).revalidated())
    assert [(f.rule, f.cells) for f in findings] == [("cell_missing", (key,))]
    assert "「（一）予以公开」行「商业企业」列" in findings[0].message_zh


def test_registry_lists_every_spec_rule_with_its_docstring() -> None:
    expected = {
        "applications_column_balance",
        "applications_row_total",
        "applications_results_total",
        "appeals_block_total",
        "values_in_range",
        "carry_over",
        "normative_stock",
        "project_count_carry",
        "prose_consistency",
        "template_coverage",
        "table_missing",
        "cell_missing",
        "different_agency",
        "not_consecutive",
    }
    assert set(RULES) == expected
    assert all(rule.doc for rule in RULES.values())
    assert {r.id for r in RULES.values() if r.scope == "pair"} == {
        "carry_over",
        "normative_stock",
        "project_count_carry",
        "different_agency",
        "not_consecutive",
    }


def test_registry_entry_runs_its_rule() -> None:
    changed = bump(valid_report(), "appeals.reconsideration.upheld", 1)
    assert [f.rule for f in RULES["appeals_block_total"](changed)] == ["appeals_block_total"]
    assert not has_errors(RULES["appeals_block_total"](valid_report()))


@budget(80)
@given(valid_reports(), st.data())
def test_any_changed_count_of_parts_three_and_four_is_an_error_naming_it(
    report: Report, data: st.DataObject
) -> None:
    keys = [k for k in report.cells if k.startswith(("applications.", "appeals."))]
    key = data.draw(st.sampled_from(keys))
    delta = data.draw(st.integers(min_value=1, max_value=1000))
    findings = check_report(bump(report, key, delta))
    assert any(f.is_error and key in f.cells for f in findings)
