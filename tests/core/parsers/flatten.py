"""Test helper: turn the canonical tab layout into running text, as a crawler flattens a web page."""

from __future__ import annotations


def flatten(text: str) -> str:
    """Every line stripped and joined with nothing between: a row's numbers run together."""
    return "".join(line.strip() for line in text.splitlines())
