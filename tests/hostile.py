"""The hostile files of issue 14, made by code (never committed blobs): each function returns the bytes.

Zip containers are written by hand (:func:`raw_zip`), so a member's header may say what it likes and a
gigabyte of inflated data costs one compressed block repeated (a deflate stream after a full flush starts
afresh, so the same block compresses to the same bytes every time). ``FILES`` names every file for the
parametrised tests and bench/fuzz.py.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from tests.core.parsers import hostile as pdf_hostile

CORPUS = Path(__file__).parent / "data" / "corpus"


def deflated_repeat(block: bytes, times: int, prefix: bytes = b"") -> tuple[bytes, int]:
    """Raw deflate data of ``prefix`` then ``block`` repeated ``times`` times, and a CRC-32: the true one
    up to 64 blocks, past that a lying one (the readers stop long before they could check it)."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = deflater.compress(prefix) + deflater.flush(zlib.Z_FULL_FLUSH) if prefix else b""
    first = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    again = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    end = deflater.flush()
    crc = zlib.crc32(prefix)
    for _ in range(times if times <= 64 else 1):
        crc = zlib.crc32(block, crc)
    return start + first + again * (times - 1) + end, crc


def raw_zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip of ``(name, raw data, method, crc, declared uncompressed size)`` entries (method 8: deflate)."""
    out = bytearray()
    central = bytearray()
    for name, data, method, crc, size in entries:
        encoded = name.encode()
        offset = len(out)
        size32 = min(size, 0xFFFFFFFF)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(data), size32, len(encoded), 0
        )
        out += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc, len(data), size32,
            len(encoded), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += encoded
    start = len(out)
    count = min(len(entries), 0xFFFF)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), start, 0)
    return bytes(out)


def _stored(name: str, data: bytes) -> tuple[str, bytes, int, int, int]:
    return (name, data, 0, zlib.crc32(data), len(data))


def _deflated(name: str, data: bytes) -> tuple[str, bytes, int, int, int]:
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    return (name, deflater.compress(data) + deflater.flush(), 8, zlib.crc32(data), len(data))


_CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def xlsx_shared_strings(size: int = 1 << 30) -> bytes:
    """About 1 MB: a workbook whose shared strings expand to ``size`` bytes (honest headers)."""
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    data, crc = deflated_repeat(b"A" * (1 << 20), size >> 20, prefix=head)
    return raw_zip(
        [
            _deflated("[Content_Types].xml", _CONTENT_TYPES),
            _deflated("xl/workbook.xml", _WORKBOOK),
            ("xl/sharedStrings.xml", data, 8, crc, min(size, 0xFFFFFFFF)),
        ]
    )


_WORKBOOK = (
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)


def docx_huge_document(size: int = 59 * 2**20) -> bytes:
    """A few MB: a valid Word document whose document.xml is ``size`` bytes of short paragraphs."""
    para = b"<w:p><w:r><w:t>\xe6\x94\xbf\xe5\xba\x9c\xe4\xbf\xa1\xe6\x81\xaf\xe5\x85\xac\xe5\xbc\x80</w:t></w:r></w:p>"
    body = para * (size // len(para))
    xml = b"<w:document " + _W + b"><w:body>" + body + b"</w:body></w:document>"
    return raw_zip([_deflated("[Content_Types].xml", _CONTENT_TYPES), _deflated("word/document.xml", xml)])


def zip_lying_header(size: int = 2 * 2**30) -> bytes:
    """About 2 MB: a .docx whose document.xml's headers say 100 bytes while its data inflates to ``size``."""
    data, crc = deflated_repeat(b"<" * (1 << 20), size >> 20)
    return raw_zip(
        [_deflated("[Content_Types].xml", _CONTENT_TYPES), ("word/document.xml", data, 8, crc, 100)]
    )


def zip_bomb(size: int = 1 << 30) -> bytes:
    """About 1 MB: a .docx-looking zip (it has word/document.xml) with a member inflating to ``size`` bytes."""
    data, crc = deflated_repeat(bytes(1 << 20), size >> 20)
    return raw_zip(
        [
            _deflated("[Content_Types].xml", _CONTENT_TYPES),
            _deflated("word/document.xml", b"<w:document " + _W + b"><w:body/></w:document>"),
            ("word/media/image1.png", data, 8, crc, size),
        ]
    )


def many_entries(count: int = 200_000) -> bytes:
    """A zip of ``count`` empty entries, one of them word/document.xml (about 100 bytes an entry)."""
    entries = [_stored("word/document.xml", b"<w:document " + _W + b"><w:body/></w:document>")]
    entries.append(_stored("[Content_Types].xml", _CONTENT_TYPES))
    entries += [_stored(f"{i:x}", b"") for i in range(count - 2)]
    return raw_zip(entries)


def html_attributes(count: int = 200_000) -> bytes:
    """About 1.5 MB: a page with ``count`` attributes on one element."""
    attributes = b" ".join(b"a%d=1" % i for i in range(count))
    return b"<html><body><table><tr><td " + attributes + b">1</td></tr></table></body></html>"


def nested_divs(depth: int = 50_000) -> str:
    """An item body of ``depth`` nested ``<div>``s (rich text for the sanitiser)."""
    return "<div>" * depth + "政府信息" + "</div>" * depth


def html_nested(depth: int = 50_000) -> bytes:
    """The same nesting as a web page."""
    return b"<html><body>" + nested_divs(depth).encode() + b"</body></html>"


def docx_damaged_deflate() -> bytes:
    """The corpus's sample .docx with byte 2175 set to 0x2D (zlib.error: invalid distance too far back)."""
    data = bytearray((CORPUS / "docx-2019-sample.docx").read_bytes())
    data[2175] = 0x2D
    return bytes(data)


def archive(kind: str) -> bytes:
    """The first bytes of an archive of ``kind`` (zip, rar, 7z, tar, gz), enough to be recognised."""
    if kind == "zip":
        return raw_zip([_deflated("a.txt", b"hello " * 100)])
    if kind == "rar":
        return b"Rar!\x1a\x07\x01\x00" + bytes(64)
    if kind == "7z":
        return b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(64)
    if kind == "gz":
        return zlib.compressobj(9, zlib.DEFLATED, 31).compress(b"x" * 1000) + b"\x03\x00" + bytes(8)
    if kind == "tar":
        header = bytearray(512)
        header[:5] = b"a.txt"
        header[257:263] = b"ustar\x00"
        return bytes(header) + bytes(1024)
    raise ValueError(kind)


#: Every hostile file ``gongkai parse`` must refuse (name -> maker, file suffix), full size.
FILES: dict[str, tuple[Callable[[], bytes], str]] = {
    "xlsx-shared-strings-1gb": (xlsx_shared_strings, ".xlsx"),
    "pdf-million-glyphs": (pdf_hostile.million_glyphs, ".pdf"),
    "pdf-stream-1gb": (pdf_hostile.inflating_stream, ".pdf"),
    "docx-59mb-document": (docx_huge_document, ".docx"),
    "html-200k-attributes": (html_attributes, ".html"),
    "zip-lying-header-2gb": (zip_lying_header, ".docx"),
    "html-50k-nested-divs": (html_nested, ".html"),
    "docx-damaged-deflate": (docx_damaged_deflate, ".docx"),
    "zip-bomb-1gb": (zip_bomb, ".docx"),
    "zip-200k-entries": (many_entries, ".docx"),
}


def write_all(directory: Path) -> dict[str, Path]:
    """Every file of :data:`FILES` written into ``directory``; name -> path."""
    paths = {}
    for name, (make, suffix) in FILES.items():
        path = directory / f"{name}{suffix}"
        path.write_bytes(make())
        paths[name] = path
    return paths


def text_number_rows(size: int = 18 * 2**20) -> bytes:
    """``size`` bytes of rows of numbers (the text reader took 278 s on 18 MB of them)."""
    row = b"12345 678 9 10 11 12 13 14 15 16\n"
    return row * (size // len(row))


FILES["txt-18mb-number-rows"] = (text_number_rows, ".txt")


def refuse_saying_where(data: bytes, source: str, fmt: str | None) -> None:
    """A reader that refuses every file naming the process it ran in (the sandbox's tests)."""
    import os

    from gongkai.errors import ParseError

    raise ParseError(f"pid {os.getpid()}")
