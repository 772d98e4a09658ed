"""Constrained types shared by the core: cell values and identifiers."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

#: Any cell value.
CellValue = int | Decimal

CellKind = Literal["count", "change", "amount"]
TemplateId = Literal["2019", "2021"]
Severity = Literal["error", "warning", "info"]
Lang = Literal["zh", "en"]
