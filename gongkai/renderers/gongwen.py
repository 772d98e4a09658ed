"""The building blocks of a Word document in the layout of a published government document (公文格式, GB/T 9704).

A4 with the standard's margins, the title in a 小标宋 face, the body in 仿宋 (三号, 28 pt lines, two-character
first-line indent), page numbers ``— n —`` in the footer; for issued documents also the 发文机关标志 (the
agency's name in red), the 发文字号, the red rule under them, the signature, the date and the seal's place.
Word cannot list fallback fonts in a run, so each run names the first choice and the font table names the
fallbacks (``w:altName``), which Word and LibreOffice use when the first choice is not installed;
LibreOffice also falls back through fontconfig. Shared by the report (:mod:`gongkai.renderers.docx`) and the
letters (:mod:`gongkai.letters.docx`).
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

from gongkai.errors import GongkaiError

#: Fonts in order of preference: the first is named in the runs, the others in the font table.
TITLE_FONTS = ("方正小标宋简体", "华文中宋", "Noto Serif CJK SC")
BODY_FONTS = ("仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC")
HEADING_FONTS = ("黑体", "SimHei", "Noto Sans CJK SC")

#: 三号 (body), 二号 (title), in points.
BODY_SIZE = 16
TITLE_SIZE = 22
#: The 发文机关标志 is larger than the title (GB/T 9704 leaves its size to the agency).
MARK_SIZE = 30
#: The red of the 发文机关标志 and the rule under it.
RED = "FF0000"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def set_font(run_or_style: Any, fonts: tuple[str, ...], size: float | None = None) -> None:
    """Name ``fonts[0]`` for every script of a run or style (East Asian included), at ``size`` points."""
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
    set_font(normal, BODY_FONTS, BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(2 * BODY_SIZE)
    # Chinese as the East Asian language: Word's line breaking (避头尾) and proofing follow it.
    rpr = normal.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def new_document(title: str) -> Any:
    """A python-docx ``Document`` set up as 公文: A4, GB/T 9704 margins, 仿宋 body, fonts with fallbacks, page
    numbers; ``title`` goes in the file's properties. Raises GongkaiError when python-docx is not installed."""
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
    document.core_properties.title = title
    document.core_properties.language = "zh-CN"
    return document


def paragraph(
    document: Any,
    text: str,
    fonts: tuple[str, ...] = BODY_FONTS,
    size: float = BODY_SIZE,
    *,
    align: str = "justify",
    indent: bool = True,
    right_indent_chars: float = 0,
    color: str | None = None,
) -> Any:
    """Add one paragraph: ``align`` is ``justify`` or ``left`` (with the two-character indent unless ``indent``
    is off), ``center`` or ``right`` (``right_indent_chars`` characters from the right margin)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    p = document.add_paragraph()
    alignments = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    p.alignment = alignments[align]
    if not indent or align in ("center", "right"):
        p.paragraph_format.first_line_indent = 0
    if right_indent_chars:
        p.paragraph_format.right_indent = Pt(right_indent_chars * BODY_SIZE)
    run = p.add_run(text)
    set_font(run, fonts, size)
    if color is not None:
        run.font.color.rgb = RGBColor.from_string(color)
    return p


def blank(document: Any, lines: int = 1) -> None:
    """``lines`` empty body lines (the standard's 空一行, 空二行)."""
    for _ in range(lines):
        document.add_paragraph()


def issuer_mark(document: Any, agency: str) -> None:
    """The 发文机关标志: the agency's name, centred, red, in the title face."""
    paragraph(document, agency, TITLE_FONTS, MARK_SIZE, align="center", color=RED)


def red_rule(document: Any) -> None:
    """The red rule under the 发文字号 (a bottom border on an empty paragraph, the width of the type area)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = document.add_paragraph()
    p.paragraph_format.first_line_indent = 0
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", RED)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def heading(document: Any, *, mark: str, number: str, title: str) -> None:
    """The head of an issued document: 发文机关标志, 发文字号, red rule, then the title (二号小标宋, centred)."""
    issuer_mark(document, mark)
    blank(document)
    paragraph(document, number, align="center")
    red_rule(document)
    blank(document)
    paragraph(document, title, TITLE_FONTS, TITLE_SIZE, align="center")
    blank(document)


def signature(document: Any, *, agency: str, dated: str, seal: str = "（印章）") -> None:
    """The signature block: the seal's place, the agency's name and the date (成文日期, 右空四字)."""
    blank(document, 2)
    paragraph(document, seal, align="right", right_indent_chars=5)
    paragraph(document, agency, align="right", right_indent_chars=2)
    paragraph(document, dated, align="right", right_indent_chars=4)


def stable_bytes(document: Any, *, dated: date, author: str) -> bytes:
    """The document's bytes, the same for the same content: its properties dated ``dated`` and written by
    ``author`` (not python-docx), and every part of the package stamped with that day instead of the clock."""
    props = document.core_properties
    stamp = datetime(dated.year, dated.month, dated.day)
    props.created = props.modified = stamp
    props.author = props.last_modified_by = author
    props.comments = ""
    out = io.BytesIO()
    document.save(out)
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as src, zipfile.ZipFile(fixed, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(dated.year, dated.month, dated.day, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info))
    return fixed.getvalue()


__all__ = [
    "BODY_FONTS",
    "BODY_SIZE",
    "HEADING_FONTS",
    "TITLE_FONTS",
    "TITLE_SIZE",
    "blank",
    "heading",
    "issuer_mark",
    "new_document",
    "paragraph",
    "red_rule",
    "set_font",
    "signature",
    "stable_bytes",
]
