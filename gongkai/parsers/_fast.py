"""The text reader with a short cut for the tables the format readers copy: one number per cell.

The HTML, DOCX and PDF readers hand the text reader the tab/newline layout (see
:mod:`gongkai.parsers._layout`). In that layout a well-formed table row is its label's cell followed by
one TAB-led line per value and a blank line. For such a row the text reader's general machinery (a
whitespace-free view with a position map, tokens, every way to cut the tokens into the row's numbers)
always ends in one reading: each cell's number. :class:`TableReader` is the text reader with two steps
short-cut for that case, and it takes the general step whenever anything is odd:

* ``_read_rows``: the labels are found by the text reader's own search (``_locate``) in the same
  whitespace-free text, built line by line instead of through a position map; a row is read from its
  value lines directly when its label ends its line, its values are TAB-led lines ended by a blank line,
  and the next label starts after that. Any other shape (a fuzzy match, a wrapped cell, numbers printed
  inside a label) reads the whole table the general way (``super()._read_rows``), before anything of
  the table was changed.
* ``_resolve_row``: a row of count columns whose cells are each one plain number (ASCII digits without a
  leading zero) or blank has exactly one reading, the numbers themselves, whether its totals add up or
  not (tokens are never joined, so each must be one number; a total that does not add up is for the
  checks to report, as the general reader does). Anything else (amounts, signed changes, digits that
  ran together, thousands separators, more or fewer tokens than columns) goes to ``super()``.

Everything else (title, headings, template, prose, warnings, part 四, unknown labels) is the text
reader's own code. Tests prove the result equal to :func:`gongkai.parsers.text.parse_text` on the corpus,
on generated reports of both templates, and on layouts with blanks, dashes and wrapped labels.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import cast

from gongkai.errors import ParseError
from gongkai.parsers.layout import Compact, Token, cell_tokens, compact_label
from gongkai.parsers.result import ParseResult
from gongkai.parsers.splits import Candidate
from gongkai.parsers.text import _Reader, _Row

_SPACE = re.compile(r"[^\S\n]")
# Cell texts the text reader reads as a blank cell (``layout._cell``).
_BLANKS = frozenset(("", "-", "/", "--"))


class _Hay:
    """What the text reader's label search reads of a :class:`Compact`: its whitespace-free text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


# A row of plain numbers, one per line: no blank, no leading zero, nothing around them.
_PLAIN_ROW = re.compile(r"(?:0|[1-9][0-9]*)(?:\n(?:0|[1-9][0-9]*))*")


def _plain(cell: str) -> bool:
    """A cell (stripped) the short cut reads: blank, or ASCII digits without a leading zero."""
    return cell in _BLANKS or (cell.isdigit() and cell.isascii() and (cell[0] != "0" or len(cell) == 1))


def _only_reading(row: _Row, cells: Sequence[str]) -> Candidate | None:
    """The one reading of a row of plain count cells, or ``None`` if the short cut does not apply."""
    kinds = row.spec.kinds
    if len(cells) != len(kinds) or kinds.count("count") != len(kinds):
        return None
    if _PLAIN_ROW.fullmatch("\n".join(cells)):
        # The common row, checked in one regex and converted in C.
        values: tuple[int, ...] = tuple(map(int, cells))
        cand = Candidate(values, (), (), tuple(map(len, cells)))
    else:
        stripped = [cell.strip() for cell in cells]
        if not all(_plain(cell) for cell in stripped):
            return None
        values = tuple(0 if cell in _BLANKS else int(cell) for cell in stripped)
        blanks = tuple(i for i, cell in enumerate(stripped) if cell in _BLANKS)
        lengths = tuple(len(cell) for cell in stripped if cell not in _BLANKS)
        cand = Candidate(values, blanks, (), lengths)
    if row.extra is not None:
        cand.score = row.extra(values)
    return cand


class TableReader(_Reader):
    """The text reader, reading well-formed table rows of the tab layout directly (module docstring)."""

    def _resolve_row(self, row: _Row, tokens: list[Token]) -> None:
        cells = []
        for t in tokens:
            if t.blank:
                cells.append("")
            elif t.neg or t.grouped or t.dec is not None or t.unit is not None:
                super()._resolve_row(row, tokens)
                return
            else:
                cells.append(t.digits)
        cand = _only_reading(row, cells)
        if cand is None:
            super()._resolve_row(row, tokens)
            return
        row.candidates = [cand]
        row.truncated = False

    def _read_rows(self, rows: list[_Row], start: int, end: int, anchor_labels: Sequence[str]) -> int:
        if not self.tabbed:
            return super()._read_rows(rows, start, end, anchor_labels)
        region = self.norm[start:end]
        lines = region.split("\n")
        # Each line without whitespace: together exactly the text reader's Compact(norm, start, end).text.
        # In the usual layout the only whitespace is the newlines and the TAB that leads a cell's line.
        bare = region.replace("\n\t", "\n")
        plain = not region.startswith("\t") and _SPACE.search(bare) is None
        compact = bare.split("\n") if plain else ["".join(line.split()) for line in lines]
        begins = [0, *accumulate(map(len, compact))]
        hay = "".join(compact)
        first = len(hay)
        table_start = 0
        for anchor in anchor_labels:
            p = hay.find(compact_label(anchor))
            if p >= 0:
                first = min(first, p)
        if first < len(hay):
            table_start = first
        located = self._locate(cast(Compact, _Hay(hay)), [(r.label, r.number) for r in rows], table_start)
        # Plan every row first; the table is changed only once all of it has the expected shape.
        plan: list[tuple[_Row, list[str] | None]] = []
        # Where the next label found after each row begins (the general reader's end of its segment).
        stops: list[int] = []
        stop = len(hay)
        for loc in reversed(located):
            stops.append(stop)
            if loc is not None:
                stop = loc[0]
        stops.reverse()
        for row, loc, stop in zip(rows, located, stops, strict=True):
            if loc is None:
                plan.append((row, None))
                continue
            match = loc[1]
            if match.positions is not None:
                return super()._read_rows(rows, start, end, anchor_labels)
            k = bisect_right(begins, match.end - 1) - 1
            if begins[k] + len(compact[k]) != match.end:
                return super()._read_rows(rows, start, end, anchor_labels)
            if plain:
                # Only newlines and leading TABs: the row ends at the next empty line, and every line
                # before it must be a cell (TAB-led), not a continuation of one.
                try:
                    j = lines.index("", k + 1)
                except ValueError:
                    return super()._read_rows(rows, start, end, anchor_labels)
                if ("\n" + "\n".join(lines[k + 1 : j])).count("\n\t") != j - k - 1:
                    return super()._read_rows(rows, start, end, anchor_labels)
                cells = compact[k + 1 : j]
            else:
                cells = []
                j = k + 1
                while j < len(lines) and lines[j].startswith("\t"):
                    cells.append(lines[j][1:])
                    j += 1
                if j >= len(lines) or lines[j].strip():
                    return super()._read_rows(rows, start, end, anchor_labels)
            if stop < begins[j]:
                return super()._read_rows(rows, start, end, anchor_labels)
            plan.append((row, cells))
        found = 0
        for row, values in plan:
            if values is None:
                row.candidates = None
                continue
            found += 1
            cand = _only_reading(row, values)
            if cand is not None:
                row.candidates = [cand]
                row.truncated = False
            else:
                # The tokens the text reader takes from these lines (the label's line holds no more).
                self._resolve_row(row, cell_tokens("".join(f"\n\t{cell}" for cell in values)))
        self.rows_found += found
        if found:
            first = min(first, next(loc[0] for loc in located if loc is not None))
        if first >= len(hay):
            return end
        # The position in norm of compact position ``first``: its line, then its non-blank character.
        k = bisect_right(begins, first) - 1  # the last line starting there: never an empty one
        line = lines[k]
        offset = first - begins[k]
        pos = 0
        for pos, ch in enumerate(line):  # noqa: B007 - the position is the result
            if not ch.isspace():
                if offset == 0:
                    break
                offset -= 1
        line_start = start + sum(len(x) + 1 for x in lines[:k])
        return line_start + pos


def parse_layout(text: str, *, source: str = "") -> ParseResult:
    """:func:`gongkai.parsers.text.parse_text` for the tab layout the format readers produce (same result)."""
    try:
        return TableReader(text, source).parse()
    except ParseError:
        raise
    except (ValueError, ArithmeticError, IndexError, KeyError, RecursionError) as exc:
        raise ParseError(f"无法读取年报：{exc}", f"cannot read the report: {exc}") from None


__all__ = ["TableReader", "parse_layout"]
