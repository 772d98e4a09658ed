"""OCR of scanned pages and photographs (the ``ocr`` extra: RapidOCR, PP-OCRv4 models inside the wheel)."""

from __future__ import annotations

import importlib.util
from typing import Any

#: Scanned pages recognised in one document at most.
MAX_PAGES = 30
#: Seconds one page may take (render, deskew, recognise); the page's child process is killed after.
SECONDS_PER_PAGE = 40.0
#: Address space one page's recognition may add to the process (bytes).
MAX_MEMORY = 2048 * 2**20
INSTALL_ZH = "请安装 OCR 组件：pip install 'gongkai[ocr]'"
INSTALL_EN = "install the OCR extra: pip install 'gongkai[ocr]'"


def available() -> bool:
    """Whether the OCR engine is installed (checked without loading it)."""
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def render_page(document: Any, number: int) -> Any:
    raise NotImplementedError


def read_image(image: Any, *, number: int) -> Any:
    raise NotImplementedError


def mark_and_correct(result: Any, ocr_pages: Any, text_only: Any) -> Any:
    raise NotImplementedError
