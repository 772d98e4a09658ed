"""Constrained types shared by the core: cell values and identifiers."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from annotated_types import Ge

#: A count cell: a whole, non-negative number.
Count = Annotated[int, Ge(0)]
#: A ``change`` cell (本年增/减): a whole number that may be negative.
Change = int
#: An ``amount`` cell, in 万元: a non-negative decimal kept exactly.
Amount = Annotated[Decimal, Ge(0)]
#: Any cell value.
CellValue = int | Decimal

CellKind = Literal["count", "change", "amount"]
TemplateId = Literal["2019", "2021"]
Severity = Literal["error", "warning", "info"]
Lang = Literal["zh", "en"]
