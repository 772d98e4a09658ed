"""The character pairs an item keeps for two-character search words."""

from __future__ import annotations

import pytest

from gongkai_web.catalogue.search_text import bigrams_of, is_pair


def test_pairs_are_distinct_lower_cased_and_in_order() -> None:
    assert bigrams_of("公开公开AI") == "公开 开公 开a ai"


def test_no_pair_spans_whitespace_punctuation_or_two_texts() -> None:
    assert bigrams_of("采购 公告，通知", "知道") == "采购 公告 通知 知道"


@pytest.mark.parametrize(
    ("term", "pair"), [("采购", True), ("a1", True), ("采", False), ("采购公", False), ("，购", False)]
)
def test_only_two_letters_or_digits_are_looked_up_as_a_pair(term: str, pair: bool) -> None:
    assert is_pair(term) is pair
