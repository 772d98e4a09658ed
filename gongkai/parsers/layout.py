"""Text-layout helpers for the text reader: normalisation, a whitespace-free view, label search, tokens.

Everything here is length-preserving where positions matter: :func:`normalize` maps characters one to
one (full-width forms to ASCII, dashes and quotes unified), so a position in the normalised text is the
same position in the original, and prose can be taken from the original text unchanged.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

# Full-width ASCII (U+FF01–U+FF5E) to ASCII, the ideographic space to a space, dashes and quotes unified.
_TABLE: dict[int, int] = {0xFF01 + i: 0x21 + i for i in range(94)}
_TABLE.update({0x3000: 0x20, 0x00A0: 0x20, 0x000C: 0x20, 0x000B: 0x20})
for _dash in "‐‑‒–—―−﹣":
    _TABLE[ord(_dash)] = ord("-")
for _quote in "“”„‟「」『』＂":
    _TABLE[ord(_quote)] = ord('"')
for _quote in "‘’‚‛":
    _TABLE[ord(_quote)] = ord("'")
_TABLE[ord("．")] = ord(".")
_TABLE[ord("／")] = ord("/")


_TABLE_CHARS: dict[str, str] = {chr(k): chr(v) for k, v in _TABLE.items()}
_TO_NORMALIZE = re.compile("[" + re.escape("".join(_TABLE_CHARS)) + "]")


def normalize(text: str) -> str:
    """Map full-width digits, letters and punctuation to ASCII and unify dashes/quotes, one char for one."""
    # ``str.translate`` looks every character of a CJK text up in the table (it was the costliest step
    # of reading a tab-layout report); a regex finds the few characters to map in C and only those are
    # looked up.
    return _TO_NORMALIZE.sub(lambda m: _TABLE_CHARS[m.group()], text)


@lru_cache(maxsize=1024)
def compact_label(label: str) -> str:
    """A template label normalised and without whitespace, as searched in the compact view."""
    return "".join(normalize(label).split())


# Within one line only: a cell of ``-20`` above a cell of ``-`` is no page 20.
_PAGE_NUMBER = re.compile(
    r"(?m)^[ \t\f]*(?:[-‐‑‒–—―−－]{1,2}[ \t]*\d{1,3}[ \t]*[-‐‑‒–—―−－]{1,2}"
    r"|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*共[ \t]*\d{1,3}[ \t]*页)?)[ \t]*$"
)


# What every page number holds, searched first: a scan for it is cheaper than trying every line.
_PAGE_HINT = re.compile(r"[-‐‑‒–—―−－][ \t]*\d{1,3}[ \t]*[-‐‑‒–—―−－]")


def drop_page_numbers(text: str) -> str:
    """Remove page-number lines (``-4-``, ``— 4 —``, ``第 4 页``) that a PDF conversion leaves inside tables
    and prose; a page number is a line of its own."""
    return count_page_numbers(text)[0]


def count_page_numbers(text: str) -> tuple[str, int]:
    """:func:`drop_page_numbers`, and how many page-number lines it removed."""
    if "页" not in text and _PAGE_HINT.search(text) is None:
        return text, 0
    return _PAGE_NUMBER.subn("", text)


_CHUNK = re.compile(r"\S+")
_START = re.Match.start


class Compact:
    """A whitespace-free view of ``text[start:end]`` with a map back to positions in ``text``.

    Labels are searched in this view so that stray spaces and line breaks inside a label ("社会公益 组织",
    "本年新\\n制作数量") do not matter.
    """

    __slots__ = ("_cstarts", "_ostarts", "end", "start", "text")

    def __init__(self, text: str, start: int = 0, end: int | None = None) -> None:
        end = len(text) if end is None else end
        self.start = start
        self.end = end
        # ``str.split()`` and ``\S+`` cut at the same (Unicode) whitespace; split builds the parts in C.
        parts = text[start:end].split()
        self.text = "".join(parts)
        self._cstarts = list(accumulate(map(len, parts), initial=0))[:-1]
        self._ostarts = list(map(_START, _CHUNK.finditer(text, start, end)))

    def orig(self, index: int) -> int:
        """The position in the original text of compact position ``index`` (``len`` maps to ``end``)."""
        if index >= len(self.text):
            return self.end
        i = bisect_right(self._cstarts, index) - 1
        return self._ostarts[i] + (index - self._cstarts[i])

    def compact_pos(self, orig: int) -> int:
        """The first compact position at or after original position ``orig``."""
        i = bisect_right(self._ostarts, orig) - 1
        if i < 0:
            return 0
        offset = orig - self._ostarts[i]
        chunk_len = (self._cstarts[i + 1] if i + 1 < len(self._cstarts) else len(self.text)) - self._cstarts[
            i
        ]
        if offset >= chunk_len:
            return self._cstarts[i] + chunk_len
        return self._cstarts[i] + offset


@dataclass(frozen=True, slots=True)
class Match:
    """Where a label was found in a compact view: ``positions`` of its matched characters (compact)."""

    start: int
    end: int
    positions: tuple[int, ...] | None = None

    def gaps(self) -> list[tuple[int, int]]:
        """Compact spans between matched characters (only fuzzy matches have any)."""
        if self.positions is None:
            return []
        out = []
        for a, b in zip(self.positions, self.positions[1:], strict=False):
            if b > a + 1:
                out.append((a + 1, b))
        return out


#: Largest run of foreign characters tolerated between two characters of a fuzzily matched label.
MAX_GAP = 40
#: Largest total of foreign characters in one fuzzy match.
MAX_TOTAL_GAP = 80


def fuzzy_find(hay: str, needle: str, start: int, end: int, budget: int = 4000) -> Match | None:
    """Find ``needle`` in ``hay[start:end]`` exactly, else as a subsequence with bounded gaps.

    A fuzzy match keeps every character of the label in order, each within ``MAX_GAP`` characters of the
    previous one (a PDF prints numbers and other cells' text between the parts of a wrapped label). The
    search is bounded by ``budget`` steps, so it never hangs.
    """
    if not needle:
        return None
    pos = hay.find(needle, start, end)
    if pos >= 0:
        return Match(pos, pos + len(needle))
    if len(needle) < 5:
        return None
    first = needle[0]
    steps = 0
    s = hay.find(first, start, end)
    while s >= 0:
        positions = [s]
        total = 0
        ok = True
        cur = s
        for ch in needle[1:]:
            limit = min(end, cur + 1 + MAX_GAP + 1)
            nxt = hay.find(ch, cur + 1, limit)
            steps += 1
            if nxt < 0:
                ok = False
                break
            total += nxt - cur - 1
            if total > MAX_TOTAL_GAP:
                ok = False
                break
            positions.append(nxt)
            cur = nxt
        if ok:
            return Match(s, cur + 1, tuple(positions))
        if steps > budget:
            return None
        s = hay.find(first, s + 1, end)
    return None


@lru_cache(maxsize=512)
def enumerator_variants(number: str) -> tuple[str, ...]:
    """The printed forms of a row enumerator: ``1.`` also as ``1、``; ``(一)`` as printed."""
    num = compact_label(number)
    if not num:
        return ()
    variants = {num}
    if num.endswith("."):
        variants.add(num[:-1] + "、")
    if num.endswith("、"):
        variants.add(num[:-1] + ".")
    return tuple(sorted(variants, key=len, reverse=True))


# --- tokens --------------------------------------------------------------------------------------------

#: Words a cell holds instead of a number (read as zero with a finding, kept verbatim as ``text``).
MARK_WORDS = r"(?:暂)?无(?:此项|数据)?|没有|不适用|不涉及|未涉及|未发生|空|零|〇|N/?A|n/?a"

_TOKEN = re.compile(
    r"(?P<num>(?P<neg>-)?(?P<int>\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.(?P<dec>\d+))?(?:\s*(?P<unit>万元|元))?)"
    rf"|(?P<blank>(?<!\S)(?:-{{1,3}}|/{{1,2}}|\\|{MARK_WORDS})(?!\S))"
    r"|(?P<pipes>(?<![^\s\d])\|+(?![^\s\d]))"
)


_ASCII_DIGITS = re.compile(r"[0-9]+")
_TOKEN_CHAR = re.compile(r"[\d/|\\-]")
_MARK_WORD = re.compile(rf"(?<!\S)(?:{MARK_WORDS})(?!\S)")


@dataclass(frozen=True, slots=True)
class Token:
    """A number as printed (digits possibly holding several numbers), or a cell printed without one
    (``digits == ""``): ``mark`` is then what the cell held, verbatim ("" for an empty cell, ``—``, ``/``,
    ``无`` …; see :func:`mark_state`)."""

    digits: str = ""
    neg: bool = False
    dec: str | None = None
    unit: str | None = None
    grouped: bool = False
    mark: str = ""

    @property
    def blank(self) -> bool:
        return not self.digits


BLANK = Token()


def mark_state(mark: str) -> str:
    """How a cell printed without a number was printed: ``blank`` (nothing), ``dash`` (-, —, －, ——),
    ``slash`` (/, ／, \\) or ``text`` (「无」, 「不适用」 …); the values of :class:`gongkai.model.CellState`."""
    flat = "".join(normalize(mark).split())
    if not flat:
        return "blank"
    if not flat.strip("-"):
        return "dash"
    if not flat.strip("/\\"):
        return "slash"
    return "text"


@lru_cache(maxsize=4096)
def digit_token(digits: str) -> Token:
    """``Token(digits)``, shared: most printed numbers recur, and a frozen dataclass is slow to build."""
    return Token(digits=digits)


@lru_cache(maxsize=256)
def mark_token(mark: str) -> Token:
    """A cell printed without a number (``mark`` verbatim, stripped), shared."""
    return Token(mark=mark) if mark else BLANK


# A parenthesised note holding CJK text (「（指2019年事项数）」): words of a label or header, never values.
_NOTE = re.compile(r"\([^()\n]{0,60}?[\u3400-\u9fff][^()\n]{0,60}?\)")


def _without_notes(text: str) -> str:
    """``text`` with the digits of parenthesised CJK notes blanked out (same length)."""
    if "(" not in text:
        return text
    return _NOTE.sub(lambda m: _DIGIT_RUN.sub(lambda d: "#" * len(d.group()), m.group()), text)


_DIGIT_RUN = re.compile(r"[\d|/-]+")


def tokens_in(text: str, orig: str | None = None) -> list[Token]:
    """Numbers and cells printed without one in running text, in order: a lone ``-``, ``—``, ``/`` or ``无``
    is such a cell, and so is each ``|`` of a lone run of them (a web table's empty cells copied as
    separators: 「|||」 is three). Digits inside a parenthesised note with CJK text (「（指2019年事项数）」) are
    words, not values. ``orig`` is the text before :func:`normalize` (same positions): marks are kept from it.
    """
    if text.isdigit() and text.isascii():
        # A row of a flattened page between two labels: its numbers run together into one token.
        return [digit_token(text)]
    lead = _ASCII_DIGITS.match(text)
    if lead is not None:
        # The same digits followed by the next heading's text: nothing after them can start a token
        # (no digit, dash, slash, pipe or 无) or attach to them (a unit).
        rest = text[lead.end() :]
        if (
            _TOKEN_CHAR.search(rest) is None
            and not rest.lstrip().startswith(("元", "万元"))
            and ((rest.isprintable() and " " not in rest) or _MARK_WORD.search(rest) is None)
        ):
            return [digit_token(lead.group())]
    text = _without_notes(text)
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        blank, pipes, neg, raw, dec, unit = m.group("blank", "pipes", "neg", "int", "dec", "unit")
        if pipes:
            out.extend([BLANK] * len(pipes))
        elif blank:
            out.append(mark_token(orig[m.start() : m.end()] if orig is not None else blank))
        elif not (neg or dec is not None or unit is not None or "," in raw):
            out.append(digit_token(raw))
        else:
            grouped = "," in raw
            # A minus sign may be a dash printed before a number (a cell without one): keep it as printed.
            dash = (orig[m.start()] if orig is not None else "-") if neg else ""
            token = Token(raw.replace(",", ""), bool(neg), dec, unit, grouped, dash)
            out.append(token)
    return out


_MARK_CELL = re.compile(rf"-{{1,3}}|/{{1,2}}|\\|\|+|{MARK_WORDS}")


@lru_cache(maxsize=4096)
def _cell(body: str) -> tuple[Token, ...]:
    """Tokens of one table cell's text (cached: most cells are a short number such as ``0``).

    A cell printed without a number is one token: empty, a dash, a slash, or a word of :data:`MARK_WORDS`
    such as 「无」 (its mark is the normalised text; :func:`_marked` puts back the printed one); a lone run of
    ``|`` is that many empty cells. Other text holds no value.
    """
    body = body.strip()
    if not body or body in {"-", "/", "--"}:
        return (mark_token(body),)
    if body.isdigit() and body.isascii():
        return (digit_token(body),)
    if _MARK_CELL.fullmatch(body):
        if body[0] == "|":
            return (BLANK,) * len(body)
        return (mark_token(body),)
    return tuple(tokens_in(body))


def is_mark(text: str) -> bool:
    """True for a cell's whole text that stands for a cell printed without a number (a dash, a slash, a word
    of :data:`MARK_WORDS`, a run of ``|``)."""
    return _MARK_CELL.fullmatch(normalize(text)) is not None


def _marked(body: str, orig: str | None) -> tuple[Token, ...]:
    """:func:`_cell` of ``body``, with the marks of cells printed without a number taken from ``orig``."""
    tokens = _cell(body)
    if orig is None or len(tokens) != 1 or tokens[0].digits or not tokens[0].mark:
        return tokens
    if _MARK_CELL.fullmatch(body.strip()):
        return (mark_token(orig.strip()),)
    return tuple(tokens_in(body, orig))


def cell_tokens(text: str, orig: str | None = None) -> list[Token]:
    """Tokens of the tab layout: each TAB-led line is a cell; a cell with no digit is one printed without a
    number (empty, a dash, a slash, 「无」).

    ``text`` starts with the rest of the label's own cell (not a value); a blank line ends the table row.
    ``orig`` is the same text before :func:`normalize`, for the marks as printed.
    """
    head, _, body = text.partition("\n")
    out = [t for t in tokens_in(head) if t.digits] if head and not head.isspace() else []
    row = body.partition("\n\n")[0]
    if row[:1] == "\t":
        # The usual row: TAB-led cells of plain numbers up to a blank line (no wrapped or empty cell).
        cells = row[1:].split("\n\t")
        joined = "".join(cells)
        if joined.isdigit() and joined.isascii() and all(cells):
            out.extend(map(digit_token, cells))
            return out
    cell: str | None = None
    # The original lines, in step with the normalised ones (normalize never touches a newline).
    olines = orig[len(head) + 1 :].split("\n") if orig is not None else None
    ocell: str | None = None
    for n, line in enumerate(body.split("\n")):
        oline = olines[n] if olines is not None else None
        if line.startswith("\t"):
            if cell is not None:
                out.extend(_marked(cell, ocell))
            cell = line[1:]
            ocell = oline[1:] if oline is not None else None
        elif not line or line.isspace():
            break
        elif cell is not None:
            cell += " " + line  # a cell's text wrapped onto the next line
            if ocell is not None and oline is not None:
                ocell += " " + oline
    if cell is not None:
        out.extend(_marked(cell, ocell))
    return out


def all_cell_tokens(text: str, orig: str | None = None) -> list[Token]:
    """Like :func:`cell_tokens` but across table rows: every TAB-led line is a cell, blank lines are skipped."""
    out: list[Token] = []
    olines = orig.split("\n") if orig is not None else None
    for n, line in enumerate(text.split("\n")):
        if n and line.startswith("\t"):
            out.extend(_marked(line[1:], olines[n][1:] if olines is not None else None))
        else:
            out.extend(t for t in tokens_in(line) if not t.blank)
    return out
