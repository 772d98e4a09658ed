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
from gongkai.parsers import budgets
from gongkai.parsers._geometry import Char, HEdge, VEdge
from gongkai.parsers.radicals import unify_radicals

#: Characters on one page read at most (a dense A4 page of CJK text holds about 3,000): the budgets' figure.
MAX_CHARS_PER_PAGE = budgets.MAX_CHARS_PER_PAGE
#: Page objects (text runs, paths, pictures, forms) on one page read at most.
MAX_OBJECTS_PER_PAGE = 60_000
#: Path segments on one page examined for ruled lines at most.
MAX_SEGMENTS_PER_PAGE = 200_000
#: A segment counts as horizontal (vertical) when it rises (runs) less than this across its length (pt).
_STRAIGHT = 1.0
#: A path no thicker than this (pt) across its bounds is one rule.
_THIN = 2.5
_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5
_LINETO, _MOVETO = 0, 2


class _Calls:
    """The PDFium functions the per-object and per-character loops call, as prototypes over plain
    addresses (``void *``): pypdfium2's typed bindings convert every argument to its pointer type, which
    cost a third of each call in loops of thousands."""

    def __init__(self, raw: Any) -> None:
        P, N = ctypes.c_void_p, ctypes.c_int

        def bind(name: str, restype: Any, *argtypes: Any) -> Any:
            address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value or 0
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        self.page_object = bind("FPDFPage_GetObject", P, P, N)
        self.form_count = bind("FPDFFormObj_CountObjects", N, P)
        self.form_object = bind("FPDFFormObj_GetObject", P, P, ctypes.c_ulong)
        self.object_type = bind("FPDFPageObj_GetType", N, P)
        self.object_bounds = bind("FPDFPageObj_GetBounds", N, P, P, P, P, P)
        self.object_matrix = bind("FPDFPageObj_GetMatrix", N, P, P)
        self.draw_mode = bind("FPDFPath_GetDrawMode", N, P, P, P)
        self.segment_count = bind("FPDFPath_CountSegments", N, P)
        self.segment = bind("FPDFPath_GetPathSegment", P, P, N)
        self.segment_point = bind("FPDFPathSegment_GetPoint", N, P, P, P)
        self.segment_type = bind("FPDFPathSegment_GetType", N, P)
        self.segment_close = bind("FPDFPathSegment_GetClose", N, P)
        self.char_box = bind("FPDFText_GetLooseCharBox", N, P, N, P)
        self.generated = bind("FPDFText_IsGenerated", N, P, N)


_CALLS: _Calls | None = None


def _address(pointer: Any) -> int:
    """A ctypes pointer's address, for :class:`_Calls`."""
    return ctypes.cast(pointer, ctypes.c_void_p).value or 0


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
        global _CALLS
        if _CALLS is None:
            _CALLS = _Calls(raw)
        self._calls = _CALLS
        # Scratch space the calls write into, and its addresses.
        self._matrix = raw.FS_MATRIX()
        self._rect = raw.FS_RECTF()
        self._x = ctypes.c_float()
        self._y = ctypes.c_float()
        self._fill = ctypes.c_int()
        self._l, self._b, self._r, self._t = (ctypes.c_float() for _ in range(4))
        self._stroke = ctypes.c_int()
        at = ctypes.addressof
        self._at_matrix, self._at_rect = at(self._matrix), at(self._rect)
        self._at_x, self._at_y = at(self._x), at(self._y)
        self._at_fill, self._at_stroke = at(self._fill), at(self._stroke)
        self._at_bounds = (at(self._l), at(self._b), at(self._r), at(self._t))

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
        calls = self._calls
        page_object, object_type = calls.page_object, calls.object_type
        handle = _address(page.raw)
        for i in range(count):
            obj = page_object(handle, i)
            kind = object_type(obj)
            if kind != _TEXT:  # text is read from the text page
                self._object(obj, kind, _IDENTITY, out, left, top, segments, 0)
        textpage = page.get_textpage()
        try:
            out.chars = self._chars(textpage, number, left, top)
        finally:
            textpage.close()
        return out

    def _object(
        self,
        obj: int,
        kind: int,
        outer: Matrix,
        out: Page,
        left: float,
        top: float,
        segments: list[int],
        depth: int,
    ) -> None:
        calls = self._calls
        if kind == _IMAGE:
            out.images += 1
            return
        if kind == _FORM:
            if depth > 8:
                return
            matrix = self._matrix_of(obj, outer)
            n = calls.form_count(obj)
            if n > MAX_OBJECTS_PER_PAGE:
                raise refuse(f"第 {out.number} 页的内容对象过多", f"page {out.number} has too many objects")
            for i in range(n):
                inner = calls.form_object(obj, i)
                self._object(inner, calls.object_type(inner), matrix, out, left, top, segments, depth + 1)
            return
        if kind != _PATH:
            return
        if not calls.draw_mode(obj, self._at_fill, self._at_stroke):
            return
        if self._fill.value == 0 and not self._stroke.value:
            return  # a clipping path, not drawn
        n = calls.segment_count(obj)
        segments[0] += max(n, 0)
        if segments[0] > MAX_SEGMENTS_PER_PAGE:
            raise refuse(
                f"第 {out.number} 页的线条过多（上限 {MAX_SEGMENTS_PER_PAGE} 段）",
                f"page {out.number} has too many path segments (limit {MAX_SEGMENTS_PER_PAGE})",
            )
        if outer is _IDENTITY and calls.object_bounds(obj, *self._at_bounds):
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
        at_x, at_y = self._at_x, self._at_y
        for i in range(n):
            seg = calls.segment(obj, i)
            calls.segment_point(seg, at_x, at_y)
            px = a * x.value + c * y.value + e - left
            py = top - (b * x.value + d * y.value + f)
            point = (px, py)
            kind = calls.segment_type(seg)
            if kind == _MOVETO:
                start = point
            elif kind == _LINETO and prev is not None:
                self._edge(prev, point, out)
            if calls.segment_close(seg) and start is not None:
                self._edge(point, start, out)
            prev = point

    @staticmethod
    def _edge(p: tuple[float, float], q: tuple[float, float], out: Page) -> None:
        (x0, y0), (x1, y1) = p, q
        if abs(y1 - y0) < _STRAIGHT and abs(x1 - x0) >= _STRAIGHT:
            out.h_edges.append(HEdge((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) < _STRAIGHT and abs(y1 - y0) >= _STRAIGHT:
            out.v_edges.append(VEdge((x0 + x1) / 2, min(y0, y1), max(y0, y1)))

    def _matrix_of(self, obj: int, outer: Matrix) -> Matrix:
        m = self._matrix
        if not self._calls.object_matrix(obj, self._at_matrix):
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
        calls = self._calls
        handle = _address(tp)
        # The box's four floats read in one call (left, top, right, bottom), not four field reads.
        corners = memoryview(self._rect).cast("B").cast("f").tolist
        at_rect = self._at_rect
        box = calls.char_box
        generated = calls.generated
        new = tuple.__new__  # a Char without NamedTuple's Python-level __new__
        chars: list[Char] = []
        append = chars.append
        # A real space breaks words: it is placed where the character before it ends.
        last = _NOWHERE
        for i, ch in enumerate(text):
            if ch.isspace():
                if ch == " " and not generated(handle, i):
                    last = new(Char, (last.x1, last.top, last.x1, last.bottom, " "))
                    append(last)
                continue
            if not box(handle, i, at_rect):
                continue
            x0, y0, x1, y1 = corners()
            last = new(Char, (x0 - left, top - y0, x1 - left, top - y1, ch))
            append(last)
        return chars


#: Where a space with no character before it is placed: above the page, out of every line.
_NOWHERE = Char(0.0, -1e9, 0.0, -1e9, " ")


__all__ = [
    "MAX_CHARS_PER_PAGE",
    "MAX_OBJECTS_PER_PAGE",
    "MAX_SEGMENTS_PER_PAGE",
    "Document",
    "Page",
    "refuse",
]
