"""The report model: typed cells validated against the template."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from gongkai.model import Report


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
