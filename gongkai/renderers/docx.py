"""A report as a Word document in the style of a published government document (公文格式).

The page, fonts and paragraphs of :mod:`gongkai.renderers.gongwen` (A4, GB/T 9704 margins, the title in a
小标宋 face, the body in 仿宋, part headings in 黑体, page numbers ``— n —``); the three tables drawn with the
template's merged headers (header rows repeat when a table runs onto the next page).
"""

from __future__ import annotations

import io
from typing import Any

from gongkai.model import Report
from gongkai.renderers._grid import Grid, column_widths, report_grids
from gongkai.renderers.gongwen import (
    BODY_FONTS,
    HEADING_FONTS,
    TITLE_FONTS,
    new_document,
    paragraph,
    set_font,
)
from gongkai.renderers.html import title_lines


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


def build(report: Report, *, grids: dict[str, Grid] | None = None) -> Any:
    """The report as a python-docx ``Document`` (``grids`` replaces the tables drawn from the report).

    Raises :class:`GongkaiError` when python-docx is not installed.
    """
    document = new_document("".join(title_lines(report)))
    for line in title_lines(report):
        paragraph(document, line, TITLE_FONTS, 22, align="center")
    document.add_paragraph()
    grids = report_grids(report) if grids is None else grids
    for part in report.spec.parts:
        paragraph(document, part.heading, HEADING_FONTS, 16, align="left")
        for line in getattr(report.prose, part.key).splitlines():
            if line.strip():
                paragraph(document, line.strip(), BODY_FONTS, 16, align="left")
        if part.key in grids:
            add_table(document, grids[part.key])
    return document


def render(report: Report) -> bytes:
    """The report as the bytes of a ``.docx`` file."""
    document = build(report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


__all__ = ["BODY_FONTS", "HEADING_FONTS", "TITLE_FONTS", "add_table", "build", "render"]
