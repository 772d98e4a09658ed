"""How each cell was printed survives reading: a number, blank, a dash, a slash, or text such as 「无」."""

from __future__ import annotations

import pytest

from gongkai.model import CellState, Printed
from gongkai.parsers.text import parse_text
from gongkai.renderers.text import render
from tests.core.checks.builders import valid_report
from tests.core.parsers.flatten import flatten


def _with_cell(text: str, row_label: str, column: int, printed: str) -> str:
    """The canonical text with the ``column``-th value cell of the row labelled ``row_label`` replaced."""
    lines = text.split("\n")
    at = lines.index(f"\t{row_label}") + 1 + column
    assert lines[at].startswith("\t")
    lines[at] = f"\t{printed}"
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("printed", "state"),
    [
        ("", CellState.BLANK),
        ("—", CellState.DASH),
        ("-", CellState.DASH),
        ("——", CellState.DASH),
        ("/", CellState.SLASH),
        ("／", CellState.SLASH),
        ("无", CellState.TEXT),
        ("不适用", CellState.TEXT),
    ],
)
def test_a_cell_printed_without_a_number_reads_as_zero_and_keeps_what_was_printed(
    printed: str, state: CellState
) -> None:
    report = valid_report()
    result = parse_text(_with_cell(render(report), "规章", 0, printed))
    key = "proactive.regulations.made"
    assert result.report.cells[key] == 0
    assert result.report.state_of(key) is state
    assert result.report.printed_of(key) == printed
    assert [(w.rule, w.cells) for w in result.warnings] == [("blank_cell", (key,))]


def test_a_text_cell_never_costs_its_row() -> None:
    report = valid_report()
    result = parse_text(_with_cell(render(report), "规章", 1, "无"))
    assert result.report.cells["proactive.regulations.made"] == report.cells["proactive.regulations.made"]
    assert result.report.cells["proactive.regulations.published"] == 0
    assert (
        result.report.cells["proactive.regulations.total_published"]
        == (report.cells["proactive.regulations.total_published"])
    )
    assert not [w for w in result.warnings if w.severity == "error"]


def test_a_text_cell_in_part_three_keeps_the_row_and_its_total() -> None:
    report = valid_report()
    label = "（一）予以公开"
    text = render(report)
    # The first applicant column of 予以公开 is printed as 「无」 where it is zero.
    key = "applications.granted.natural_person"
    assert report.cells[key] == 0
    result = parse_text(_with_cell(text, label, 0, "无"))
    assert result.report.cells == report.cells
    assert result.report.printed == {key: Printed(state=CellState.TEXT, text="无")}


def test_numbers_printed_as_numbers_carry_no_mark() -> None:
    report = valid_report()
    result = parse_text(render(report))
    assert result.report.printed == {}
    assert {result.report.state_of(k) for k in report.cells} == {CellState.NUMBER}


@pytest.mark.parametrize(
    ("values", "printed", "states"),
    [
        ((0, 5, 12), " | 5 12 ", ("blank", "number", "number")),
        ((5, 0, 12), " 5 | 12 ", ("number", "blank", "number")),
        ((0, 0, 0), " ||| ", ("blank", "blank", "blank")),
        ((0, 0, 7), " || 7 ", ("blank", "blank", "number")),
    ],
)
def test_lone_separators_of_a_copied_web_table_are_empty_cells(
    values: tuple[int, int, int], printed: str, states: tuple[str, str, str]
) -> None:
    # A page copied from a web table: an empty cell printed as a lone 「|」, several as 「|||」.
    keys = [f"proactive.regulations.{c}" for c in ("issued", "repealed", "in_force")]
    report = valid_report("2021").with_cells(dict(zip(keys, values, strict=True)))
    text = flatten(render(report))
    run = "规章" + "".join(map(str, values))
    assert run in text
    result = parse_text(text.replace(run, "规章" + printed, 1))
    assert [result.report.cells[k] for k in keys] == list(values)
    assert [result.report.state_of(k) for k in keys] == [CellState(s) for s in states]
    assert not [w for w in result.warnings if w.severity == "error"]
