"""Year-on-year comparison of one agency's reports: :func:`compare` gives the data, :func:`render` a document.

``compare(previous, current)`` pairs the cells of the two reports through the template correspondence
(``gongkai.templates.correspondence``), diffs each part's prose, runs the cross-year checks and computes the
headline indicators; ``render(comparison, fmt)`` writes it as ``html``, ``md``, ``docx`` or ``pdf`` with the
report writers' building blocks. Writers are imported lazily (DOCX and PDF load heavy libraries).
"""

from __future__ import annotations

import importlib

from gongkai.compare.model import (
    NO_VALUE,
    CellChange,
    Comparison,
    Headline,
    ProseChange,
    RowChange,
    TableChange,
    compare,
    format_cell,
    format_delta,
    format_share,
)
from gongkai.compare.prose import Piece, TextDiff, diff_text
from gongkai.errors import GongkaiError

#: Output formats of :func:`render` and the module that writes each.
FORMATS: dict[str, str] = {"html": "html", "md": "markdown", "docx": "docx", "pdf": "pdf"}


def render(comparison: Comparison, fmt: str) -> str | bytes:
    """``comparison`` as a document: ``html`` and ``md`` give text, ``docx`` and ``pdf`` bytes.

    Raises :class:`GongkaiError` for another format, or when the format's library is not installed.
    """
    name = fmt.strip().lower()
    name = "md" if name == "markdown" else name
    if name not in FORMATS:
        raise GongkaiError(
            f"未知的对比输出格式：{fmt}（可用：{'、'.join(FORMATS)}）",
            f"unknown comparison format: {fmt} (known: {', '.join(FORMATS)})",
        )
    module = importlib.import_module(f"gongkai.compare.{FORMATS[name]}")
    document: str | bytes = module.render(comparison)
    return document


__all__ = [
    "FORMATS",
    "NO_VALUE",
    "CellChange",
    "Comparison",
    "Headline",
    "Piece",
    "ProseChange",
    "RowChange",
    "TableChange",
    "TextDiff",
    "compare",
    "diff_text",
    "format_cell",
    "format_delta",
    "format_share",
    "render",
]
