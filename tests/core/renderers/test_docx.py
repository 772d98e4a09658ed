"""The DOCX writer: 公文 page and fonts, page numbers, and the template's merged table headers."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Mm

from gongkai.model import Report
from gongkai.parsers import read
from gongkai.renderers import docx as docx_writer
from gongkai.renderers import render
from gongkai.templates import get_template

SAMPLE = Path(__file__).parents[2] / "data" / "sample-2020-shangdang-sifaju.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _report(template: str) -> Report:
    if template == "2019":
        return read(SAMPLE).report
    return Report.empty(agency="江苏省财政厅", year=2023, template="2021")


def _document(template: str) -> docx.document.Document:
    return docx.Document(io.BytesIO(docx_writer.render(_report(template))))


def test_page_is_a4_with_official_document_margins() -> None:
    section = _document("2019").sections[0]
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    measured += [section.left_margin, section.right_margin]
    # Word stores twentieths of a point, so millimetres come back within a hundredth of a millimetre.
    assert [round(value / Mm(1), 1) for value in measured] == [210, 297, 37, 35, 28, 26]


def _east_asian_font(run: docx.text.run.Run) -> str:
    return run._r.rPr.rFonts.get(f"{W}eastAsia")


def test_title_is_centred_in_the_xiaobiaosong_face() -> None:
    document = _document("2019")
    title = document.paragraphs[0]
    assert title.text == "长治市上党区司法局"
    assert document.paragraphs[1].text == "2020年度政府信息公开工作年度报告"
    assert title.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert _east_asian_font(title.runs[0]) == docx_writer.TITLE_FONTS[0] == "方正小标宋简体"


def test_body_is_fangsong_and_part_headings_heiti() -> None:
    document = _document("2019")
    by_text = {p.text: p for p in document.paragraphs}
    assert _east_asian_font(by_text["一、总体情况"].runs[0]) == "黑体"
    prose = next(p for p in document.paragraphs if p.text.startswith("长治市上党区司法局按照"))
    assert _east_asian_font(prose.runs[0]) == "仿宋_GB2312"


def test_font_table_names_the_fallbacks() -> None:
    with zipfile.ZipFile(io.BytesIO(docx_writer.render(_report("2021")))) as archive:
        table = archive.read("word/fontTable.xml").decode()
    for chain in (docx_writer.TITLE_FONTS, docx_writer.BODY_FONTS, docx_writer.HEADING_FONTS):
        assert f'w:name="{chain[0]}"' in table
        assert f'w:val="{",".join(chain[1:])}"' in table
    assert "Noto Serif CJK SC" in docx_writer.TITLE_FONTS and "Noto Serif CJK SC" in docx_writer.BODY_FONTS


def test_footer_carries_a_page_number_field() -> None:
    footer = _document("2021").sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
    assert footer.paragraphs[0].text.startswith("— ")


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_parts_are_numbered_paragraphs_in_order(template: str) -> None:
    texts = [p.text for p in _document(template).paragraphs]
    headings = [p.heading for p in get_template(template).parts]
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)


def _cells(table: docx.table.Table) -> list[tuple[str, int, str | None]]:
    """(text, gridSpan, vMerge) of every w:tc."""
    out = []
    for tc in table._tbl.iter(f"{W}tc"):
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        merge = tc.find(f"{W}tcPr/{W}vMerge")
        text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
        out.append(
            (
                text,
                int(span.get(f"{W}val")) if span is not None else 1,
                None if merge is None else merge.get(f"{W}val", "continue"),
            )
        )
    return out


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_applications_header_is_merged_as_in_the_template(template: str) -> None:
    spec = get_template(template)
    table = _document(template).tables[1]
    cells = _cells(table)
    by_text = {text: (span, merge) for text, span, merge in cells if text}
    assert by_text[spec.applications.header] == (7, None)
    assert by_text[spec.applications.org_group] == (5, None)
    assert by_text[spec.applications.note] == (3, "restart")
    assert by_text["自然人"] == (1, "restart") and by_text["总计"][1] in {"restart", None}
    # The vertical 三、本年度办理结果 group runs down all the result rows.
    results = sum(1 for r in spec.applications.rows if r.group[:1] == ("三、本年度办理结果",))
    assert by_text["三、本年度办理结果"] == (1, "restart")
    first_col = [tr.findall(f"{W}tc")[0] for tr in table._tbl.iter(f"{W}tr")]
    continued = sum(
        1
        for tc in first_col
        if tc.find(f"{W}tcPr/{W}vMerge") is not None and tc.find(f"{W}tcPr/{W}gridSpan") is None
        and "".join(t.text or "" for t in tc.iter(f"{W}t")) == ""
    )  # fmt: skip
    assert continued == results - 1
    # Three header rows repeat on every page the table runs onto.
    repeated = [tr for tr in table._tbl.iter(f"{W}tr") if tr.find(f"{W}trPr/{W}tblHeader") is not None]
    assert len(repeated) == 3


def test_appeals_header_has_two_rows_of_groups() -> None:
    spec = get_template("2021")
    by_text: dict[str, tuple[int, str | None]] = {}
    for text, span, merge in _cells(_document("2021").tables[2]):
        by_text.setdefault(text, (span, merge))
    assert by_text[spec.appeals.blocks[0].label] == (5, None)
    assert by_text[spec.appeals.litigation_label] == (10, None)
    assert by_text[spec.appeals.blocks[1].label] == (5, None)
    assert by_text[spec.appeals.blocks[2].label] == (5, None)
    assert by_text["结果维持"] == (1, "restart")


def test_proactive_groups_spread_their_columns_over_the_table() -> None:
    cells = _cells(_document("2021").tables[0])
    assert ("第二十条第（一）项", 4, None) in cells
    assert ("本年处理决定数量", 3, None) in cells


def test_the_dispatcher_renders_docx() -> None:
    data = render(_report("2021"), "docx")
    assert isinstance(data, bytes) and data.startswith(b"PK\x03\x04")


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice and poppler-utils draw the DOCX",
)
def test_the_sample_docx_opens_in_libreoffice_and_renders_to_pages(tmp_path: Path) -> None:
    import pdfplumber

    path = tmp_path / "sample.docx"
    path.write_bytes(docx_writer.render(_report("2019")))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "sample.pdf"
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    pngs = sorted(tmp_path.glob("page*.png"))
    with pdfplumber.open(pdf) as document:
        text = "".join(page.extract_text() or "" for page in document.pages)
        assert len(pngs) == len(document.pages)
    assert 3 <= len(pngs) <= 6
    assert "2020年度政府信息公开工作年度报告" in text.replace(" ", "")
    assert "30.3861万元" in text.replace(" ", "")


def test_chinese_is_the_east_asian_language_and_rows_never_split() -> None:
    document = _document("2021")
    lang = document.styles["Normal"].element.rPr.find(f"{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    for table in document.tables:
        rows = list(table._tbl.iter(f"{W}tr"))
        assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows)
