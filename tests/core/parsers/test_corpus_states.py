"""The corpus, every format: how each cell was printed, the prose where stated, and the text files' cells."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gongkai.parsers import read
from gongkai.parsers.result import ParseResult

CORPUS = Path(__file__).parents[2] / "data" / "corpus"
FILES = sorted(p for ext in ("txt", "html", "docx", "pdf") for p in CORPUS.glob(f"*.{ext}"))


def _expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return data


def _read(path: Path) -> ParseResult:
    return read(path)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_corpus_file_keeps_how_each_cell_was_printed(path: Path) -> None:
    expected = _expected(path)
    printed = {k: {"state": m.state.value, "text": m.text} for k, m in _read(path).report.printed.items()}
    assert printed == expected["printed"]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_corpus_text_yields_its_expected_cells(path: Path) -> None:
    expected = _expected(path)
    result = _read(path)
    report = result.report
    assert (result.format, report.template, report.agency, report.year) == (
        expected["format"],
        expected["template"],
        expected["agency"],
        expected["year"],
    )
    truth = {k: Decimal(v) for k, v in expected["cells"].items()}
    # A flattened row that runs together ambiguously is right when the truth is among its readings.
    excused = {
        k
        for w in result.warnings
        if w.rule == "ambiguous_split" and {c: truth[c] for c in w.cells} in [dict(a) for a in w.alternatives]
        for k in w.cells
    }
    assert {k: v for k, v in report.cells.items() if k not in excused} == {
        k: v for k, v in truth.items() if k not in excused
    }
    assert set(expected["rules"]) <= {w.rule for w in result.warnings}
    assert not [w for w in result.warnings if w.severity == "error"]


@pytest.mark.parametrize("path", [p for p in FILES if "prose" in _expected(p)], ids=lambda p: p.name)
def test_corpus_prose_is_the_reports_own(path: Path) -> None:
    prose = _read(path).report.prose
    for part, text in _expected(path)["prose"].items():
        assert getattr(prose, part) == text, part
