"""OCR of scanned pages and photographs of printed pages (the ``ocr`` extra).

The engine is RapidOCR on ONNX Runtime with the PP-OCRv4 Chinese detection and recognition models, which
ship inside the ``rapidocr-onnxruntime`` wheel: nothing is downloaded at run time (docs/formats.md gives
the choice against Tesseract, with its measured accuracy and speed).

A page image is made upright (its skew measured from the rows of ink and undone), cleaned of speckle,
recognised with a box for every character, and its ruled lines found from long straight runs of ink; the
result is a :class:`gongkai.parsers._pdfium.Page` like a PDF's, so tables, merged cells and unruled layouts
are read by the same geometry (:mod:`gongkai.parsers._geometry`).

After the text reader, the identities of parts 三 and 四 catch digits OCR got wrong: where exactly one cell
read by OCR can take a value one digit away from what was read (a digit changed, added or dropped) that
makes every identity it belongs to hold, the cell is corrected and the correction is an ``ocr_corrected``
finding (never silent). Every cell read by OCR is listed in an ``ocr`` finding.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from gongkai.errors import ParseError
from gongkai.findings import Finding
from gongkai.parsers._geometry import Char, HEdge, VEdge
from gongkai.parsers._pdfium import Page
from gongkai.parsers.radicals import unify_radicals
from gongkai.parsers.result import ParseResult

#: Scanned pages recognised in one document at most.
MAX_PAGES = 30
#: CPU seconds one page may take (render, deskew, recognise); the page's child process is killed after.
SECONDS_PER_PAGE = 120.0
#: Wall-clock seconds waited for one page (the recogniser shares the machine's cores with other work).
WALL_SECONDS_PER_PAGE = 300.0
#: Address space one page's recognition may add to the process (bytes).
MAX_MEMORY = 3072 * 2**20
#: Pixels of a page image recognised at most (larger images are scaled down first).
MAX_PIXELS = 4_000_000
#: Pixels per point a PDF page is rendered at for recognition (144 dpi).
RENDER_SCALE = 2.0
#: Points across a photographed or scanned image, taken as an A4 page's width.
IMAGE_WIDTH_PT = 595.0
#: Largest skew undone (degrees); a page turned further is not a skewed page but a rotated one.
MAX_SKEW = 6.0
#: Shortest run of ink taken for a ruled line (pt), across and down the page.
MIN_RULE_H = 20.0
MIN_RULE_V = 14.0
INSTALL_ZH = "请安装 OCR 组件：pip install 'gongkai[ocr]'"
INSTALL_EN = "install the OCR extra: pip install 'gongkai[ocr]'"


def available() -> bool:
    """Whether the OCR engine is installed (checked without loading it)."""
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def missing() -> ParseError:
    """The error for a scan or an image when the OCR engine is not installed."""
    return ParseError(
        f"该文件是图片或扫描件，需要文字识别（OCR）才能读取：{INSTALL_ZH}",
        f"the file is an image or a scan and needs OCR to be read: {INSTALL_EN}",
    )


def render_page(document: Any, number: int) -> Any:
    """Page ``number`` of an open :class:`gongkai.parsers._pdfium.Document` as a grayscale image, at
    :data:`RENDER_SCALE` or less so that it stays within :data:`MAX_PIXELS`."""
    width, height = document.page_size(number)
    scale = min(RENDER_SCALE, (MAX_PIXELS / max(1.0, width * height)) ** 0.5)
    return document.render(number, scale), scale


# --- image preparation ------------------------------------------------------------------------------


def _skew(gray: Any) -> float:
    """The page's skew in degrees: the angle whose rows of ink are sharpest (projection profile)."""
    import numpy as np
    from PIL import Image

    small = gray
    if gray.width > 800:
        small = gray.resize((800, max(1, round(gray.height * 800 / gray.width))))
    ink = Image.fromarray(((np.asarray(small) < 160) * 255).astype(np.uint8))
    best, best_score = 0.0, -1.0
    for step in range(-int(MAX_SKEW * 4), int(MAX_SKEW * 4) + 1):
        angle = step / 4
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST), dtype=np.float32).sum(axis=1)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best, best_score = angle, score
    return best


def prepare(image: Any) -> tuple[Any, Any, float]:
    """A page image as OCR reads it: grayscale, at most :data:`MAX_PIXELS`, contrast stretched, upright.
    Returns the image for finding ruled lines, the same despeckled for recognition (a median filter
    would erase a thin rule), and the skew undone (degrees)."""
    from PIL import Image, ImageFilter, ImageOps

    gray = ImageOps.exif_transpose(image).convert("L")
    if gray.width * gray.height > MAX_PIXELS:
        factor = (MAX_PIXELS / (gray.width * gray.height)) ** 0.5
        gray = gray.resize((max(1, int(gray.width * factor)), max(1, int(gray.height * factor))))
    gray = ImageOps.autocontrast(gray, cutoff=1)
    angle = _skew(gray)
    if abs(angle) >= 0.25:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return gray, gray.filter(ImageFilter.MedianFilter(3)), angle


def _runs(mask: Any, min_len: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every run of True at least ``min_len`` long, row by row."""
    import numpy as np

    out: list[tuple[int, int, int]] = []
    rows = np.nonzero(mask.sum(axis=1) >= min_len)[0]
    for row in rows:
        line = np.concatenate(([0], mask[row].astype(np.int8), [0]))
        d = np.diff(line)
        starts = np.nonzero(d == 1)[0]
        ends = np.nonzero(d == -1)[0]
        for s, e in zip(starts, ends, strict=True):
            if e - s >= min_len:
                out.append((int(row), int(s), int(e)))
    return out


def ruled_lines(gray: Any, scale: float) -> tuple[list[HEdge], list[VEdge], Any]:
    """The straight lines of a page image: runs of ink at least :data:`MIN_RULE_H` (across) or
    :data:`MIN_RULE_V` (down) points long, one-pixel breaks (noise, a faint print) bridged; in points.
    A character's strokes are shorter than a character, and characters are apart, so text is no line.
    Also returns the mask of the lines' pixels (to erase them before recognition)."""
    import numpy as np

    ink = np.asarray(gray) < 150

    def bridged(mask: Any) -> Any:
        gap = np.zeros_like(mask)
        gap[:, 1:-1] = mask[:, :-2] & mask[:, 2:]
        return mask | gap

    rules = np.zeros_like(ink)
    h = []
    for row, s, e in _runs(bridged(ink), round(MIN_RULE_H * scale)):
        h.append(HEdge((row + 0.5) / scale, s / scale, e / scale))
        rules[max(0, row - 1) : row + 2, s:e] = True
    v = []
    for col, s, e in _runs(bridged(ink.T), round(MIN_RULE_V * scale)):
        v.append(VEdge((col + 0.5) / scale, s / scale, e / scale))
        rules[s:e, max(0, col - 1) : col + 2] = True
    return h, v, rules


# --- recognition ------------------------------------------------------------------------------------

_ENGINE: list[Any] = []


def _engine() -> Any:
    if not _ENGINE:
        import logging

        from rapidocr_onnxruntime import RapidOCR

        engine = RapidOCR(print_verbose=False)
        # The package logs each model it loads; nothing of it belongs on the terminal.
        logging.getLogger("RapidOCR").disabled = True
        _ENGINE.append(engine)
    return _ENGINE[0]


# A box holding only a dash the recogniser took for 一/二 (or a long-vowel mark, an underscore).
_DASH_LOOKALIKE = re.compile(r"[一二ー_＿—－-]{1,2}")
# A count with thousands separators the recogniser read as points: 2.744 for 2,744.
_POINT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def cell_text(text: str) -> str:
    """A recognised box's text with the confusions of value cells undone: a box that is only 一/二-like
    strokes is a dash (a blank cell's mark), and digits grouped by points in threes are thousands
    (an amount in 万元 keeps its point: it is never printed with exactly three decimals and nothing else
    in its box)."""
    body = "".join(text.split())
    if _DASH_LOOKALIKE.fullmatch(body):
        return "—"
    if _POINT_THOUSANDS.fullmatch(body):
        return body.replace(".", ",")
    return text


def _chars(results: Iterable[Any], scale: float) -> tuple[list[Char], list[float]]:
    """Characters with boxes (pt) and confidences from RapidOCR's lines and their word boxes."""
    chars: list[Char] = []
    scores: list[float] = []
    for item in results:
        box, text, score = item[0], item[1], float(item[2])
        words = item[3] if len(item) > 3 else None
        words_text = item[4] if len(item) > 4 else None
        ys = [p[1] for p in box]
        top, bottom = min(ys) / scale, max(ys) / scale
        pieces: list[tuple[float, float, str]] = []
        fixed = cell_text(text)
        if fixed != text:
            xs = [p[0] for p in box]
            pieces.append((min(xs), max(xs), fixed))
        elif words and words_text and len(words) == len(words_text):
            for wbox, wtext in zip(words, words_text, strict=True):
                xs = [p[0] for p in wbox]
                pieces.append((min(xs), max(xs), wtext))
        else:
            xs = [p[0] for p in box]
            pieces.append((min(xs), max(xs), text))
        for x0, x1, piece in pieces:
            piece = "".join(piece.split())
            if not piece:
                continue
            width = (x1 - x0) / len(piece)
            for k, ch in enumerate(piece):
                a = (x0 + k * width) / scale
                chars.append(Char(a, top, a + width / scale, bottom, ch))
                scores.append(score)
    return chars, scores


def read_image(image: Any, *, number: int = 1, scale: float | None = None) -> tuple[Page, list[Finding]]:
    """A page image recognised: a :class:`Page` (characters and ruled lines, in points) and findings.

    ``scale`` is pixels per point (a rendered PDF page says it); for a photograph or a scan the image is
    taken as an A4 page's width. Raises :class:`ParseError` when the engine is not installed.
    """
    if not available():
        raise missing()
    import numpy as np

    gray, clean, angle = prepare(image)
    if scale is None:
        scale = gray.width / IMAGE_WIDTH_PT
    elif gray.width * gray.height < image.width * image.height:
        scale *= gray.width / image.width
    h_edges, v_edges, rules = ruled_lines(gray, scale)
    # The grid erased, the detector sees only text: faster, and no box runs along a rule.
    pixels = np.array(clean)
    pixels[rules] = 255
    results, _elapsed = _engine()(np.stack([pixels] * 3, axis=-1), return_word_box=True)
    chars, scores = _chars(results or (), scale)
    chars = [c._replace(text=unify_radicals(c.text)) for c in chars]
    page = Page(
        number, gray.width / scale, gray.height / scale, chars, h_edges, v_edges, images=1, recognised=True
    )
    findings: list[Finding] = []
    if abs(angle) >= 0.25:
        findings.append(
            Finding(
                severity="info",
                rule="ocr_deskewed",
                message_zh=f"第 {number} 页图像倾斜约 {angle:.1f}°，已先纠正再识别",
                message_en=f"page {number} was skewed by about {angle:.1f}°; it was straightened before OCR",
            )
        )
    low = sum(1 for s in scores if s < 0.8)
    if low:
        findings.append(
            Finding(
                severity="warning",
                rule="ocr_low_confidence",
                message_zh=f"第 {number} 页有 {low} 个字符识别置信度较低，请核对",
                message_en=f"page {number}: {low} characters were recognised with low confidence; check them",
            )
        )
    return page, findings


# --- after the text reader: which cells came from OCR, and digits the identities correct -------------


def _ocr_cells(result: ParseResult, text_only: Sequence[str] | None) -> list[str]:
    """Cells whose value came from OCR'd pages: all of them, or those the text pages alone do not give."""
    cells = result.report.cells
    if text_only is None:
        return list(cells)
    from gongkai.parsers.text import parse_text

    try:
        plain = parse_text("\n".join(text_only) + "\n").report.cells
    except ParseError:
        return list(cells)
    return [k for k, v in cells.items() if plain.get(k) != v]


def _identity_errors(report: Any) -> list[Finding]:
    from gongkai.checks.single import (
        appeals_block_total,
        applications_column_balance,
        applications_results_total,
        applications_row_total,
    )

    return [
        *applications_column_balance(report),
        *applications_row_total(report),
        *applications_results_total(report),
        *appeals_block_total(report),
    ]


def digit_alternatives(value: int) -> set[int]:
    """Values one OCR slip away from ``value``: one digit changed, one dropped, or one added."""
    text = str(value)
    out: set[int] = set()
    for i in range(len(text)):
        for d in "0123456789":
            out.add(int(text[:i] + d + text[i + 1 :]))
        if len(text) > 1:
            out.add(int(text[:i] + text[i + 1 :]))
    for i in range(len(text) + 1):
        for d in "0123456789":
            candidate = text[:i] + d + text[i:]
            if not (candidate.startswith("0") and len(candidate) > 1):
                out.add(int(candidate))
    out.discard(value)
    return out


def correct_digits(result: ParseResult, ocr_cells: Sequence[str]) -> ParseResult:
    """Cells read by OCR corrected where the identities of parts 三/四 single out one slip (each correction
    an ``ocr_corrected`` warning naming the cell, the value read and the value taken)."""
    report = result.report
    findings: list[Finding] = []
    ocr_set = set(ocr_cells)
    for _round in range(8):
        errors = _identity_errors(report)
        if not errors:
            break
        suspects = [
            k
            for k in dict.fromkeys(key for f in errors for key in f.cells)
            if k in ocr_set and isinstance(report.cells.get(k), int)
        ]
        fixes: list[tuple[str, int]] = []
        for key in suspects:
            old = report.cells[key]
            assert isinstance(old, int)
            for value in digit_alternatives(old):
                if not _identity_errors(report.with_cells({key: value})):
                    fixes.append((key, value))
        if len(fixes) != 1:
            # None, or several equally good: the identities do not single out one slip.
            if not fixes:
                fixes = _partial_fix(report, errors, suspects)
            if len(fixes) != 1:
                break
        key, value = fixes[0]
        old = report.cells[key]
        report = report.with_cells({key: value})
        findings.append(
            Finding(
                severity="warning",
                rule="ocr_corrected",
                cells=(key,),
                expected=value,
                found=old if isinstance(old, int | Decimal) else None,
                message_zh=f"单元格 {key} 经文字识别读作 {old}，与第三、四部分的勾稽关系不符；按勾稽关系更正为 {value}，请核对原件",
                message_en=f"cell {key} was recognised as {old}, which breaks the identities of parts 3 and 4; "
                f"corrected to {value} by them — check the original",
            )
        )
    return result.model_copy(update={"report": report, "warnings": [*result.warnings, *findings]})


def _partial_fix(report: Any, errors: Sequence[Finding], suspects: Sequence[str]) -> list[tuple[str, int]]:
    """Single-slip fixes that reduce the broken identities the most (several slips on one page): the one
    that mends the most, if it is the only one that mends that many and breaks nothing that held."""
    before = {(f.rule, f.cells) for f in errors}
    best: list[tuple[str, int]] = []
    best_gain = 0
    for key in suspects:
        old = report.cells[key]
        for value in digit_alternatives(old):
            after = {(f.rule, f.cells) for f in _identity_errors(report.with_cells({key: value}))}
            if not after <= before:
                continue
            gain = len(before) - len(after)
            if gain > best_gain:
                best, best_gain = [(key, value)], gain
            elif gain == best_gain and gain:
                best.append((key, value))
    return best if best_gain >= 2 else []


def mark_and_correct(
    result: ParseResult, ocr_pages: Sequence[int], text_only: Sequence[str] | None
) -> ParseResult:
    """The reader's result for a document with pages read by OCR: digits corrected by the identities
    (:func:`correct_digits`) and every OCR'd cell listed in an ``ocr`` finding."""
    cells = _ocr_cells(result, text_only)
    corrected = correct_digits(result, cells)
    pages = "、".join(str(n) for n in ocr_pages)
    note = Finding(
        severity="info",
        rule="ocr",
        cells=tuple(cells),
        message_zh=f"第 {pages} 页为扫描图像，经文字识别（OCR）读取；其中 {len(cells)} 个单元格的数值来自文字识别",
        message_en=f"page(s) {', '.join(map(str, ocr_pages))} are scanned images read by OCR; "
        f"{len(cells)} cells come from OCR",
    )
    return corrected.model_copy(update={"warnings": [note, *corrected.warnings]})


__all__ = [
    "INSTALL_EN",
    "INSTALL_ZH",
    "MAX_PAGES",
    "available",
    "correct_digits",
    "digit_alternatives",
    "mark_and_correct",
    "missing",
    "prepare",
    "read_image",
    "render_page",
    "ruled_lines",
]
