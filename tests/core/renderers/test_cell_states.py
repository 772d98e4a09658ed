"""Every writer prints a cell as it was printed: a mark (「—」, 「/」, 「无」, nothing) where the source had one."""

from __future__ import annotations

import csv
import io

import pytest

from gongkai.model import CellState, Printed, Report
from gongkai.renderers import render
from tests.core.checks.builders import valid_report

KEY = "proactive.regulations.made"
AMOUNT = "proactive.procurement.amount"


def _marked(text: str = "—", state: CellState = CellState.DASH) -> Report:
    report = valid_report().with_cells({KEY: 0, AMOUNT: 0})
    marks = {KEY: Printed(state=state, text=text), AMOUNT: Printed(state=CellState.SLASH, text="/")}
    return report.model_copy(update={"printed": marks}).revalidated()


def test_text_prints_the_marks_instead_of_zeros() -> None:
    lines = str(render(_marked(), "text")).split("\n")
    at = lines.index("\t规章")
    assert lines[at + 1] == "\t—"
    at = lines.index("\t政府集中采购")
    assert lines[at + 2] == "\t/"


def test_a_blank_is_printed_as_an_empty_cell() -> None:
    lines = str(render(_marked("", CellState.BLANK), "text")).split("\n")
    assert lines[lines.index("\t规章") + 1] == "\t"


def test_markdown_prints_the_marks() -> None:
    text = str(render(_marked("无", CellState.TEXT), "markdown"))
    row = next(line for line in text.splitlines() if line.startswith("| 规章 |"))
    assert row.split("|")[2].strip() == "无"
    fees = next(line for line in text.splitlines() if line.startswith("| 政府集中采购 |"))
    assert fees.split("|")[3].strip() == "/"


def test_html_prints_the_marks_and_says_how_each_cell_was_printed() -> None:
    page = str(render(_marked(), "html"))
    assert 'data-state="dash">—</td>' in page
    assert 'data-state="slash">/</td>' in page
    assert page.count("data-state=") == 2


def test_docx_prints_the_marks() -> None:
    from docx import Document

    document = Document(io.BytesIO(bytes(render(_marked(), "docx"))))
    texts = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "—" in texts
    assert "/" in texts


def test_pdf_prints_the_marks() -> None:
    from gongkai.parsers import read

    back = read(bytes(render(_marked(), "pdf"))).report
    assert back.printed == _marked().printed


@pytest.mark.parametrize(
    ("key", "state", "printed", "value"),
    [
        (KEY, "dash", "—", "0"),
        (AMOUNT, "slash", "/", "0"),
        ("proactive.regulations.published", "number", "2", "2"),
    ],
)
def test_cells_csv_has_the_state_and_the_printed_text(key: str, state: str, printed: str, value: str) -> None:
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(str(render(_marked(), "cells"))))}
    assert (rows[key]["value"], rows[key]["state"], rows[key]["printed"]) == (value, state, printed)


def test_cells_csv_leaves_state_and_printed_empty_for_an_absent_cell() -> None:
    report = Report(agency="某局", year=2020, template="2019", cells={})
    rows = list(csv.DictReader(io.StringIO(str(render(report, "cells")))))
    assert {(r["value"], r["state"], r["printed"]) for r in rows} == {("", "", "")}


def test_json_keeps_the_marks() -> None:
    from gongkai.parsers import read

    report = _marked()
    assert read(str(render(report, "json")).encode(), source="x.json").report.printed == report.printed
