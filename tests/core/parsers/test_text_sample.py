"""The published sample (长治市上党区司法局, 2020, tab/newline layout) read cell by cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.parsers.result import ParseResult
from gongkai.parsers.text import parse_text
from gongkai.templates import get_template

SAMPLE = Path(__file__).parents[2] / "data" / "sample-2020-shangdang-sifaju.txt"

# Every non-zero cell of the sample; every other cell of the template is printed as 0.
NON_ZERO = {
    "proactive.procurement.count": 3,
    "proactive.procurement.amount": Decimal("30.3861"),
}


@pytest.fixture(scope="module")
def result() -> ParseResult:
    return parse_text(SAMPLE.read_text(encoding="utf-8"), source=str(SAMPLE))


def test_sample_has_every_cell_of_the_2019_template(result: ParseResult) -> None:
    assert list(result.report.cells) == list(get_template("2019").keys)


def test_every_cell_of_the_sample_has_its_printed_value(result: ParseResult) -> None:
    expected = {key: NON_ZERO.get(key, 0) for key in get_template("2019").keys}
    assert result.report.cells == expected


def test_procurement_amount_is_an_exact_decimal_in_wan_yuan(result: ParseResult) -> None:
    amount = result.report.cells["proactive.procurement.amount"]
    assert isinstance(amount, Decimal)
    assert amount == Decimal("30.3861")


@pytest.mark.parametrize("table", ["applications", "appeals"])
def test_parts_three_and_four_are_all_zero(result: ParseResult, table: str) -> None:
    values = [v for k, v in result.report.cells.items() if k.startswith(table + ".")]
    assert len(values) == {"applications": 23 * 7, "appeals": 15}[table]
    assert set(values) == {0}


def test_agency_year_and_template(result: ParseResult) -> None:
    report = result.report
    assert (report.agency, report.year, report.template) == ("长治市上党区司法局", 2020, "2019")
    assert report.title == "长治市上党区司法局2020年度政府信息公开工作年度报告"


def test_sample_reads_without_errors(result: ParseResult) -> None:
    assert [w for w in result.warnings if w.severity == "error"] == []


def test_misnumbered_headings_are_the_only_warnings(result: ParseResult) -> None:
    assert [(w.rule, w.found, w.expected) for w in result.warnings] == [
        ("part_headings", "2", "二"),
        ("part_headings", "5", "五"),
    ]


def test_prose_of_parts_one_five_and_six(result: ParseResult) -> None:
    prose = result.report.prose
    assert prose.overview.startswith("长治市上党区司法局按照区委、区政府的统一部署")
    assert prose.overview.endswith("2020年，我局未收到政府信息公开方面的申请、行政复议和行政诉讼。")
    assert prose.overview.count("\n") == 3
    assert prose.problems.startswith("一是栏目信息分配不均衡")
    assert prose.problems.endswith("畅通信息公开渠道。")
    assert prose.other == "无其他需要报告的事项。"


def test_table_parts_carry_no_prose(result: ParseResult) -> None:
    prose = result.report.prose
    assert (prose.proactive, prose.applications, prose.appeals) == ("", "", "")


def test_read_dispatches_text_to_this_reader() -> None:
    from gongkai.parsers import read

    assert read(SAMPLE).report.cells == parse_text(SAMPLE.read_text(encoding="utf-8")).report.cells
