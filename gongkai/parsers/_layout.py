"""Shared by the HTML, DOCX and PDF readers: a document turned into the text reader's tab/newline layout.

A table becomes what copying it out of Word gives: each row's cells one per line behind a TAB, a blank
line after the row; a cell merged across columns appears once, where it starts; a cell merged down
appears where it starts and as an empty cell in each row below. Paragraphs are plain lines. The readers
then hand the text to :func:`gongkai.parsers.text.parse_text`, so label matching and number reading live
in one place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from gongkai.errors import ParseError
from gongkai.findings import Finding
from gongkai.parsers.result import ParseResult

#: Spans larger than this are clamped (HTML allows colspan ≤ 1000; nothing in a report needs more).
MAX_SPAN = 1000
#: A table with more grid positions than this is refused (bounded memory).
MAX_GRID = 400_000

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
# A space next to a CJK character or full-width punctuation is line-wrapping, not a word break.
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")


_PLAIN = re.compile(r"[^\s\u00a0\u3000\u200b\ufeff]*")
_DIRTY = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]")


def clean_cell(text: str) -> str:
    """A cell's text on one line: whitespace collapsed, and removed where it only wrapped CJK text."""
    if _PLAIN.fullmatch(text):
        return text
    return _CJK_GAP.sub("", _SPACE.sub(" ", text).strip())


def clean_line(text: str) -> str:
    """A paragraph's text on one line, whitespace collapsed."""
    return _CJK_GAP.sub("", _SPACE.sub(" ", text).strip())


class SourceCell(NamedTuple):
    """A cell as a source document states it: its text and how far it spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def _span(value: int) -> int:
    return max(1, min(int(value), MAX_SPAN))


def table_lines(rows: Sequence[Sequence[tuple[str, int, int]]]) -> list[str]:
    """The layout lines of a table given as rows of cells where they start (HTML ``<tr>``/``<td>``).

    A cell is a :class:`SourceCell` or any ``(text, rowspan, colspan)`` triple. A ``rowspan`` of 0 (HTML:
    to the end of the table) runs to the last row. Raises :class:`ParseError` when the table's grid would
    exceed :data:`MAX_GRID` positions.
    """
    # covered[(r, c)] is True where a cell from above starts its column (emit an empty cell), False
    # elsewhere inside a span (emit nothing).
    covered: dict[tuple[int, int], bool] = {}
    # Every cell's text in copy order, None ending a row; cleaned and prefixed at the end in one pass.
    flat: list[str | None] = []
    append = flat.append
    n_rows = len(rows)
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            if covered:
                while (r, c) in covered:
                    if covered.pop((r, c)):
                        append("")
                    c += 1
            append(text)
            if rowspan == 1 and colspan == 1:
                c += 1
                continue
            rs = min(n_rows - r if rowspan == 0 else _span(rowspan), n_rows - r)
            cs = _span(colspan)
            if len(covered) + rs * cs > MAX_GRID or c + cs > MAX_GRID:
                raise ParseError("表格过大，无法读取", "table too large to read")
            for dr in range(rs):
                for dc in range(cs):
                    if dr or dc:
                        covered[(r + dr, c + dc)] = dr > 0 and dc == 0
            c += cs
        if covered:
            while (r, c) in covered:
                if covered.pop((r, c)):
                    append("")
                c += 1
            # Positions left covered in this row beyond its last cell (a gap) are dropped with it.
            for key in [k for k in covered if k[0] == r]:
                if covered.pop(key):
                    append("")
        append(None)
    # Most tables hold no whitespace at all: one scan in C instead of a regex per cell.
    if _DIRTY.search("".join([t for t in flat if t])) is None:
        return ["" if t is None else "\t" + t for t in flat]
    return ["" if t is None else "\t" + clean_cell(t) for t in flat]


def missing_library(fmt: str, exc: ImportError) -> ParseError:
    """The error for a reader whose library is not installed (the ``formats`` extra)."""
    return ParseError(
        f"读取 {fmt} 需要安装 gongkai[formats]（缺少 {exc.name}）",
        f"reading {fmt} needs gongkai[formats] (missing {exc.name})",
    )


def row_lines(cells: Sequence[str]) -> list[str]:
    """The layout lines of one row whose cells are already in copy order."""
    return [*(f"\t{clean_cell(c)}" for c in cells), ""]


def finish(lines: list[str], *, fmt: str, source: str, warnings: Sequence[Finding] = ()) -> ParseResult:
    """Read the layout with the text reader; mark the result with ``fmt`` and add the reader's warnings.

    A :class:`ParseError` from the text reader passes through unchanged.
    """
    from gongkai.parsers.text import parse_text

    text = "\n".join(lines) + "\n"
    result = parse_text(text, source=source)
    return result.model_copy(update={"format": fmt, "warnings": [*warnings, *result.warnings]})


__all__ = [
    "MAX_GRID",
    "SourceCell",
    "clean_cell",
    "clean_line",
    "finish",
    "missing_library",
    "row_lines",
    "table_lines",
]
