"""Prose that a page layout wrapped, rejoined into paragraphs: no spaces between CJK characters, no line
breaks inside a sentence, and the aligned columns of unruled tables left exactly as they are.

Used by the PDF reader (lines with their geometry, :func:`rejoin`) and usable by any reader whose text
comes as laid-out lines without geometry (:func:`join_wrapped`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from gongkai.parsers._layout import clean_line

# Three spaces between two non-spaces: aligned columns, or a justified line's stretched gap.
_GAP = re.compile(r"\S {3,}\S")
_SEGMENTS = re.compile(r" {3,}")
# A value cell as an unruled table prints it: a number, a blank mark, a percentage, an amount.
_VALUE = re.compile(r"[-—/\d.,，%]+(?:万?元)?")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Punctuation inside a sentence: segments of a justified line have it, column headers seldom.
_CLAUSE = re.compile(r"[，。；、]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_SENTENCE_END = ("。", "！", "？", "；", "!", "?", ";")
#: CJK characters in a line with a wide gap from which it counts as prose (a justified line), not a row.
PROSE_CJK = 12


def is_columns(line: str) -> bool:
    """Whether a laid-out line is a row of aligned columns (an unruled table), not a line of prose.

    A line without a gap of three spaces is prose. One with gaps is a table row when two of its segments
    are values (numbers, blank marks), when it has three segments or more of which at most one holds
    sentence punctuation (a row of headers), or when it is short: a justified prose line has many CJK
    characters, its stretched gaps between clauses, and at most one value.
    """
    body = line.strip()
    if not _GAP.search(body):
        return False
    segments = _SEGMENTS.split(body)
    values = sum(1 for s in segments if _VALUE.fullmatch(s))
    if values >= 2:
        return True
    if len(segments) >= 3 and sum(1 for s in segments if _CLAUSE.search(s)) < 2:
        return True
    return len(_CJK.findall(body)) < PROSE_CJK


def close_gaps(line: str) -> str:
    """A prose line's whitespace collapsed, and removed wherever it touches a CJK character or punctuation."""
    return clean_line(line)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _glue(before: str, after: str) -> str:
    return " " if _ASCII_WORD.match(before[-1:]) and _ASCII_WORD.match(after[:1]) else ""


def join_wrapped(lines: list[str], margin: int | None = None) -> list[str]:
    """Prose lines the page wrapped, joined back into paragraphs (text only, no geometry).

    A line continues the one above when both are prose (not a table cell, not aligned columns: see
    :func:`is_columns`), it starts at the document's left margin (a paragraph's first line is indented, a
    centred title more so), and no blank line separates them. ``margin`` is the left edge of the text block
    in layout columns, when known from the page (a document whose paragraphs are all one line long never
    shows it in its text). Joined prose has its gaps closed (:func:`close_gaps`), keeping its indent.
    """
    texts = [ln for ln in lines if ln.strip() and not ln.startswith("\t")]
    if not texts:
        return lines
    margin = min([_indent(ln) for ln in texts] + ([margin] if margin is not None else []))
    out: list[str] = []
    joinable = False
    for line in lines:
        body = line.strip()
        if not body or line.startswith("\t"):
            out.append(line)
            joinable = False
            continue
        columns = is_columns(line)
        if joinable and not columns and _indent(line) <= margin + 1:
            body = close_gaps(body)
            out[-1] = out[-1] + _glue(out[-1], body) + body
        else:
            out.append(line if columns else " " * _indent(line) + close_gaps(body))
        joinable = not columns
    return out


class Line(NamedTuple):
    """A laid-out line of text: where it starts and ends on the page, and its widest character (an em of
    CJK text), in points."""

    text: str
    left: float
    right: float
    size: float


def block_edges(lines: Sequence[Line | str | None], page_width: float = 0.0) -> tuple[float, float]:
    """The left and right edges of a document's text block: the leftmost start of any line, and the right
        end that most prose lines of ten characters or more share (full lines), when at least three and a fifth
    of all prose lines do; otherwise
        the furthest end of a prose line or the page's width less the left margin, whichever is further
        (margins are about symmetric; a document whose paragraphs are all short never shows its edge)."""
    laid = [ln for ln in lines if isinstance(ln, Line)]
    if not laid:
        return 0.0, 0.0
    left = min(ln.left for ln in laid)
    prose = [ln for ln in laid if not is_columns(ln.text)]
    if not prose:
        return left, page_width - left
    furthest = max(ln.right for ln in prose)
    # Full lines show the edge: the right end most prose lines share (within half a character), when at
    # least three and a fifth of them do; a few long one-line paragraphs, or a wide table row, do not.
    # Only lines of ten characters or more can be full lines of a text block.
    long = [ln for ln in prose if ln.right - left >= 10 * ln.size]
    ends: dict[int, list[float]] = {}
    for ln in long:
        ends.setdefault(round(ln.right / max(1.0, ln.size / 2)), []).append(ln.right)
    shared = max(ends.values(), key=len, default=[])
    if len(shared) >= 3 and len(shared) * 5 >= len(prose):
        edge = max(shared)
        # An edge that many long lines run past is only where some lines of one length end.
        beyond = sum(1 for ln in long if ln.right > edge + 1.5 * ln.size)
        if beyond * 10 <= len(long):
            return left, edge
    return left, max(furthest, page_width - left)


def rejoin(lines: Sequence[Line | str | None], *, page_width: float = 0.0) -> list[str]:
    """Laid-out lines with prose rejoined by geometry: a :class:`Line` is laid-out text, ``None`` a blank
    line, a ``str`` a line to pass unchanged (a table cell of the tab layout) that ends any paragraph.

    A prose line continues the paragraph above when the line above is prose too and ran to the right
    edge of the text block (less one and a half characters), and this line starts at the block's left
    edge (an indented line starts a paragraph); a line that stops short ends its paragraph. In a document
    whose paragraphs are not indented by two characters, a full line ending a sentence ends its paragraph too (nothing else
    tells the two apart, and a break between sentences loses less than a join of two paragraphs). Prose has its gaps
    closed (:func:`close_gaps`); aligned columns (:func:`is_columns`) pass unchanged. ``page_width``
    (pt) bounds the text block's right edge from below (:func:`block_edges`).
    """
    left, right = block_edges(lines, page_width)
    # Paragraphs indented by two characters (首行缩进两字符), as Chinese documents set them.
    indented = any(
        isinstance(ln, Line) and abs(ln.left - left - 2 * ln.size) <= 0.4 * ln.size for ln in lines
    )
    out: list[str] = []
    open_paragraph = False
    for line in lines:
        if not isinstance(line, Line):
            out.append(line or "")
            open_paragraph = False
            continue
        if is_columns(line.text):
            out.append(line.text)
            open_paragraph = False
            continue
        body = close_gaps(line.text)
        if open_paragraph and line.left <= left + max(2.0, line.size * 0.5):
            out[-1] = out[-1] + _glue(out[-1], body) + body
        else:
            out.append(" " * _indent(line.text) + body)
        open_paragraph = line.right >= right - 1.5 * line.size and (
            indented or not body.endswith(_SENTENCE_END)
        )
    return out


__all__ = ["PROSE_CJK", "Line", "block_edges", "close_gaps", "is_columns", "join_wrapped", "rejoin"]
