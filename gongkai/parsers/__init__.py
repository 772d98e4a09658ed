"""Readers: turn a published report (text, HTML, DOCX, PDF, a scan or photo) into a :class:`ParseResult`.

One entry point, :func:`read`, detects the format from the content (not only the file name) and
dispatches to the reader of that format. Every reader honours the same contract: it returns a
``ParseResult`` with warnings as data, or raises :class:`gongkai.errors.ParseError`; nothing else.
"""

from __future__ import annotations

from pathlib import Path

from gongkai.errors import ParseError
from gongkai.parsers.budgets import MAX_INPUT_BYTES
from gongkai.parsers.result import ParseResult


def decode_text(data: bytes) -> str:
    """Decode text of unknown encoding: BOMs first, then UTF-8, then GB18030 (a superset of GBK/GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


#: Signatures of the image formats read by OCR (PNG, JPEG, TIFF both byte orders, WebP, BMP).
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def detect_format(data: bytes, name: str = "") -> str:
    """``json``, ``pdf``, ``docx``, ``html``, ``image`` or ``text``, judged from the first bytes (the name
    only breaks ties)."""
    if (
        data.startswith(_IMAGE_MAGIC)
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        or (data[:2] == b"BM" and data[6:10] == bytes(4))
    ):
        return "image"
    head = data[:2048].removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"{"):
        return "json"
    # PDF readers accept the header anywhere in the first 1 KB (some generators prepend junk).
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    # A zip, or an old binary Word/WPS file (OLE2), which the DOCX reader refuses with a clear message.
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
        return "docx"
    low = head.lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta", b"<!--")):
        return "html"
    # A page may open with a long <head> of scripts and styles: look further for its body.
    if low.startswith(b"<") and any(tag in data[:65536].lower() for tag in (b"<table", b"<body")):
        return "html"
    if b"<table" in low or b"<body" in low:
        return "html"
    if name.lower().endswith((".html", ".htm")) and b"<" in head:
        return "html"
    return "text"


def read(data: bytes | str | Path, *, source: str = "", format: str | None = None) -> ParseResult:
    """Read a report from bytes, text or a file path.

    ``format`` forces a reader (``text``, ``html``, ``docx``, ``pdf``, ``image``); by default it is detected.
    Raises :class:`ParseError` for input that is not a report or cannot be read.
    """
    if isinstance(data, Path):
        source = source or str(data)
        try:
            size = data.stat().st_size
        except OSError as exc:
            raise ParseError(
                f"无法读取文件：{data}（{exc.strerror}）", f"cannot read {data}: {exc.strerror}"
            ) from None
        if size > MAX_INPUT_BYTES:
            raise ParseError(
                f"文件过大（{size // 1024 // 1024} MB），上限为 {MAX_INPUT_BYTES // 1024 // 1024} MB：{data}",
                f"file too large ({size} bytes, limit {MAX_INPUT_BYTES}): {data}",
            )
        path = data
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ParseError(
                f"无法读取文件：{path}（{exc.strerror}）", f"cannot read {path}: {exc.strerror}"
            ) from None
    if isinstance(data, str):
        from gongkai.parsers.text import parse_text

        if len(data) > MAX_INPUT_BYTES:
            raise ParseError("输入过大", f"input too large ({len(data)} characters)")
        return parse_text(data, source=source)
    if len(data) > MAX_INPUT_BYTES:
        raise ParseError(
            f"输入过大（{len(data) // 1024 // 1024} MB），上限为 {MAX_INPUT_BYTES // 1024 // 1024} MB",
            f"input too large ({len(data)} bytes, limit {MAX_INPUT_BYTES})",
        )
    fmt = format or detect_format(data, source)
    if fmt == "text":
        from gongkai.parsers.text import parse_text

        return parse_text(decode_text(data), source=source)
    if fmt == "json":
        return _read_json(data, source)
    if fmt in {"html", "docx", "pdf", "image"}:
        import importlib

        try:
            module = importlib.import_module(f"gongkai.parsers.{fmt}")
        except ImportError:
            raise ParseError(
                f"暂不支持读取 {fmt} 格式", f"reading {fmt} is not supported by this installation"
            ) from None
        result: ParseResult = module.parse_bytes(data, source=source)
        return result
    raise ParseError(f"未知格式：{fmt}", f"unknown format: {fmt}")


def _read_json(data: bytes, source: str) -> ParseResult:
    """A report saved by ``gongkai parse --format json`` (the model itself)."""
    from pydantic import ValidationError

    from gongkai.model import Report

    try:
        report = Report.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ParseError(
            f"JSON 年报无效（{where}）：{first.get('msg', '')}",
            f"invalid report JSON at {where}: {first.get('msg', '')}",
        ) from None
    return ParseResult(report=report, warnings=[], format="json", source=source or report.source)


__all__ = ["MAX_INPUT_BYTES", "ParseError", "ParseResult", "decode_text", "detect_format", "read"]
