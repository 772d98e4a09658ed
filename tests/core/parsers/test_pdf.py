"""The PDF reader: ruled and unruled tables, tables across pages, scans that need OCR, broken files."""

from __future__ import annotations

import base64
import io
import json
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.errors import ParseError
from gongkai.parsers import detect_format, read
from gongkai.parsers.pdf import join_wrapped, parse_bytes, pdf_lines
from gongkai.renderers import html as html_writer
from gongkai.renderers import pdf as pdf_writer
from tests.core.strategies import valid_reports
from tests.hypo import budget

CORPUS = Path(__file__).parents[2] / "data" / "corpus"
SAMPLE = Path(__file__).parents[2] / "data" / "sample-2020-shangdang-sifaju.txt"


@pytest.mark.parametrize("template", ["2019", "2021"])
@given(data=st.data())
@budget(6, slow=True)
def test_any_valid_report_written_as_pdf_reads_back_the_same_cells_and_prose(
    template: str, data: st.DataObject
) -> None:
    report = data.draw(valid_reports(template))
    result = parse_bytes(pdf_writer.render(report))
    assert result.report.cells == report.cells
    assert result.report.printed == report.printed
    assert (result.report.agency, result.report.year, result.format) == (report.agency, report.year, "pdf")
    assert result.report.prose == report.prose


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.pdf")), ids=lambda p: p.name)
def test_corpus_pdf_yields_its_expected_cells(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    result = read(path)
    assert result.format == "pdf"
    assert (result.report.template, result.report.agency, result.report.year) == (
        expected["template"],
        expected["agency"],
        expected["year"],
    )
    got = {k: result.report.cells.get(k) for k in expected["cells"]}
    assert got == {k: Decimal(v) for k, v in expected["cells"].items()}
    assert set(expected["rules"]) <= {w.rule for w in result.warnings}


def test_a_table_across_pages_drops_the_header_rows_repeated_on_the_next_page() -> None:
    import pdfplumber

    data = (CORPUS / "pdf-2021-table-across-pages.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages_with_header = sum(1 for page in pdf.pages if "申请人情况" in (page.extract_text() or ""))
    lines, _ = pdf_lines(data)
    assert pages_with_header >= 2
    assert lines.count("\t申请人情况") == 1


def test_an_unruled_table_is_read_from_the_text_layout() -> None:
    import pdfplumber

    data = (CORPUS / "pdf-2021-unruled.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert not any(page.find_tables() for page in pdf.pages)
    assert not any(line.startswith("\t") for line in pdf_lines(data)[0])


def _png(width: int = 60, height: int = 40) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 200, 200)).save(out, format="PNG")
    return out.getvalue()


def _scan_pdf(pages: int) -> bytes:
    from PIL import Image

    images = [Image.new("RGB", (595, 842), (255, 255, 255)) for _ in range(pages)]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:])
    return out.getvalue()


def test_a_pdf_without_a_text_layer_is_refused_saying_it_needs_ocr() -> None:
    started = time.monotonic()
    with pytest.raises(ParseError) as info:
        read(_scan_pdf(3))
    assert "OCR" in info.value.message_zh
    assert time.monotonic() - started < 5


def test_a_pdf_with_some_scanned_pages_warns_that_they_need_ocr() -> None:
    from weasyprint import HTML

    report = read(SAMPLE).report
    image = base64.b64encode(_png()).decode()
    page = html_writer.render(report).replace(
        "</main>",
        f'<div style="page-break-before: always"><img src="data:image/png;base64,{image}" alt=""></div></main>',
    )
    result = parse_bytes(HTML(string=page).write_pdf())
    assert result.report.cells == report.cells
    needs_ocr = [w for w in result.warnings if w.rule == "needs_ocr"]
    assert len(needs_ocr) == 1
    assert "OCR" in needs_ocr[0].message_zh


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", b"%PDF-" + bytes(5000)],
    ids=["header-only", "no-pages", "garbage"],
)
def test_a_broken_pdf_is_one_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError):
        parse_bytes(data)


def test_a_truncated_pdf_is_one_parse_error() -> None:
    data = pdf_writer.render(read(SAMPLE).report)
    started = time.monotonic()
    with pytest.raises(ParseError):
        parse_bytes(data[: len(data) // 3])
    assert time.monotonic() - started < 10


def test_a_file_of_another_type_forced_as_pdf_is_one_parse_error() -> None:
    assert detect_format(_png()) == "text"
    with pytest.raises(ParseError):
        read(_png(), format="pdf")


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n" + bytes(300), bytes(range(256)) * 40, b"GIF89a" + bytes(100)]
)
def test_a_file_of_the_wrong_type_is_one_parse_error_whatever_its_name(data: bytes) -> None:
    with pytest.raises(ParseError):
        read(data, source="report.pdf")


@pytest.mark.parametrize(
    ("lines", "margin", "joined"),
    [
        # A wrapped paragraph (first line indented) comes back as one line.
        (["    一二三四", "五六七。", "    八九。"], None, ["    一二三四五六七。", "    八九。"]),
        # One-line paragraphs all indented: the page margin tells they are separate.
        (["    甲。", "    乙。"], 0, ["    甲。", "    乙。"]),
        # Aligned columns of an unruled table are never joined.
        (
            ["规章     1     0", "行政规范性文件     8    26"],
            None,
            ["规章     1     0", "行政规范性文件     8    26"],
        ),
        # A blank line or a table cell ends the paragraph.
        (["  甲乙", "丙", "", "丁"], None, ["  甲乙丙", "", "丁"]),
        (["  甲乙", "\t1", "丙"], None, ["  甲乙", "\t1", "丙"]),
        # Words of Latin script keep their space.
        (["  see page", "two"], None, ["  see page two"]),
    ],
)
def test_wrapped_prose_lines_are_joined_and_tables_left_alone(
    lines: list[str], margin: int | None, joined: list[str]
) -> None:
    assert join_wrapped(lines, margin) == joined


def test_the_sample_prose_reads_back_paragraph_by_paragraph() -> None:
    report = read(SAMPLE).report
    assert parse_bytes(pdf_writer.render(report)).report.prose == report.prose


_PDF = (CORPUS / "pdf-2019-sample.pdf").read_bytes()


@given(
    edits=st.lists(st.tuples(st.integers(0, len(_PDF) - 1), st.integers(0, 255)), min_size=1, max_size=6),
    cut=st.one_of(st.just(len(_PDF)), st.integers(len(_PDF) // 2, len(_PDF))),
)
@budget(15)
def test_a_damaged_pdf_gives_a_result_or_one_parse_error(edits: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(_PDF[:cut])
    for at, value in edits:
        if at < len(data):
            data[at] = value
    try:
        result = parse_bytes(bytes(data))
    except ParseError as exc:
        assert exc.message_zh and exc.message_en
    else:
        assert result.format == "pdf"


@pytest.mark.parametrize(
    ("limit", "value", "words"),
    [("MAX_PAGES", 2, "页数过多"), ("MAX_SECONDS", -1.0, "超时")],
)
def test_page_count_and_reading_time_are_bounded(
    monkeypatch: pytest.MonkeyPatch, limit: str, value: float, words: str
) -> None:
    import gongkai.parsers.pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, limit, value)
    with pytest.raises(ParseError) as info:
        parse_bytes(_PDF)
    assert words in info.value.message_zh


@pytest.mark.parametrize(
    ("fmt", "modules", "data"),
    [
        ("pdf", ("pdfplumber",), _PDF),
        ("docx", ("lxml", "lxml.etree"), (CORPUS / "docx-2019-sample.docx").read_bytes()),
        ("html", ("lxml", "lxml.etree"), (CORPUS / "html-2019-sample-gb2312.html").read_bytes()),
    ],
)
def test_a_missing_library_is_one_parse_error_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch, fmt: str, modules: tuple[str, ...], data: bytes
) -> None:
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ParseError) as info:
        read(data, format=fmt)
    assert "gongkai[formats]" in info.value.message_zh


def test_a_blank_page_is_not_taken_for_a_scan() -> None:
    from weasyprint import HTML

    report = read(SAMPLE).report
    page = html_writer.render(report).replace(
        "</main>", '<div style="page-break-before: always">&nbsp;</div></main>'
    )
    result = parse_bytes(HTML(string=page).write_pdf())
    assert result.report.cells == report.cells
    assert "needs_ocr" not in {w.rule for w in result.warnings}
