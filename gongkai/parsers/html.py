"""Reader for reports published as web pages: HTML tables (merged cells, split tables) and paragraphs.

The page is decoded (declared charset, GBK/GB2312 read as GB18030, else UTF-8 then GB18030), parsed
with lxml, and walked in document order: paragraphs become lines, tables become rows of cells copied as
Word copies them (see :mod:`gongkai.parsers._layout`); scripts, styles and captions are skipped. The
text reader does the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gongkai.errors import ParseError
from gongkai.parsers import decode_text
from gongkai.parsers._layout import SourceCell, clean_line, finish, missing_library, table_lines
from gongkai.parsers.result import ParseResult

#: Pages larger than this are refused before parsing.
MAX_HTML_BYTES = 20 * 1024 * 1024
#: Elements visited at most; a page with more is refused (bounded time).
MAX_ELEMENTS = 500_000

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


def _cell_text(cell: Any) -> str:
    if not len(cell):
        return str(cell.text or "")
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
            yield from (tr for tr in child if tr.tag == "tr")


def _table(table: Any) -> list[str]:
    rows: list[list[SourceCell]] = []
    for tr in _rows(table):
        cells: list[SourceCell] = []
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            text = td.text if not len(td) else _cell_text(td)
            cells.append(SourceCell(text or "", _span(td.get("rowspan")), _span(td.get("colspan"))))
        rows.append(cells)
    return table_lines(rows)


def _walk(root: Any) -> Iterator[str]:
    """Lines of the document: paragraph text, and table layouts in place.

    A table holding another table is page layout, not data: its cells are read as blocks.
    """
    line: list[str] = []
    seen = 0

    def flush() -> Iterator[str]:
        text = clean_line("".join(line))
        line.clear()
        if text:
            yield text

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
            if tag == "table" and not element.xpath(".//table"):
                yield from flush()
                yield from _table(element)
                if element.tail:
                    line.append(element.tail)
                continue
            if tag == "br" or tag in _BLOCK:
                yield from flush()
            if element.text:
                line.append(element.text)
            stack.append((element, False))
            stack.extend((child, True) for child in reversed(element))
        else:
            if tag in _BLOCK:
                yield from flush()
            if element.tail:
                line.append(element.tail)
    yield from flush()


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

    text = _XML_DECL.sub("", decode_html(data), count=1)
    if not text.strip():
        raise ParseError("网页为空", "the page is empty")
    # Plain etree elements: lxml.html's element classes cost a Python call per element visited.
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(text, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ParseError(f"无法解析网页：{exc}", f"cannot parse the page: {exc}") from None
    if root is None:
        raise ParseError("网页为空", "the page is empty")
    body = root.find("body")
    return list(_walk(body if body is not None else root))


def parse_bytes(data: bytes, *, source: str = "") -> ParseResult:
    """Read a report published as an HTML page. Raises :class:`ParseError` for a page that holds none."""
    return finish(html_lines(data), fmt="html", source=source)


__all__ = ["MAX_HTML_BYTES", "declared_charset", "decode_html", "html_lines", "parse_bytes"]
