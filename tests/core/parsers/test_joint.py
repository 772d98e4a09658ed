"""Choosing part 三's readings jointly: a reading is accepted only when no other one is equally good."""

from __future__ import annotations

import pytest

from gongkai.parsers import joint
from gongkai.parsers.joint import choose_readings

# Two rows and their total: a + b = t (one column, as an identity over rows).
SUM = [("a", 1), ("b", 1), ("t", -1)]


def _scores(readings: dict[str, list[tuple[int, ...]]]) -> dict[str, list[float]]:
    return {k: [0.0] * len(v) for k, v in readings.items()}


def test_the_one_combination_that_holds_is_chosen_and_nothing_is_listed() -> None:
    readings = {"a": [(1,), (2,)], "b": [(5,), (7,)], "t": [(8,)]}
    choice = choose_readings(readings, _scores(readings), [SUM])
    assert choice.chosen == {"a": 0, "b": 1}
    assert choice.equal == {"a": {0}, "b": {1}}


def test_two_combinations_that_hold_list_each_other() -> None:
    readings = {"a": [(1,), (2,)], "b": [(7,), (6,)], "t": [(8,)]}
    choice = choose_readings(readings, _scores(readings), [SUM])
    assert choice.equal == {"a": {0, 1}, "b": {0, 1}}


def test_ties_go_to_the_more_plausible_readings() -> None:
    readings = {"a": [(1,), (2,)], "b": [(7,), (6,)], "t": [(8,)]}
    scores = {"a": [1.0, 0.0], "b": [0.0, 0.0], "t": [0.0]}
    assert choose_readings(readings, scores, [SUM]).chosen == {"a": 1, "b": 1}


@pytest.fixture
def search(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every choice takes the search for combinations that hold (nothing is counted one by one)."""
    monkeypatch.setattr(joint, "MAX_COMBINATIONS", 1)


@pytest.mark.usefixtures("search")
def test_the_search_finds_a_combination_only_two_rows_changed_together_reach() -> None:
    # Two identities share t: a + b = t and c = t. Only t = 9 with a = 4, b = 5 holds both.
    readings = {
        "a": [(3,), (2,), (4,)],
        "b": [(1,), (5,), (3,)],
        "t": [(2,), (9,)],
        "c": [(9,), (2,), (3,)],
    }
    identities = [SUM, [("c", 1), ("t", -1)]]
    choice = choose_readings(readings, _scores(readings), identities)
    assert choice.chosen == {"a": 2, "b": 1, "t": 1, "c": 0}
    assert choice.equal == {"a": {2}, "b": {1}, "t": {1}, "c": {0}}


@pytest.mark.usefixtures("search")
def test_the_search_lists_every_reading_of_every_combination_that_holds() -> None:
    readings = {"a": [(1, 0), (2, 0), (4, 0)], "b": [(2, 1), (1, 1), (0, 1)], "t": [(3, 1)]}
    choice = choose_readings(readings, _scores(readings), [SUM])
    assert choice.equal == {"a": {0, 1}, "b": {0, 1}}
    assert choice.chosen == {"a": 0, "b": 0}


@pytest.mark.usefixtures("search")
def test_a_row_in_no_identity_lists_all_its_readings() -> None:
    readings = {"a": [(1,), (2,)], "b": [(7,), (5,)], "t": [(8,)], "free": [(1,), (2,)]}
    choice = choose_readings(readings, _scores(readings), [SUM])
    assert choice.equal["free"] == {0, 1}
    assert choice.equal["a"] == {0}


@pytest.mark.usefixtures("search")
def test_when_nothing_holds_every_reading_is_listed() -> None:
    readings = {"a": [(1,), (2,)], "b": [(1,), (2,)], "t": [(9,)]}
    choice = choose_readings(readings, _scores(readings), [SUM])
    assert choice.equal == {"a": {0, 1}, "b": {0, 1}}


@pytest.mark.usefixtures("search")
def test_a_search_beyond_its_bound_lists_every_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(joint, "MAX_STATES", 1)
    readings = {"a": [(1,), (2,)], "b": [(7,), (5,)], "t": [(8,)]}
    choice = choose_readings(readings, _scores(readings), [SUM])
    assert choice.equal == {"a": {0, 1}, "b": {0, 1}}


def test_counting_every_combination_finds_the_most_columns_when_none_holds_in_all() -> None:
    # Two columns: (1, 5) + (7, 0) = (8, 9) holds in the first column only, and is the best there is.
    readings = {"a": [(1, 5), (2, 2)], "b": [(7, 0), (1, 1)], "t": [(8, 9)]}
    choice = choose_readings(readings, _scores(readings), [SUM])
    assert choice.chosen == {"a": 0, "b": 0}
    assert choice.equal == {"a": {0}, "b": {0}}
