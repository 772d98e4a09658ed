"""What changed between two texts: a diff in pieces (kept, deleted, inserted) and a similarity figure.

Chinese has no spaces between words, so texts are compared by sentence first (cut after 。！？；and line
ends), then character by character inside the sentences that changed. Both steps use :mod:`difflib`, whose
cost grows with the product of the lengths compared: a changed run longer than :data:`MAX_CHAR_PAIRS`
allows is shown as deleted then inserted rather than diffed by character, so time stays bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["equal", "delete", "insert"]

#: Above this many character pairs a changed run is not diffed character by character.
MAX_CHAR_PAIRS = 4_000_000
#: Texts longer than this (characters) are compared on their first MAX_TEXT characters only.
MAX_TEXT = 100_000

_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+|\n|$)")
# Inside a sentence: a number or a Latin word is one token (2019 → 2021 is one change, not 9 → 21).
_TOKEN = re.compile(r"[0-9０-９]+(?:[.,．，][0-9０-９]+)*|[A-Za-z]+|.", re.S)


@dataclass(frozen=True)
class Piece:
    """A run of text that both texts share (``equal``), only the earlier has (``delete``) or only the later
    has (``insert``)."""

    op: Op
    text: str


@dataclass(frozen=True)
class TextDiff:
    """The pieces, in order, and the similarity 2·M / (len(a) + len(b)) over matched characters M
    (``None`` when both texts are empty)."""

    pieces: tuple[Piece, ...]
    similarity: float | None

    @property
    def changed(self) -> bool:
        """True when anything was deleted or inserted."""
        return any(p.op != "equal" for p in self.pieces)

    def side(self, which: Literal["previous", "current"]) -> tuple[Piece, ...]:
        """The pieces of one text: the earlier (kept and deleted) or the later (kept and inserted)."""
        hidden = "insert" if which == "previous" else "delete"
        return tuple(p for p in self.pieces if p.op != hidden)


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence mark or line end; joined again they give ``text`` back."""
    return [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0)]


def _merge(pieces: list[Piece]) -> tuple[Piece, ...]:
    out: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if out and out[-1].op == piece.op:
            out[-1] = Piece(piece.op, out[-1].text + piece.text)
        else:
            out.append(piece)
    return tuple(out)


def _chars(a: str, b: str, pieces: list[Piece]) -> int:
    """Diff two changed runs by character, appending pieces; the number of matched characters."""
    if len(a) * len(b) > MAX_CHAR_PAIRS:
        pieces.extend((Piece("delete", a), Piece("insert", b)))
        return 0
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    matched = 0
    matcher = SequenceMatcher(None, ta, tb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        left, right = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        if op == "equal":
            pieces.append(Piece("equal", left))
            matched += len(left)
        else:
            pieces.extend((Piece("delete", left), Piece("insert", right)))
    return matched


def diff_text(previous: str, current: str) -> TextDiff:
    """What changed from ``previous`` to ``current``, by sentence and then by character."""
    a, b = previous[:MAX_TEXT], current[:MAX_TEXT]
    if not a and not b:
        return TextDiff((), None)
    sa, sb = sentences(a), sentences(b)
    pieces: list[Piece] = []
    matched = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes():
        left, right = "".join(sa[i1:i2]), "".join(sb[j1:j2])
        if op == "equal":
            pieces.append(Piece("equal", left))
            matched += len(left)
        elif op == "replace":
            matched += _chars(left, right, pieces)
        else:
            pieces.extend((Piece("delete", left), Piece("insert", right)))
    return TextDiff(_merge(pieces), 2 * matched / (len(a) + len(b)))


__all__ = ["MAX_CHAR_PAIRS", "MAX_TEXT", "Piece", "TextDiff", "diff_text", "sentences"]
