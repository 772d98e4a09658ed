"""The cells CSV: exact header, one row per template cell in printed order, plain values."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from hypothesis import given

from gongkai.model import Report
from gongkai.parsers.result import ParseResult
from gongkai.renderers import render
from gongkai.renderers.cells import render_many
from tests.core.checks.builders import valid_report
from tests.core.strategies import reports
from tests.hypo import budget


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_header_is_exactly_the_public_one() -> None:
    first = str(render(valid_report(), "cells")).splitlines()[0]
    assert first == "source,agency,year,template,key,value,state,printed"


@budget(40)
@given(reports())
def test_rows_follow_the_template_and_give_back_every_value(report: Report) -> None:
    rows = _rows(str(render(report, "cells")))
    assert [r["key"] for r in rows] == list(report.spec.keys)
    assert {(r["agency"], r["year"], r["template"]) for r in rows} == {
        (report.agency, str(report.year), report.template)
    }
    kinds = {c.key: c.kind for c in report.spec.cells}
    back = {r["key"]: (Decimal(r["value"]) if kinds[r["key"]] == "amount" else int(r["value"])) for r in rows}
    assert back == report.cells


def test_values_are_plain_numbers_and_signed_changes() -> None:
    report = valid_report("2019").with_cells(
        {"proactive.procurement.amount": Decimal("30.38610"), "proactive.penalty.change": -18}
    )
    values = {r["key"]: r["value"] for r in _rows(str(render(report, "cells")))}
    assert values["proactive.procurement.amount"] == "30.3861"
    assert values["proactive.penalty.change"] == "-18"


def test_missing_cell_is_an_empty_value() -> None:
    report = valid_report("2021")
    cells = {k: v for k, v in report.cells.items() if k != "appeals.reconsideration.total"}
    report = report.model_copy(update={"cells": cells}).revalidated()
    values = {r["key"]: r["value"] for r in _rows(str(render(report, "cells")))}
    assert values["appeals.reconsideration.total"] == ""


def test_many_reports_share_one_header_and_carry_their_source() -> None:
    a = ParseResult(report=valid_report("2019"), source="a.txt")
    b = valid_report("2021").model_copy(update={"source": "b.html"})
    text = render_many([a, b])
    assert text.count("source,agency") == 1
    rows = _rows(text)
    assert len(rows) == len(a.report.spec.keys) + len(b.spec.keys)
    assert {r["source"] for r in rows} == {"a.txt", "b.html"}
