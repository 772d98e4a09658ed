"""Hostile PDFs made by code (never committed blobs): a million glyphs on a page, a stream inflating to 1 GB."""

from __future__ import annotations

import zlib


def minimal_pdf(content: bytes, *, deflate: bytes | None = None) -> bytes:
    """A one-page PDF (Helvetica, no font descriptor) whose content stream is ``content``, deflated; or
    ``deflate``, already-deflated bytes, as the stream."""
    stream = zlib.compress(content, 9) if deflate is None else deflate
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def million_glyphs() -> bytes:
    """A few KB: a thousand lines of a thousand glyphs on one page."""
    line = b"(" + b"A" * 1000 + b") Tj 0 -0.8 Td\n"
    return minimal_pdf(b"BT /F1 1 Tf 10 830 Td\n" + line * 1000 + b"ET")


def inflating_stream(size: int = 1 << 30) -> bytes:
    """About 1 MB: a content stream of ``size`` spaces, deflated."""
    deflater = zlib.compressobj(9)
    block = b" " * (1 << 20)
    parts = [deflater.compress(block) for _ in range(size >> 20)]
    parts.append(deflater.flush())
    return minimal_pdf(b"", deflate=b"".join(parts))


def text_pdf(text: bytes) -> bytes:
    """A page of plain Latin text in Helvetica (a font without a FontBBox: pdfminer warned about it)."""
    return minimal_pdf(b"BT /F1 12 Tf 72 760 Td (" + text + b") Tj ET")
