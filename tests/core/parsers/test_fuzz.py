"""Every reader under mutated input (bounded hypothesis runs): a result or one ParseError, nothing else.

The longer run is bench/fuzz.py (up to 10^6 inputs); these keep the property in the suite.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.errors import ParseError
from gongkai.parsers import budgets, read
from gongkai.parsers.xlsx import sheet_rows
from tests.hypo import budget

CORPUS = Path(__file__).parents[2] / "data" / "corpus"


def _first(pattern: str) -> bytes:
    return sorted(CORPUS.glob(pattern))[0].read_bytes()


SEEDS = {
    "text": _first("txt-*.txt"),
    "html": _first("html-*.html"),
    "docx": _first("docx-*.docx"),
    "pdf": _first("pdf-2019-sample.pdf"),
}

edits = st.lists(
    st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=0, max_size=8)), min_size=1, max_size=6
)


def _apply(data: bytes, changes: list[tuple[float, bytes]], cut: float) -> bytes:
    out = bytearray(data)
    for where, insert in changes:
        at = int(where * len(out))
        out[at : at + len(insert) or at + 1] = insert
    return bytes(out[: max(1, int(cut * len(out)))])


def _one_outcome(reader: Callable[[bytes], Any], data: bytes) -> None:
    try:
        reader(data)
    except ParseError as exc:
        assert exc.message_zh and exc.message_en


@pytest.mark.parametrize("fmt", ["text", "html", "docx"])
@budget(60, slow=True)
@given(changes=edits, cut=st.floats(0.05, 1))
def test_a_mutated_file_gives_a_result_or_one_parse_error(
    fmt: str, changes: list[tuple[float, bytes]], cut: float
) -> None:
    _one_outcome(lambda d: read(d, format=fmt), _apply(SEEDS[fmt], changes, cut))


@budget(16, slow=True)
@given(changes=edits, cut=st.floats(0.05, 1))
def test_a_mutated_pdf_gives_a_result_or_one_parse_error(
    changes: list[tuple[float, bytes]], cut: float
) -> None:
    _one_outcome(lambda d: read(d, format="pdf"), _apply(SEEDS["pdf"], changes, cut))


def _rezip(data: bytes, name: str, body: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    members[name] = body
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, b in members.items():
            archive.writestr(n, b)
    return buf.getvalue()


@budget(40, slow=True)
@given(changes=edits)
def test_a_docx_with_a_mutated_document_xml_gives_a_result_or_one_parse_error(
    changes: list[tuple[float, bytes]],
) -> None:
    with zipfile.ZipFile(io.BytesIO(SEEDS["docx"])) as archive:
        xml = archive.read("word/document.xml")
    _one_outcome(
        lambda d: read(d, format="docx"), _rezip(SEEDS["docx"], "word/document.xml", _apply(xml, changes, 1))
    )


def _workbook() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for i in range(20):
        ws.append([f"办公设备{i}", "2023-03-01", i * 1.5])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_XLSX = _workbook()


@budget(40, slow=True)
@given(
    changes=edits,
    member=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"]),
)
def test_a_mutated_workbook_gives_rows_or_one_parse_error(
    changes: list[tuple[float, bytes]], member: str
) -> None:
    with zipfile.ZipFile(io.BytesIO(_XLSX)) as archive:
        xml = archive.read(member)
    _one_outcome(sheet_rows, _rezip(_XLSX, member, _apply(xml, changes, 1)))


@budget(40)
@given(changes=edits, cut=st.floats(0.05, 1))
def test_a_mutated_zip_is_told_apart_or_one_parse_error(
    changes: list[tuple[float, bytes]], cut: float
) -> None:
    _one_outcome(budgets.zip_kind, _apply(SEEDS["docx"], changes, cut))


@budget(60)
@given(st.binary(max_size=2048))
def test_any_bytes_give_a_result_or_one_parse_error(data: bytes) -> None:
    _one_outcome(read, data)
