"""Reader for reports published as Word files (.docx): paragraphs and tables in document order.

The zip is checked before anything is decompressed (entry count, declared sizes, compression ratios),
so a truncated file or a zip bomb is refused in bounded time and memory. Only ``word/document.xml`` is
read, with lxml's safe parser (no entities, no network): opening the whole package with python-docx
would parse styles, themes and settings a reader does not need. Tables are copied as Word copies them:
a cell merged across columns (``gridSpan``) once, a cell merged down (``vMerge``) as an empty cell in the
rows below; a table continued across pages is one table, or consecutive tables, either way consecutive rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gongkai.errors import ParseError
from gongkai.parsers._layout import clean_line, finish, missing_library, row_lines
from gongkai.parsers.budgets import MAX_MEMBER_BYTES, MAX_ZIP_ENTRIES, check_markup, open_zip, read_member
from gongkai.parsers.result import ParseResult

#: Entries a .docx may hold.
MAX_ENTRIES = MAX_ZIP_ENTRIES
#: Total declared uncompressed size of all entries.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
#: Bytes ``word/document.xml`` may inflate to (declared or not; a long report's is 1-2 MB).
MAX_DOCUMENT_XML = MAX_MEMBER_BYTES
#: Largest compression ratio accepted for an entry bigger than 1 MB (XML compresses ~10–30x).
MAX_RATIO = 120

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT = "word/document.xml"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WHAT = (" Word 文件", "the Word file")


def _refuse(zh: str, en: str) -> ParseError:
    return ParseError(f"无法读取 Word 文件：{zh}", f"cannot read the Word file: {en}")


def document_xml(data: bytes) -> bytes:
    """The bytes of ``word/document.xml`` after checking the zip. Raises :class:`ParseError`.

    The entry count and the declared sizes are checked first (a cheap refusal of an honest bomb); the
    document is then inflated through :func:`gongkai.parsers.budgets.read_member`, which stops at
    :data:`MAX_DOCUMENT_XML` whatever the header declares.
    """
    if data.startswith(_OLE2):
        raise _refuse(
            "这是旧版 Word/WPS 文件（.doc/.wps），请另存为 .docx 后再读取",
            "this is an old binary Word/WPS file (.doc/.wps); save it as .docx first",
        )
    archive = open_zip(data, _WHAT, max_entries=MAX_ENTRIES)
    with archive:
        if _DOCUMENT not in archive.NameToInfo:
            raise _refuse(
                "不是 Word 文档（缺少 word/document.xml）", "not a Word document (no word/document.xml)"
            )
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _refuse(
                    f"压缩比异常（{info.filename}），疑似压缩炸弹",
                    f"abnormal compression ratio in {info.filename} (zip bomb?)",
                )
        if total > MAX_UNCOMPRESSED:
            raise _refuse("解压后过大，疑似压缩炸弹", f"uncompressed size too large ({total} bytes)")
        if archive.getinfo(_DOCUMENT).file_size > MAX_DOCUMENT_XML:
            raise _refuse(
                f"正文过大（上限 {MAX_DOCUMENT_XML // 2**20} MB）",
                f"word/document.xml too large (limit {MAX_DOCUMENT_XML // 2**20} MB)",
            )
        return read_member(archive, _DOCUMENT, _WHAT, limit=MAX_DOCUMENT_XML)


def _text(element: Any) -> str:
    """Text of a paragraph or cell: ``w:t`` runs, tabs and breaks as spaces; deleted text skipped."""
    parts: list[str] = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}p"):
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}p":
            # Paragraphs inside one cell are one cell: join them without a break.
            continue
        else:
            parts.append(" ")
    return "".join(parts)


def _cell_is_continuation(tc: Any) -> bool:
    merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return merge is not None and merge.get(f"{_W}val", "continue") != "restart"


def _table(tbl: Any) -> Iterator[str]:
    for tr in tbl.iterchildren(f"{_W}tr", f"{_W}sdt", f"{_W}customXml"):
        rows = [tr] if tr.tag == f"{_W}tr" else list(tr.iter(f"{_W}tr"))
        for row in rows:
            cells: list[str] = []
            for tc in row.iter(f"{_W}tc"):
                # Cells of a table nested in this row belong to their own cell's text, not to this row.
                if tc.getparent() is not row and tc.getparent().tag != f"{_W}sdtContent":
                    continue
                cells.append("" if _cell_is_continuation(tc) else _text(tc))
            yield from row_lines(cells)


def _blocks(parent: Any) -> Iterator[str]:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            text = clean_line(_text(child))
            if text:
                yield text
        elif tag == f"{_W}tbl":
            yield from _table(child)
        elif tag in (f"{_W}sdt", f"{_W}customXml", f"{_W}sdtContent", f"{_W}ins", f"{_W}smartTag"):
            yield from _blocks(child)


def docx_lines(data: bytes) -> list[str]:
    """The document in the text reader's layout. Raises :class:`ParseError` for a damaged or hostile file."""
    try:
        from lxml import etree
    except ImportError as exc:
        raise missing_library("DOCX", exc) from None

    xml = document_xml(data)
    check_markup(xml, _WHAT)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(xml, parser)
    except (etree.LxmlError, ValueError) as exc:
        raise _refuse(f"正文 XML 无效（{exc}）", f"invalid word/document.xml ({exc})") from None
    body = root.find(f"{_W}body")
    if body is None:
        raise _refuse("正文为空", "the document has no body")
    return list(_blocks(body))


def parse_bytes(data: bytes, *, source: str = "") -> ParseResult:
    """Read a report published as a .docx file. Raises :class:`ParseError` for a file that holds none."""
    return finish(docx_lines(data), fmt="docx", source=source)


__all__ = ["MAX_RATIO", "MAX_UNCOMPRESSED", "document_xml", "docx_lines", "parse_bytes"]
