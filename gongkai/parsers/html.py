"""Reader for reports published as web pages: HTML tables (merged cells, split tables) and paragraphs.

The page is decoded (declared charset, GBK/GB2312 read as GB18030, else UTF-8 then GB18030), parsed
with lxml, and walked in document order: paragraphs become lines, tables become rows of cells copied as
Word copies them (see :mod:`gongkai.parsers._layout`); scripts, styles and captions are skipped. The
text reader does the rest.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

from gongkai.errors import ParseError
from gongkai.parsers import budgets, decode_text
from gongkai.parsers._layout import (
    _DIRTY,
    MAX_GRID,
    MAX_SPAN,
    clean_cell,
    clean_line,
    finish,
    missing_library,
    table_lines,
)
from gongkai.parsers.result import ParseResult

#: Pages larger than this are refused before parsing.
MAX_HTML_BYTES = budgets.MAX_INPUT_BYTES
#: Elements visited at most; a page with more is refused (bounded time).
MAX_ELEMENTS = budgets.MAX_ELEMENTS

_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([a-z0-9_.:\-]{1,40})""")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:\-]{1,40})""")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_GB = {"gb2312", "gbk", "gb_2312-80", "gb_2312", "x-gbk", "cp936", "euc-cn", "gb18030", "csgb2312"}

_SKIP = {"script", "style", "noscript", "template", "head", "caption", "iframe", "object", "svg", "select"}
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header",
    "footer", "main", "nav", "aside", "blockquote", "pre", "dl", "dt", "dd", "form", "hr", "figure",
    "figcaption", "address", "center", "tr", "td", "th", "body", "html", "title", "fieldset",
}  # fmt: skip


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (``<meta charset>``, http-equiv, or the XML declaration)."""
    head = data[:4096].lower()
    at = head.find(b"charset")
    match = _CHARSET.match(head, at) if at >= 0 else _XML_ENCODING.match(head)
    if not match:
        return None
    name = match.group(1).decode("ascii")
    return "gb18030" if name in _GB else name


def decode_html(data: bytes) -> str:
    """The page as text: its declared charset when that decodes cleanly, else :func:`decode_text`."""
    charset = declared_charset(data)
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def _tag(element: Any) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


# Elements whose presence inside a cell needs the careful walk below (a line break, skipped content).
_CELL_SPECIAL = ("br", *_SKIP)


def _cell_text(cell: Any) -> str:
    """A cell's text: ``<br>`` as a space, skipped elements (script, style, ...) left out."""
    if next(cell.iterdescendants(*_CELL_SPECIAL), None) is None:
        # Nothing to skip (comments and PIs are removed by the parser): lxml joins the text in C.
        return "".join(cell.itertext())
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(cell, True)]
    while stack:
        element, entering = stack.pop()
        if entering:
            tag = _tag(element)
            if tag in _SKIP or (not tag and element is not cell):
                if element.tail and element is not cell:
                    parts.append(element.tail)
                continue
            if tag == "br":
                parts.append(" ")
            if element.text:
                parts.append(element.text)
            stack.append((element, False))
            stack.extend((child, True) for child in reversed(element))
        elif element is not cell and element.tail:
            parts.append(element.tail)
    return "".join(parts)


_DIGITS = re.compile(r"\d+")


def _span(raw: str | None) -> int:
    if raw is None or raw == "1":
        return 1
    digits = _DIGITS.match(raw.strip())
    return int(digits.group()) if digits else 1


def _rows(table: Any) -> Iterator[Any]:
    for child in table:
        tag = child.tag
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from child.iterchildren("tr")


#: Spans the fast copy handles (larger ones, and tables of many spans, take the general copy).
_FAST_SPAN = 256


def _table(table: Any) -> list[str]:
    rows = list(_rows(table))
    fast = _copy_table(rows)
    if fast is not None:
        return fast
    return table_lines(
        [
            [
                (
                    (td.text or "") if not len(td) else _cell_text(td),
                    _span(td.get("rowspan")),
                    _span(td.get("colspan")),
                )
                for td in tr.iterchildren("td", "th")
            ]
            for tr in rows
        ]
    )


def _copy_table(rows: list[Any]) -> list[str] | None:
    """:func:`table_lines` for a table whose merged cells do not overlap, in one pass over the cells.

    This is the reader's hot loop (a report has ~300 cells), so instead of a map of covered positions it
    keeps, per column, the rows a cell from above covers (``first`` to ``until``, exclusive) and whether
    that cell starts in this column (``starts``: copy an empty cell there). ``None`` when two merged cells
    overlap or a span is large: :func:`table_lines` then decides (same output, and its size limits).
    """
    n_rows = len(rows)
    first: list[int] = []
    until: list[int] = []
    starts: list[bool] = []
    busy = 0  # no column is covered from above in rows from here on
    merged = 0
    flat: list[str | None] = []
    append = flat.append
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.iterchildren("td", "th"):
            if busy > r:
                while c < len(until) and first[c] <= r < until[c]:
                    if starts[c]:
                        append("")
                    c += 1
            append((td.text or "") if not len(td) else _cell_text(td))
            raw_rs = td.get("rowspan")
            raw_cs = td.get("colspan")
            if raw_rs is None and raw_cs is None:
                c += 1
                continue
            rs = _span(raw_rs)
            cs = max(1, min(_span(raw_cs), MAX_SPAN))
            if rs == 1 and cs == 1:
                c += 1
                continue
            rs = n_rows - r if rs == 0 else min(max(1, min(rs, MAX_SPAN)), n_rows - r)
            merged += 1
            if rs * cs > _FAST_SPAN or c + cs > _FAST_SPAN or merged * _FAST_SPAN > MAX_GRID:
                return None
            if len(until) < c + cs:
                grow = c + cs - len(until)
                first.extend([0] * grow)
                until.extend([0] * grow)
                starts.extend([False] * grow)
            for cc in range(c + 1, c + cs):
                if until[cc] > r:  # a cell from above reaches into this one's columns
                    return None
            if rs > 1:
                for cc in range(c, c + cs):
                    first[cc] = r + 1
                    until[cc] = r + rs
                    starts[cc] = cc == c
                busy = max(busy, r + rs)
            c += cs
        if busy > r:
            # Cells from above in this row beyond its last cell: one empty cell each, as Word copies.
            for cc in range(c, len(until)):
                if first[cc] <= r < until[cc] and starts[cc]:
                    append("")
        append(None)
    # Most tables hold no whitespace at all: one scan in C instead of a regex per cell.
    if _DIRTY.search("".join([t for t in flat if t])) is None:
        return ["" if t is None else "\t" + t for t in flat]
    return ["" if t is None else "\t" + clean_cell(t) for t in flat]


def _walk(root: Any) -> list[str]:
    """Lines of the document: paragraph text, and table layouts in place.

    A table holding another table is page layout, not data: its cells are read as blocks.
    """
    out: list[str] = []
    line: list[str] = []
    seen = 0

    def flush() -> None:
        if line:
            text = clean_line("".join(line))
            line.clear()
            if text:
                out.append(text)

    stack: list[tuple[Any, bool]] = [(root, True)]
    while stack:
        element, entering = stack.pop()
        tag = _tag(element)
        if entering:
            seen += 1
            if seen > MAX_ELEMENTS:
                raise ParseError("网页元素过多，无法读取", f"page has more than {MAX_ELEMENTS} elements")
            if tag in _SKIP or not tag:
                if element.tail:
                    line.append(element.tail)
                continue
            if tag == "table" and next(element.iterdescendants("table"), None) is None:
                flush()
                out.extend(_table(element))
                if element.tail:
                    line.append(element.tail)
                continue
            if tag == "br" or tag in _BLOCK:
                flush()
            if element.text:
                line.append(element.text)
            stack.append((element, False))
            stack.extend((child, True) for child in reversed(element))
        else:
            if tag in _BLOCK:
                flush()
            if element.tail:
                line.append(element.tail)
    flush()
    return out


_PARSERS = threading.local()


def _parser(etree: Any, encoding: str | None) -> Any:
    """This thread's lxml HTML parser for ``encoding`` (an lxml parser must not be shared across threads).

    Plain etree elements: lxml.html's element classes cost a Python call per element visited. No id
    index (``collect_ids``): nothing looks elements up by id, and building it costs a tenth of the parse.
    """
    key = encoding or ""
    parsers = getattr(_PARSERS, "by_encoding", None)
    if parsers is None:
        parsers = _PARSERS.by_encoding = {}
    parser = parsers.get(key)
    if parser is None:
        parser = parsers[key] = etree.HTMLParser(
            no_network=True, remove_comments=True, remove_pis=True, collect_ids=False, encoding=encoding
        )
    return parser


def _is_utf8(data: bytes, text: str) -> bool:
    """Whether ``text`` is ``data`` decoded as UTF-8 (checked by re-encoding: C speed, no guessing)."""
    try:
        return text.encode("utf-8") == data
    except UnicodeEncodeError:
        return False


def html_lines(data: bytes) -> list[str]:
    """The page in the text reader's layout (one line per list item). Raises :class:`ParseError`."""
    if len(data) > MAX_HTML_BYTES:
        raise ParseError(
            f"网页过大（{len(data) // 1024 // 1024} MB），上限为 {MAX_HTML_BYTES // 1024 // 1024} MB",
            f"page too large ({len(data)} bytes, limit {MAX_HTML_BYTES})",
        )
    try:
        from lxml import etree
    except ImportError as exc:
        raise missing_library("HTML", exc) from None

    # Counted before libxml2 sees the page: it is quadratic in one element's attributes.
    budgets.check_markup(data, ("网页", "the page"), max_elements=MAX_ELEMENTS)
    text = _XML_DECL.sub("", decode_html(data), count=1)
    if not text.strip():
        raise ParseError("网页为空", "the page is empty")
    # Valid UTF-8 that needed no change is handed to libxml2 as bytes (what it parses fastest): it
    # decodes UTF-8 exactly as Python does, and the parser's forced encoding outranks the page's own
    # declaration, as the decoding above did. Anything else goes in as the decoded text.
    utf8 = not data.startswith(b"\xef\xbb\xbf") and _is_utf8(data, text)
    try:
        if utf8:
            root = etree.fromstring(data, _parser(etree, "utf-8"))
        else:
            root = etree.fromstring(text, _parser(etree, None))
    except (etree.LxmlError, ValueError) as exc:
        raise ParseError(f"无法解析网页：{exc}", f"cannot parse the page: {exc}") from None
    parser = _parser(etree, "utf-8" if utf8 else None)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops at its nesting limit and keeps what it read so far: say so instead of "empty".
        raise ParseError(
            f"无法读取网页：元素嵌套过深（上限 {budgets.MAX_DEPTH} 层）",
            f"cannot read the page: elements nest too deeply (limit {budgets.MAX_DEPTH} levels)",
        )
    if root is None:
        raise ParseError("网页为空", "the page is empty")
    body = root.find("body")
    return _walk(body if body is not None else root)


def parse_bytes(data: bytes, *, source: str = "") -> ParseResult:
    """Read a report published as an HTML page. Raises :class:`ParseError` for a page that holds none."""
    return finish(html_lines(data), fmt="html", source=source)


__all__ = ["MAX_HTML_BYTES", "declared_charset", "decode_html", "html_lines", "parse_bytes"]
