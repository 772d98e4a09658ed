"""Writers: turn a :class:`~gongkai.model.Report` into a text or binary document.

Each format lives in its own module ``gongkai.renderers.<fmt>`` exposing ``render(report) -> str | bytes``;
:func:`render` imports it lazily, so heavy dependencies (PDF, DOCX) load only when asked for.
"""

from __future__ import annotations

import importlib
import re

from gongkai.errors import GongkaiError
from gongkai.model import Report

_FORMAT = re.compile(r"^[a-z][a-z0-9_]*$")


def render(report: Report, fmt: str) -> str | bytes:
    """Render ``report`` in format ``fmt`` (``text``, ``json``, ``markdown``, ``cells``, ``html`` …).

    Raises :class:`GongkaiError` for a format no module provides.
    """
    name = fmt.strip().lower()
    if name == "md":
        name = "markdown"
    if name == "txt":
        name = "text"
    if not _FORMAT.match(name):
        raise GongkaiError(f"未知的输出格式：{fmt}", f"unknown output format: {fmt}")
    try:
        module = importlib.import_module(f"gongkai.renderers.{name}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("gongkai.renderers"):
            raise GongkaiError(f"未知的输出格式：{fmt}", f"unknown output format: {fmt}") from None
        raise
    result: str | bytes = module.render(report)
    return result


__all__ = ["render"]
