"""Across-years rules: carry-over, normative stock, project counts, and refusing pairs that do not compare."""

from __future__ import annotations

from gongkai.checks import check_pair
from gongkai.model import Report
from tests.core.checks.builders import valid_report


def _next_year(previous: Report, template: str | None = None) -> Report:
    """A valid report for the following year whose carried-over row equals last year's carried-forward."""
    current = valid_report(template or previous.template, year=previous.year + 1, agency=previous.agency)
    cols = [c.key for c in current.spec.applications.columns]
    # Keep part 三 consistent: move the difference in carried_over into new.
    values: dict[str, int] = {}
    for col in cols:
        forward = int(previous[f"applications.carried_forward.{col}"])
        over = int(current[f"applications.carried_over.{col}"])
        values[f"applications.carried_over.{col}"] = forward
        values[f"applications.new.{col}"] = int(current[f"applications.new.{col}"]) + over - forward
    return current.with_cells(values)


def test_consecutive_consistent_years_have_no_findings() -> None:
    previous = valid_report("2021", year=2021)
    current = _next_year(previous)
    for rows in ("regulations", "normative_documents"):
        base = f"proactive.{rows}"
        stock = (
            int(previous[f"{base}.in_force"])
            + int(current[f"{base}.issued"])
            - int(current[f"{base}.repealed"])
        )
        current = current.with_cells({f"{base}.in_force": stock})
    assert check_pair(previous, current) == []


def test_mismatched_carry_over_is_an_error_naming_both_cells() -> None:
    previous = valid_report("2019", year=2019)
    current = _next_year(previous)
    key = "applications.carried_over.natural_person"
    current = current.with_cells(
        {
            key: int(current[key]) + 2,
            "applications.new.natural_person": int(current["applications.new.natural_person"]) - 2,
        }
    )
    carry = [f for f in check_pair(previous, current) if f.rule == "carry_over"]
    assert len(carry) == 1
    finding = carry[0]
    assert finding.severity == "error"
    assert finding.cells == (key, "applications.carried_forward.natural_person")
    assert finding.expected == int(previous["applications.carried_forward.natural_person"])
    assert finding.found == int(current[key])
    assert (
        "2019 年「四、结转下年度继续办理」" in finding.message_zh
        or "四、结转下年度继续办理" in finding.message_zh
    )


def test_carry_over_is_checked_across_the_template_change() -> None:
    previous = valid_report("2019", year=2020)
    current = valid_report("2021", year=2021, agency=previous.agency)
    findings = check_pair(previous, current)
    assert {f.rule for f in findings} == {"carry_over"}


def test_project_counts_between_2019_and_2021_templates_say_nothing() -> None:
    previous = valid_report("2019", year=2020)
    current = _next_year(previous, "2021")
    assert check_pair(previous, current) == []


def test_normative_stock_mismatch_is_a_warning() -> None:
    previous = valid_report("2021", year=2022)
    current = _next_year(previous)
    findings = [f for f in check_pair(previous, current) if f.rule == "normative_stock"]
    assert findings and all(f.severity == "warning" for f in findings)
    finding = findings[0]
    assert finding.cells[0] == "proactive.regulations.in_force"
    expected = (
        int(previous["proactive.regulations.in_force"])
        + int(current["proactive.regulations.issued"])
        - int(current["proactive.regulations.repealed"])
    )
    assert (finding.expected, finding.found) == (expected, int(current["proactive.regulations.in_force"]))


def test_project_count_carry_mismatch_is_a_warning_per_row() -> None:
    previous = valid_report("2019", year=2019)
    current = _next_year(previous)
    rows = {"licensing", "other_services", "penalty", "enforcement", "fees"}
    values = {
        f"proactive.{r}.previous": int(previous[f"proactive.{r}.previous"])
        + int(previous[f"proactive.{r}.change"])
        for r in rows
    }
    current = current.with_cells(values)
    assert check_pair(previous, current) == []
    broken = current.with_cells({"proactive.fees.previous": values["proactive.fees.previous"] + 1})
    (finding,) = check_pair(previous, broken)
    assert (finding.rule, finding.severity) == ("project_count_carry", "warning")
    assert finding.cells == ("proactive.fees.previous", "proactive.fees.change")
    assert (finding.expected, finding.found) == (
        values["proactive.fees.previous"],
        values["proactive.fees.previous"] + 1,
    )


def test_different_agencies_are_refused_without_comparing() -> None:
    previous = valid_report("2019", year=2019, agency="甲市司法局")
    current = valid_report("2019", year=2020, agency="乙市司法局")
    assert [f.rule for f in check_pair(previous, current)] == ["different_agency"]


def test_agency_names_differing_only_in_spaces_are_the_same() -> None:
    previous = valid_report("2019", year=2019, agency="甲市 司法局")
    current = _next_year(previous).model_copy(update={"agency": "甲市司法局"})
    assert [f.rule for f in check_pair(previous, current)] != ["different_agency"]


def test_years_that_do_not_follow_are_refused() -> None:
    previous = valid_report("2021", year=2021)
    for year in (2021, 2023, 2020):
        current = valid_report("2021" if year > 2020 else "2019", year=year, agency=previous.agency)
        (finding,) = check_pair(previous, current)
        assert (finding.rule, finding.expected, finding.found) == ("not_consecutive", 2022, year)
