"""Reader for reports published as PDF: the text layer read with PDFium, scanned pages by OCR.

Each page is read top to bottom (:mod:`gongkai.parsers._geometry`, pdfplumber's ideas on PDFium's
characters and ruled lines): ruled tables are copied as Word copies a table (a cell merged across columns
once, a cell merged down as an empty cell in the rows below), the text between them as lines with their
layout kept (the ``pdftotext -layout`` shape the text reader knows, which is how unruled tables come
through). A table continued on the next page simply continues; header rows a writer repeated at the top of
the next page are dropped, and so are running headers and footers (a line printed at the same place on
most pages) and page numbers. Prose is rejoined into paragraphs (:func:`gongkai.parsers.paragraphs.rejoin`).

Budgets (every one a :class:`ParseError` naming it): pages, characters and page objects per page, path
segments per page, time and memory: PDFium runs in a child process with an address-space and CPU limit
(:mod:`gongkai.parsers._sandbox`), so a file that makes the library allocate without end, abort or spin
inside one call is refused instead of taking the process down. When that happens, the bytes the file's
streams inflate to are measured (inflating each with a cap, never trusting a declared length) and a file
past :data:`MAX_INFLATED` is refused saying so. No library message reaches the terminal.

A page without a text layer but with pictures is a scan: it is read by OCR (:mod:`gongkai.parsers.ocr`,
the ``ocr`` extra) when installed, each page in its own limited child; without OCR a PDF of scans is
refused saying what to install, and a PDF with some scanned pages gets a ``needs_ocr`` warning.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Sequence
from functools import partial
from typing import Any

from gongkai.errors import ParseError
from gongkai.findings import Finding
from gongkai.parsers import budgets
from gongkai.parsers._geometry import (
    Char,
    find_tables,
    layout_lines,
    merge_edges,
    table_bbox,
    table_rows,
)
from gongkai.parsers._layout import finish, missing_library
from gongkai.parsers._pdfium import Document, Page, refuse
from gongkai.parsers._sandbox import run_limited
from gongkai.parsers.paragraphs import Line, join_wrapped, rejoin
from gongkai.parsers.pdf_worker import run_warm
from gongkai.parsers.result import ParseResult

# The PDF's budgets, declared in gongkai.parsers.budgets: pages; seconds on the text layer (checked inside
# pages too; the child is killed after); address space the reading child may add; bytes all the streams
# may inflate to; characters in the whole document.
MAX_PAGES = budgets.MAX_PDF_PAGES
MAX_SECONDS = budgets.MAX_PDF_SECONDS
MAX_MEMORY = budgets.MAX_MEMORY
MAX_INFLATED = budgets.MAX_PDF_INFLATED_BYTES
MAX_CHARS = budgets.MAX_CHARS
#: Characters per page below which a page counts as having no text layer.
MIN_CHARS = 10
#: Layout line height for text between tables (pt): coarse, so wrapped lines of a paragraph stay adjacent.
Y_DENSITY = 30.0
#: Share of a page's height at its top and bottom where running headers and footers are looked for.
FURNITURE_BAND = 0.12


class _Clock:
    """The reading deadline, checked between pages and between the steps of a page."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise refuse("读取超时", f"reading took longer than {self.seconds:.0f} s")


def check_inflation(data: bytes, limit: int = MAX_INFLATED) -> int:
    """Bytes the file's deflated streams inflate to, measured with a cap; raises :class:`ParseError` past
    ``limit``. Every ``stream`` keyword is tried as the start of zlib data (lengths in the file are not
    trusted); data that is not deflate (other filters, encrypted streams) is left to the memory limit.
    """
    total = 0
    pos = 0
    find = data.find
    while True:
        at = find(b"stream", pos)
        if at < 0:
            return total
        start = at + 6
        if data[start : start + 2] == b"\r\n":
            start += 2
        elif data[start : start + 1] in (b"\n", b"\r"):
            start += 1
        else:
            pos = start
            continue
        inflater = zlib.decompressobj()
        end = start
        try:
            while end < len(data) and not inflater.eof:
                chunk = data[end : end + 65536]
                end += len(chunk)
                out = inflater.decompress(chunk, 1 << 20)
                total += len(out)
                while inflater.unconsumed_tail and total <= limit:
                    out = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
                    total += len(out)
                if total > limit:
                    raise refuse(
                        f"文件中的数据流解压后超过 {limit // 2**20} MB",
                        f"its streams inflate to more than {limit // 2**20} MB",
                    )
            end -= len(inflater.unused_data)
        except zlib.error:
            end = start
        pos = max(end, start)


# --- page furniture ---------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^\s*[-—–－_]*\s*(第\s*)?\d{1,4}\s*(页)?\s*(/\s*\d+)?\s*[-—–－_]*\s*$")
# A page number set off by dashes or worded as a page (``— 2 —``, ``-2-``, ``第2页``): never report content.
_DECORATED_NUMBER = re.compile(
    r"^\s*([-—–－_]+\s*\d{1,4}\s*[-—–－_]+|第\s*\d{1,4}\s*页(\s*/?\s*共\s*\d+\s*页)?)\s*$"
)
_DIGITS = re.compile(r"\d+")


def _line_groups(chars: Sequence[Char]) -> list[list[Char]]:
    from gongkai.parsers._geometry import _lines_of

    return _lines_of(chars)


def _drop_running_lines(pages: list[Page]) -> None:
    """Remove running headers and footers: a line in the top or bottom band of the page whose text
    (numbers aside) comes back at the same height on at least half the pages, two at least. The first
    one is kept when it has no number (a header repeating the title still names the report once)."""
    if len(pages) < 2:
        return
    seen: dict[tuple[str, int, str], list[tuple[Page, list[Char]]]] = {}
    for page in pages:
        band = page.height * FURNITURE_BAND
        for line in _line_groups(page.chars):
            top = line[0].top
            if band < top < page.height - band:
                continue
            text = "".join(c.text for c in line if not c.text.isspace())
            if not text:
                continue
            zone = "top" if top <= band else "bottom"
            key = (zone, round(top / 6), _DIGITS.sub("#", text))
            seen.setdefault(key, []).append((page, line))
    drop: dict[int, set[int]] = {}
    for (_zone, _y, masked), hits in seen.items():
        if len({id(p) for p, _ in hits}) < max(2, (len(pages) + 1) // 2):
            continue
        numbered = "#" in masked
        for index, (page, line) in enumerate(hits):
            if index == 0 and not numbered:
                continue
            drop.setdefault(id(page), set()).update(id(c) for c in line)
    for page in pages:
        ids = drop.get(id(page))
        if ids:
            page.chars = [c for c in page.chars if id(c) not in ids]


def _is_furniture(lines: Sequence[Line | None]) -> bool:
    """A band of text that is only a page number (``— 2 —``, ``-2-``, ``第2页``)."""
    return all(_PAGE_NUMBER.match(line.text) for line in lines if line is not None)


# --- pages to blocks --------------------------------------------------------------------------------

Block = tuple[str, Any]


def page_blocks(page: Page, clock: _Clock | None = None) -> list[Block]:
    """A page's tables (``("table", rows)``) and the bands of text between them (``("text", lines)``),
    top to bottom."""
    h_edges, v_edges = merge_edges(page.h_edges, page.v_edges)
    tables = find_tables(h_edges, v_edges)
    if clock is not None:
        clock.check()
    boxes = [(table_bbox(cells), cells) for cells in tables]
    boxes.sort(key=lambda b: b[0][1])
    blocks: list[tuple[float, int, Block]] = []
    top = 0.0
    bands: list[tuple[float, float]] = []
    # Each character's centre, once: which table holds it, else which band between tables.
    placed = [(c, (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2) for c in page.chars]
    outside = placed
    for bbox, cells in boxes:
        x0, y0, x1, y1 = bbox
        inside = [c for c, h, v in placed if x0 <= h <= x1 and y0 <= v <= y1]
        outside = [p for p in outside if not (x0 <= p[1] <= x1 and y0 <= p[2] <= y1)]
        blocks.append((bbox[1], 1, ("table", table_rows(cells, inside, recognised=page.recognised))))
        bands.append((top, bbox[1]))
        top = bbox[3]
    bands.append((top, page.height))
    for y0, y1 in bands:
        if y1 - y0 < 2:
            continue
        chars = [c for c, _, v in outside if y0 <= v < y1]
        lines = layout_lines(chars, x_origin=0.0, y_origin=y0, height=y1 - y0, y_density=Y_DENSITY)
        blocks.append((y0, 0, ("text", lines)))
    if clock is not None:
        clock.check()
    blocks.sort(key=lambda b: (b[0], b[1]))
    return [b for _, _, b in blocks]


class _Collector:
    """Accumulates the document's lines (laid-out :class:`Line`, blank ``None``, tab-layout ``str``); knows
    whether the last thing seen was a table, and that table's first rows."""

    def __init__(self) -> None:
        self.items: list[Line | str | None] = []
        self.in_table = False
        self.first_rows: list[list[str]] = []

    def page(self, blocks: Sequence[Block]) -> None:
        first = True
        # The margins between pages are no paragraph break: the geometry of the lines decides (rejoin).
        while self.items and self.items[-1] is None:
            self.items.pop()
        for kind, content in blocks:
            if kind == "text":
                lines = [ln for ln in content if ln is None or not _DECORATED_NUMBER.match(ln.text)]
                if _is_furniture(lines):
                    continue
                if first:
                    while lines and lines[0] is None:
                        lines.pop(0)
                if any(ln is not None for ln in lines):
                    first = False
                    self.in_table = False
                self.items.extend(lines)
            else:
                self.table(content, page_top=first)
                first = False

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
            self.items.extend(f"\t{cell}" for cell in row)
            self.items.append("")
        self.in_table = True


# --- reading ----------------------------------------------------------------------------------------


class _TextLayer:
    """What the text-layer pass returns: each page's blocks, or None for a page without text."""

    def __init__(self, pages: int) -> None:
        self.pages = pages
        self.blocks: dict[int, list[Block]] = {}
        self.width = 0.0
        self.scanned: list[int] = []


def _read_text_layer(data: bytes, seconds: float, max_pages: int, max_chars: int) -> _TextLayer:
    """The text-layer pass (runs in the limited child): every page read, furniture dropped, blocks built.
    The budgets are arguments: the child may be forked from a fork server, which has its own modules."""
    clock = _Clock(seconds)
    document = Document(data)
    try:
        n = len(document)
        if n > max_pages:
            raise refuse(f"页数过多（{n} 页，上限 {max_pages}）", f"too many pages ({n}, limit {max_pages})")
        if n == 0:
            raise refuse("文件中没有页面", "the file has no pages")
        out = _TextLayer(n)
        pages: list[Page] = []
        total = 0
        for page in document.pages():
            clock.check()
            total += len(page.chars)
            if total > max_chars:
                raise refuse(f"字符过多（上限 {max_chars} 个）", f"too many characters (limit {max_chars})")
            if sum(1 for c in page.chars if not c.text.isspace()) < MIN_CHARS:
                # A page with pictures but no text is a scan; a page with neither is just blank.
                if page.images:
                    out.scanned.append(page.number)
                continue
            pages.append(page)
            out.width = max(out.width, page.width)
        _drop_running_lines(pages)
        for page in pages:
            out.blocks[page.number] = page_blocks(page, clock)
        return out
    finally:
        document.close()


def _ocr_page(data: bytes, number: int) -> tuple[list[Block], list[Finding]]:
    """One scanned page rendered and read by OCR (runs in its own limited child)."""
    from gongkai.parsers import ocr

    document = Document(data)
    try:
        image, scale = ocr.render_page(document, number)
    finally:
        document.close()
    page, findings = ocr.read_image(image, number=number, scale=scale)
    return page_blocks(page), findings


def pdf_lines(data: bytes) -> tuple[list[str], list[Finding]]:
    """The PDF in the text reader's layout, and the reader's warnings. Raises :class:`ParseError`."""
    return _pdf_lines(data)[:2]


def _pdf_lines(data: bytes) -> tuple[list[str], list[Finding], list[int], list[str] | None]:
    """:func:`pdf_lines`, the numbers of the pages read by OCR, and (when some pages were read by OCR and
    others have text) the layout of the text pages alone, to tell which cells came from OCR."""
    try:
        import pypdfium2  # noqa: F401
    except ImportError as exc:
        raise missing_library("PDF", exc) from None
    from gongkai.parsers import ocr

    try:
        # In the warm limited worker (gongkai.parsers.pdf_worker): a fresh child per file cost a quarter.
        layer = run_warm(
            partial(_read_text_layer, data, MAX_SECONDS, MAX_PAGES, MAX_CHARS),
            memory=MAX_MEMORY,
            seconds=MAX_SECONDS,
            what=(" PDF", "the PDF"),
        )
    except ParseError:
        # PDFium ran out of memory or time: say so more precisely when the file's streams inflate past
        # the budget (measured only now: inflating every stream of every file costs as much as reading).
        check_inflation(data)
        raise
    warnings: list[Finding] = []
    ocr_pages: list[int] = []
    if layer.scanned and ocr.available():
        if len(layer.scanned) > ocr.MAX_PAGES:
            raise refuse(
                f"需要文字识别的扫描页过多（{len(layer.scanned)} 页，上限 {ocr.MAX_PAGES}）",
                f"too many scanned pages to recognise ({len(layer.scanned)}, limit {ocr.MAX_PAGES})",
            )
        for number in layer.scanned:
            blocks, found = run_limited(
                partial(_ocr_page, data, number),
                memory=ocr.MAX_MEMORY,
                seconds=ocr.SECONDS_PER_PAGE,
                wall=ocr.WALL_SECONDS_PER_PAGE,
                what=(f"第 {number} 页（文字识别）", f"page {number} (OCR)"),
            )
            layer.blocks[number] = blocks
            warnings.extend(found)
            ocr_pages.append(number)
    lines = _collect(layer.blocks, layer.width)
    text_only = (
        _collect({n: b for n, b in layer.blocks.items() if n not in ocr_pages}, layer.width)
        if ocr_pages and len(ocr_pages) < len(layer.blocks)
        else None
    )
    missing = [n for n in layer.scanned if n not in ocr_pages]
    if ocr_pages and not missing and not any(line.strip() for line in lines):
        raise ParseError(
            "该 PDF 是扫描件，经文字识别（OCR）未识别出文字",
            "the PDF is a scan and OCR recognised no text in it",
        )
    if missing and not any(line.strip() for line in lines):
        raise ParseError(
            f"该 PDF 没有文字层（可能是扫描件），需要先进行文字识别（OCR）才能读取：{ocr.INSTALL_ZH}",
            f"the PDF has no text layer (a scan?); it needs OCR before it can be read: {ocr.INSTALL_EN}",
        )
    if missing:
        pages_text = "、".join(str(n) for n in missing)
        warnings.append(
            Finding(
                severity="warning",
                rule="needs_ocr",
                message_zh=f"第 {pages_text} 页没有文字层（可能是扫描图片），其中的内容未能读取，需要文字识别（OCR）："
                f"{ocr.INSTALL_ZH}",
                message_en=f"page(s) {', '.join(map(str, missing))} have no text layer (scanned?); their content "
                f"was not read and needs OCR: {ocr.INSTALL_EN}",
            )
        )
    return lines, warnings, ocr_pages, text_only


def _collect(blocks: dict[int, list[Block]], width: float) -> list[str]:
    out = _Collector()
    for number in sorted(blocks):
        out.page(blocks[number])
    return rejoin(out.items, page_width=width)


def parse_bytes(data: bytes, *, source: str = "") -> ParseResult:
    """Read a report published as a PDF. Raises :class:`ParseError` for a PDF that holds none."""
    from gongkai.parsers import ocr

    lines, warnings, ocr_pages, text_only = _pdf_lines(data)
    try:
        result = finish(lines, fmt="pdf", source=source, warnings=warnings)
    except ParseError as exc:
        if any(w.rule == "needs_ocr" for w in warnings):
            raise ParseError(
                f"{exc.message_zh}（部分页面没有文字层，可能需要 OCR）",
                f"{exc.message_en} (some pages have no text layer and may need OCR)",
            ) from None
        raise
    if ocr_pages:
        result = ocr.mark_and_correct(result, ocr_pages, text_only)
    return result


__all__ = [
    "MAX_CHARS",
    "MAX_INFLATED",
    "MAX_MEMORY",
    "MAX_PAGES",
    "MAX_SECONDS",
    "check_inflation",
    "join_wrapped",
    "page_blocks",
    "parse_bytes",
    "pdf_lines",
]
