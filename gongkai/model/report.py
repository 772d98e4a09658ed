"""The annual report as typed data: agency, year, template, prose, and every cell by its key."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gongkai.templates import Template, get_template
from gongkai.types import CellKind, CellValue, TemplateId


class Prose(BaseModel):
    """The prose of a report: parts 一, 五 and 六, and any text printed inside parts 二–四."""

    model_config = ConfigDict(extra="forbid")

    overview: str = ""
    proactive: str = ""
    applications: str = ""
    appeals: str = ""
    problems: str = ""
    other: str = ""


class CellState(StrEnum):
    """How a cell was printed in the source, beside the value the checks use.

    A blank, a dash (—, -, －), a slash (/) and text (「无」, 「不适用」…) all count as zero for the checks, with a
    finding; researchers still need to know which zeros were printed. Generated reports print numbers.
    """

    NUMBER = "number"
    BLANK = "blank"
    DASH = "dash"
    SLASH = "slash"
    TEXT = "text"


class Printed(BaseModel):
    """A cell not printed as a plain number: its state and the text exactly as printed ("" for a blank)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    state: CellState
    text: str = ""

    @model_validator(mode="after")
    def _not_a_number(self) -> Printed:
        """``number`` is what every cell without a mark is; a mark says something else was printed."""
        if self.state is CellState.NUMBER:
            raise ValueError(
                "a printed mark is for cells not printed as a number / state 'number' needs no mark"
            )
        return self


def coerce_cell(key: str, kind: CellKind, value: Any) -> CellValue:
    """Convert ``value`` to the type of a cell of ``kind``, or raise ``ValueError`` naming the cell.

    Counts are whole and non-negative; ``change`` is whole and signed; ``amount`` is a non-negative
    Decimal in 万元 (floats go through ``str`` so 30.3861 stays 30.3861).
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f"单元格 {key} 的值无效：{value!r} / cell {key}: invalid value {value!r}")
    if kind == "amount":
        try:
            amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
        except InvalidOperation:
            raise ValueError(
                f"单元格 {key} 应为金额（万元）：{value!r} / cell {key}: not an amount: {value!r}"
            ) from None
        if not amount.is_finite() or amount < 0:
            raise ValueError(
                f"单元格 {key} 的金额不能为负：{value} / cell {key}: amount must be >= 0, got {value}"
            )
        return amount
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, int) else Decimal(value)
    except InvalidOperation:
        raise ValueError(
            f"单元格 {key} 应为整数：{value!r} / cell {key}: not a whole number: {value!r}"
        ) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(f"单元格 {key} 应为整数：{value} / cell {key}: not a whole number: {value}")
    whole = int(number)
    if kind == "count" and whole < 0:
        raise ValueError(f"单元格 {key} 不能为负数：{whole} / cell {key}: count must be >= 0, got {whole}")
    return whole


class Report(BaseModel):
    """One agency's annual report for one year, on one template.

    ``cells`` maps cell keys (``applications.new.total``) to values; a key absent from ``cells`` was not
    found in the source (a missing table or cell), which the checks report. Whether the template covers
    the year is a finding of the checks, never a validation error.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    agency: str = ""
    year: int = Field(ge=1900, le=2200)
    template: TemplateId
    title: str = ""
    prose: Prose = Field(default_factory=Prose)
    cells: dict[str, CellValue] = Field(default_factory=dict)
    #: Cells printed as something other than a plain number (blank, dash, slash, text); every other present
    #: cell was printed as its number. Keys are a subset of ``cells``.
    printed: dict[str, Printed] = Field(default_factory=dict)
    source: str = ""

    @field_validator("template", mode="before")
    @classmethod
    def _template_as_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @model_validator(mode="after")
    def _cells_belong_to_template(self) -> Report:
        """Every key is a cell of the template and every value has its cell's type."""
        spec = get_template(self.template)
        typed: dict[str, CellValue] = {}
        for key, value in self.cells.items():
            cell = spec.cell_index.get(key)
            if cell is None:
                raise ValueError(
                    f"模板 {self.template} 没有单元格 {key} / template {self.template} has no cell {key}"
                )
            typed[key] = coerce_cell(key, cell.kind, value)
        # Re-order by the template so dumps and diffs are stable.
        ordered = {k: typed[k] for k in spec.keys if k in typed}
        if ordered != self.cells or list(ordered) != list(self.cells):
            object.__setattr__(self, "cells", ordered)
        stray = [k for k in self.printed if k not in ordered]
        if stray:
            raise ValueError(
                f"单元格 {stray[0]} 有印刷状态却没有值 / cell {stray[0]} has a printed state but no value"
            )
        marks = {k: self.printed[k] for k in spec.keys if k in self.printed}
        if list(marks) != list(self.printed):
            object.__setattr__(self, "printed", marks)
        return self

    @property
    def spec(self) -> Template:
        """The template definition this report uses."""
        return get_template(self.template)

    def __getitem__(self, key: str) -> CellValue:
        return self.cells[key]

    def get(self, key: str, default: CellValue | None = None) -> CellValue | None:
        """The value of a cell, or ``default`` when the report lacks it."""
        return self.cells.get(key, default)

    def missing(self) -> list[str]:
        """Keys of the template's cells that this report does not have, in printed order."""
        return [k for k in self.spec.keys if k not in self.cells]

    def state_of(self, key: str) -> CellState | None:
        """How the cell was printed: its mark's state, ``number`` for any other present cell, None if absent."""
        if key not in self.cells:
            return None
        mark = self.printed.get(key)
        return CellState.NUMBER if mark is None else mark.state

    def printed_of(self, key: str) -> str | None:
        """The cell's text as printed: the mark's verbatim text, else the value as a plain number (amounts
        without trailing zeros); None if the cell is absent."""
        mark = self.printed.get(key)
        if mark is not None:
            return mark.text
        value = self.cells.get(key)
        if value is None:
            return None
        if isinstance(value, Decimal):
            text = format(value.normalize(), "f")
            return text
        return str(value)

    def iter_cells(self) -> Iterator[tuple[str, CellValue]]:
        """(key, value) for every present cell, in printed order."""
        yield from self.cells.items()

    @classmethod
    def empty(cls, *, agency: str, year: int, template: TemplateId | str, zero: bool = True) -> Report:
        """A report with every cell zero (``zero=True``) or no cells at all."""
        spec = get_template(str(template))
        cells: dict[str, CellValue] = (
            {c.key: (Decimal(0) if c.kind == "amount" else 0) for c in spec.cells} if zero else {}
        )
        return cls(agency=agency, year=year, template=spec.id, cells=cells)

    def with_cells(self, values: Mapping[str, CellValue]) -> Report:
        """A copy with some cells replaced (a replaced cell is a number: its printed mark goes)."""
        marks = {k: v for k, v in self.printed.items() if k not in values}
        return self.model_copy(update={"cells": {**self.cells, **values}, "printed": marks}).revalidated()

    def revalidated(self) -> Report:
        """Run validation again (after ``model_copy``), returning a new report."""
        return Report.model_validate(self.model_dump())
