"""The PDF reader's warm worker: one limited process reads file after file, and is replaced after a failure."""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path

import pytest

from gongkai.errors import ParseError
from gongkai.parsers import pdf_worker, read
from gongkai.parsers.pdf import parse_bytes
from tests.core.parsers import hostile

CORPUS = Path(__file__).parents[2] / "data" / "corpus"
PDF = (CORPUS / "pdf-2021-word-export-dashes.pdf").read_bytes()

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the worker needs os.fork (POSIX)")


def _worker_pid() -> int | None:
    worker = pdf_worker._WORKER
    return worker.process.pid if worker is not None and worker.alive() else None


def test_consecutive_pdfs_are_read_by_the_same_worker_process() -> None:
    first = read(PDF).report.cells
    pid = _worker_pid()
    assert pid is not None and pid != os.getpid()
    assert read(PDF).report.cells == first
    assert _worker_pid() == pid


def test_a_refused_pdf_ends_the_worker_and_the_next_file_reads_in_a_new_one() -> None:
    read(PDF)
    pid = _worker_pid()
    with pytest.raises(ParseError) as info:
        parse_bytes(hostile.million_glyphs())
    assert "字符过多" in info.value.message_zh
    assert _worker_pid() is None
    assert read(PDF).report.cells
    assert _worker_pid() not in (None, pid)


def test_a_library_crash_in_the_worker_is_one_parse_error_and_the_next_job_runs() -> None:
    with pytest.raises(ParseError) as info:
        pdf_worker.run_warm(partial(os.abort), memory=2**30, seconds=10.0, what=(" PDF", "the PDF"))
    assert "内存" in info.value.message_zh
    assert pdf_worker.run_warm(partial(len, b"abc"), memory=2**30, seconds=10.0, what=("", "")) == 3


def test_a_job_past_its_time_is_killed_and_refused_as_a_timeout() -> None:
    started = time.monotonic()
    with pytest.raises(ParseError) as info:
        pdf_worker.run_warm(partial(time.sleep, 30), memory=2**30, seconds=0.5, what=(" PDF", "the PDF"))
    assert "超时" in info.value.message_zh
    assert time.monotonic() - started < 10
    assert pdf_worker.run_warm(partial(len, b"ab"), memory=2**30, seconds=10.0, what=("", "")) == 2


def test_a_job_that_cannot_be_pickled_runs_in_a_forked_child_instead() -> None:
    parent = os.getpid()
    assert pdf_worker.run_warm(lambda: os.getppid() == parent, memory=2**30, seconds=10.0, what=("", ""))


def test_a_worker_gone_between_jobs_is_replaced() -> None:
    pdf_worker.run_warm(partial(len, b""), memory=2**30, seconds=10.0, what=("", ""))
    worker = pdf_worker._WORKER
    assert worker is not None
    pid = worker.process.pid
    worker.process.kill()
    worker.process.wait()
    assert pdf_worker.run_warm(partial(len, b"a"), memory=2**30, seconds=10.0, what=("", "")) == 1
    assert _worker_pid() not in (None, pid)
