"""A report as a PDF: the HTML page (:mod:`gongkai.renderers.html`) printed by WeasyPrint.

Why this route and not DOCX through LibreOffice: WeasyPrint is a Python dependency already installed
with the ``formats`` extra, renders in-process in well under a second, and is deterministic; LibreOffice is a
~300 MB system package started as a subprocess. The fonts are Noto Serif/Sans CJK from Debian's
``fonts-noto-cjk`` (installed by ``scripts/setup``) unless the 公文 fonts are installed. See docs/formats.md.
"""

from __future__ import annotations

from gongkai.errors import GongkaiError
from gongkai.model import Report
from gongkai.renderers import html


def render(report: Report) -> bytes:
    """The report as the bytes of an A4 PDF with a text layer and page numbers.

    Raises :class:`GongkaiError` when WeasyPrint is not installed.
    """
    return from_html(html.render(report), title="".join(html.title_lines(report)))


def from_html(page: str, *, title: str) -> bytes:
    """An HTML document printed to PDF by WeasyPrint (its print CSS decides the page), titled ``title``.

    Raises :class:`GongkaiError` when WeasyPrint is not installed.
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        raise GongkaiError(
            "未安装 PDF 输出所需的 WeasyPrint（pip install 'gongkai[formats]'）",
            "PDF output needs WeasyPrint (pip install 'gongkai[formats]')",
        ) from None
    document = HTML(string=page).render()
    document.metadata.title = title
    document.metadata.lang = "zh-CN"
    pdf: bytes = document.write_pdf()
    return pdf


__all__ = ["from_html", "render"]
