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
    """Depth-first cutting of the tokens into the row's columns, left to right, with bounds.

    When a sum group begins, the search first fixes the digit length ``L`` of its total; every addend is
    then at most ``L`` digits, their running sum stays below ``10**L``, and the total must be exactly the
    next ``L`` digits. This keeps a run-together row of seven three-digit numbers to a few thousand steps.
    """

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
        # group_start[col] = total index when col is the first addend of a group; group_of[col] = total.
        self.group_start: dict[int, int] = {}
        self.group_of: dict[int, int] = {}
        for addends, total in spec.sums:
            if list(addends) == list(range(min(addends), total)):
                self.group_start[min(addends)] = total
                for i in addends:
                    self.group_of[i] = total
        maxp = [0] * (len(tokens) + 1)
        minp = [0] * (len(tokens) + 1)
        digits_after = [0] * (len(tokens) + 1)
        for i in range(len(tokens) - 1, -1, -1):
            t = tokens[i]
            size = 1 if (t.blank or t.grouped) else len(t.digits) + (1 if t.neg else 0)
            maxp[i] = maxp[i + 1] + size
            minp[i] = minp[i + 1] + 1
            digits_after[i] = digits_after[i + 1] + max(1, len(t.digits))
        self.maxp = maxp
        self.minp = minp
        self.digits_after = digits_after

    def run(self) -> None:
        self._rec(0, 0, False, 0, -1, [], [], [], [])

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
        limit: int,
        target: int,
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
        extra_dash = 1 if (tok.neg and pos == 0 and not negdone) else 0
        avail = (1 if (tok.blank or tok.grouped) else rest_digits + extra_dash) + self.maxp[ti + 1]
        if avail < left or self.minp[ti + 1] + 1 > left:
            return
        digits_left = (rest_digits if not tok.blank else 1) + self.digits_after[ti + 1]
        total_col = self.group_start.get(col)
        if total_col is not None and limit == 0:
            # Fix the length of this group's total first (see the class docstring).
            top = digits_left - (total_col - col)
            last_tok = self.tokens[-1]
            closing = total_col == self.n - 1 and not last_tok.blank and not last_tok.grouped
            for length in range(1, top + 1):
                goal = -1
                if closing:
                    # The row's last total ends the last token: it is that token's last ``length`` digits.
                    tail = last_tok.digits[-length:] if length <= len(last_tok.digits) else ""
                    if not tail or (len(tail) > 1 and tail[0] == "0"):
                        continue
                    goal = int(tail)
                self._rec(ti, pos, negdone, length, goal, values, blanks, unitless, lengths)
                if self.truncated:
                    return
            return
        kind = self.spec.kinds[col]
        addends = self.totals.get(col)
        in_group = self.group_of.get(col)
        if tok.blank:
            if addends is not None and sum(values[i] for i in addends) != 0:
                return
            zero: CellValue = Decimal(0) if kind == "amount" else 0
            next_limit = 0 if addends is not None else limit
            next_target = -1 if addends is not None else target
            self._rec(
                ti + 1, 0, False, next_limit, next_target, [*values, zero], [*blanks, col], unitless, lengths
            )
            return
        first = pos == 0
        neg = tok.neg and first and not negdone
        if neg and kind != "change":
            # A lone dash printed before the digits: a blank cell, then the number.
            if addends is not None and sum(values[i] for i in addends) != 0:
                return
            zero = Decimal(0) if kind == "amount" else 0
            next_limit = 0 if addends is not None else limit
            next_target = -1 if addends is not None else target
            self._rec(
                ti, pos, True, next_limit, next_target, [*values, zero], [*blanks, col], unitless, lengths
            )
            return
        rest = tok.digits[pos:]
        partial = 0
        if tok.grouped:
            lengths_to_try: Sequence[int] = (len(rest),)
        elif addends is not None:
            required = sum(values[i] for i in addends)
            text = str(required)
            if neg or not rest.startswith(text) or (limit and len(text) != limit):
                return
            if target >= 0 and required != target:
                return
            lengths_to_try = (len(text),)
        else:
            top = len(rest) if rest[0] != "0" else 1
            if in_group is not None and limit:
                top = min(top, limit)
                partial = sum(int(values[i]) for i in range(col) if self.group_of.get(i) == in_group)
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
            next_limit = limit
            next_target = target
            if in_group is not None and limit and addends is None:
                running = partial + int(value)
                if len(str(running)) > limit:
                    break
                # Digits after this piece must hold the other addends and the total.
                others = in_group - col - 1
                after = digits_left - length - limit
                if after < others:
                    break
                # The other addends, however cut, sum to at most one long number plus single digits.
                most = running + (10 ** (after - others + 1) - 1 + 9 * (others - 1) if others else 0)
                if most < (target if target >= 0 else (10 ** (limit - 1) if limit > 1 else 0)):
                    continue
                if target >= 0:
                    if running > target:
                        break
                    room = len(str(target - running)) if target > running else 1
                    if after > others * room or (others == 0 and after != 0):
                        continue
            if addends is not None:
                next_limit = 0
                next_target = -1
            if last:
                self._rec(
                    ti + 1,
                    0,
                    False,
                    next_limit,
                    next_target,
                    [*values, value],
                    blanks,
                    new_unitless,
                    [*lengths, length],
                )
            else:
                self._rec(
                    ti,
                    pos + length,
                    True,
                    next_limit,
                    next_target,
                    [*values, value],
                    blanks,
                    new_unitless,
                    [*lengths, length],
                )
            if self.truncated:
                return


def _variance(xs: Sequence[int]) -> float:
    if len(xs) < 2:
        return 0.0
    mean = sum(xs) / len(xs)
    return sum((x - mean) ** 2 for x in xs) / len(xs)


def _one_per_token(spec: RowSpec, tokens: Sequence[Token]) -> Candidate | None:
    """The reading when there is one token per column and none could be cut (the common, fast case).

    With exactly as many tokens as columns every token must be one number, so this is the only reading
    there is; ``None`` when that does not apply or the reading breaks a rule (the search then decides).
    """
    if len(tokens) != len(spec.kinds):
        return None
    values: list[CellValue] = []
    blanks: list[int] = []
    unitless: list[int] = []
    lengths: list[int] = []
    for col, (tok, kind) in enumerate(zip(tokens, spec.kinds, strict=True)):
        if tok.blank:
            values.append(Decimal(0) if kind == "amount" else 0)
            blanks.append(col)
            continue
        digits = tok.digits
        if len(digits) > 1 and digits[0] == "0":
            return None
        if tok.neg and kind != "change":
            return None
        if kind == "amount":
            amount = Decimal(digits + ("." + tok.dec if tok.dec else ""))
            if tok.unit == "元":
                amount = amount / TEN_THOUSAND
            values.append(amount)
            if tok.unit is None:
                unitless.append(col)
        else:
            if tok.dec is not None or tok.unit is not None:
                return None
            values.append(-int(digits) if tok.neg else int(digits))
        lengths.append(len(digits))
    for addends, total in spec.sums:
        if sum(values[i] for i in addends) != values[total]:
            return None
    return Candidate(tuple(values), tuple(blanks), tuple(unitless), tuple(lengths))


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
    direct = _one_per_token(spec, tokens)
    if direct is not None:
        if extra is not None:
            direct.score = extra(direct.values)
        return [direct], False
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
