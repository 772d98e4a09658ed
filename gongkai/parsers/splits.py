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
from functools import lru_cache
from itertools import accumulate, pairwise
from operator import attrgetter

from gongkai.parsers.layout import Token, digit_token
from gongkai.types import CellValue

TEN_THOUSAND = Decimal(10000)


@dataclass(frozen=True, slots=True)
class RowSpec:
    """What a row must hold: the kind of each column and its sum identities (addend indices, total index)."""

    kinds: tuple[str, ...]
    sums: tuple[tuple[tuple[int, ...], int], ...] = ()
    # Derived once: a lookup keyed by the spec would hash it on every row read.
    #: Every column is a count.
    counts_only: bool = field(init=False, repr=False, compare=False)
    #: Addend counts of consecutive sum blocks covering the row (see :func:`_blocks`), or ``None``.
    blocks: tuple[int, ...] | None = field(init=False, repr=False, compare=False)
    #: The ``change`` columns.
    changes: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "counts_only", all(kind == "count" for kind in self.kinds))
        object.__setattr__(self, "blocks", _blocks(self.kinds, self.sums))
        changes = tuple(i for i, kind in enumerate(self.kinds) if kind == "change")
        object.__setattr__(self, "changes", changes)


@dataclass(slots=True)
class Candidate:
    """One reading of a row: its values, which columns were printed without a number (``blanks``, with
    what each printed in ``marks``, "" for nothing; ``marks`` may be empty when all printed nothing), which
    amounts carried a unit."""

    values: tuple[CellValue, ...]
    blanks: tuple[int, ...] = ()
    unitless: tuple[int, ...] = ()
    lengths: tuple[int, ...] = ()
    score: float = 0.0
    marks: tuple[str, ...] = ()


_POW10_SIZE = 64
_POW10 = [10**i for i in range(_POW10_SIZE)]


def _power(n: int) -> int:
    """``10**n``, from the table for the lengths numbers have (a run of digits can be longer)."""
    return _POW10[n] if n < _POW10_SIZE else int(10**n)


def _digit_sum(digits: str) -> int:
    return sum(map(int, digits)) if digits else 0


@lru_cache(maxsize=64)
def _groups(
    spec: RowSpec,
) -> tuple[dict[int, tuple[int, ...]], dict[int, int], dict[int, int], frozenset[int]]:
    """For a row: totals by column; first addend → total; addend → total; totals with contiguous addends."""
    totals = {total: addends for addends, total in spec.sums}
    group_start: dict[int, int] = {}
    group_of: dict[int, int] = {}
    for addends, total in spec.sums:
        if list(addends) == list(range(min(addends), total)):
            group_start[min(addends)] = total
            for i in addends:
                group_of[i] = total
    return totals, group_start, group_of, frozenset(group_of.values())


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
        self.totals, self.group_start, self.group_of, self.group_end = _groups(spec)
        maxp = [0] * (len(tokens) + 1)
        minp = [0] * (len(tokens) + 1)
        digits_after = [0] * (len(tokens) + 1)
        for i in range(len(tokens) - 1, -1, -1):
            t = tokens[i]
            size = 1 if (not t.digits or t.grouped) else len(t.digits) + (1 if t.neg else 0)
            maxp[i] = maxp[i + 1] + size
            minp[i] = minp[i + 1] + 1
            digits_after[i] = digits_after[i + 1] + max(1, len(t.digits))
        self.maxp = maxp
        self.minp = minp
        self.digits_after = digits_after
        self.pow10 = _POW10

    def run(self) -> None:
        self.values: list[CellValue] = []
        self.blanks: list[int] = []
        self.marks: list[str] = []
        self.unitless: list[int] = []
        self.lengths: list[int] = []
        self._rec(0, 0, False, 0, -1, 0)

    def _emit(self) -> None:
        marks = tuple(self.marks) if any(self.marks) else ()
        self.out.append(
            Candidate(
                tuple(self.values), tuple(self.blanks), tuple(self.unitless), tuple(self.lengths), 0.0, marks
            )
        )
        if len(self.out) >= self.cap:
            self.truncated = True

    def _place(
        self,
        value: CellValue,
        blank: str | None,
        unitless: bool,
        length: int,
        ti: int,
        pos: int,
        negdone: bool,
        limit: int,
        target: int,
        gsum: int,
    ) -> None:
        """Put ``value`` in the next column, search on, and take it back (the search works in place);
        ``blank`` is the mark of a cell printed without a number, None for a number."""
        col = len(self.values)
        self.values.append(value)
        if blank is not None:
            self.blanks.append(col)
            self.marks.append(blank)
        if unitless:
            self.unitless.append(col)
        if length:
            self.lengths.append(length)
        self._rec(ti, pos, negdone, limit, target, gsum)
        self.values.pop()
        if blank is not None:
            self.blanks.pop()
            self.marks.pop()
        if unitless:
            self.unitless.pop()
        if length:
            self.lengths.pop()

    def _rec(self, ti: int, pos: int, negdone: bool, limit: int, target: int, gsum: int) -> None:
        """Fill the next column from token ``ti`` at digit ``pos``; ``gsum`` sums the open group's addends."""
        if self.truncated:
            return
        self.steps += 1
        if self.steps > self.budget:
            self.truncated = True
            return
        values = self.values
        col = len(values)
        tokens = self.tokens
        if col == self.n:
            if ti == len(tokens):
                self._emit()
            return
        if ti == len(tokens):
            return
        left = self.n - col
        tok = tokens[ti]
        blank = not tok.digits
        simple = blank or tok.grouped
        rest_digits = len(tok.digits) - pos
        extra_dash = 1 if (tok.neg and pos == 0 and not negdone) else 0
        avail = (1 if simple else rest_digits + extra_dash) + self.maxp[ti + 1]
        if avail < left or self.minp[ti + 1] + 1 > left:
            return
        digits_left = (rest_digits if not blank else 1) + self.digits_after[ti + 1]
        total_col = self.group_start.get(col)
        if total_col is not None and limit == 0:
            # Fix the length of this group's total first (see the class docstring).
            top = digits_left - (total_col - col)
            last_tok = tokens[-1]
            closing = total_col == self.n - 1 and not last_tok.blank and not last_tok.grouped
            addends_here = total_col - col
            if closing:
                # However digits are cut, a number is congruent to its digit sum modulo 9: the addends'
                # digits and the total must agree modulo 9 (rules out most total lengths at once).
                rest_sum = _digit_sum(tok.digits[pos:]) + sum(_digit_sum(t.digits) for t in tokens[ti + 1 :])
            for length in range(1, top + 1):
                goal = -1
                if closing:
                    # Every addend has at most ``length`` digits, so the digits before the total must fit.
                    if digits_left - length > addends_here * length:
                        continue
                    # The row's last total ends the last token: it is that token's last ``length`` digits.
                    tail = last_tok.digits[-length:] if length <= len(last_tok.digits) else ""
                    if not tail or (len(tail) > 1 and tail[0] == "0"):
                        continue
                    goal = int(tail)
                    if (rest_sum - _digit_sum(tail) - goal) % 9:
                        continue
                self._rec(ti, pos, negdone, length, goal, 0)
                if self.truncated:
                    return
            return
        kind = self.spec.kinds[col]
        addends = self.totals.get(col)
        in_group = self.group_of.get(col)
        required = 0
        if addends is not None:
            required = gsum if col in self.group_end else sum(int(values[i]) for i in addends)
        first = pos == 0
        neg = tok.neg and first and not negdone
        if blank or (neg and kind != "change"):
            # A blank cell, or a lone dash printed before the digits: a blank cell, then the number.
            if addends is not None and (required != 0 or (target >= 0 and target != 0)):
                return
            zero: CellValue = Decimal(0) if kind == "amount" else 0
            if addends is not None:
                self._place(
                    zero,
                    tok.mark,
                    False,
                    0,
                    ti + 1 if blank else ti,
                    0 if blank else pos,
                    not blank,
                    0,
                    -1,
                    0,
                )
            else:
                self._place(
                    zero,
                    tok.mark,
                    False,
                    0,
                    ti + 1 if blank else ti,
                    0 if blank else pos,
                    not blank,
                    limit,
                    target,
                    gsum,
                )
            return
        rest = tok.digits[pos:]
        if tok.grouped:
            lengths_to_try: Sequence[int] = (len(rest),)
        elif addends is not None:
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
            if in_group is not None and target >= 0 and in_group == col + 1:
                # The last addend before a known total: it is what remains, and must be target - sum.
                need = digits_left - limit
                want = target - gsum
                if not (1 <= need <= top) or want < 0 or rest[:need] != str(want):
                    return
                lengths_to_try = (need,)
            else:
                lengths_to_try = range(1, top + 1)
        grouped_open = in_group is not None and limit and addends is None
        for length in lengths_to_try:
            last = length == len(rest)
            has_dec = last and tok.dec is not None
            has_unit = last and tok.unit is not None
            if kind != "amount" and (has_dec or has_unit):
                continue
            piece = rest[:length]
            value: CellValue
            if kind == "amount":
                amount = Decimal(piece + ("." + tok.dec if has_dec and tok.dec else ""))
                if has_unit and tok.unit == "元":
                    amount = amount / TEN_THOUSAND
                value = amount
                number = 0
            else:
                number = int(piece)
                value = -number if neg else number
            running = gsum
            if grouped_open:
                running = gsum + number
                if running >= (self.pow10[limit] if limit < _POW10_SIZE else 10**limit):
                    break
                # Digits after this piece must hold the other addends and the total.
                others = in_group - col - 1  # type: ignore[operator]
                after = digits_left - length - limit
                if after < others:
                    break
                # The other addends, however cut, sum to at most one long number plus single digits.
                most = running + (10 ** (after - others + 1) - 1 + 9 * (others - 1) if others else 0)
                if most < (target if target >= 0 else (_power(limit - 1) if limit > 1 else 0)):
                    continue
                if target >= 0:
                    if running > target:
                        break
                    room = len(str(target - running)) if target > running else 1
                    if after > others * room or (others == 0 and after != 0):
                        continue
            next_limit, next_target = (0, -1) if addends is not None else (limit, target)
            if addends is not None:
                running = 0
            no_unit = kind == "amount" and not has_unit
            values.append(value)
            self.lengths.append(length)
            if no_unit:
                self.unitless.append(col)
            if last:
                self._rec(ti + 1, 0, False, next_limit, next_target, running)
            else:
                self._rec(ti, pos + length, True, next_limit, next_target, running)
            values.pop()
            self.lengths.pop()
            if no_unit:
                self.unitless.pop()
            if self.truncated:
                return


def _blocks(kinds: tuple[str, ...], sums: tuple[tuple[tuple[int, ...], int], ...]) -> tuple[int, ...] | None:
    """Addend counts of the row's sum blocks when every column is a count and the columns are consecutive
    blocks of addends each followed by their total (part 三's row, part 四's three blocks); else ``None``."""
    if not sums or any(kind != "count" for kind in kinds):
        return None
    out: list[int] = []
    col = 0
    for addends, total in sorted(sums, key=lambda s: s[1]):
        if tuple(addends) != tuple(range(col, total)) or total == col:
            return None
        out.append(total - col)
        col = total + 1
    return tuple(out) if col == len(kinds) else None


def _cut_blocks(
    blocks: tuple[int, ...], tokens: Sequence[Token], cap: int, budget: int
) -> tuple[list[Candidate], bool]:
    """Every cut of plain digit tokens into sum blocks (see :func:`_blocks`), by guessing each total.

    Each block's total is some digits ``T`` after at least as many digits as it has addends; the addends
    before it must then sum to exactly ``T``, which bounds every piece (at most ``T``, and the digits left
    must fit the remaining addends, each at most as long as what remains of ``T``; the last addend is
    whatever remains). Before any addend is cut, the digit sum of the addends' digits must equal ``T``
    modulo 9, since a number is congruent to its digit sum whatever the cut: this rules out most guesses
    at once. Pieces never cross from one token into the next, and a piece longer than one digit never
    starts with ``0``.
    """
    digits = "".join(t.digits for t in tokens)
    size = len(digits)
    # stop[i]: where the token holding digit i ends (a piece starting at i must end there or before).
    if len(tokens) == 1:
        stop = [size] * size
    else:
        stop = []
        for t in tokens:
            stop.extend([len(stop) + len(t.digits)] * len(t.digits))
    # dsum[i]: digit sum of digits[:i], for the modulo-9 test.
    digit = list(map(int, digits))
    dsum = list(accumulate(digit, initial=0))
    # need[b]: fewest digits blocks b.. can take (one per column).
    need = [0] * (len(blocks) + 1)
    for b in range(len(blocks) - 1, -1, -1):
        need[b] = need[b + 1] + blocks[b] + 1
    pow10 = _POW10
    steps = 0
    truncated = False

    # The pieces cut so far in the block being filled (the search works in place).
    values: list[int] = []
    lengths: list[int] = []

    def fill(
        pos: int, end: int, left: int, goal: int, cuts: list[tuple[tuple[int, ...], tuple[int, ...]]]
    ) -> None:
        """Cut ``digits[pos:end]`` into ``left >= 2`` pieces summing to ``goal``, appending to ``cuts``."""
        nonlocal steps, truncated
        span = end - pos
        # However cut, the pieces sum to at most one long number plus single digits.
        width = span - left + 1
        if width < 64 and goal > pow10[width] + 9 * left:
            return
        if digits[pos] == "0":
            top = 1
        else:
            top = len(str(goal))
            if width < top:
                top = width
            if stop[pos] - pos < top:
                top = stop[pos] - pos
        # Every piece tried is a step (pieces can be long: a loop is bounded by the budget too).
        steps += top
        if steps > budget:
            truncated = True
            return
        nxt = pos + 1
        left -= 1
        value = 0
        for length in range(1, top + 1):
            value = value * 10 + digit[nxt - 1]  # digits[pos:nxt] as a number
            if value > goal:
                break
            rest = goal - value
            if left == 1:
                # The last piece is what remains, and must print as ``rest``.
                text = str(rest)
                if len(text) == span - length and stop[nxt] >= end and digits.startswith(text, nxt):
                    cuts.append(((*values, value, rest), (*lengths, length, span - length)))
            elif left == 2:
                # Two pieces after this one: the second is tried inline, the third must print as the rest.
                p2 = nxt
                if span - length > 2 * len(str(rest)):
                    nxt += 1
                    continue
                top2 = 1 if digits[p2] == "0" else min(len(str(rest)), end - p2 - 1, stop[p2] - p2)
                steps += top2
                if steps > budget:
                    truncated = True
                    return
                q = p2 + 1
                v2 = 0
                for l2 in range(1, top2 + 1):
                    v2 = v2 * 10 + digit[q - 1]  # digits[p2:q] as a number
                    if v2 > rest:
                        break
                    r2 = rest - v2
                    text = str(r2)
                    if len(text) == end - q and stop[q] >= end and digits.startswith(text, q):
                        cuts.append(((*values, value, v2, r2), (*lengths, length, l2, end - q)))
                    q += 1
            elif span - length <= left * len(str(rest)):
                # (Every later piece is at most ``rest``, so at most as long as it.)
                values.append(value)
                lengths.append(length)
                fill(nxt, end, left, rest, cuts)
                values.pop()
                lengths.pop()
                if truncated:
                    return
            nxt += 1

    def block(
        b: int,
        pos: int,
        values: tuple[int, ...],
        lengths: tuple[int, ...],
        out: list[Candidate],
    ) -> None:
        """Cut blocks ``b..`` from ``digits[pos:]`` after the columns in ``values``."""
        nonlocal steps, truncated
        addends = blocks[b]
        last = b + 1 == len(blocks)
        room = size - need[b + 1]  # the block must end by here
        for at in range(pos + addends, room):
            top = room - at
            for length in (top,) if last else range(1, top + 1):
                steps += 1
                if steps > budget:
                    truncated = True
                    return
                # Addends are at most as long as their total.
                if at - pos > addends * length:
                    continue
                if stop[at] < at + length or (length > 1 and digits[at] == "0"):
                    break
                # The total's digit sum stands for the total modulo 9.
                if (dsum[at] - dsum[pos] - dsum[at + length] + dsum[at]) % 9:
                    continue
                goal = int(digits[at : at + length])
                cuts: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
                if addends == 1:
                    if digits[pos:at] == str(goal) and stop[pos] >= at:
                        cuts.append(((goal,), (at - pos,)))
                else:
                    fill(pos, at, addends, goal, cuts)
                for vals, lens in cuts:
                    vals = values + vals + (goal,)
                    lens = lengths + lens + (length,)
                    if last:
                        out.append(Candidate(vals, (), (), lens))
                        if len(out) >= cap:
                            truncated = True
                    else:
                        block(b + 1, at + length, vals, lens, out)
                    if truncated:
                        return
                if truncated:
                    return

    out: list[Candidate] = []
    if size >= need[0]:
        block(0, 0, (), (), out)
    return out, truncated


def _variance(xs: Sequence[int]) -> float:
    n = len(xs)
    if n < 2:
        return 0.0
    total = sum(xs)
    return (n * sum(x * x for x in xs) - total * total) / (n * n)


_DIGITS = attrgetter("digits")
_NEG = attrgetter("neg")
_GROUPED = attrgetter("grouped")
_DEC = attrgetter("dec")
_UNIT = attrgetter("unit")


def _one_per_token(spec: RowSpec, tokens: Sequence[Token]) -> Candidate | None:
    """The reading when there is one token per column and none could be cut (the common, fast case).

    With exactly as many tokens as columns every token must be one number, so this is the only reading
    there is; ``None`` when that does not apply or the reading breaks a rule (the search then decides).
    """
    if len(tokens) == len(spec.kinds) and spec.counts_only:
        # The tab layout's usual row: one plain number per cell of a row of counts.
        printed = list(map(_DIGITS, tokens))
        # (A token's decimals and unit are None or non-empty text; map keeps the tests in C.)
        if (
            all(printed)
            and not any(map(_NEG, tokens))
            and not any(map(_GROUPED, tokens))
            and not any(map(_DEC, tokens))
            and not any(map(_UNIT, tokens))
        ):
            numbers = tuple(map(int, printed))
            # A number printed with a leading zero does not print back the same.
            if list(map(str, numbers)) != printed:
                return None
            blocks = spec.blocks
            if blocks is not None:
                col = 0
                for size in blocks:
                    if sum(numbers[col : col + size]) != numbers[col + size]:
                        return None
                    col += size + 1
            else:
                for addends, total in spec.sums:
                    if sum(numbers[i] for i in addends) != numbers[total]:
                        return None
            return Candidate(numbers, (), (), tuple(map(len, printed)))
    if len(tokens) != len(spec.kinds):
        if sum(1 if (t.blank or t.grouped) else len(t.digits) for t in tokens) != len(spec.kinds):
            return None
        if any(t.dec is not None or t.unit is not None or t.neg for t in tokens):
            return None
        # As many digits as columns: every digit is a number of its own (``0000000``).
        expanded: list[Token] = []
        for t in tokens:
            if t.blank or t.grouped:
                expanded.append(t)
            else:
                expanded.extend(map(digit_token, t.digits))
        tokens = expanded
    values: list[CellValue] = []
    blanks: list[int] = []
    marks: list[str] = []
    unitless: list[int] = []
    lengths: list[int] = []
    for col, (tok, kind) in enumerate(zip(tokens, spec.kinds, strict=True)):
        if tok.blank:
            values.append(Decimal(0) if kind == "amount" else 0)
            blanks.append(col)
            marks.append(tok.mark)
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
    return Candidate(
        tuple(values), tuple(blanks), tuple(unitless), tuple(lengths), 0.0, tuple(marks) if any(marks) else ()
    )


def _all_cuts(n: int, digits: str, cap: int, budget: int) -> tuple[list[Candidate], bool]:
    """Every cut of one digit string into ``n`` numbers without leading zeros (rows with no identity).

    A piece starting with ``0`` is ``0`` itself, which prunes runs of zeros; at most ``cap`` readings and
    ``budget`` steps. Part 二's rows have at most three numbers: those are cut by plain loops (a call per
    step cost more than the step).
    """
    size = len(digits)
    out: list[Candidate] = []
    if size < n:
        return out, False
    if n <= 3:
        return _few_cuts(n, digits, cap, budget)
    steps = 0
    truncated = False
    starts: list[int] = [0]

    def cut(pos: int, left: int) -> None:
        nonlocal steps, truncated
        if truncated:
            return
        steps += 1
        if steps > budget:
            truncated = True
            return
        if left == 1:
            if digits[pos] == "0" and pos < size - 1:
                return
            bounds = [*starts, size]
            pieces = [digits[a:b] for a, b in pairwise(bounds)]
            out.append(Candidate(tuple(int(p) for p in pieces), (), (), tuple(len(p) for p in pieces)))
            if len(out) >= cap:
                truncated = True
            return
        top = 1 if digits[pos] == "0" else size - pos - (left - 1)
        for length in range(1, top + 1):
            starts.append(pos + length)
            cut(pos + length, left - 1)
            starts.pop()
            if truncated:
                return

    cut(0, n)
    return out, truncated


def _few_cuts(n: int, digits: str, cap: int, budget: int) -> tuple[list[Candidate], bool]:
    """:func:`_all_cuts` for one to three numbers (``len(digits) >= n``), in the same order."""
    size = len(digits)
    out: list[Candidate] = []
    last = size - 1
    if n == 1:
        if digits[0] == "0" and size > 1:
            return out, False
        return [Candidate((int(digits),), (), (), (size,))], False
    # A piece may end before position ``i`` only if a piece may start there: ``0`` ends at once.
    top_first = 1 if digits[0] == "0" else size - n + 1
    steps = 0
    # Every cut ends with one of these (the third number of a cut in three).
    tails = [int(digits[j:]) for j in range(size)] if n == 3 else []
    for i in range(1, top_first + 1):
        first = int(digits[:i])
        if n == 2:
            steps += 1
            if digits[i] == "0" and i < last:
                continue
            out.append(Candidate((first, int(digits[i:])), (), (), (i, size - i)))
        else:
            top_second = i + 1 if digits[i] == "0" else last
            middle = 0
            for j in range(i + 1, top_second + 1):
                steps += 1
                middle = middle * 10 + ord(digits[j - 1]) - 48  # digits[i:j] as a number
                if digits[j] == "0" and j < last:
                    continue
                out.append(Candidate((first, middle, tails[j]), (), (), (i, j - i, size - j)))
                if len(out) >= cap:
                    return out, True
        if len(out) >= cap or steps > budget:
            return out, True
    return out, False


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
    if not spec.sums and len(tokens) == 1 and all(k != "amount" for k in spec.kinds):
        tok = tokens[0]
        if not (tok.blank or tok.grouped or tok.neg or tok.dec is not None or tok.unit is not None):
            cands, truncated = _all_cuts(len(spec.kinds), tok.digits, cap, budget)
            _score(cands, spec, extra, balance)
            return cands, truncated
    direct = _one_per_token(spec, tokens)
    if direct is not None:
        if extra is not None:
            direct.score = extra(direct.values)
        return [direct], False
    blocks = spec.blocks
    if blocks is not None and all(
        t.digits and not (t.neg or t.grouped or t.dec is not None or t.unit is not None) for t in tokens
    ):
        out, truncated = _cut_blocks(blocks, tokens, cap, budget)
        _score(out, spec, extra, balance, any(len(t.digits) > 1 for t in tokens))
        return out, truncated
    search = _Search(spec, tokens, cap, budget)
    search.run()
    out = search.out
    _score(out, spec, extra, balance, any(len(t.digits) > 1 and not t.grouped for t in tokens))
    return out, search.truncated


_BY_SCORE = attrgetter("score", "lengths")
# Variance by lengths: rows of a few numbers cut the same few ways over and over.
_VARIANCES: dict[tuple[int, ...], float] = {}


def _score(
    out: list[Candidate],
    spec: RowSpec,
    extra: Callable[[tuple[CellValue, ...]], float] | None,
    balance: bool,
    split: bool = True,
) -> None:
    """Score each candidate (lower is likelier, see the module docstring) and sort them, best first."""
    changes = spec.changes
    lengthy = split and balance
    variances = _VARIANCES
    if len(variances) > 20_000:
        variances.clear()
    for cand in out:
        score = 0.0
        if lengthy:
            lengths = cand.lengths
            variance = variances.get(lengths)
            if variance is None:
                variance = variances[lengths] = _variance(lengths)
            score += variance
            for i in changes:
                score += 0.5 * len(str(abs(int(cand.values[i]))))
        if extra is not None:
            score += extra(cand.values)
        cand.score = score
    if len(out) > 1:
        out.sort(key=_BY_SCORE)


def procurement_plausibility(count: CellValue, amount: CellValue) -> float:
    """Distance (in decades) of the amount per project from about 20万元; 0 when either is zero."""
    c = Decimal(count)
    a = Decimal(amount)
    if c <= 0 or a <= 0:
        return 0.0
    ratio = a / c
    per_project = float(ratio)
    # A ratio beyond a float's range (a count of hundreds of digits) takes Decimal's own logarithm.
    decades = math.log10(per_project) if 0.0 < per_project < math.inf else float(ratio.log10())
    return abs(decades - math.log10(20.0))
