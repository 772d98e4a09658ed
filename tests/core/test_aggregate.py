"""Roll-ups: the sum of several agencies' reports of one year and template."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.aggregate import rollup
from gongkai.checks import check_report
from gongkai.errors import GongkaiError
from gongkai.model import CellState, Printed, Report
from tests.core.checks.builders import valid_report


def _pair(template: str = "2019") -> tuple[Report, Report]:
    a = valid_report(template, agency="甲局")
    b = valid_report(template, agency="乙局").with_cells(
        {"proactive.licensing.change" if template == "2019" else "proactive.licensing.decisions": 7}
    )
    return a, b


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_every_cell_is_the_sum_of_the_reports(template: str) -> None:
    a, b = _pair(template)
    total = rollup([a, b], agency="某市政府", year=a.year)
    assert (total.agency, total.year, total.template) == ("某市政府", a.year, template)
    assert total.cells == {k: a[k] + b[k] for k in a.cells}


def test_changes_and_amounts_sum_exactly() -> None:
    a = valid_report().with_cells(
        {"proactive.penalty.change": -18, "proactive.procurement.amount": Decimal("30.3861")}
    )
    b = valid_report(agency="乙局").with_cells(
        {"proactive.penalty.change": 5, "proactive.procurement.amount": Decimal("0.000001")}
    )
    total = rollup([a, b], agency="合计", year=a.year)
    assert total["proactive.penalty.change"] == -13
    assert total["proactive.procurement.amount"] == Decimal("30.386101")


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_checks_still_hold_on_the_sum(template: str) -> None:
    a, b = _pair(template)
    assert check_report(rollup([a, b], agency="合计", year=a.year)) == []


def test_a_cell_missing_anywhere_is_missing_from_the_sum() -> None:
    a, b = _pair()
    key = "appeals.reconsideration.other"
    b = b.model_copy(update={"cells": {k: v for k, v in b.cells.items() if k != key}}).revalidated()
    total = rollup([a, b], agency="合计", year=a.year)
    assert key not in total.cells
    assert [f.rule for f in check_report(total)] == ["cell_missing"]


@pytest.mark.parametrize(
    ("reports", "year"),
    [
        ([], 2020),
        ([valid_report("2019", agency="甲"), valid_report("2021", year=2020, agency="乙")], 2020),
        ([valid_report("2019", year=2019, agency="甲"), valid_report("2019", year=2020, agency="乙")], 2020),
        ([valid_report("2019", year=2020, agency="甲")], 2019),
        ([valid_report("2019", agency="甲 局"), valid_report("2019", agency="甲局")], 2020),
    ],
    ids=["nothing", "mixed-templates", "mixed-years", "wrong-year", "same-agency-twice"],
)
def test_refuses_what_cannot_be_summed(reports: list[Report], year: int) -> None:
    with pytest.raises(GongkaiError) as err:
        rollup(reports, agency="合计", year=year)
    assert err.value.message_zh and err.value.message_en


KEY = "proactive.regulations.made"


def _printed(report: Report, value: int, mark: Printed | None) -> Report:
    made = report.with_cells({KEY: value})
    return made.model_copy(update={"printed": {KEY: mark} if mark else {}}).revalidated()


def test_a_dash_plus_a_number_is_that_number_printed_as_a_number() -> None:
    a, b = _pair()
    total = rollup(
        [_printed(a, 0, Printed(state=CellState.DASH, text="—")), _printed(b, 4, None)],
        agency="某市",
        year=a.year,
    )
    assert (total.cells[KEY], total.state_of(KEY)) == (4, CellState.NUMBER)


def test_the_same_mark_everywhere_is_the_mark_of_the_sum() -> None:
    a, b = _pair()
    dash = Printed(state=CellState.DASH, text="—")
    total = rollup([_printed(a, 0, dash), _printed(b, 0, dash)], agency="某市", year=a.year)
    assert (total.cells[KEY], total.printed[KEY]) == (0, dash)


def test_different_marks_and_no_number_sum_to_a_blank() -> None:
    a, b = _pair()
    total = rollup(
        [
            _printed(a, 0, Printed(state=CellState.DASH, text="—")),
            _printed(b, 0, Printed(state=CellState.TEXT, text="无")),
        ],
        agency="某市",
        year=a.year,
    )
    assert (total.cells[KEY], total.state_of(KEY), total.printed_of(KEY)) == (0, CellState.BLANK, "")


def test_check_rollup_finds_each_cell_the_declared_report_does_not_sum() -> None:
    from gongkai.aggregate import check_rollup

    first, second = _pair("2021")
    total = rollup([first, second], agency="某区", year=first.year)
    assert check_rollup(total, [first, second]) == []
    wrong = total.model_copy(
        update={"cells": {**total.cells, "applications.new.total": total.cells["applications.new.total"] + 1}}
    )
    (finding,) = check_rollup(wrong, [first, second])
    assert (finding.rule, finding.cells, finding.severity) == (
        "rollup_equals_sum",
        ("applications.new.total",),
        "error",
    )
    assert finding.expected == total.cells["applications.new.total"]
    assert f"{first.agency} {first.cells['applications.new.total']}" in finding.message_zh
