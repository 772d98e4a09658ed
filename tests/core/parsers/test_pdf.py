"""The PDF reader: ruled and unruled tables, tables across pages, scans that need OCR, broken files."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.errors import ParseError
from gongkai.parsers import detect_format, read
from gongkai.parsers.paragraphs import is_columns, join_wrapped
from gongkai.parsers.pdf import check_inflation, parse_bytes, pdf_lines
from gongkai.renderers import html as html_writer
from gongkai.renderers import pdf as pdf_writer
from tests.core.parsers import hostile
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


def _page_texts(data: bytes) -> list[str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def test_a_table_across_pages_drops_the_header_rows_repeated_on_the_next_page() -> None:
    data = (CORPUS / "pdf-2021-table-across-pages.pdf").read_bytes()
    pages_with_header = sum(1 for text in _page_texts(data) if "申请人情况" in text)
    lines, _ = pdf_lines(data)
    assert pages_with_header >= 2
    assert lines.count("\t申请人情况") == 1


def test_an_unruled_table_is_read_from_the_text_layout() -> None:
    data = (CORPUS / "pdf-2021-unruled.pdf").read_bytes()
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


def test_a_pdf_without_a_text_layer_is_refused_saying_it_needs_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongkai.parsers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    started = time.monotonic()
    with pytest.raises(ParseError) as info:
        read(_scan_pdf(3))
    assert "OCR" in info.value.message_zh
    assert "pip install 'gongkai[ocr]'" in info.value.message_zh
    assert time.monotonic() - started < 5


def test_a_blank_scan_read_by_ocr_says_nothing_was_recognised() -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    with pytest.raises(ParseError) as info:
        read(_scan_pdf(1))
    assert "OCR" in info.value.message_zh


def test_a_pdf_with_some_scanned_pages_warns_that_they_need_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint import HTML

    from gongkai.parsers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
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
    assert detect_format(_png()) == "image"
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
        ("pdf", ("pypdfium2",), _PDF),
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


# --- budgets: hostile files are refused quickly, under a memory limit, without a traceback ---------------

_CLI_UNDER_LIMIT = """
import resource, sys
limit = 1536 * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from gongkai.cli import main
sys.argv = ["gongkai", "parse", sys.argv[1]]
main()
"""


@pytest.mark.parametrize(
    "make", [hostile.million_glyphs, hostile.inflating_stream], ids=["glyphs", "inflate"]
)
def test_a_hostile_pdf_is_refused_by_the_cli_within_20_s_under_a_1_5_gb_limit(
    make: Callable[[], bytes], tmp_path: Path
) -> None:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(make())
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-c", _CLI_UNDER_LIMIT, str(path)], capture_output=True, text=True, timeout=60
    )
    assert time.monotonic() - started < 20
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert "无法读取 PDF" in run.stderr


def test_a_page_with_more_characters_than_the_budget_is_one_parse_error() -> None:
    with pytest.raises(ParseError) as info:
        parse_bytes(hostile.million_glyphs())
    assert "字符过多" in info.value.message_zh


def test_streams_inflating_past_the_budget_are_measured_with_a_cap() -> None:
    with pytest.raises(ParseError) as info:
        check_inflation(hostile.inflating_stream(64 * 2**20), limit=16 * 2**20)
    assert "解压后超过 16 MB" in info.value.message_zh


def test_the_corpus_inflates_well_within_the_budget() -> None:
    for path in CORPUS.glob("*.pdf"):
        assert check_inflation(path.read_bytes()) < 16 * 2**20


def test_a_library_crash_in_the_child_is_one_parse_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import gongkai.parsers.pdf as pdf_reader

    def abort(*args: object) -> None:
        os.abort()

    monkeypatch.setattr(pdf_reader, "_read_text_layer", abort)
    with pytest.raises(ParseError) as info:
        parse_bytes(_PDF)
    assert "内存" in info.value.message_zh


# --- no library output; prose rejoined; running lines and page furniture kept out ------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from gongkai.cli import main; sys.argv[0] = 'gongkai'; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)


def test_gongkai_parse_of_a_pdf_prints_nothing_but_its_own_output(tmp_path: Path) -> None:
    path = tmp_path / "helvetica.pdf"
    path.write_bytes(hostile.text_pdf(b"Annual report of an agency"))
    run = _cli("parse", str(CORPUS / "pdf-2019-sample.pdf"), "-f", "json")
    assert run.returncode == 0
    assert json.loads(run.stdout)["agency"] == "长治市上党区司法局"
    assert run.stderr.strip() == ""
    run = _cli("parse", str(path))
    assert "FontBBox" not in run.stderr + run.stdout
    assert "WARNING" not in run.stderr
    assert "Traceback" not in run.stderr


def test_running_headers_footers_and_page_counts_stay_out_of_the_prose() -> None:
    result = read(CORPUS / "pdf-2021-running-header-footer.pdf")
    prose = "".join(result.report.prose.model_dump().values())
    assert "本机关办公室印发" not in prose
    assert "共 4 页" not in prose and "共4页" not in prose
    assert "年度政府信息公开工作年度报告" not in prose
    assert (result.report.agency, result.report.year) == ("江苏省财政厅", 2023)


def test_a_paragraph_continued_on_the_next_page_is_one_paragraph() -> None:
    prose = read(CORPUS / "pdf-2021-running-header-footer.pdf").report.prose.applications
    assert prose == "本年度依申请公开工作平稳有序。" * 40


def test_justified_prose_of_a_real_report_has_no_gaps_or_breaks_inside_sentences() -> None:
    prose = read(CORPUS / "pdf-2024-huaian-real-unruled.pdf").report.prose.overview
    assert "2024年，市政府网站主动公开各类政府信息5500余条" in prose
    assert "  " not in prose


def test_a_pdf_set_in_radical_code_points_reads_as_the_ideographs() -> None:
    result = read(CORPUS / "pdf-2019-kangxi-radicals.pdf")
    assert "⼀" in "".join(_page_texts((CORPUS / "pdf-2019-kangxi-radicals.pdf").read_bytes()))
    assert result.report.cells == read(CORPUS / "pdf-2019-sample.pdf").report.cells
    assert "⼀" not in "".join(result.report.prose.model_dump().values())


@pytest.mark.parametrize(
    ("line", "columns"),
    [
        ("规章     1     0", True),
        ("（一）主动公开情况。2024     年，市政府网站主动公开各类政", False),
        ("府信息  5500 余条，全年新增公开市政府规章      1 件、市政府及市", False),
        ("行政许可      3      -      4", True),
        ("信息内容        本年新制作数量", True),
    ],
)
def test_justified_prose_is_told_from_aligned_columns(line: str, columns: bool) -> None:
    assert is_columns(line) is columns


@pytest.mark.parametrize(
    "prose",
    [
        {"overview": "山河云路竹桥梅月冬地桥地城。\n泉。\n路。", "problems": "城。\n秋城秋冬兰。\n冬村。"},
        {"problems": "地水村地。\n地水村地。"},
        {
            "overview": "河。\n云。",
            "applications": "天兰梅冬花夏。",
            "appeals": "花。",
            "other": "村江日星水。",
        },
        {
            "problems": "日湖水竹星日花日海泉桥花兰河山海日梅泉地山山。\n风村兰星冬天梅天江泉风月。\n日云河兰春。"
        },
    ],
    ids=["short-after-long", "equal-lines", "one-character", "full-line-ending-a-sentence"],
)
def test_short_paragraphs_are_never_joined(prose: dict[str, str]) -> None:
    from gongkai.model import Prose

    report = read(SAMPLE).report.model_copy(update={"prose": Prose(**prose)})
    assert parse_bytes(pdf_writer.render(report)).report.prose == report.prose
