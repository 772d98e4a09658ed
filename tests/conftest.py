"""Shared test helpers: paths to the sample reports; the Hypothesis profile of the lane (tests.hypo)."""

from __future__ import annotations

from pathlib import Path

import pytest

import tests.hypo  # noqa: F401  (loads the Hypothesis profile of this lane)

DATA = Path(__file__).parent / "data"


@pytest.fixture
def sample_path() -> Path:
    """The 2020 report of 长治市上党区司法局 (template 2019), tab/newline layout."""
    return DATA / "sample-2020-shangdang-sifaju.txt"
