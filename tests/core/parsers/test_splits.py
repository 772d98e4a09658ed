"""Cutting run-together digits into a row's numbers (gongkai.parsers.splits)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.parsers.layout import Token, tokens_in
from gongkai.parsers.splits import RowSpec, _Search, procurement_plausibility, row_candidates
from tests.hypo import budget

ROW7 = RowSpec(("count",) * 7, ((tuple(range(6)), 6),))
APPEALS = RowSpec(("count",) * 15, tuple((tuple(range(i, i + 4)), i + 4) for i in (0, 5, 10)))
PROJECTS = RowSpec(("count", "change", "count"))


@pytest.mark.parametrize(
    ("printed", "values"),
    [
        ("640020470", (64, 0, 0, 2, 0, 4, 70)),
        ("200 000121", (20, 0, 0, 0, 0, 1, 21)),
        ("20 0 00 0 121", (20, 0, 0, 0, 0, 1, 21)),
        ("21710000218", (217, 1, 0, 0, 0, 0, 218)),
        ("4 0 0 0 0 0 4", (4, 0, 0, 0, 0, 0, 4)),
        ("22585962738379214754361", (225, 859, 627, 383, 792, 1475, 4361)),
    ],
)
def test_applications_row_splits_by_its_total(printed: str, values: tuple[int, ...]) -> None:
    cands, truncated = row_candidates(ROW7, tokens_in(printed))
    assert [c.values for c in cands] == [values]
    assert not truncated


def test_appeals_fifteen_numbers_in_one_digit_string() -> None:
    cands, _ = row_candidates(APPEALS, tokens_in("21317000001324019"))
    assert [c.values for c in cands] == [(2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19)]


def test_no_piece_has_a_leading_zero() -> None:
    cands, _ = row_candidates(RowSpec(("count", "count")), tokens_in("105"))
    assert [c.values for c in cands] == [(10, 5)]


def test_only_change_columns_take_a_minus_sign() -> None:
    cands, _ = row_candidates(PROJECTS, tokens_in("2648-18538"))
    assert cands[0].values == (2648, -18, 538)
    assert all(c.values[0] == 2648 and c.values[1] < 0 for c in cands)


def test_a_dash_before_a_count_is_a_blank_cell() -> None:
    cands, _ = row_candidates(RowSpec(("count", "count")), tokens_in("-5"))
    assert [(c.values, c.blanks) for c in cands] == [((0, 5), (0,))]


@pytest.mark.parametrize(
    ("printed", "amount", "unitless"),
    [
        ("3 30.3861万元", Decimal("30.3861"), ()),
        ("3 251000元", Decimal("25.1"), ()),
        ("3 75394432.52元", Decimal("7539.443252"), ()),
        ("3 30.3861", Decimal("30.3861"), (1,)),
    ],
)
def test_amounts_convert_to_wan_yuan_exactly(
    printed: str, amount: Decimal, unitless: tuple[int, ...]
) -> None:
    cands, _ = row_candidates(RowSpec(("count", "amount")), tokens_in(printed))
    assert cands[0].values == (3, amount)
    assert cands[0].unitless == unitless


def test_decimals_only_end_an_amount() -> None:
    assert row_candidates(RowSpec(("count", "count")), tokens_in("3 4.5"))[0] == []


def test_procurement_prefers_about_twenty_wan_per_project() -> None:
    cands, _ = row_candidates(
        RowSpec(("count", "amount")),
        tokens_in("39573802895.90元"),
        extra=lambda v: procurement_plausibility(v[0], v[1]),
        balance=False,
    )
    assert cands[0].values == (395, Decimal("7380.28959"))
    assert len(cands) > 1


def test_balanced_lengths_rank_first_when_nothing_else_decides() -> None:
    cands, _ = row_candidates(RowSpec(("count",) * 3), tokens_in("7777166"))
    assert cands[0].values == (77, 77, 166)


def test_thousands_separators_keep_a_number_whole() -> None:
    cands, _ = row_candidates(RowSpec(("count", "count")), tokens_in("1,234 5"))
    assert [c.values for c in cands] == [(1234, 5)]


def test_a_row_that_cannot_hold_its_columns_has_no_reading() -> None:
    assert row_candidates(ROW7, tokens_in("1 2"))[0] == []


def test_search_is_bounded() -> None:
    _, truncated = row_candidates(RowSpec(("count",) * 12), tokens_in("9" * 200), budget=5000)
    assert truncated


def _printed_rows(spec: RowSpec) -> st.SearchStrategy[list[Token]]:
    """Rows of ``spec`` whose totals mostly hold, printed as one to three plain digit tokens."""
    small = st.one_of(st.just(0), st.integers(0, 9), st.integers(0, 999))

    def printed(values: list[int], cuts: list[int], wrong: int | None) -> list[Token]:
        for addends, total in spec.sums:
            values[total] = sum(values[i] for i in addends)
        if wrong is not None:
            values[wrong % len(values)] += 1
        pieces = [str(v) for v in values]
        bounds = sorted({c % len(pieces) for c in cuts} - {0})
        groups = ["".join(pieces[a:b]) for a, b in zip([0, *bounds], [*bounds, len(pieces)], strict=True)]
        return [Token(digits=g) for g in groups]

    n = len(spec.kinds)
    return st.builds(
        printed,
        st.lists(small, min_size=n, max_size=n),
        st.lists(st.integers(0, n - 1), max_size=2),
        st.one_of(st.none(), st.integers(0, n - 1)),
    )


@budget(200)
@given(st.sampled_from([ROW7, APPEALS]).flatmap(lambda spec: st.tuples(st.just(spec), _printed_rows(spec))))
def test_block_totals_cut_like_the_general_search(case: tuple[RowSpec, list[Token]]) -> None:
    # Rows of sum blocks have their own cutter (it guesses each total); the general search is the reference.
    spec, tokens = case
    search = _Search(spec, tokens, 2000, 200_000)
    search.run()
    cands, truncated = row_candidates(spec, tokens)
    assert not truncated and not search.truncated
    assert sorted((c.values, c.lengths) for c in cands) == sorted((c.values, c.lengths) for c in search.out)


@pytest.mark.parametrize("spec", [ROW7, APPEALS])
def test_block_search_is_bounded(spec: RowSpec) -> None:
    # Long totals make long pieces: every piece tried counts against the budget, not just every call.
    cands, truncated = row_candidates(spec, tokens_in("9" * 200), budget=5000)
    assert truncated
    assert cands == []


def test_a_total_longer_than_sixty_four_digits_is_searched_without_error() -> None:
    # Part 四's three blocks from a decimal and two long runs of digits: the search guesses totals of
    # every length, beyond the table of powers of ten.
    spec = RowSpec(("count",) * 15, tuple((tuple(range(i * 5, i * 5 + 4)), i * 5 + 4) for i in range(3)))
    tokens = [
        Token("32", dec="5"),
        Token("22179826259592052337" * 2),
        Token("3304048311165179874265566658" * 3),
    ]
    cands, _ = row_candidates(spec, tokens, budget=20_000)
    assert all(len(c.values) == 15 for c in cands)


@pytest.mark.parametrize(("count", "amount"), [(10**400, Decimal(5)), (1, Decimal(10) ** 400)])
def test_procurement_plausibility_of_numbers_beyond_a_float(count: int, amount: Decimal) -> None:
    # Hundreds of digits run together can be cut so: the distance is large, not an error.
    assert procurement_plausibility(count, amount) > 300
