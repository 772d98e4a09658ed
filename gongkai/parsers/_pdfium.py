"""PDFium (pypdfium2) as the PDF reader uses it: each page's characters with their boxes, its ruled lines,
and whether it holds pictures; budgets checked before anything grows with the page's content.

Boxes are PDFium's "loose" character boxes (the font's ascent and descent, the advance width), which put
every character of a line at the same top, as pdfplumber's boxes do. Coordinates are returned in points
from the page's top left corner.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from gongkai.errors import ParseError
from gongkai.parsers._geometry import Char, HEdge, VEdge
from gongkai.parsers.radicals import unify_radicals

#: Characters on one page read at most (a dense A4 page of CJK text holds about 3,000).
MAX_CHARS_PER_PAGE = 30_000
#: Page objects (text runs, paths, pictures, forms) on one page read at most.
MAX_OBJECTS_PER_PAGE = 60_000
#: Path segments on one page examined for ruled lines at most.
MAX_SEGMENTS_PER_PAGE = 200_000
#: A segment counts as horizontal (vertical) when it rises (runs) less than this across its length (pt).
_STRAIGHT = 1.0
#: A path no thicker than this (pt) across its bounds is one rule.
_THIN = 2.5
_PATH, _IMAGE, _FORM = 2, 3, 5
_LINETO, _MOVETO = 0, 2


def refuse(zh: str, en: str) -> ParseError:
    """The PDF reader's error: ``无法读取 PDF：…`` / ``cannot read the PDF: …``."""
    return ParseError(f"无法读取 PDF：{zh}", f"cannot read the PDF: {en}")


@dataclass
class Page:
    """What the reader needs of one page."""

    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    h_edges: list[HEdge] = field(default_factory=list)
    v_edges: list[VEdge] = field(default_factory=list)
    images: int = 0
    #: Read by OCR: a space the recogniser left between the digits of one cell is no separator.
    recognised: bool = False


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


class Document:
    """An open PDF; pages are read one at a time (:meth:`pages`). Close it with :meth:`close`."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw

        self._raw = raw
        try:
            self._pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise refuse("文件已损坏或不是 PDF", f"damaged or not a PDF ({exc})") from None
        self._matrix = raw.FS_MATRIX()
        self._rect = raw.FS_RECTF()
        self._x = ctypes.c_float()
        self._y = ctypes.c_float()
        self._fill = ctypes.c_int()
        self._l, self._b, self._r, self._t = (ctypes.c_float() for _ in range(4))
        self._stroke = ctypes.c_int()

    def __len__(self) -> int:
        return len(self._pdf)

    def close(self) -> None:
        self._pdf.close()

    def page_size(self, number: int) -> tuple[float, float]:
        """Page ``number`` (from 1): width and height in points."""
        width, height = self._pdf.get_page_size(number - 1)
        return float(width), float(height)

    def render(self, number: int, scale: float) -> Any:
        """Page ``number`` (from 1) drawn at ``scale`` pixels per point, as a PIL image."""
        page = self._pdf[number - 1]
        try:
            return page.render(scale=scale, grayscale=True).to_pil()
        finally:
            page.close()

    def pages(self) -> Iterator[Page]:
        """Each page in order, with its characters and ruled lines. Raises :class:`ParseError` over budget."""
        for index in range(len(self._pdf)):
            page = self._pdf[index]
            try:
                yield self._page(index + 1, page)
            finally:
                page.close()

    def _page(self, number: int, page: Any) -> Page:
        raw = self._raw
        left, bottom, right, top = page.get_mediabox()
        out = Page(number, right - left, top - bottom)
        count = raw.FPDFPage_CountObjects(page.raw)
        if count > MAX_OBJECTS_PER_PAGE:
            raise refuse(
                f"第 {number} 页的内容对象过多（{count} 个，上限 {MAX_OBJECTS_PER_PAGE}）",
                f"page {number} has too many objects ({count}, limit {MAX_OBJECTS_PER_PAGE})",
            )
        segments = [0]
        for i in range(count):
            self._object(raw.FPDFPage_GetObject(page.raw, i), _IDENTITY, out, left, top, segments, 0)
        textpage = page.get_textpage()
        try:
            out.chars = self._chars(textpage, number, left, top)
        finally:
            textpage.close()
        return out

    def _object(
        self, obj: Any, outer: Matrix, out: Page, left: float, top: float, segments: list[int], depth: int
    ) -> None:
        raw = self._raw
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == _IMAGE:
            out.images += 1
            return
        if kind == _FORM:
            if depth > 8:
                return
            matrix = self._matrix_of(obj, outer)
            n = raw.FPDFFormObj_CountObjects(obj)
            if n > MAX_OBJECTS_PER_PAGE:
                raise refuse(f"第 {out.number} 页的内容对象过多", f"page {out.number} has too many objects")
            for i in range(n):
                self._object(raw.FPDFFormObj_GetObject(obj, i), matrix, out, left, top, segments, depth + 1)
            return
        if kind != _PATH:
            return
        if not raw.FPDFPath_GetDrawMode(obj, self._fill, self._stroke):
            return
        if self._fill.value == 0 and not self._stroke.value:
            return  # a clipping path, not drawn
        n = raw.FPDFPath_CountSegments(obj)
        segments[0] += max(n, 0)
        if segments[0] > MAX_SEGMENTS_PER_PAGE:
            raise refuse(
                f"第 {out.number} 页的线条过多（上限 {MAX_SEGMENTS_PER_PAGE} 段）",
                f"page {out.number} has too many path segments (limit {MAX_SEGMENTS_PER_PAGE})",
            )
        if outer is _IDENTITY and raw.FPDFPageObj_GetBounds(obj, self._l, self._b, self._r, self._t):
            # Most rules are one thin path (a stroked segment, a filled hairline box): its bounds say it
            # all, in one call instead of four per segment.
            x0, x1 = self._l.value - left, self._r.value - left
            y0, y1 = top - self._t.value, top - self._b.value
            if y1 - y0 <= _THIN and x1 - x0 > _THIN:
                out.h_edges.append(HEdge((y0 + y1) / 2, x0, x1))
                return
            if x1 - x0 <= _THIN and y1 - y0 > _THIN:
                out.v_edges.append(VEdge((x0 + x1) / 2, y0, y1))
                return
        a, b, c, d, e, f = self._matrix_of(obj, outer)
        start: tuple[float, float] | None = None
        prev: tuple[float, float] | None = None
        x, y = self._x, self._y
        for i in range(n):
            seg = raw.FPDFPath_GetPathSegment(obj, i)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            px = a * x.value + c * y.value + e - left
            py = top - (b * x.value + d * y.value + f)
            point = (px, py)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == _MOVETO:
                start = point
            elif kind == _LINETO and prev is not None:
                self._edge(prev, point, out)
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                self._edge(point, start, out)
            prev = point

    @staticmethod
    def _edge(p: tuple[float, float], q: tuple[float, float], out: Page) -> None:
        (x0, y0), (x1, y1) = p, q
        if abs(y1 - y0) < _STRAIGHT and abs(x1 - x0) >= _STRAIGHT:
            out.h_edges.append(HEdge((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) < _STRAIGHT and abs(y1 - y0) >= _STRAIGHT:
            out.v_edges.append(VEdge((x0 + x1) / 2, min(y0, y1), max(y0, y1)))

    def _matrix_of(self, obj: Any, outer: Matrix) -> Matrix:
        m = self._matrix
        if not self._raw.FPDFPageObj_GetMatrix(obj, m):
            return outer
        return _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)

    def _chars(self, textpage: Any, number: int, left: float, top: float) -> list[Char]:
        raw = self._raw
        tp = textpage.raw
        n = raw.FPDFText_CountChars(tp)
        if n > MAX_CHARS_PER_PAGE:
            raise refuse(
                f"第 {number} 页的字符过多（{n} 个，上限 {MAX_CHARS_PER_PAGE}）",
                f"page {number} has too many characters ({n}, limit {MAX_CHARS_PER_PAGE})",
            )
        if n <= 0:
            return []
        buffer = (ctypes.c_ushort * (n + 1))()
        written = raw.FPDFText_GetText(tp, 0, n, buffer)
        text = bytes(buffer)[: max(0, written - 1) * 2].decode("utf-16-le", errors="replace")
        if len(text) != n:
            # Characters beyond the BMP came as surrogate pairs: ask for each one.
            text = "".join(chr(raw.FPDFText_GetUnicode(tp, i) or 0xFFFD) for i in range(n))
        text = unify_radicals(text)
        rect = self._rect
        box = raw.FPDFText_GetLooseCharBox
        generated = raw.FPDFText_IsGenerated
        chars: list[Char] = []
        append = chars.append
        for i, ch in enumerate(text):
            if ch.isspace():
                if ch == " " and not generated(tp, i):
                    append(Char(0.0, 0.0, 0.0, 0.0, " "))
                continue
            if not box(tp, i, rect):
                continue
            append(Char(rect.left - left, top - rect.top, rect.right - left, top - rect.bottom, ch))
        # Real spaces break words; placed where the character before them ends.
        for i, char in enumerate(chars):
            if char.text == " ":
                before = chars[i - 1] if i else None
                chars[i] = (
                    Char(before.x1, before.top, before.x1, before.bottom, " ")
                    if before is not None
                    else Char(0.0, -1e9, 0.0, -1e9, " ")
                )
        return chars


__all__ = [
    "MAX_CHARS_PER_PAGE",
    "MAX_OBJECTS_PER_PAGE",
    "MAX_SEGMENTS_PER_PAGE",
    "Document",
    "Page",
    "refuse",
]
