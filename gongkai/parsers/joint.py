"""Choosing one reading per table row when several rows' digits ran together: the table's identities decide.

A row of part 三 flattened to running text may split several ways that each satisfy the row's own total
(:mod:`gongkai.parsers.splits`). The table's column identities (new + carried_over = results_total +
carried_forward; the result rows sum to results_total) then decide among the rows' readings jointly.

The rule: a row's reading is accepted only when it is the one reading of that row found in every
combination of readings satisfying the most identity columns; every other reading found in such a
combination is an alternative the caller reports. Three ways to find those combinations, the first that
applies:

* at most :data:`MAX_COMBINATIONS` combinations: every one is counted (exact, also when no combination
  satisfies every identity: the published numbers may not add up);
* more, when some combination satisfies every identity (a table that adds up, as most do): for each
  reading of the rows shared by two identities (results_total), each identity's combinations that hold
  are found by a search over its rows that keeps only partial sums the remaining rows can still bring to
  the total (exact: no combination that holds is missed, and every reading in one is listed);
* otherwise, coordinate ascent picks a reading, and every reading of each ambiguous row is an alternative:
  the reader cannot tell, and says so rather than guess silently.

Ties among combinations go to the more plausible readings (lower scores, see :mod:`gongkai.parsers.splits`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from operator import add, itemgetter, sub
from typing import Literal

#: Combinations of ambiguous rows counted one by one before the search for combinations that hold.
MAX_COMBINATIONS = 4096
#: Partial sums the search for combinations that hold keeps, over all of an identity's rows, at most.
MAX_STATES = 60_000
#: Readings of the rows shared by identities tried, at most (their product).
MAX_PIVOTS = 2_000

Vector = tuple[int, ...]
#: An identity: the rows it adds, each with its sign (+1 or -1); it holds in a column when the signed sum
#: of the rows' values there is 0.
Identity = Sequence[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class Choice:
    """The reading chosen for each ambiguous row (an index into its readings), and for each the indices of
    its readings found in some best combination (``chosen`` among them; others are alternatives)."""

    chosen: dict[str, int]
    equal: dict[str, set[int]]


def choose_readings(
    readings: Mapping[str, Sequence[Vector]],
    scores: Mapping[str, Sequence[float]],
    identities: Sequence[Identity],
) -> Choice:
    """Choose among ``readings`` (per row, its readings' values, best first) by the ``identities``.

    Rows with more than one reading are the ambiguous ones; rows absent from ``readings`` or without a
    reading must not appear in ``identities``. See the module docstring for the rule.
    """
    ambiguous = [k for k, r in readings.items() if len(r) > 1]
    if not ambiguous:
        return Choice({}, {})
    combos = 1
    for k in ambiguous:
        combos *= len(readings[k])
    if combos <= MAX_COMBINATIONS:
        return _exhaustive(readings, scores, identities, ambiguous)
    held = _holding(readings, scores, identities, ambiguous)
    if held is not None:
        return held
    return _ascent(readings, identities, ambiguous)


# -- every combination counted --


def _exhaustive(
    readings: Mapping[str, Sequence[Vector]],
    scores: Mapping[str, Sequence[float]],
    identities: Sequence[Identity],
    ambiguous: list[str],
) -> Choice:
    """Count the identity columns every combination satisfies; the best ones decide."""
    tables = _count_tables([_identity(signed, readings, ambiguous) for signed in identities])
    sizes = [len(readings[k]) for k in ambiguous]
    row_scores = [scores[k] for k in ambiguous]
    best_count = -1
    best_plausibility = 0.0
    winner: tuple[int, ...] = (0,) * len(ambiguous)
    counts: list[int] = []
    combinations = list(product(*(range(size) for size in sizes)))
    for combo in combinations:
        count = sum(table[pick(combo)] for pick, table in tables)
        counts.append(count)
        if count < best_count:
            continue
        # Ties go to the more plausible choice; the first of equals is kept.
        plausibility = sum(s[i] for s, i in zip(row_scores, combo, strict=True))
        if count > best_count or plausibility < best_plausibility:
            best_count, best_plausibility, winner = count, plausibility, combo
    equal: dict[str, set[int]] = {k: set() for k in ambiguous}
    for count, combo in zip(counts, combinations, strict=True):
        if count == best_count:
            for k, i in zip(ambiguous, combo, strict=True):
                equal[k].add(i)
    return Choice(dict(zip(ambiguous, winner, strict=True)), equal)


def _count_tables(
    identities: list[tuple[list[int], list[tuple[int, list[list[int]]]]]],
) -> list[tuple[Callable[[Sequence[int]], object], dict[object, int]]]:
    """Per identity, the columns it satisfies for each choice among the readings of its own ambiguous
    rows, and how to pick those rows' indices out of a whole combination: every combination then
    costs a lookup per identity (identities share few rows, so the tables are small)."""
    out: list[tuple[Callable[[Sequence[int]], object], dict[object, int]]] = []
    for fixed, moving in identities:
        table: dict[object, int] = {}
        for picked in product(*(range(len(vectors)) for _, vectors in moving)):
            sums = fixed
            for (_, vectors), i in zip(moving, picked, strict=True):
                sums = list(map(add, sums, vectors[i]))
            # itemgetter of one index gives the index itself, of none a constant key.
            table[picked[0] if len(picked) == 1 else picked] = sums.count(0)
        rows = [j for j, _ in moving]
        pick: Callable[[Sequence[int]], object] = itemgetter(*rows) if rows else (lambda _: ())
        out.append((pick, table))
    return out


def _identity(
    signed: Identity, readings: Mapping[str, Sequence[Vector]], ambiguous: list[str]
) -> tuple[list[int], list[tuple[int, list[list[int]]]]]:
    """One identity "sum of signed rows == 0" as its fixed part and, per ambiguous row (by index in
    ``ambiguous``), the signed values of each of its readings."""
    width = len(readings[signed[0][0]][0])
    fixed = [0] * width
    moving: dict[int, list[list[int]]] = {}
    for key, sign in signed:
        if key not in ambiguous:
            fixed = list(map(sub if sign < 0 else add, fixed, readings[key][0]))
            continue
        vectors = [[sign * int(v) for v in values] for values in readings[key]]
        j = ambiguous.index(key)
        if j in moving:  # a row on both sides of the identity
            vectors = [list(map(add, a, b)) for a, b in zip(moving[j], vectors, strict=True)]
        moving[j] = vectors
    return fixed, sorted(moving.items())


# -- the combinations that hold, searched --


def _holding(
    readings: Mapping[str, Sequence[Vector]],
    scores: Mapping[str, Sequence[float]],
    identities: Sequence[Identity],
    ambiguous: list[str],
) -> Choice | None:
    """The best combination among those satisfying every identity, and every reading found in one;
    ``None`` when no combination satisfies them all or the search would exceed its bounds."""
    members = [{key for key, _ in signed} for signed in identities]
    shared = [k for k in ambiguous if sum(k in m for m in members) > 1]
    pivots = 1
    for k in shared:
        pivots *= len(readings[k])
    if pivots > MAX_PIVOTS:
        return None
    equal: dict[str, set[int]] = {k: set() for k in ambiguous}
    # Rows in no identity: every reading is as good as any other.
    for k in ambiguous:
        if not any(k in m for m in members):
            equal[k] = set(range(len(readings[k])))
    best: tuple[float, dict[str, int]] | None = None
    for pivot in product(*(range(len(readings[k])) for k in shared)):
        fixed_rows = dict(zip(shared, pivot, strict=True))
        total = sum(scores[k][i] for k, i in fixed_rows.items())
        picks: dict[str, int] = dict(fixed_rows)
        found: dict[str, set[int]] = {}
        for signed in identities:
            solved = _solve(signed, readings, scores, ambiguous, fixed_rows)
            if solved is None:
                return None  # too large to search: the caller falls back
            if solved is False:
                break
            score, chosen, parts = solved
            total += score
            picks.update(chosen)
            for k, indices in parts.items():
                found.setdefault(k, set()).update(indices)
        else:
            for k, i in fixed_rows.items():
                equal[k].add(i)
            for k, indices in found.items():
                equal[k] |= indices
            if best is None or total < best[0]:
                best = (total, picks)
    if best is None:
        return None
    chosen = {k: best[1].get(k, 0) for k in ambiguous}
    return Choice(chosen, equal)


def _solve(
    signed: Identity,
    readings: Mapping[str, Sequence[Vector]],
    scores: Mapping[str, Sequence[float]],
    ambiguous: list[str],
    fixed_rows: Mapping[str, int],
) -> tuple[float, dict[str, int], dict[str, set[int]]] | Literal[False] | None:
    """The combinations of readings of ``signed``'s ambiguous rows (those in ``fixed_rows`` fixed) under
    which the identity holds in every column: the best one's score and readings, and every reading found
    in one; ``False`` when none holds, ``None`` when the search exceeded :data:`MAX_STATES`.

    Rows are taken in turn; a partial sum is kept only while the rows still to come can bring it to zero
    in every column (their least and greatest values bound what they can add), so the last row meets
    exactly the sums that hold. Partial sums reached two ways keep the more plausible way.
    """
    width = len(readings[signed[0][0]][0])
    fixed = [0] * width
    rows: list[tuple[str, list[Vector]]] = []
    for key, sign in signed:
        index = fixed_rows.get(key)
        if key not in ambiguous or index is not None:
            value = readings[key][index or 0]
            fixed = list(map(sub if sign < 0 else add, fixed, value))
        else:
            rows.append((key, [tuple(sign * int(v) for v in values) for values in readings[key]]))
    if not rows:
        return (0.0, {}, {}) if not any(fixed) else False
    # Fewest readings first: the bound is loosest early, where the fewest sums are made.
    rows.sort(key=lambda row: len(row[1]))
    # low[j], high[j]: per column, the least and greatest that rows j.. can add.
    low = [[0] * width for _ in range(len(rows) + 1)]
    high = [[0] * width for _ in range(len(rows) + 1)]
    for j in range(len(rows) - 1, -1, -1):
        vectors = rows[j][1]
        low[j] = list(map(add, low[j + 1], map(min, zip(*vectors, strict=True))))
        high[j] = list(map(add, high[j + 1], map(max, zip(*vectors, strict=True))))
    start: Vector = tuple(fixed)
    if any(s + lo > 0 or s + hi < 0 for s, lo, hi in zip(start, low[0], high[0], strict=True)):
        return False
    # layers[j]: partial sum after rows ..j-1 → (best score, the partial sum before, reading of row j-1).
    layers: list[dict[Vector, tuple[float, Vector, int]]] = [{start: (0.0, start, -1)}]
    states = 1
    for j, (key, vectors) in enumerate(rows):
        row_scores = scores[key]
        lo_rest, hi_rest = low[j + 1], high[j + 1]
        layer: dict[Vector, tuple[float, Vector, int]] = {}
        for partial, (score, _, _) in layers[-1].items():
            for i, vector in enumerate(vectors):
                after = tuple(map(add, partial, vector))
                if any(s + lo > 0 or s + hi < 0 for s, lo, hi in zip(after, lo_rest, hi_rest, strict=True)):
                    continue
                total = score + row_scores[i]
                held = layer.get(after)
                if held is None or total < held[0]:
                    layer[after] = (total, partial, i)
        states += len(layer)
        if states > MAX_STATES:
            return None
        if not layer:
            return False
        layers.append(layer)
    zero: Vector = (0,) * width
    if zero not in layers[-1]:
        return False
    # The best combination, followed back from the end.
    chosen: dict[str, int] = {}
    at = zero
    for j in range(len(rows), 0, -1):
        _, before, i = layers[j][at]
        chosen[rows[j - 1][0]] = i
        at = before
    # Every reading on some path from the start to zero.
    parts: dict[str, set[int]] = {key: set() for key, _ in rows}
    alive = {zero}
    for j in range(len(rows) - 1, -1, -1):
        key, vectors = rows[j]
        before_alive: set[Vector] = set()
        for partial in layers[j]:
            for i, vector in enumerate(vectors):
                if tuple(map(add, partial, vector)) in alive:
                    before_alive.add(partial)
                    parts[key].add(i)
        alive = before_alive
    return layers[-1][zero][0], chosen, parts


# -- when nothing holds and there are too many combinations to count --


def _ascent(
    readings: Mapping[str, Sequence[Vector]], identities: Sequence[Identity], ambiguous: list[str]
) -> Choice:
    """Coordinate ascent on the identity columns satisfied; every reading is listed (it cannot tell)."""
    made = [_identity(signed, readings, ambiguous) for signed in identities]

    def satisfied(combo: Sequence[int]) -> int:
        count = 0
        for fixed, moving in made:
            sums = fixed
            for j, vectors in moving:
                sums = list(map(add, sums, vectors[combo[j]]))
            count += sums.count(0)
        return count

    choice = [0] * len(ambiguous)
    for _ in range(3):
        for j, k in enumerate(ambiguous):
            best_i, best_key = choice[j], (-1, 0)
            for i in range(len(readings[k])):
                trial = [*choice[:j], i, *choice[j + 1 :]]
                key = (satisfied(trial), -i)
                if key > best_key:
                    best_i, best_key = i, key
            choice[j] = best_i
    return Choice(
        dict(zip(ambiguous, choice, strict=True)), {k: set(range(len(readings[k]))) for k in ambiguous}
    )


__all__ = ["MAX_COMBINATIONS", "Choice", "Identity", "choose_readings"]
