"""Hypothesis strategies for reports of either national template.

``reports(template)`` draws any well-typed report (the numbers need not add up); ``valid_reports(template)``
draws reports where every single-report identity of the spec holds: part 三 row totals, results_total equal to
the sum of the result rows, new + carried_over = results_total + carried_forward per column, and part 四's
block totals. Amounts carry up to six decimals. Prose uses an alphabet that never spells a template label.
Some zero cells are printed without a number (``MARKS``: blank, dashes, slashes, 「无」…) unless ``marks=False``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from gongkai.model import CellState, Printed, Prose, Report
from gongkai.templates import TEMPLATES, Template, get_template
from gongkai.types import CellValue

AGENCIES = (
    "长治市上党区司法局",
    "平潭综合实验区",
    "淮安市人民政府",
    "北京市海淀区人民政府",
    "江苏省财政厅",
    "杭州市西湖区教育局",
    "广州市天河区人民政府办公室",
)

# Characters that appear in no template label, heading or header, so prose never looks like a table.
_PROSE_CHARS = "春夏秋冬山水云风花月日星海天地江河湖泉松竹梅兰桥路城村"


#: How published tables print a cell without a number, as the readers know them.
MARKS = (
    Printed(state=CellState.BLANK),
    Printed(state=CellState.DASH, text="—"),
    Printed(state=CellState.DASH, text="-"),
    Printed(state=CellState.DASH, text="——"),
    Printed(state=CellState.SLASH, text="/"),
    Printed(state=CellState.SLASH, text="／"),
    Printed(state=CellState.TEXT, text="无"),
    Printed(state=CellState.TEXT, text="不适用"),
)


def _small_count() -> st.SearchStrategy[int]:
    return st.one_of(
        st.just(0),
        st.integers(min_value=0, max_value=9),
        st.integers(min_value=0, max_value=999),
        st.integers(min_value=0, max_value=9_999_999),
    )


def _change() -> st.SearchStrategy[int]:
    return st.one_of(st.just(0), st.integers(min_value=-999, max_value=999), st.integers(-99_999, 99_999))


@st.composite
def amounts(draw: st.DrawFn) -> Decimal:
    """A non-negative amount in 万元 with zero to six decimals."""
    places = draw(st.integers(min_value=0, max_value=6))
    units = draw(st.one_of(st.integers(0, 10**5), st.integers(0, 10**11)))
    return Decimal(units).scaleb(-places)


@st.composite
def prose_texts(draw: st.DrawFn, max_lines: int = 3) -> str:
    """Prose of a few lines, each a sentence ending in 。 built from label-free characters."""
    n = draw(st.integers(min_value=0, max_value=max_lines))
    lines = [draw(st.text(alphabet=_PROSE_CHARS, min_size=1, max_size=40)) + "。" for _ in range(n)]
    return "\n".join(lines)


@st.composite
def prose(draw: st.DrawFn, tables: bool = True) -> Prose:
    """Prose for the six parts; ``tables=False`` leaves the table parts (二–四) without prose."""
    return Prose(
        overview=draw(prose_texts()),
        proactive=draw(prose_texts(1)) if tables else "",
        applications=draw(prose_texts(1)) if tables else "",
        appeals=draw(prose_texts(1)) if tables else "",
        problems=draw(prose_texts()),
        other=draw(prose_texts(1)),
    )


def _templates(template: str | None) -> st.SearchStrategy[Template]:
    if template is not None:
        return st.just(get_template(template))
    return st.sampled_from(list(TEMPLATES.values()))


def _years(spec: Template) -> st.SearchStrategy[int]:
    last = spec.last_year if spec.last_year is not None else spec.first_year + 9
    return st.integers(min_value=spec.first_year, max_value=last)


def _value(draw: st.DrawFn, kind: str, top: int | None = None) -> CellValue:
    if kind == "amount":
        return draw(amounts())
    if top is not None:
        return draw(st.integers(min_value=-top if kind == "change" else 0, max_value=top))
    if kind == "change":
        return draw(_change())
    return draw(_small_count())


@st.composite
def reports(
    draw: st.DrawFn, template: str | None = None, table_prose: bool = True, marks: bool = True
) -> Report:
    """Any well-typed report of ``template`` (or of either): every cell present, numbers unconstrained."""
    spec = draw(_templates(template))
    cells = {c.key: _value(draw, c.kind) for c in spec.cells}
    return _report(draw, spec, cells, table_prose, marks)


def _report(
    draw: st.DrawFn, spec: Template, cells: dict[str, Any], table_prose: bool, marks: bool = True
) -> Report:
    printed: dict[str, Printed] = {}
    if marks:
        zeros = [k for k, v in cells.items() if v == 0]
        if zeros and draw(st.booleans()):
            for key in draw(st.lists(st.sampled_from(zeros), max_size=12, unique=True)):
                printed[key] = draw(st.sampled_from(MARKS))
    return Report(
        agency=draw(st.sampled_from(AGENCIES)),
        year=draw(_years(spec)),
        template=spec.id,
        prose=draw(prose(tables=table_prose)),
        cells=cells,
        printed=printed,
    )


@st.composite
def valid_reports(
    draw: st.DrawFn,
    template: str | None = None,
    table_prose: bool = True,
    proactive_max: int | None = None,
    marks: bool = True,
) -> Report:
    """A report of ``template`` (or of either) satisfying every single-report identity of the spec.

    ``proactive_max`` bounds the counts of part 二 (whose rows have no identity to split run-together
    numbers by), keeping the number of possible readings of a flattened row small.
    """
    spec = draw(_templates(template))
    cells: dict[str, Any] = {}
    for group, row in spec.proactive_rows():
        for col in group.columns:
            cells[f"proactive.{row.key}.{col.key}"] = _value(draw, col.kind, proactive_max)

    table = spec.applications
    applicant = [c.key for c in table.columns[:-1]]
    small = st.one_of(st.just(0), st.integers(0, 9), st.integers(0, 400))

    def put_row(key: str, values: list[int]) -> None:
        for col, value in zip(applicant, values, strict=True):
            cells[f"applications.{key}.{col}"] = value
        cells[f"applications.{key}.total"] = sum(values)

    results = [0] * len(applicant)
    for key in table.result_rows:
        values = [draw(small) for _ in applicant]
        put_row(key, values)
        results = [a + b for a, b in zip(results, values, strict=True)]
    put_row("results_total", results)
    forward = [draw(small) for _ in applicant]
    put_row("carried_forward", forward)
    over = [draw(st.integers(0, r + f)) for r, f in zip(results, forward, strict=True)]
    put_row("carried_over", over)
    put_row("new", [r + f - o for r, f, o in zip(results, forward, over, strict=True)])

    for block in spec.appeals.blocks:
        parts = [draw(small) for _ in range(4)]
        for col, value in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            cells[f"appeals.{block.key}.{col}"] = value
        cells[f"appeals.{block.key}.total"] = sum(parts)
    return _report(draw, spec, cells, table_prose, marks)


__all__ = ["AGENCIES", "MARKS", "amounts", "prose", "prose_texts", "reports", "valid_reports"]
