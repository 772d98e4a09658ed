"""The DOCX reader: document order, merged cells, tables continued on the next page, hostile zips."""

from __future__ import annotations

import io
import json
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.errors import ParseError
from gongkai.model import Report
from gongkai.parsers import detect_format, read
from gongkai.parsers.docx import docx_lines, parse_bytes
from gongkai.renderers import docx as docx_writer
from gongkai.renderers.text import render as render_text
from tests.core.strategies import reports, valid_reports
from tests.hypo import budget

CORPUS = Path(__file__).parents[2] / "data" / "corpus"
SAMPLE = Path(__file__).parents[2] / "data" / "sample-2020-shangdang-sifaju.txt"


def _sample_docx() -> bytes:
    return docx_writer.render(read(SAMPLE).report)


@pytest.mark.parametrize("template", ["2019", "2021"])
@given(data=st.data())
@budget(12, slow=True)
def test_any_valid_report_written_as_docx_reads_back_the_same_cells_and_prose(
    template: str, data: st.DataObject
) -> None:
    report = data.draw(valid_reports(template))
    result = parse_bytes(docx_writer.render(report))
    assert result.report.cells == report.cells
    assert result.report.printed == report.printed
    assert (result.report.agency, result.report.year, result.format) == (report.agency, report.year, "docx")
    assert result.report.prose == report.prose


@given(report=valid_reports())
@budget(10, slow=True)
def test_docx_tables_copy_to_exactly_the_canonical_text_layout(report: Report) -> None:
    copied = docx_lines(docx_writer.render(report))
    canonical = render_text(report).splitlines()
    assert [ln for ln in copied if ln] == [ln for ln in canonical if ln]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.docx")), ids=lambda p: p.name)
def test_corpus_document_yields_its_expected_cells(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    result = read(path)
    assert result.format == "docx"
    assert (result.report.template, result.report.agency, result.report.year) == (
        expected["template"],
        expected["agency"],
        expected["year"],
    )
    got = {k: result.report.cells.get(k) for k in expected["cells"]}
    assert got == {k: Decimal(v) for k, v in expected["cells"].items()}
    assert set(expected["rules"]) <= {w.rule for w in result.warnings}


def test_a_table_continued_on_the_next_page_reads_as_one_table() -> None:
    lines = docx_lines((CORPUS / "docx-2021-continued-on-next-page.docx").read_bytes())
    # Two tables for part 三, the second repeating the header rows.
    assert sum(1 for ln in lines if ln == "\t申请人情况") == 2


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_a_truncated_docx_is_one_parse_error(keep: float) -> None:
    data = _sample_docx()
    with pytest.raises(ParseError) as info:
        parse_bytes(data[: int(len(data) * keep)])
    assert "Word" in info.value.message_zh


def _zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_decompressing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            block = b"\0" * (1024 * 1024)
            for _ in range(256):  # 256 MB of zeros in a few hundred KB
                entry.write(block)
    assert path.stat().st_size < 2 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ParseError) as info:
        read(path)
    assert "压缩" in info.value.message_zh
    assert time.monotonic() - started < 2


def test_a_zip_whose_header_understates_the_size_cannot_inflate() -> None:
    data = bytearray(_zip({"word/document.xml": b"<w:document/>" * 100_000}))
    # Patch the central directory's uncompressed size (offset 24 in the record) down to 100 bytes.
    at = data.rfind(b"PK\x01\x02")
    data[at + 24 : at + 28] = (100).to_bytes(4, "little")
    with pytest.raises(ParseError):
        parse_bytes(bytes(data))


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ({"xl/workbook.xml": b"<workbook/>"}, "不是 Word"),
        ({"word/document.xml": b"<w:document"}, "XML"),
        ({f"f{i}.xml": b"" for i in range(2500)}, "条目过多"),
    ],
    ids=["xlsx-like", "broken-xml", "too-many-entries"],
)
def test_a_zip_that_is_not_a_word_document_is_one_parse_error(entries: dict[str, bytes], words: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_bytes(_zip(entries))
    assert words in info.value.message_zh


def test_xml_entities_are_not_expanded() -> None:
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(b'<!ENTITY %s "%s">' % (f"e{i}".encode(), (f"&e{i - 1};" if i else "&a;").encode() * 10) for i in range(9))
        + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&e8;</w:t></w:r></w:p></w:body></w:document>"
    )  # fmt: skip
    started = time.monotonic()
    try:
        lines = docx_lines(_zip({"word/document.xml": lol}))
    except ParseError:
        lines = []
    assert sum(len(ln) for ln in lines) < 1_000_000
    assert time.monotonic() - started < 2


def test_docx_is_detected_from_content_and_wrong_types_are_one_parse_error() -> None:
    assert detect_format(_sample_docx()) == "docx"
    with pytest.raises(ParseError):
        read(b"%PDF-1.4 not really", format="docx")


_DOCX = docx_writer.render(read(SAMPLE).report)


def test_a_broken_deflate_stream_is_one_parse_error() -> None:
    archive = zipfile.ZipFile(io.BytesIO(_DOCX))
    info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data = bytearray(_DOCX)
    data[start : start + 16] = bytes(16)  # zeroes where the compressed text begins: zlib refuses the stream
    with pytest.raises(ParseError):
        parse_bytes(bytes(data))


@given(
    edits=st.lists(st.tuples(st.integers(0, len(_DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.integers(100, len(_DOCX)),
)
@budget(60)
def test_a_damaged_docx_gives_a_result_or_one_parse_error(edits: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(_DOCX[:cut])
    for at, value in edits:
        if at < len(data):
            data[at] = value
    try:
        result = parse_bytes(bytes(data))
    except ParseError as exc:
        assert exc.message_zh and exc.message_en
    else:
        assert result.format == "docx"


def _with_document_xml(xml: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_DOCX)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, xml if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


_XML = zipfile.ZipFile(io.BytesIO(_DOCX)).read("word/document.xml")


@given(
    edits=st.lists(st.tuples(st.integers(0, len(_XML) - 1), st.binary(max_size=16)), min_size=1, max_size=6)
)
@budget(40)
def test_a_damaged_document_xml_gives_a_result_or_one_parse_error(edits: list[tuple[int, bytes]]) -> None:
    xml = _XML
    for at, chunk in edits:
        xml = xml[:at] + chunk + xml[at + len(chunk) // 2 :]
    try:
        result = parse_bytes(_with_document_xml(xml))
    except ParseError as exc:
        assert exc.message_zh and exc.message_en
    else:
        assert result.format == "docx"


def test_an_old_binary_word_file_is_refused_asking_for_docx() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    assert detect_format(ole2) == "docx"
    with pytest.raises(ParseError) as info:
        read(ole2, source="report.doc")
    assert ".docx" in info.value.message_zh


@given(report=reports())
@budget(10, slow=True)
def test_any_report_even_one_that_does_not_balance_reads_back_as_docx(report: Report) -> None:
    back = parse_bytes(docx_writer.render(report)).report
    assert (back.cells, back.printed) == (report.cells, report.printed)
