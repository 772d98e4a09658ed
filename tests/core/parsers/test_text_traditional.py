"""Reports mirrored in traditional script (繁體) read as their simplified text, with a finding saying so."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from hypothesis import given

from gongkai.model import Report
from gongkai.parsers import read
from gongkai.parsers.script import is_traditional
from gongkai.parsers.text import parse_text
from gongkai.renderers.text import render
from tests.core.parsers.flatten import flatten
from tests.core.strategies import valid_reports
from tests.hypo import budget

DATA = Path(__file__).parents[2] / "data"
SIMPLIFIED = sorted([*DATA.glob("*.txt"), *DATA.glob("samples/*.txt")])


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
@pytest.mark.parametrize("path", SIMPLIFIED, ids=lambda p: p.name)
def test_a_real_report_in_traditional_script_reads_the_same_cells(path: Path, config: str) -> None:
    text = path.read_text(encoding="utf-8")
    simplified = parse_text(text)
    traditional = parse_text(opencc.OpenCC(config).convert(text))
    assert traditional.report.cells == simplified.report.cells
    assert traditional.report.printed == simplified.report.printed
    assert (traditional.report.agency, traditional.report.year) == (
        simplified.report.agency,
        simplified.report.year,
    )
    assert [w.rule for w in traditional.warnings] == ["traditional_script"] + [
        w.rule for w in simplified.warnings
    ]


@budget(10, slow=True)
@given(valid_reports())
def test_any_report_in_traditional_script_reads_back(report: Report) -> None:
    back = parse_text(opencc.OpenCC("s2t").convert(render(report))).report
    assert (back.cells, back.printed, back.prose) == (report.cells, report.printed, report.prose)


def test_a_flattened_traditional_page_reads_like_the_simplified_one() -> None:
    text = (DATA / "samples" / "pingtan-2024-flattened.txt").read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t").convert(flatten(text))
    assert parse_text(traditional).report.cells == parse_text(flatten(text)).report.cells


@pytest.mark.parametrize("path", SIMPLIFIED, ids=lambda p: p.name)
def test_simplified_text_is_never_converted(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not is_traditional(text)
    assert "traditional_script" not in {w.rule for w in read(path).warnings}
