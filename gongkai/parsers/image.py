"""Reader for reports as images: a scanned page or a phone photograph of a printed page (PNG, JPEG, TIFF,
WebP, BMP), read by OCR (:mod:`gongkai.parsers.ocr`) in a limited child process, then as a PDF page is.

A multi-page TIFF is read page by page. Without the ``ocr`` extra the file is refused saying what to
install. The image's size is checked from its header before any pixel is decoded.
"""

from __future__ import annotations

import io
from functools import partial

from gongkai.errors import ParseError
from gongkai.findings import Finding
from gongkai.parsers import ocr
from gongkai.parsers._layout import finish
from gongkai.parsers._sandbox import run_limited
from gongkai.parsers.result import ParseResult

#: Pixels of one image decoded at most (a 600 dpi A4 scan is 35 million).
MAX_DECODED_PIXELS = 60_000_000


def _refuse(zh: str, en: str) -> ParseError:
    return ParseError(f"无法读取图片：{zh}", f"cannot read the image: {en}")


def _read(data: bytes) -> tuple[list[str], list[Finding], int]:
    """The image's pages recognised and laid out (runs in the child)."""
    from PIL import Image, UnidentifiedImageError

    from gongkai.parsers.pdf import _collect, page_blocks

    Image.MAX_IMAGE_PIXELS = MAX_DECODED_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
        if frames > ocr.MAX_PAGES:
            raise _refuse(f"页数过多（{frames} 页）", f"too many pages ({frames})")
        if image.width * image.height > MAX_DECODED_PIXELS:
            raise _refuse("图片过大", f"the image is too large ({image.width}×{image.height})")
        blocks = {}
        findings: list[Finding] = []
        for number in range(1, frames + 1):
            image.seek(number - 1)
            image.load()
            page, found = ocr.read_image(image.copy(), number=number)
            blocks[number] = page_blocks(page)
            findings.extend(found)
    except (UnidentifiedImageError, OSError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise _refuse("文件已损坏或不是图片", f"damaged or not an image ({type(exc).__name__})") from None
    width = max(ocr.IMAGE_WIDTH_PT, 1.0)
    return _collect(blocks, width), findings, frames


def parse_bytes(data: bytes, *, source: str = "") -> ParseResult:
    """Read a report from an image by OCR. Raises :class:`ParseError` (also when OCR is not installed)."""
    if not ocr.available():
        raise ocr.missing()
    lines, findings, frames = run_limited(
        partial(_read, data),
        memory=ocr.MAX_MEMORY,
        seconds=ocr.SECONDS_PER_PAGE,
        wall=ocr.WALL_SECONDS_PER_PAGE,
        what=("图片", "the image"),
    )
    result = finish(lines, fmt="image", source=source, warnings=findings)
    return ocr.mark_and_correct(result, list(range(1, frames + 1)), None)


__all__ = ["MAX_DECODED_PIXELS", "parse_bytes"]
