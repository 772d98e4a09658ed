"""Recovering a table row's numbers from printed tokens whose numbers may have run together.

A published web page flattened to text prints a row as one digit string (``640020470`` for 64, 0, 0, 2, 0,
4, 70). :func:`row_candidates` enumerates every way to cut the tokens into exactly the row's numbers such
that: no piece has a leading zero unless it is ``0``; only ``change`` columns take a minus sign; decimals
and units end an ``amount``; and every total the row defines equals the sum of its addends (part 三's
``total``, part 四's block totals). Totals are not guessed: once the addends are cut, the total must be
the next digits exactly, which keeps the search small. The search is bounded (steps and results), so it
never hangs.

Candidates are ranked by plausibility (lower score first):

* balanced digit lengths (the variance of the pieces' lengths), since a row's numbers are of a size;
* ``change`` columns: a shorter change is likelier than a longer one;
* row-specific checks given by the caller (``extra``), e.g. total_published >= published (2019),
  in_force >= issued (2021), about 20万元 per procurement project.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.parsers.layout import Token
from gongkai.types import CellValue

TEN_THOUSAND = Decimal(10000)


@dataclass(frozen=True, slots=True)
class RowSpec:
    """What a row must hold: the kind of each column and its sum identities (addend indices, total index)."""

    kinds: tuple[str, ...]
    sums: tuple[tuple[tuple[int, ...], int], ...] = ()


@dataclass(slots=True)
class Candidate:
    """One reading of a row: its values, which columns were blank, which amounts carried a unit."""

    values: tuple[CellValue, ...]
    blanks: tuple[int, ...] = ()
    unitless: tuple[int, ...] = ()
    lengths: tuple[int, ...] = ()
    score: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)


class _Search:
    def __init__(self, spec: RowSpec, tokens: Sequence[Token], cap: int, budget: int) -> None:
        self.spec = spec
        self.tokens = tokens
        self.n = len(spec.kinds)
        self.cap = cap
        self.budget = budget
        self.steps = 0
        self.out: list[Candidate] = []
        self.truncated = False
        self.totals = {total: addends for addends, total in spec.sums}
        # The most pieces the tokens from index i on can still give.
        maxp = [0] * (len(tokens) + 1)
        minp = [0] * (len(tokens) + 1)
        for i in range(len(tokens) - 1, -1, -1):
            t = tokens[i]
            size = 1 if (t.blank or t.grouped) else len(t.digits) + (1 if t.neg else 0)
            maxp[i] = maxp[i + 1] + size
            minp[i] = minp[i + 1] + 1
        self.maxp = maxp
        self.minp = minp

    def run(self) -> None:
        self._rec(0, 0, False, [], [], [], [])

    def _emit(
        self, values: list[CellValue], blanks: list[int], unitless: list[int], lengths: list[int]
    ) -> None:
        self.out.append(Candidate(tuple(values), tuple(blanks), tuple(unitless), tuple(lengths)))
        if len(self.out) >= self.cap:
            self.truncated = True

    def _rec(
        self,
        ti: int,
        pos: int,
        negdone: bool,
        values: list[CellValue],
        blanks: list[int],
        unitless: list[int],
        lengths: list[int],
    ) -> None:
        if self.truncated:
            return
        self.steps += 1
        if self.steps > self.budget:
            self.truncated = True
            return
        col = len(values)
        if col == self.n:
            if ti == len(self.tokens):
                self._emit(values, blanks, unitless, lengths)
            return
        if ti == len(self.tokens):
            return
        left = self.n - col
        tok = self.tokens[ti]
        rest_digits = len(tok.digits) - pos
        # Bound: pieces still available (this token's rest + later tokens) must cover the columns left.
        avail = (1 if (tok.blank or tok.grouped) else rest_digits) + self.maxp[ti + 1]
        if avail < left or self.minp[ti + 1] + 1 > left:
            return
        kind = self.spec.kinds[col]
        addends = self.totals.get(col)
        if tok.blank:
            if addends is not None and sum(values[i] for i in addends) != 0:
                return
            zero: CellValue = Decimal(0) if kind == "amount" else 0
            self._rec(ti + 1, 0, False, [*values, zero], [*blanks, col], unitless, lengths)
            return
        first = pos == 0
        neg = tok.neg and first and not negdone
        if neg and kind != "change":
            # A lone dash printed before the digits: a blank cell, then the number.
            if addends is not None and sum(values[i] for i in addends) != 0:
                return
            zero = Decimal(0) if kind == "amount" else 0
            self._rec(ti, pos, True, [*values, zero], [*blanks, col], unitless, lengths)
            return
        rest = tok.digits[pos:]
        if tok.grouped:
            lengths_to_try: Sequence[int] = (len(rest),)
        elif addends is not None:
            required = sum(values[i] for i in addends)
            text = str(required)
            if neg or not rest.startswith(text):
                return
            lengths_to_try = (len(text),)
        else:
            top = len(rest) if rest[0] != "0" else 1
            lengths_to_try = range(1, top + 1)
        for length in lengths_to_try:
            piece = rest[:length]
            last = length == len(rest)
            has_dec = last and tok.dec is not None
            has_unit = last and tok.unit is not None
            if kind != "amount" and (has_dec or has_unit):
                continue
            value: CellValue
            if kind == "amount":
                amount = Decimal(piece + ("." + tok.dec if has_dec and tok.dec else ""))
                if has_unit and tok.unit == "元":
                    amount = amount / TEN_THOUSAND
                value = amount
                new_unitless = unitless if has_unit else [*unitless, col]
            else:
                number = int(piece)
                value = -number if neg else number
                new_unitless = unitless
            if last:
                self._rec(ti + 1, 0, False, [*values, value], blanks, new_unitless, [*lengths, length])
            else:
                self._rec(ti, pos + length, True, [*values, value], blanks, new_unitless, [*lengths, length])
            if self.truncated:
                return


def _variance(xs: Sequence[int]) -> float:
    if len(xs) < 2:
        return 0.0
    mean = sum(xs) / len(xs)
    return sum((x - mean) ** 2 for x in xs) / len(xs)


def row_candidates(
    spec: RowSpec,
    tokens: Sequence[Token],
    *,
    extra: Callable[[tuple[CellValue, ...]], float] | None = None,
    balance: bool = True,
    cap: int = 2000,
    budget: int = 200_000,
) -> tuple[list[Candidate], bool]:
    """Every reading of ``tokens`` as the row ``spec`` (best first), and whether the search was cut short.

    ``balance=False`` drops the balanced-lengths term (a count next to an amount in 元 is not of a size).
    """
    search = _Search(spec, tokens, cap, budget)
    search.run()
    out = search.out
    split = any(len(t.digits) > 1 and not t.grouped for t in tokens)
    for cand in out:
        score = 0.0
        if split and balance:
            score += _variance([x for x in cand.lengths])
            for i, kind in enumerate(spec.kinds):
                v = cand.values[i]
                if kind == "change":
                    score += 0.5 * len(str(abs(int(v))))
        if extra is not None:
            score += extra(cand.values)
        cand.score = score
    out.sort(key=lambda c: (c.score, c.lengths))
    return out, search.truncated


def procurement_plausibility(count: CellValue, amount: CellValue) -> float:
    """Distance (in decades) of the amount per project from about 20万元; 0 when either is zero."""
    c = Decimal(count)
    a = Decimal(amount)
    if c <= 0 or a <= 0:
        return 0.0
    return abs(math.log10(float(a / c)) - math.log10(20.0))
