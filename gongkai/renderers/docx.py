"""A report as a Word document in the style of a published government document (公文格式).

A4, margins of GB/T 9704; the title centred in a 小标宋 face, the body in 仿宋, part headings in 黑体; the
three tables drawn with the template's merged headers (header rows repeat when a table runs onto the next
page); page numbers ``— n —`` in the footer. Word cannot list fallback fonts in a run, so each run names
the first choice and the font table names the fallbacks (``w:altName``), which Word and LibreOffice use
when the first choice is not installed; LibreOffice also falls back through fontconfig.
"""

from __future__ import annotations

import io
from typing import Any

from gongkai.errors import GongkaiError
from gongkai.model import Report
from gongkai.renderers._grid import Grid, column_widths, report_grids
from gongkai.renderers.html import title_lines

#: Fonts in order of preference: the first is named in the runs, the others in the font table.
TITLE_FONTS = ("方正小标宋简体", "华文中宋", "Noto Serif CJK SC")
BODY_FONTS = ("仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC")
HEADING_FONTS = ("黑体", "SimHei", "Noto Sans CJK SC")

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def set_font(run_or_style: Any, fonts: tuple[str, ...], size: float | None = None) -> None:
    """Name the first of ``fonts`` for every script of a run or style (the font table names the rest)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = fonts[0]
    if size is not None:
        font.size = Pt(size)
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), fonts[0])


def _font_table(document: Any) -> None:
    """Name each first-choice font's fallbacks in ``word/fontTable.xml``."""
    from lxml import etree

    part = next(
        (r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable")), None
    )
    if part is None:
        return
    root = etree.fromstring(part.blob)
    for chain in (TITLE_FONTS, BODY_FONTS, HEADING_FONTS):
        font = etree.SubElement(root, f"{{{_W}}}font", {f"{{{_W}}}name": chain[0]})
        etree.SubElement(font, f"{{{_W}}}altName", {f"{{{_W}}}val": ",".join(chain[1:])})
        etree.SubElement(font, f"{{{_W}}}charset", {f"{{{_W}}}val": "86"})
        etree.SubElement(font, f"{{{_W}}}family", {f"{{{_W}}}val": "roman"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(document: Any) -> None:
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(20)
        _page_number(section.footer.paragraphs[0])


def _page_number(paragraph: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run("— "), BODY_FONTS, 14)
    run = paragraph.add_run()
    set_font(run, BODY_FONTS, 14)
    for kind, text in (("begin", ""), ("", "PAGE"), ("separate", ""), ("", "1"), ("end", "")):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    set_font(paragraph.add_run(" —"), BODY_FONTS, 14)


def _styles(document: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = document.styles["Normal"]
    set_font(normal, BODY_FONTS, 16)
    fmt = normal.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(32)
    # Chinese as the East Asian language: Word's line breaking (避头尾) and proofing follow it.
    rpr = normal.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def add_paragraph(
    document: Any, text: str, fonts: tuple[str, ...], size: float, *, center: bool = False
) -> Any:
    """A paragraph of one run of ``text`` in ``fonts`` at ``size`` pt (centred without indent if ``center``)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = 0
    set_font(paragraph.add_run(text), fonts, size)
    return paragraph


def _row_properties(tr: Any, *, header: bool) -> None:
    """Never split a row across pages; repeat a header row at the top of each page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    pr = OxmlElement("w:trPr")
    pr.append(OxmlElement("w:cantSplit"))
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        pr.append(repeat)
    tr.append(pr)


def _tc(width_mm: float, *, span: int, merge: str | None) -> Any:
    """A bare ``w:tc``: width, column span, vertical merge (``restart``/``continue``), centred vertically."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc = OxmlElement("w:tc")
    pr = OxmlElement("w:tcPr")
    width = OxmlElement("w:tcW")
    width.set(qn("w:w"), str(round(width_mm / 25.4 * 1440)))
    width.set(qn("w:type"), "dxa")
    pr.append(width)
    if span > 1:
        grid_span = OxmlElement("w:gridSpan")
        grid_span.set(qn("w:val"), str(span))
        pr.append(grid_span)
    if merge is not None:
        v_merge = OxmlElement("w:vMerge")
        if merge == "restart":
            v_merge.set(qn("w:val"), "restart")
        pr.append(v_merge)
    align = OxmlElement("w:vAlign")
    align.set(qn("w:val"), "center")
    pr.append(align)
    tc.append(pr)
    tc.append(OxmlElement("w:p"))
    return tc


def _cell_margins(tbl: Any, *, twips: int) -> None:
    """Narrow left/right cell margins (1 mm) so five-digit numbers fit the value columns."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    # Schema order: tblCellMar comes before tblLook (Word rejects elements out of order).
    look = tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl.tblPr.append(margins)


def add_table(document: Any, grid: Grid) -> None:
    """Draw a grid as Word draws merged cells: ``gridSpan`` across, ``vMerge`` restart/continue down.

    Built as XML row by row (python-docx's ``cell.merge`` rescans the whole table for every cell).
    """
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Mm, Pt
    from docx.table import _Cell

    widths = column_widths(grid)
    table = document.add_table(rows=0, cols=grid.columns)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for index, width in enumerate(widths):
        table.columns[index].width = Mm(width)
    _cell_margins(table._tbl, twips=57)
    # below[(r, c)] = span of a cell merged down into row r whose left edge is column c.
    below: dict[tuple[int, int], int] = {}
    for r, row in enumerate(grid.rows):
        tr = OxmlElement("w:tr")
        _row_properties(tr, header=r < grid.header_rows)
        cells = iter(row)
        c = 0
        while c < grid.columns:
            if (r, c) in below:
                span = below.pop((r, c))
                tr.append(_tc(sum(widths[c : c + span]), span=span, merge="continue"))
                c += span
                continue
            cell = next(cells, None)
            if cell is None:
                break
            span = min(cell.colspan, grid.columns - c)
            tc = _tc(sum(widths[c : c + span]), span=span, merge="restart" if cell.rowspan > 1 else None)
            tr.append(tc)
            for dr in range(1, cell.rowspan):
                below[(r + dr, c)] = span
            paragraph = _Cell(tc, table).paragraphs[0]
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = 0
            fmt.line_spacing = Pt(15)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            size = 9 if cell.header and len(cell.text) > 30 else 10.5
            set_font(paragraph.add_run(cell.text), BODY_FONTS, size)
            c += span
        table._tbl.append(tr)


def new_document() -> Any:
    """An empty python-docx ``Document`` in 公文 style: A4 and its margins, fonts, page numbers.

    Raises :class:`GongkaiError` when python-docx is not installed.
    """
    try:
        import docx
    except ImportError:
        raise GongkaiError(
            "未安装 Word 输出所需的 python-docx（pip install 'gongkai[formats]'）",
            "DOCX output needs python-docx (pip install 'gongkai[formats]')",
        ) from None
    document = docx.Document()
    _styles(document)
    _page(document)
    _font_table(document)
    return document


def to_bytes(document: Any) -> bytes:
    """A python-docx ``Document`` as the bytes of a ``.docx`` file."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build(report: Report, *, grids: dict[str, Grid] | None = None) -> Any:
    """The report as a python-docx ``Document`` (``grids`` replaces the tables drawn from the report).

    Raises :class:`GongkaiError` when python-docx is not installed.
    """
    document = new_document()
    for line in title_lines(report):
        add_paragraph(document, line, TITLE_FONTS, 22, center=True)
    document.add_paragraph()
    grids = report_grids(report) if grids is None else grids
    for part in report.spec.parts:
        add_paragraph(document, part.heading, HEADING_FONTS, 16)
        for line in getattr(report.prose, part.key).splitlines():
            if line.strip():
                add_paragraph(document, line.strip(), BODY_FONTS, 16)
        if part.key in grids:
            add_table(document, grids[part.key])
    document.core_properties.title = "".join(title_lines(report))
    document.core_properties.language = "zh-CN"
    return document


def render(report: Report) -> bytes:
    """The report as the bytes of a ``.docx`` file."""
    return to_bytes(build(report))


__all__ = [
    "BODY_FONTS",
    "HEADING_FONTS",
    "TITLE_FONTS",
    "add_paragraph",
    "add_table",
    "build",
    "new_document",
    "render",
    "set_font",
    "to_bytes",
]
