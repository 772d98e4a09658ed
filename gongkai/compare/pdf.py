"""A comparison as a PDF: its HTML page printed by WeasyPrint, as the report's PDF writer prints a report."""

from __future__ import annotations

from gongkai.compare import html
from gongkai.compare.model import Comparison
from gongkai.renderers.pdf import from_html


def render(comparison: Comparison) -> bytes:
    """The comparison as the bytes of an A4 PDF. Raises :class:`GongkaiError` without WeasyPrint."""
    return from_html(html.render(comparison), title=comparison.title)


__all__ = ["render"]
