"""A comparison as a Word document in 公文 style, built from the report writer's pieces
(:func:`gongkai.renderers.gongwen.new_document` and ``paragraph``, :func:`gongkai.renderers.docx.add_table`): the
tables are the same
grids the HTML page draws; prose changes sit in two columns, deleted text struck through in red on the
left, inserted text underlined in green on the right."""

from __future__ import annotations

import io
from typing import Any

from gongkai.checks.labels import cell_label
from gongkai.compare.grids import headline_grid, table_grid, year_label
from gongkai.compare.model import Comparison, ProseChange, format_share
from gongkai.compare.prose import Piece
from gongkai.renderers.docx import add_table
from gongkai.renderers.gongwen import (
    BODY_FONTS,
    HEADING_FONTS,
    TITLE_FONTS,
    new_document,
    paragraph,
    set_font,
)

_DELETED, _INSERTED = (0xA4, 0x00, 0x00), (0x00, 0x5A, 0x00)
_SMALL = 10.5


def add_paragraph(
    document: Any, text: str, fonts: tuple[str, ...], size: float, *, center: bool = False
) -> Any:
    """A heading or body paragraph of the comparison (left-aligned with the indent, or centred)."""
    return paragraph(document, text, fonts, size, align="center" if center else "left")


def _runs(paragraph: Any, pieces: tuple[Piece, ...]) -> None:
    from docx.shared import RGBColor

    for piece in pieces:
        run = paragraph.add_run(piece.text)
        set_font(run, BODY_FONTS, _SMALL)
        if piece.op == "delete":
            run.font.strike = True
            run.font.color.rgb = RGBColor(*_DELETED)
        elif piece.op == "insert":
            run.font.underline = True
            run.font.color.rgb = RGBColor(*_INSERTED)


def _cell_paragraph(cell: Any) -> Any:
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = 0
    paragraph.paragraph_format.line_spacing = Pt(18)
    return paragraph


def _prose(document: Any, change: ProseChange, comparison: Comparison) -> None:
    add_paragraph(document, change.heading, HEADING_FONTS, 14)
    if change.similarity is None:
        add_paragraph(document, "两年均无文字。", BODY_FONTS, 14)
        return
    if not change.diff.changed:
        add_paragraph(document, "与上年相同。", BODY_FONTS, 14)
        return
    add_paragraph(document, f"相似度 {format_share(change.similarity)}。", BODY_FONTS, 14)
    table = document.add_table(rows=2, cols=2)
    table.style = document.styles["Table Grid"]
    for column, year in enumerate((comparison.previous.year, comparison.current.year)):
        set_font(_cell_paragraph(table.cell(0, column)).add_run(year_label(year)), HEADING_FONTS, _SMALL)
    _runs(_cell_paragraph(table.cell(1, 0)), change.diff.side("previous"))
    _runs(_cell_paragraph(table.cell(1, 1)), change.diff.side("current"))


def build(comparison: Comparison) -> Any:
    """The comparison as a python-docx ``Document``. Raises :class:`GongkaiError` without python-docx."""
    document = new_document(comparison.title)
    add_paragraph(document, comparison.title, TITLE_FONTS, 22, center=True)
    document.add_paragraph()
    add_paragraph(document, "一、对比摘要", HEADING_FONTS, 16)
    for n, line in enumerate(comparison.summary(), start=1):
        add_paragraph(document, f"{n}. {line}", BODY_FONTS, 16)
    add_table(document, headline_grid(comparison))
    add_paragraph(document, "二、跨年度核对", HEADING_FONTS, 16)
    for finding in comparison.checks:
        add_paragraph(document, finding.message_zh, BODY_FONTS, 16)
    if not comparison.checks:
        add_paragraph(document, "未发现问题。", BODY_FONTS, 16)
    add_paragraph(document, "三、文字部分", HEADING_FONTS, 16)
    for change in comparison.parts:
        _prose(document, change, comparison)
    add_paragraph(document, "四、表格", HEADING_FONTS, 16)
    for table in comparison.tables:
        add_paragraph(document, table.caption, HEADING_FONTS, 14)
        add_table(document, table_grid(table, comparison))
        if table.unmatched:
            add_paragraph(
                document, "「—」：另一年度的模板没有含义相同的单元格，或报告缺少该单元格。", BODY_FONTS, 12
            )
    if comparison.unmatched_previous:
        names = "、".join(cell_label(comparison.previous.spec, k) for k in comparison.unmatched_previous)
        add_paragraph(
            document,
            f"{year_label(comparison.previous.year)}报告所用模板中以下单元格在{year_label(comparison.current.year)}"
            f"模板中没有对应，未作比较：{names}。",
            BODY_FONTS,
            12,
        )
    return document


def render(comparison: Comparison) -> bytes:
    """The comparison as the bytes of a ``.docx`` file."""
    out = io.BytesIO()
    build(comparison).save(out)
    return out.getvalue()


__all__ = ["build", "render"]
