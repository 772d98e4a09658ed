"""Reader for reports published as PDF with a text layer (pdfplumber).

Each page is read top to bottom: ruled tables (``find_tables``) are copied as Word copies a table (a cell
merged across columns once, a cell merged down as an empty cell in the rows below), the text between
them as lines with their layout kept (``extract_text(layout=True)``, the ``pdftotext -layout`` shape the
text reader knows, which is how unruled tables come through). A table continued on the next page simply
continues; header rows a writer repeated at the top of the next page are dropped.

A PDF with no text at all (a scan) is refused with a :class:`ParseError` that says it needs OCR; a PDF
where only some pages lack text is read and gets a ``needs_ocr`` warning naming those pages.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Sequence
from typing import Any

from gongkai.errors import ParseError
from gongkai.findings import Finding
from gongkai.parsers._layout import clean_cell, finish, missing_library
from gongkai.parsers.result import ParseResult

#: Pages read at most; a longer PDF is refused (annual reports run to 5–20 pages).
MAX_PAGES = 80
#: Seconds spent reading at most.
MAX_SECONDS = 60.0
#: Characters per page below which a page counts as having no text layer.
MIN_CHARS = 10


def _refuse(zh: str, en: str) -> ParseError:
    return ParseError(f"无法读取 PDF：{zh}", f"cannot read the PDF: {en}")


def _covering(cells: Sequence[tuple[float, float, float, float]], x: float, y: float) -> Any:
    for cell in cells:
        if cell[0] - 0.5 <= x <= cell[2] + 0.5 and cell[1] - 0.5 <= y <= cell[3] + 0.5:
            return cell
    return None


def table_rows(table: Any) -> list[list[str]]:
    """The rows of a pdfplumber table in copy order: merged-down cells as empty cells below their start."""
    texts = table.extract()
    rows: list[list[str]] = []
    all_cells = list(table.cells)
    for r, row in enumerate(table.rows):
        out: list[str] = []
        middle = (row.bbox[1] + row.bbox[3]) / 2
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                out.append(clean_cell(texts[r][c] or ""))
                continue
            # A position without a cell of its own lies inside a span from the left (copied nowhere) or
            # from above (copied as an empty cell at the span's left edge).
            x_left = _column_left(table, c)
            if x_left is None:
                continue
            owner = _covering(all_cells, x_left + 1, middle)
            if owner is not None and owner[1] < row.bbox[1] - 0.5 and abs(owner[0] - x_left) < 1:
                out.append("")
        rows.append(out)
    return rows


def _column_left(table: Any, c: int) -> float | None:
    for row in table.rows:
        if c < len(row.cells) and row.cells[c] is not None:
            left: float = row.cells[c][0]
            return left
    return None


def _page_blocks(page: Any) -> list[tuple[float, str, list[list[str]] | str]]:
    """(top, kind, content) of each table and each band of text between tables on one page."""
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    blocks: list[tuple[float, str, list[list[str]] | str]] = []
    top = page.bbox[1]
    bands: list[tuple[float, float]] = []
    for table in tables:
        bands.append((top, table.bbox[1]))
        blocks.append((table.bbox[1], "table", table_rows(table)))
        top = table.bbox[3]
    bands.append((top, page.bbox[3]))
    for y0, y1 in bands:
        if y1 - y0 < 2:
            continue
        region = page.crop((page.bbox[0], y0, page.bbox[2], y1), strict=False)
        # A coarse vertical density keeps wrapped lines of a paragraph adjacent (no blank line between).
        text = region.extract_text(layout=True, y_density=30) or ""
        blocks.append((y0, "text", text))
    blocks.sort(key=lambda b: (b[0], b[1] == "table"))
    return blocks


_PAGE_NUMBER = re.compile(r"^\s*[-—–－_]*\s*(第\s*)?\d{1,4}\s*(页)?\s*(/\s*\d+)?\s*[-—–－_]*\s*$")


# A page number set off by dashes or worded as a page (``— 2 —``, ``-2-``, ``第2页``): never report content.
_DECORATED_NUMBER = re.compile(
    r"^\s*([-—–－_]+\s*\d{1,4}\s*[-—–－_]+|第\s*\d{1,4}\s*页(\s*/?\s*共\s*\d+\s*页)?)\s*$"
)


def _is_page_furniture(text: str) -> bool:
    """A band of text that is only a page number (``— 2 —``, ``-2-``, ``第2页``)."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return all(_PAGE_NUMBER.match(ln) for ln in lines)


_COLUMN_GAP = re.compile(r"\S {3,}\S")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def join_wrapped(lines: list[str], margin: int | None = None) -> list[str]:
    """Prose lines the page wrapped, joined back into paragraphs.

    A line continues the one above when both are plain text (not a table cell, no run of three spaces
    that would mark aligned columns: unruled tables are left as they are), it starts at the document's
    left margin (a paragraph's first line is indented, a centred title more so), and no blank line
    separates them. ``margin`` is the left edge of the text block in layout columns, when known from the
    page (a document whose paragraphs are all one line long never shows it in its text).
    """
    texts = [ln for ln in lines if ln.strip() and not ln.startswith("\t")]
    if not texts:
        return lines
    margin = min([_indent(ln) for ln in texts] + ([margin] if margin is not None else []))
    out: list[str] = []
    joinable = False
    for line in lines:
        body = line.strip()
        if not body or line.startswith("\t"):
            out.append(line)
            joinable = False
            continue
        columns = bool(_COLUMN_GAP.search(body))
        if joinable and not columns and _indent(line) <= margin + 1:
            glue = " " if _ASCII_WORD.match(out[-1][-1:]) and _ASCII_WORD.match(body[:1]) else ""
            out[-1] = out[-1] + glue + body
        else:
            out.append(line)
        joinable = not columns
    return out


class _Collector:
    """Accumulates layout lines; knows whether the last thing seen was a table, and its header rows."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.in_table = False
        self.first_rows: list[list[str]] = []
        self.margin: int | None = None

    def page(self, page: Any) -> None:
        """Note the page's left text edge in layout columns (pdfplumber's default 7.25 pt a column)."""
        left = min((char["x0"] for char in page.chars), default=None)
        if left is not None:
            column = int(float(left - page.bbox[0]) / 7.25 + 0.5)
            self.margin = column if self.margin is None else min(self.margin, column)

    def text(self, text: str) -> None:
        if _is_page_furniture(text):
            return
        self.lines.extend(ln.rstrip() for ln in text.splitlines() if not _DECORATED_NUMBER.match(ln))
        self.in_table = False

    def table(self, rows: list[list[str]], *, page_top: bool) -> None:
        if self.in_table and page_top:
            # The same table continued: drop the header rows the writer repeated on the new page.
            k = 0
            while k < min(len(rows), len(self.first_rows)) and rows[k] == self.first_rows[k]:
                k += 1
            rows = rows[k:]
        elif not self.in_table:
            self.first_rows = rows[:5]
        for row in rows:
            self.lines.extend(f"\t{cell}" for cell in row)
            self.lines.append("")
        self.in_table = True


def pdf_lines(data: bytes) -> tuple[list[str], list[Finding]]:
    """The PDF in the text reader's layout, and the reader's warnings. Raises :class:`ParseError`."""
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
        from pdfminer.psparser import PSException
    except ImportError as exc:
        raise missing_library("PDF", exc) from None

    started = time.monotonic()
    out = _Collector()
    blank_pages: list[int] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages
            if len(pages) > MAX_PAGES:
                raise _refuse(
                    f"页数过多（{len(pages)} 页，上限 {MAX_PAGES}）", f"too many pages ({len(pages)})"
                )
            for number, page in enumerate(pages, start=1):
                if time.monotonic() - started > MAX_SECONDS:
                    raise _refuse("读取超时", f"reading took longer than {MAX_SECONDS:.0f} s")
                if len(page.chars) < MIN_CHARS:
                    # A page with pictures but no text is a scan; a page with neither is just blank.
                    if page.images:
                        blank_pages.append(number)
                    page.close()
                    continue
                first = True
                out.page(page)
                for _top, _kind, content in _page_blocks(page):
                    if isinstance(content, str):
                        if content.strip() and not _is_page_furniture(content):
                            first = False
                        out.text(content)
                    else:
                        out.table(content, page_top=first)
                        first = False
                page.close()
    except ParseError:
        raise
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise _refuse(
            f"文件已损坏或不是 PDF（{type(exc).__name__}）", f"damaged or not a PDF ({exc})"
        ) from None
    except Exception as exc:  # pdfminer raises many ad-hoc exception types on broken files
        raise _refuse(
            f"文件已损坏（{type(exc).__name__}）", f"damaged PDF ({type(exc).__name__}: {exc})"
        ) from None
    lines = join_wrapped(out.lines, out.margin)
    warnings: list[Finding] = []
    if blank_pages and not any(line.strip() for line in lines):
        raise ParseError(
            "该 PDF 没有文字层（可能是扫描件），需要先进行文字识别（OCR）才能读取",
            "the PDF has no text layer (a scan?); it needs OCR before it can be read",
        )
    if blank_pages:
        pages_text = "、".join(str(n) for n in blank_pages)
        warnings.append(
            Finding(
                severity="warning",
                rule="needs_ocr",
                message_zh=f"第 {pages_text} 页没有文字层（可能是扫描图片），其中的内容未能读取，需要文字识别（OCR）",
                message_en=f"page(s) {', '.join(map(str, blank_pages))} have no text layer (scanned?); their content was not read and needs OCR",
            )
        )
    return lines, warnings


def parse_bytes(data: bytes, *, source: str = "") -> ParseResult:
    """Read a report published as a PDF. Raises :class:`ParseError` for a PDF that holds none."""
    lines, warnings = pdf_lines(data)
    try:
        return finish(lines, fmt="pdf", source=source, warnings=warnings)
    except ParseError as exc:
        if warnings:
            raise ParseError(
                f"{exc.message_zh}（部分页面没有文字层，可能需要 OCR）",
                f"{exc.message_en} (some pages have no text layer and may need OCR)",
            ) from None
        raise


__all__ = ["MAX_PAGES", "join_wrapped", "parse_bytes", "pdf_lines", "table_rows"]
