"""The readers' budgets (gongkai/parsers/budgets.py): every hostile file of issue 14 is one ParseError naming
its limit, and ``gongkai parse`` refuses each under a 1.5 GB address-space limit without a traceback."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from gongkai.errors import ParseError
from gongkai.parsers import budgets, read
from gongkai.parsers.docx import parse_bytes as docx_parse
from gongkai.parsers.html import html_lines
from gongkai.parsers.xlsx import check_workbook, sheet_rows
from tests import hostile

CORPUS = Path(__file__).parents[2] / "data" / "corpus"


def test_a_damaged_deflate_stream_in_the_sample_docx_is_one_parse_error() -> None:
    with pytest.raises(ParseError) as info:
        docx_parse(hostile.docx_damaged_deflate())
    assert "已损坏" in info.value.message_zh


def test_a_zip_whose_header_lies_about_its_size_is_read_in_bounded_chunks_and_refused() -> None:
    # Inflated 64 KB at a time up to the size the header declares; the CRC then tells the lie.
    with pytest.raises(ParseError) as info:
        docx_parse(hostile.zip_lying_header(64 * 2**20))
    assert "已损坏" in info.value.message_zh


def test_a_member_is_read_at_most_to_its_limit() -> None:
    archive = zipfile.ZipFile(io.BytesIO(hostile.xlsx_shared_strings(8 * 2**20)))
    with pytest.raises(ParseError) as info:
        budgets.read_member(archive, "xl/sharedStrings.xml", ("文件", "the file"), limit=2**20)
    assert "超过 1 MB" in info.value.message_zh


def test_a_member_within_its_limit_is_read_whole() -> None:
    data = hostile.raw_zip([("a.xml", *_deflate(b"<a/>" * 1000))])
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert budgets.read_member(archive, "a.xml", ("文件", "the file")) == b"<a/>" * 1000


def _deflate(data: bytes) -> tuple[bytes, int, int, int]:
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    return deflater.compress(data) + deflater.flush(), 8, zlib.crc32(data), len(data)


def test_a_document_xml_past_its_budget_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(ParseError) as info:
        docx_parse(hostile.docx_huge_document(32 * 2**20))
    assert "Word" in info.value.message_zh


def test_a_zip_of_200k_entries_is_refused_counting_signatures() -> None:
    with pytest.raises(ParseError) as info:
        docx_parse(hostile.many_entries(5_000))
    assert "条目过多" in info.value.message_zh


def test_an_element_with_200k_attributes_is_refused_before_libxml2() -> None:
    with pytest.raises(ParseError) as info:
        html_lines(hostile.html_attributes())
    assert f"属性过多（上限 {budgets.MAX_ATTRIBUTES} 个）" in info.value.message_zh


def test_an_element_with_a_few_long_attributes_is_read() -> None:
    page = b'<html><body><p><img src="data:image/png;base64,' + b"A" * 20_000 + b'=="> x</p></body></html>'
    assert html_lines(page) == ["x"]


def test_markup_with_more_elements_than_the_budget_is_refused() -> None:
    with pytest.raises(ParseError) as info:
        budgets.check_markup(b"<a>" * 1001, ("网页", "the page"), max_elements=1000)
    assert "元素过多" in info.value.message_zh


def test_50k_nested_divs_in_a_page_are_one_parse_error_naming_the_depth() -> None:
    with pytest.raises(ParseError) as info:
        read(hostile.html_nested(), format="html")
    assert f"嵌套过深（上限 {budgets.MAX_DEPTH} 层）" in info.value.message_zh


def test_a_workbook_whose_shared_strings_expand_to_a_gigabyte_is_refused() -> None:
    with pytest.raises(ParseError) as info:
        check_workbook(hostile.xlsx_shared_strings(256 * 2**20))
    assert "疑似压缩炸弹" in info.value.message_zh


def test_a_zip_that_is_not_a_workbook_is_refused_as_one() -> None:
    with pytest.raises(ParseError) as info:
        sheet_rows(hostile.archive("zip"))
    assert "不是 .xlsx" in info.value.message_zh


def test_an_honest_workbook_gives_its_rows() -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["a", "b"])
    wb.active.append([1, "二"])
    buf = io.BytesIO()
    wb.save(buf)
    assert sheet_rows(buf.getvalue()) == [("a", "b"), (1, "二")]


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("docx", (CORPUS / "docx-2019-sample.docx").read_bytes()),
        ("zip", hostile.archive("zip")),
    ],
    ids=["docx", "plain-zip"],
)
def test_a_zip_is_told_by_its_structure(kind: str, data: bytes) -> None:
    assert budgets.zip_kind(data) == kind


def test_a_zip_bomb_looking_like_a_docx_is_refused_by_its_inflated_size() -> None:
    with pytest.raises(ParseError) as info:
        budgets.zip_kind(hostile.zip_bomb(128 * 2**20))
    assert "压缩炸弹" in info.value.message_zh


# --- the CLI on every hostile file, under a 1.5 GB address-space limit -------------------------------

_CLI_UNDER_LIMIT = """
import resource, sys
limit = 1_500_000_000
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from gongkai.cli import main
sys.argv = ["gongkai", "parse", sys.argv[1]]
main()
"""


@pytest.mark.parametrize("name", sorted(hostile.FILES))
def test_every_hostile_file_is_refused_by_the_cli_under_a_1_5_gb_limit_without_a_traceback(
    name: str, tmp_path: Path
) -> None:
    make: Callable[[], bytes]
    make, suffix = hostile.FILES[name]
    path = tmp_path / f"{name}{suffix}"
    path.write_bytes(make())
    # The 20 s is measured in bench (docs/benchmarks.md, "hostile files"); the timeout only keeps a hang out.
    run = subprocess.run(
        [sys.executable, "-c", _CLI_UNDER_LIMIT, str(path)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode != 0
    assert "Traceback" not in run.stderr + run.stdout
    assert "无法读取" in run.stdout + run.stderr or "不是年报" in run.stdout + run.stderr


def test_text_past_the_character_budget_is_refused_before_reading() -> None:
    with pytest.raises(ParseError) as info:
        read("1 2 3\n" * (budgets.MAX_TEXT_CHARS // 6 + 1))
    assert f"上限为 {budgets.MAX_TEXT_CHARS} 个字符" in info.value.message_zh
