"""The JSON writer: the report model itself, readable again by :func:`gongkai.parsers.read`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from gongkai.model import Report


def render(report: Report) -> str:
    """The report as indented JSON (UTF-8 text, Chinese unescaped, amounts as exact decimal strings)."""
    return report.model_dump_json(indent=2) + "\n"


def render_many(reports: Iterable[Report]) -> str:
    """Several reports as one JSON array of the same objects :func:`render` writes."""
    items: list[Any] = [r.model_dump(mode="json") for r in reports]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


__all__ = ["render", "render_many"]
