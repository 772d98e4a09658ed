"""The HTML reader: merged cells copied as Word copies them, encodings, page chrome, and hostile pages."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.errors import ParseError
from gongkai.model import Report
from gongkai.parsers import detect_format, read
from gongkai.parsers._layout import SourceCell, clean_cell, table_lines
from gongkai.parsers.html import declared_charset, html_lines, parse_bytes
from gongkai.renderers import html as html_writer
from gongkai.renderers.text import render as render_text
from tests.core.strategies import reports, valid_reports
from tests.hypo import budget

CORPUS = Path(__file__).parents[2] / "data" / "corpus"
SAMPLE = Path(__file__).parents[2] / "data" / "sample-2020-shangdang-sifaju.txt"


def _sample() -> Report:
    return read(SAMPLE).report


def _collapse_blank_runs(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return out


@pytest.mark.parametrize("template", ["2019", "2021"])
@given(data=st.data())
@budget(20, slow=True)
def test_any_valid_report_written_as_html_reads_back_the_same_cells_and_prose(
    template: str, data: st.DataObject
) -> None:
    report = data.draw(valid_reports(template))
    result = parse_bytes(html_writer.render(report).encode())
    assert result.report.cells == report.cells
    assert result.report.printed == report.printed
    assert (result.report.agency, result.report.year, result.format) == (report.agency, report.year, "html")
    assert result.report.prose == report.prose


@given(report=valid_reports())
@budget(15, slow=True)
def test_html_tables_copy_to_exactly_the_canonical_text_layout(report: Report) -> None:
    copied = html_lines(html_writer.render(report).encode())
    canonical = render_text(report).splitlines()
    # Paragraph spacing differs (a heading is its own block); every table line and its order do not.
    assert [ln for ln in copied if ln] == [ln for ln in canonical if ln]
    assert _collapse_blank_runs(copied)[2:] == _collapse_blank_runs(canonical)[3:]


@pytest.mark.parametrize(
    ("rows", "lines"),
    [
        # colspan: the cell once, where it starts.
        ([[SourceCell("a", colspan=3)], [SourceCell("1"), SourceCell("2"), SourceCell("3")]],
         ["\ta", "", "\t1", "\t2", "\t3", ""]),
        # rowspan: the cell where it starts, an empty cell in each row below.
        ([[SourceCell("g", rowspan=2), SourceCell("x")], [SourceCell("y")]],
         ["\tg", "\tx", "", "\t", "\ty", ""]),
        # rowspan in the middle of a row keeps its place.
        ([[SourceCell("a"), SourceCell("m", rowspan=2), SourceCell("b")], [SourceCell("c"), SourceCell("d")]],
         ["\ta", "\tm", "\tb", "", "\tc", "\t", "\td", ""]),
        # a block merged both ways: one empty cell per row below, however wide.
        ([[SourceCell("n", rowspan=2, colspan=2), SourceCell("h")], [SourceCell("v")]],
         ["\tn", "\th", "", "\t", "\tv", ""]),
        # rowspan=0 runs to the last row.
        ([[SourceCell("z", rowspan=0), SourceCell("1")], [SourceCell("2")], [SourceCell("3")]],
         ["\tz", "\t1", "", "\t", "\t2", "", "\t", "\t3", ""]),
        # a rowspan past the end of the table is clamped.
        ([[SourceCell("q", rowspan=9), SourceCell("1")]], ["\tq", "\t1", ""]),
    ],
)  # fmt: skip
def test_merged_cells_are_copied_as_word_copies_them(rows: list[list[SourceCell]], lines: list[str]) -> None:
    assert table_lines(rows) == lines


_SPANS = st.sampled_from([None, "0", "1", "2", "3", "9", "x", " 2"])
_CELL = st.tuples(st.sampled_from(["", "7", "a b", "标 签", "\u3000"]), _SPANS, _SPANS)


@given(st.lists(st.lists(_CELL, max_size=5), min_size=1, max_size=6))
@budget(150)
def test_the_html_tables_fast_copy_is_the_general_copy(
    rows: list[list[tuple[str, str | None, str | None]]],
) -> None:
    # The reader copies tables whose merged cells do not overlap in one pass over the cells; any table
    # (overlapping, clamped or zero spans included) must come out exactly as table_lines copies it.
    def attrs(rowspan: str | None, colspan: str | None) -> str:
        return "".join(
            f' {name}="{value}"' for name, value in (("rowspan", rowspan), ("colspan", colspan)) if value
        )

    page = "".join(
        "<tr>" + "".join(f"<td{attrs(rs, cs)}>{text}</td>" for text, rs, cs in row) + "</tr>" for row in rows
    )

    def span(raw: str | None) -> int:
        digits = (raw or "1").strip()
        return int(digits[0]) if digits[:1].isdigit() else 1

    cells = [[SourceCell(text, span(rs), span(cs)) for text, rs, cs in row] for row in rows]
    assert html_lines(f"<html><body><table>{page}</table></body></html>".encode()) == table_lines(cells)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("本年新收政府\n  信息公开申请数量", "本年新收政府信息公开申请数量"),
        ("\u3000 30.3861 万元 ", "30.3861万元"),
        ("1,234", "1,234"),
        ("", ""),
        ("\u00a0", ""),
    ],
)
def test_cell_text_is_one_line_without_wrapping_spaces(raw: str, clean: str) -> None:
    assert clean_cell(raw) == clean


def _corpus(ext: str) -> list[Path]:
    return sorted(p for p in CORPUS.glob(f"*.{ext}"))


def test_the_corpus_has_at_least_a_dozen_files_each_with_expected_cells() -> None:
    files = [p for ext in ("html", "docx", "pdf") for p in _corpus(ext)]
    assert len(files) >= 12
    for path in files:
        assert path.with_suffix(".expected.json").exists(), path.name


@pytest.mark.parametrize("path", _corpus("html"), ids=lambda p: p.name)
def test_corpus_page_yields_its_expected_cells(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    result = read(path)
    assert result.format == expected["format"]
    assert (result.report.template, result.report.agency, result.report.year) == (
        expected["template"],
        expected["agency"],
        expected["year"],
    )
    got = {k: result.report.cells.get(k) for k in expected["cells"]}
    assert got == {k: Decimal(v) for k, v in expected["cells"].items()}
    assert set(expected["rules"]) <= {w.rule for w in result.warnings}


@pytest.mark.parametrize(
    ("head", "charset"),
    [
        (b'<meta charset="GB2312">', "gb18030"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=gbk">', "gb18030"),
        (b"<meta charset='utf-8'>", "utf-8"),
        (b'<?xml version="1.0" encoding="GB18030"?>', "gb18030"),
        (b"<meta name=description content=x>", None),
    ],
)
def test_declared_charset_is_found_and_gb_names_widen_to_gb18030(head: bytes, charset: str | None) -> None:
    page = head + b"<html><head></head>" if head.startswith(b"<?xml") else b"<html><head>" + head + b"</head>"
    assert declared_charset(page) == charset


def _page(body: str) -> str:
    report = _sample()
    return html_writer.render(report).replace("<main>", "<main>" + body)


@pytest.mark.parametrize(
    ("encoding", "declare"),
    [
        ("utf-8", ""),
        ("gbk", ""),
        ("gb18030", ""),
        ("gbk", '<meta charset="gb2312">'),
        ("gb18030", '<meta charset="gbk">'),
        ("utf-8", '<meta charset="gbk">'),  # a wrong declaration: the bytes do not decode, UTF-8 is tried
    ],
)
def test_pages_in_any_chinese_encoding_are_read(encoding: str, declare: str) -> None:
    page = _page("").replace('<meta charset="utf-8">', declare)
    result = parse_bytes(page.encode(encoding))
    assert result.report.agency == "长治市上党区司法局"
    assert result.report.cells["proactive.procurement.amount"] == Decimal("30.3861")


def test_scripts_styles_and_comments_are_ignored() -> None:
    noise = (
        "<script>document.write('一、总体情况 99999');</script><style>p{color:red}</style>"
        "<!-- 三、本年度办理结果 7777 --><noscript>8888</noscript>"
    )
    lines = html_lines(_page(noise).encode())
    assert not any(s in line for line in lines for s in ("99999", "7777", "8888", "color"))


def test_a_layout_table_around_the_report_is_read_as_blocks() -> None:
    inner = html_writer.render(_sample()).split("<main>")[1].split("</main>")[0]
    page = f"<html><body><table><tr><td>导航</td></tr><tr><td>{inner}</td></tr></table></body></html>"
    result = parse_bytes(page.encode())
    assert result.report.cells == _sample().cells


def test_a_50_mb_page_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    row = b"<tr><td>1</td><td>2</td></tr>\n"
    with path.open("wb") as out:
        out.write(b"<html><body><table>")
        out.write(row * (50 * 1024 * 1024 // len(row)))
        out.write(b"</table></body></html>")
    started = time.monotonic()
    with pytest.raises(ParseError) as info:
        read(path)
    assert "过大" in info.value.message_zh
    with pytest.raises(ParseError):
        parse_bytes(path.read_bytes())
    assert time.monotonic() - started < 5


def test_deeply_nested_markup_is_bounded() -> None:
    page = b"<html><body>" + b"<div>" * 200_000 + b"x" + b"</div>" * 200_000 + b"</body></html>"
    started = time.monotonic()
    with pytest.raises(ParseError):
        parse_bytes(page)
    assert time.monotonic() - started < 10


def test_a_huge_colspan_is_clamped_not_allocated() -> None:
    page = _page('<table><tr><td colspan="99999999" rowspan="99999999">x</td></tr></table>')
    result = parse_bytes(page.encode())
    assert result.report.agency == "长治市上党区司法局"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<html><body></body></html>",
        "<html><body><p>你好</p></body></html>".encode(),
        b"\x89PNG\r\n\x1a\n" + bytes(200),
    ],
    ids=["empty", "empty-body", "no-report", "png"],
)
def test_a_page_without_a_report_is_one_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError):
        parse_bytes(data)


def test_html_is_detected_from_content_without_a_file_name() -> None:
    assert detect_format(html_writer.render(_sample()).encode()) == "html"
    assert detect_format(b"<!-- saved page -->\n<html><body></body></html>") == "html"


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"\xef\xbb\xbf<!DOCTYPE html><html><body></body></html>", "html"),
        (
            b"<head><script>" + b"var a = 1;\n" * 1000 + b"</script></head><body><table></table></body>",
            "html",
        ),
        (b"<meta charset=gbk><title>x</title>", "html"),
        (b"\n\n  <!-- saved by a browser -->\n<div>x</div>", "html"),
        (b"junk before the header\r\n%PDF-1.4\n", "pdf"),
        ("一、总体情况\n本年度……".encode(), "text"),
        (b"x < y and y > z", "text"),
    ],
    ids=["bom", "long-head", "meta-first", "comment-first", "pdf-after-junk", "text", "text-with-angles"],
)
def test_format_is_detected_from_content(data: bytes, fmt: str) -> None:
    assert detect_format(data) == fmt


_PAGE = html_writer.render(_sample()).encode()


@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(_PAGE) - 1), st.binary(max_size=12)), min_size=1, max_size=10
    ),
)
@budget(80)
def test_a_damaged_page_gives_a_result_or_one_parse_error(edits: list[tuple[int, bytes]]) -> None:
    data = _PAGE
    for at, chunk in edits:
        data = data[:at] + chunk + data[at + len(chunk) // 2 :]
    try:
        result = parse_bytes(data)
    except ParseError as exc:
        assert exc.message_zh and exc.message_en
    else:
        assert result.format == "html"


@given(report=reports())
@budget(15, slow=True)
def test_any_report_even_one_that_does_not_balance_reads_back_as_html(report: Report) -> None:
    # Numbers that break the row identities are read as printed, never bent to balance.
    back = parse_bytes(html_writer.render(report).encode()).report
    assert (back.cells, back.printed) == (report.cells, report.printed)
