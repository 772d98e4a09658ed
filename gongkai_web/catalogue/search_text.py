"""What the search indexes hold besides the text itself: the item's character pairs.

A Chinese search word is most often two characters (公开, 采购, 调解), shorter than the trigrams both
databases index (SQLite FTS5's trigram tokenizer, PostgreSQL's pg_trgm), so no trigram index can serve it.
Each item therefore stores its distinct pairs of adjacent letters or digits, lower-cased and space-separated
(``Item.search_bigrams``); a two-character word is in an item's title or text exactly when its pair is in
that list. SQLite indexes the list with FTS5 (one token per pair), PostgreSQL with a GIN index on it as an
array (catalogue migration 0007).
"""

from __future__ import annotations

from itertools import pairwise


def is_pair(term: str) -> bool:
    """Whether ``term`` is a word the pair index can look up: two letters or digits."""
    return len(term) == 2 and term.isalnum()


def bigrams_of(*texts: str) -> str:
    """The distinct pairs of adjacent letters or digits in ``texts`` (lower-cased; no pair spans two texts),
    space-separated in the order first seen."""
    seen: dict[str, None] = {}
    for text in texts:
        low = text.lower()
        for a, b in pairwise(low):
            if a.isalnum() and b.isalnum():
                seen[a + b] = None
    return " ".join(seen)


__all__ = ["bigrams_of", "is_pair"]
