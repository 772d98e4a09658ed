"""Page geometry shared by the PDF reader and OCR: characters with boxes and ruled lines → tables and text.

The ideas are pdfplumber's (its "lines" table strategy and its layout text), rebuilt on plain tuples so
that they run on PDFium's characters and on OCR boxes alike, about ten times faster:

* ruled lines are snapped (segments within 3 pt of one line moved onto it) and joined (collinear
  segments within 3 pt made one); where horizontal and vertical lines cross are the grid's points; a cell
  is the smallest rectangle of points whose four sides are drawn; cells that share corners are a table;
* a table's rows are its cells by top edge, with a gap where a cell merged from above or from the left
  covers the grid position (the reader copies those as Word does, :func:`table_rows`);
* text outside tables is laid out as ``pdftotext -layout`` lays it out (one column every 7.25 pt, one line
  every ``y_density`` pt), which is how unruled tables keep their columns for the text reader.

Coordinates are points from the page's top left corner (``top`` grows downwards).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import NamedTuple

from gongkai.errors import ParseError
from gongkai.parsers._layout import clean_cell
from gongkai.parsers.paragraphs import Line

#: Snap, join and intersection tolerances (pt), pdfplumber's defaults.
SNAP = 3.0
#: Shortest ruled line kept after joining (pt).
MIN_EDGE = 3.0
#: Characters closer than this (pt) belong to one word; lines whose tops differ less are one line.
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
#: Layout column width (pt): one text column in the layout for every 7.25 pt across the page.
X_DENSITY = 7.25
#: Grid points (horizontal × vertical lines) above which a page's ruling is refused (bounded time).
MAX_CROSSINGS = 4_000_000


class Char(NamedTuple):
    """One character and its box (pt, from the top left)."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str


class HEdge(NamedTuple):
    y: float
    x0: float
    x1: float


class VEdge(NamedTuple):
    x: float
    top: float
    bottom: float


Box = tuple[float, float, float, float]


def _snap(values: list[float], tolerance: float) -> dict[float, float]:
    """Each value mapped to the mean of its cluster (values chained within ``tolerance``)."""
    out: dict[float, float] = {}
    group: list[float] = []
    for value in sorted(set(values)):
        if group and value > group[-1] + tolerance:
            mean = sum(group) / len(group)
            out.update(dict.fromkeys(group, mean))
            group = []
        group.append(value)
    if group:
        mean = sum(group) / len(group)
        out.update(dict.fromkeys(group, mean))
    return out


def merge_edges(h_edges: Iterable[HEdge], v_edges: Iterable[VEdge]) -> tuple[list[HEdge], list[VEdge]]:
    """Ruled lines snapped onto shared positions, collinear pieces joined, short pieces dropped."""
    hs = list(h_edges)
    vs = list(v_edges)
    ys = _snap([e.y for e in hs], SNAP)
    xs = _snap([e.x for e in vs], SNAP)
    by_y: dict[float, list[tuple[float, float]]] = {}
    for h in hs:
        by_y.setdefault(ys[h.y], []).append((h.x0, h.x1))
    by_x: dict[float, list[tuple[float, float]]] = {}
    for v in vs:
        by_x.setdefault(xs[v.x], []).append((v.top, v.bottom))
    out_h = [HEdge(y, a, b) for y, spans in by_y.items() for a, b in _join(spans) if b - a >= MIN_EDGE]
    out_v = [VEdge(x, a, b) for x, spans in by_x.items() for a, b in _join(spans) if b - a >= MIN_EDGE]
    return out_h, out_v


def _join(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    spans.sort()
    joined = [spans[0]]
    for a, b in spans[1:]:
        last_a, last_b = joined[-1]
        if a <= last_b + SNAP:
            if b > last_b:
                joined[-1] = (last_a, b)
        else:
            joined.append((a, b))
    return joined


def find_tables(h_edges: Sequence[HEdge], v_edges: Sequence[VEdge]) -> list[list[Box]]:
    """The ruled tables drawn by these (merged) lines: each a list of cell boxes, top to bottom.

    Raises :class:`ParseError` when the ruling has more crossings than :data:`MAX_CROSSINGS` allows.
    """
    if not h_edges or not v_edges:
        return []
    if len(h_edges) * len(v_edges) > MAX_CROSSINGS:
        raise ParseError("页面上的线条过多，无法读取", "too many ruled lines on a page to read")
    # Grid points: where a vertical line meets a horizontal one, each with the lines through it.
    hs = sorted(range(len(h_edges)), key=lambda i: h_edges[i].y)
    h_ys = [h_edges[i].y for i in hs]
    points: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for vi, v in enumerate(v_edges):
        lo = bisect_left(h_ys, v.top - SNAP)
        hi = bisect_right(h_ys, v.bottom + SNAP)
        for hi_index in hs[lo:hi]:
            h = h_edges[hi_index]
            if h.x0 - SNAP <= v.x <= h.x1 + SNAP:
                point = (v.x, h.y)
                entry = points.get(point)
                if entry is None:
                    points[point] = ({vi}, {hi_index})
                else:
                    entry[0].add(vi)
                    entry[1].add(hi_index)
    below: dict[float, list[float]] = {}
    right: dict[float, list[float]] = {}
    for x, y in sorted(points):
        below.setdefault(x, []).append(y)
    for x, y in sorted(points, key=lambda p: (p[1], p[0])):
        right.setdefault(y, []).append(x)
    # Where each point sits in its column (below) and its row (right).
    down_at = {(x, y): i for x, ys in below.items() for i, y in enumerate(ys)}
    across_at = {(x, y): i for y, xs in right.items() for i, x in enumerate(xs)}

    cells: list[Box] = []
    get = points.get
    for (x, y), (v_lines, h_lines) in sorted(points.items()):
        ys_below = below[x]
        xs_right = right[y]
        start_x = across_at[(x, y)] + 1
        found = None
        # The points a line through (x, y) reaches come first in its column and its row: a line is one
        # piece, so past the first point not on it no later point is (the searches stop there).
        for y2 in ys_below[down_at[(x, y)] + 1 :]:
            v_below, h_below = points[(x, y2)]
            if not v_lines & v_below:
                break
            for x2 in xs_right[start_x:]:
                v_right, h_right = points[(x2, y)]
                if not h_lines & h_right:
                    break
                corner = get((x2, y2))
                if corner is not None and corner[0] & v_right and corner[1] & h_below:
                    found = (x, y, x2, y2)
                    break
            if found:
                break
        if found:
            cells.append(found)
    return _group_cells(cells)


def _group_cells(cells: list[Box]) -> list[list[Box]]:
    """Cells sharing a corner are one table (union-find over corners); tables of one cell are not tables."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = owner.setdefault(corner, i)
            if j != i:
                parent[root(i)] = root(j)
    groups: dict[int, list[Box]] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(root(i), []).append(cell)
    tables = [g for g in groups.values() if len(g) > 1]
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return tables


def table_bbox(cells: Sequence[Box]) -> Box:
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )


def cell_texts(cells: Sequence[Box], chars: Sequence[Char]) -> dict[Box, list[Char]]:
    """The characters whose centre lies in each cell (cells never overlap, so each has one home)."""
    xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
    ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
    home: dict[tuple[int, int], Box] = {}
    for cell in cells:
        for i in range(bisect_left(xs, cell[0]), bisect_left(xs, cell[2])):
            for j in range(bisect_left(ys, cell[1]), bisect_left(ys, cell[3])):
                home[(i, j)] = cell
    out: dict[Box, list[Char]] = {cell: [] for cell in cells}
    for char in chars:
        h = (char.x0 + char.x1) / 2
        v = (char.top + char.bottom) / 2
        found = home.get((bisect_right(xs, h) - 1, bisect_right(ys, v) - 1))
        if found is not None:
            out[found].append(char)
    return out


_TOP = itemgetter(1)
_X0_TOP = itemgetter(0, 1)


def _lines_of(chars: Sequence[Char]) -> list[list[Char]]:
    """Characters grouped into lines (tops chained within :data:`Y_TOLERANCE`), each sorted left to right."""
    if not chars:
        return []
    ordered = sorted(chars, key=_TOP)
    lines: list[list[Char]] = [[ordered[0]]]
    last = ordered[0].top
    for char in ordered[1:]:
        if char.top > last + Y_TOLERANCE:
            lines.append([])
        lines[-1].append(char)
        last = char.top
    for line in lines:
        line.sort(key=_X0_TOP)
    return lines


def _words(line: Sequence[Char]) -> list[list[Char]]:
    words: list[list[Char]] = []
    prev: Char | None = None
    for char in line:
        if char.text.isspace():
            prev = None
            continue
        if prev is None or char.x0 < prev.x0 or char.x0 > prev.x1 + X_TOLERANCE:
            words.append([])
        words[-1].append(char)
        prev = char
    return words


def plain_text(chars: Sequence[Char]) -> str:
    """A cell's text: its words joined by a space, its lines by a newline."""
    if len(chars) == 1:  # most cells of a report's tables hold one digit
        text = chars[0].text
        return "" if text.isspace() else text
    return "\n".join(
        " ".join("".join(c.text for c in word) for word in _words(line)) for line in _lines_of(chars)
    )


def layout_lines(
    chars: Sequence[Char], *, x_origin: float, y_origin: float, height: float, y_density: float
) -> list[Line | None]:
    """The characters as ``pdftotext -layout`` would set them, each line with its geometry; ``None`` for a
    blank line. Blank lines stand for vertical space, one per ``y_density`` pt, as pdfplumber lays it out.
    """
    out: list[Line | None] = []
    newlines = 0
    for index, line in enumerate(_lines_of(chars)):
        words = _words(line)
        if not words:
            continue
        top = words[0][0].top
        wanted = round((top - y_origin) / y_density)
        prepend = max(int(index > 0), wanted - newlines)
        # The first newline ends the previous line; each one beyond it is a blank line.
        out.extend([None] * (prepend - 1 if index > 0 else prepend))
        newlines += prepend
        text = ""
        for word in words:
            column = round((word[0].x0 - x_origin) / X_DENSITY)
            text += " " * max(min(1, len(text)), column - len(text))
            text += "".join(c.text for c in word)
        size = max(c.x1 - c.x0 for word in words for c in word)
        out.append(Line(text, words[0][0].x0, words[-1][-1].x1, size))
    if out:
        # Vertical space left below the last line, as blank lines.
        out.extend([None] * max(0, round(height / y_density) - newlines - 3))
    return out


_DIGIT_GAP = re.compile(r"(?<=[\d,])\s+(?=\d)")


def table_rows(cells: Sequence[Box], chars: Sequence[Char], *, recognised: bool = False) -> list[list[str]]:
    """A ruled table's rows in copy order: a cell merged across columns once, a cell merged down as an
    empty cell below its start (at the span's left edge), as Word copies a table. In a ``recognised``
    (OCR'd) page, spaces between the digits of one cell are dropped (``4,50 8`` is 4,508)."""
    texts = {cell: clean_cell(plain_text(cs)) for cell, cs in cell_texts(cells, chars).items()}
    if recognised:
        texts = {cell: _DIGIT_GAP.sub("", text) for cell, text in texts.items()}
    xs = sorted({c[0] for c in cells})
    rows: dict[float, dict[float, Box]] = {}
    for cell in sorted(cells, key=lambda c: (c[1], c[0])):
        rows.setdefault(cell[1], {})[cell[0]] = cell
    # For a grid position without a cell starting there: the cells that could cover it across (in the
    # order of ``cells``, the first covering one decides), per grid column.
    across = {x: [c for c in cells if c[0] - 0.5 <= x + 1 <= c[2] + 0.5] for x in xs}
    out: list[list[str]] = []
    for top, row in rows.items():
        bottom = max(c[3] for c in row.values())
        middle = (top + bottom) / 2
        line: list[str] = []
        for x in xs:
            start = row.get(x)
            if start is not None:
                line.append(texts[start])
                continue
            owner = next((c for c in across[x] if c[1] - 0.5 <= middle <= c[3] + 0.5), None)
            if owner is not None and owner[1] < top - 0.5 and abs(owner[0] - x) < 1:
                line.append("")
        out.append(line)
    return out


__all__ = [
    "Char",
    "HEdge",
    "VEdge",
    "cell_texts",
    "find_tables",
    "layout_lines",
    "merge_edges",
    "plain_text",
    "table_bbox",
    "table_rows",
]
