"""gongkai.sandbox: untrusted work in a child with memory and CPU limits; every failure one ParseError."""

from __future__ import annotations

import os

import pytest

from gongkai.errors import ParseError
from gongkai.sandbox import Limits, read_untrusted, run_limited
from tests import hostile


def _allocate(n: int) -> int:
    return len(bytearray(n))


def _spin() -> None:
    while True:
        pass


def _pid() -> int:
    return os.getpid()


def test_the_work_runs_in_another_process_and_its_result_comes_back() -> None:
    assert run_limited(_pid) != os.getpid()
    assert run_limited(_allocate, 1000) == 1000


def test_work_past_its_memory_is_one_parse_error_naming_the_limit() -> None:
    with pytest.raises(ParseError) as info:
        run_limited(_allocate, 3 * 2**30, limits=Limits(memory=256 * 2**20, seconds=10))
    assert "256 MB" in info.value.message_zh


def test_work_past_its_time_is_one_parse_error() -> None:
    with pytest.raises(ParseError) as info:
        run_limited(_spin, limits=Limits(seconds=1, wall=2))
    assert "超时" in info.value.message_zh


def test_a_reader_refusal_comes_back_as_its_own_parse_error() -> None:
    with pytest.raises(ParseError) as info:
        read_untrusted(hostile.html_attributes(), source="x.html")
    assert "属性过多" in info.value.message_zh


def test_a_pdf_read_in_the_sandbox_forks_its_own_reader_child_and_gives_the_report() -> None:
    from pathlib import Path

    sample = Path(__file__).parents[1] / "data" / "corpus" / "pdf-2019-sample.pdf"
    result = read_untrusted(sample.read_bytes(), source="sample.pdf")
    assert result.format == "pdf"
    assert result.report.cells
