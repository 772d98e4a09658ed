"""The report model: typed cells validated against the template."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from gongkai.model import CellState, Printed, Report


def test_amount_is_kept_as_exact_decimal_in_wan_yuan() -> None:
    report = Report(agency="a", year=2020, template="2019", cells={"proactive.procurement.amount": "30.3861"})
    assert report["proactive.procurement.amount"] == Decimal("30.3861")


def test_change_may_be_negative_but_a_count_may_not() -> None:
    report = Report(agency="a", year=2020, template="2019", cells={"proactive.penalty.change": -18})
    assert report["proactive.penalty.change"] == -18
    with pytest.raises(ValidationError, match=r"applications.new.total"):
        Report(agency="a", year=2020, template="2019", cells={"applications.new.total": -1})


def test_fractional_count_is_refused_with_the_cell_named() -> None:
    with pytest.raises(ValidationError, match=r"proactive.regulations.made"):
        Report(agency="a", year=2020, template="2019", cells={"proactive.regulations.made": "1.5"})


def test_a_key_of_the_other_template_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"applications.other.misc.total"):
        Report(agency="a", year=2022, template="2019", cells={"applications.other.misc.total": 1})


def test_year_outside_the_template_is_accepted_by_the_model() -> None:
    # Coverage is a finding of the checks, not a validation error.
    assert Report(agency="a", year=2023, template="2019").template == "2019"


def test_json_round_trip_keeps_types() -> None:
    report = Report.empty(agency="长治市上党区司法局", year=2020, template="2019").with_cells(
        {"proactive.procurement.amount": Decimal("30.3861"), "proactive.penalty.change": -3}
    )
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report
    assert isinstance(again["proactive.procurement.amount"], Decimal)
    assert isinstance(again["applications.new.total"], int)


def test_cells_are_ordered_as_printed() -> None:
    report = Report(
        agency="a",
        year=2020,
        template="2019",
        cells={"appeals.reconsideration.total": 0, "proactive.regulations.made": 1},
    )
    assert list(report.cells) == ["proactive.regulations.made", "appeals.reconsideration.total"]


# --- how cells were printed ---------------------------------------------------------------------------


def test_a_present_cell_without_a_mark_was_printed_as_its_number() -> None:
    report = Report(agency="a", year=2020, template="2019", cells={"proactive.procurement.amount": "30.3860"})
    assert report.state_of("proactive.procurement.amount") is CellState.NUMBER
    assert report.printed_of("proactive.procurement.amount") == "30.386"


def test_an_absent_cell_has_no_state_and_no_printed_text() -> None:
    report = Report(agency="a", year=2020, template="2019")
    assert report.state_of("applications.new.total") is None
    assert report.printed_of("applications.new.total") is None


def test_a_dash_counts_as_zero_and_keeps_what_was_printed() -> None:
    report = Report(
        agency="a",
        year=2020,
        template="2019",
        cells={"applications.new.total": 0},
        printed={"applications.new.total": Printed(state=CellState.DASH, text="—")},
    )
    assert report["applications.new.total"] == 0
    assert report.state_of("applications.new.total") is CellState.DASH
    assert report.printed_of("applications.new.total") == "—"


def test_printed_marks_survive_the_json_round_trip() -> None:
    marks = {
        "applications.new.total": Printed(state=CellState.TEXT, text="无"),
        "appeals.reconsideration.total": Printed(state=CellState.BLANK),
    }
    report = Report(agency="a", year=2020, template="2019", cells=dict.fromkeys(marks, 0), printed=marks)
    again = Report.model_validate_json(report.model_dump_json())
    assert again.printed == report.printed


def test_a_mark_for_a_cell_without_a_value_is_refused_naming_the_cell() -> None:
    with pytest.raises(ValidationError, match=r"applications.new.total"):
        Report(
            agency="a",
            year=2020,
            template="2019",
            printed={"applications.new.total": Printed(state=CellState.SLASH, text="/")},
        )


def test_a_mark_saying_number_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"number"):
        Printed(state=CellState.NUMBER, text="3")


def test_replacing_a_cell_drops_its_printed_mark() -> None:
    report = Report(
        agency="a",
        year=2020,
        template="2019",
        cells={"applications.new.total": 0},
        printed={"applications.new.total": Printed(state=CellState.DASH, text="-")},
    )
    assert (
        report.with_cells({"applications.new.total": 4}).state_of("applications.new.total")
        is CellState.NUMBER
    )
