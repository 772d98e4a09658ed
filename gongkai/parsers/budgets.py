"""The readers' budgets, declared once, and the bounded helpers that enforce them.

Every reader of an untrusted file (text, HTML, DOCX, PDF, the XLSX of a register import, an attachment
inspected by the site) keeps within these numbers and raises the one :class:`gongkai.errors.ParseError`,
naming the limit in Chinese and English, when a file would take more. docs/formats.md ("Budgets") lists
them with the reasons for each value.

Zip members are never read by trusting the sizes their headers declare: :func:`read_member` inflates a
member in bounded chunks and stops at ``limit`` bytes whatever the header says, and :func:`open_zip` turns
every error of :mod:`zipfile` and :mod:`zlib` into a ``ParseError``. XML is parsed by :func:`parse_xml`,
with lxml's safe options (no entities, no DTD, no network, no huge trees) after the size and the element
and attribute counts have been checked.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from gongkai.errors import ParseError

# --- the numbers -------------------------------------------------------------------------------------

#: Bytes of any input file (checked before anything is read).
MAX_INPUT_BYTES = 20 * 2**20
#: Entries a zip container (DOCX, XLSX, an OOXML attachment) may hold.
MAX_ZIP_ENTRIES = 2_000
#: Bytes one zip member may inflate to (streamed, whatever its header declares).
MAX_MEMBER_BYTES = 24 * 2**20
#: Bytes all the members read from one zip may inflate to together.
MAX_INFLATED_BYTES = 64 * 2**20
#: Bytes all the streams of a PDF may inflate to together (measured with a cap when PDFium overruns).
MAX_PDF_INFLATED_BYTES = 256 * 2**20
#: Elements in one XML or HTML document.
MAX_ELEMENTS = 500_000
#: Attributes on one element (HTML pages and OOXML parts have a handful; libxml2 is quadratic in them).
MAX_ATTRIBUTES = 256
#: Nesting depth of elements (libxml2 refuses past 256 without ``huge_tree``; the sanitiser checks it too).
MAX_DEPTH = 256
#: Characters (or glyphs) per PDF page, and in the whole document.
MAX_CHARS_PER_PAGE = 30_000
MAX_CHARS = 400_000
#: Pages of a PDF read at most (annual reports run to 5–20 pages), and seconds spent on its text layer.
MAX_PDF_PAGES = 80
MAX_PDF_SECONDS = 60.0
#: Characters the text reader reads at most, whatever the format they came from (a long report has about
#: 30,000; the reader takes ~10 s per million characters of number rows on a busy machine).
MAX_TEXT_CHARS = 1_000_000
#: Rows of a spreadsheet read at most (register imports).
MAX_ROWS = 20_000
#: Seconds of CPU (and, a little more, of waiting) a reader's child process may take.
MAX_SECONDS = 20.0
#: Bytes of address space a reader's child process may add to what it maps at the start.
MAX_MEMORY = 1024 * 2**20
#: Rich text (an item's body): characters and nesting depth accepted before it is sanitised.
MAX_RICH_TEXT_CHARS = 2 * 2**20
MAX_RICH_TEXT_DEPTH = 64

_CHUNK = 1 << 16


def refuse(what: tuple[str, str], zh: str, en: str) -> ParseError:
    """``ParseError("无法读取<what>：<zh>", "cannot read <what>: <en>")``."""
    return ParseError(f"无法读取{what[0]}：{zh}", f"cannot read {what[1]}: {en}")


def mb(n: int) -> str:
    return f"{n // 2**20} MB"


# --- zip ---------------------------------------------------------------------------------------------

#: Every error a damaged zip raises inside :mod:`zipfile` (``zlib.error`` included).
ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    NotImplementedError,
    RuntimeError,
    OverflowError,
    UnicodeDecodeError,
    TypeError,
    AttributeError,
)


def _why(exc: BaseException) -> str:
    """What went wrong in a damaged zip, in a few Chinese words."""
    if isinstance(exc, zlib.error):
        return "压缩数据无效"
    if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
        return "校验和不符，文件头所记大小或内容有误"
    return type(exc).__name__


def open_zip(data: bytes, what: tuple[str, str], *, max_entries: int = MAX_ZIP_ENTRIES) -> zipfile.ZipFile:
    """``data`` as a zip of at most ``max_entries`` entries; a damaged or oversized one is a ParseError."""
    # Entries are counted by their central-directory signatures before zipfile parses every one of them.
    declared = data.count(b"PK\x01\x02")
    if declared > max_entries:
        raise refuse(
            what,
            f"压缩包条目过多（约 {declared} 个，上限 {max_entries}）",
            f"too many zip entries (about {declared}, limit {max_entries})",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise refuse(
            what, "文件已损坏或不完整", "the file is damaged or truncated (not a valid zip)"
        ) from None
    if len(archive.infolist()) > max_entries:
        count = len(archive.infolist())
        archive.close()
        raise refuse(
            what,
            f"压缩包条目过多（{count} 个，上限 {max_entries}）",
            f"too many zip entries ({count}, limit {max_entries})",
        )
    return archive


def _inflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo, what: tuple[str, str]) -> Iterator[bytes]:
    """The member inflated in chunks of 64 KB (zipfile stops at the declared size; the callers' caps hold
    whatever that size says); a damaged member is a ParseError."""
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                yield chunk
    except ZIP_ERRORS as exc:
        raise refuse(what, f"文件已损坏（{_why(exc)}）", f"the file is damaged ({exc})") from None


def read_member(
    archive: zipfile.ZipFile, name: str, what: tuple[str, str], *, limit: int = MAX_MEMBER_BYTES
) -> bytes:
    """The member ``name`` inflated in chunks of 64 KB, refused once it passes ``limit`` bytes (its header's
    declared size is not trusted); a missing or damaged member is a ParseError."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise refuse(what, f"缺少 {name}", f"no {name} in the file") from None
    out = bytearray()
    for chunk in _inflated(archive, info, what):
        out += chunk
        if len(out) > limit:
            raise refuse(
                what,
                f"{name} 解压后超过 {mb(limit)}，疑似压缩炸弹",
                f"{name} inflates to more than {mb(limit)} (zip bomb?)",
            )
    return bytes(out)


def inflated_size(archive: zipfile.ZipFile, what: tuple[str, str], *, limit: int = MAX_INFLATED_BYTES) -> int:
    """Bytes all members inflate to, streamed and capped at ``limit``; a damaged member is a ParseError."""
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        for chunk in _inflated(archive, info, what):
            total += len(chunk)
            if total > limit:
                raise refuse(
                    what,
                    f"解压后超过 {mb(limit)}，疑似压缩炸弹",
                    f"its contents inflate to more than {mb(limit)} (zip bomb?)",
                )
    return total


# --- XML ---------------------------------------------------------------------------------------------

_TAG_OPEN = re.compile(rb"<[A-Za-z_]")
_LONG_TAG = re.compile(rb"<[A-Za-z_][^<>]{4096,}")
_LONG_TAG_STR = re.compile(r"<[A-Za-z_][^<>]{4096,}")


def check_markup(data: bytes | str, what: tuple[str, str], *, max_elements: int = MAX_ELEMENTS) -> None:
    """Refuse markup with more than ``max_elements`` start tags or an element with more than
    :data:`MAX_ATTRIBUTES` attributes, before a parser sees it (libxml2 is quadratic in attributes)."""
    if isinstance(data, str):
        count = data.count("<")
        long_tags = _LONG_TAG_STR.finditer(data)
    else:
        count = data.count(b"<")
        long_tags = _LONG_TAG.finditer(data)  # type: ignore[assignment]
    if count > max_elements and (isinstance(data, str) or len(_TAG_OPEN.findall(data)) > max_elements):
        raise refuse(what, f"元素过多（上限 {max_elements} 个）", f"more than {max_elements} elements")
    for match in long_tags:
        attributes = match.group().count("=" if isinstance(data, str) else b"=")  # type: ignore[arg-type]
        tokens = len(match.group().split())
        if max(attributes, tokens - 1) > MAX_ATTRIBUTES:
            raise refuse(
                what,
                f"一个元素的属性过多（上限 {MAX_ATTRIBUTES} 个）",
                f"an element has more than {MAX_ATTRIBUTES} attributes",
            )


def parse_xml(data: bytes, what: tuple[str, str]) -> Any:
    """``data`` parsed by lxml's safe parser after :func:`check_markup`; every lxml error a ParseError."""
    from lxml import etree

    check_markup(data, what)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True
    )
    try:
        return etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError) as exc:
        raise refuse(what, f"XML 无效（{exc}）", f"invalid XML ({exc})") from None


# --- what a zip really is ----------------------------------------------------------------------------

#: Members that make a zip one of the office formats the site accepts (OOXML or OFD).
_ZIP_KINDS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("OFD.xml", "ofd"))


def zip_kind(data: bytes, what: tuple[str, str] = ("压缩文件", "the zip")) -> str:
    """``docx``, ``xlsx`` or ``ofd`` for a zip whose structure is a real document of that kind (its
    ``[Content_Types].xml`` for OOXML, every member inflating within :data:`MAX_INFLATED_BYTES`, streamed),
    ``zip`` for any other zip (an archive). Raises :class:`ParseError` for a damaged zip, too many entries or
    a zip bomb."""
    archive = open_zip(data, what)
    with archive:
        names = set(archive.NameToInfo)
        kind = next((k for member, k in _ZIP_KINDS if member in names), "zip")
        if kind in ("docx", "xlsx") and "[Content_Types].xml" not in names:
            kind = "zip"
        if kind != "zip":
            inflated_size(archive, what, limit=MAX_INFLATED_BYTES)
    return kind


__all__ = [
    "MAX_ATTRIBUTES",
    "MAX_CHARS",
    "MAX_CHARS_PER_PAGE",
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "MAX_INFLATED_BYTES",
    "MAX_INPUT_BYTES",
    "MAX_MEMBER_BYTES",
    "MAX_MEMORY",
    "MAX_PDF_INFLATED_BYTES",
    "MAX_PDF_PAGES",
    "MAX_PDF_SECONDS",
    "MAX_RICH_TEXT_CHARS",
    "MAX_RICH_TEXT_DEPTH",
    "MAX_ROWS",
    "MAX_SECONDS",
    "MAX_TEXT_CHARS",
    "MAX_ZIP_ENTRIES",
    "ZIP_ERRORS",
    "check_markup",
    "inflated_size",
    "open_zip",
    "parse_xml",
    "read_member",
    "refuse",
    "zip_kind",
]
