"""Registers as XLSX: the export, and the reading of an import (errors per row and column); the import itself
is the service ``registers.services.register_import``."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gongkai.errors import GongkaiError
from gongkai.parsers import budgets
from gongkai.parsers.xlsx import WHAT, sheet_rows
from gongkai.sandbox import UNTRUSTED, Limits, run_limited
from gongkai_web.agencies.models import Agency
from gongkai_web.common.i18n import in_document_language, message
from gongkai_web.registers.specs import AGENCY_HEADER, RegisterSpec

MAX_ROWS = budgets.MAX_ROWS
_LIMITS = Limits(
    memory=UNTRUSTED.memory, seconds=budgets.MAX_SECONDS, wall=budgets.MAX_SECONDS * 2, what=WHAT
)


@dataclass(frozen=True)
class RowError:
    """An error of an import: of a row and column, or of the whole file (``row`` None: unreadable, too
    large, too many rows)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return _("The file: %(message)s") % {"message": self.message}
        return _("Row %(row)d, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def file_error(message: str) -> RowError:
    """An error of the whole file (not of a row or column)."""
    return RowError(None, "", message)


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: Rows of the file already in the register (by their content, ``specs.row_key``): not added again.
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def register_export(*, spec: RegisterSpec, agency: Agency) -> bytes:
    """The agency's rows of ``spec`` as an XLSX workbook (header row of Chinese column names).

    Text is always written as text, so a value such as ``=HYPERLINK(...)`` never becomes a formula.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(in_document_language(spec.title)[:31])
    ws.append([*(c.header for c in spec.columns), AGENCY_HEADER])
    for obj in spec.model._default_manager.filter(agency=agency).order_by("id").iterator():
        row: list[Any] = []
        for c in spec.columns:
            value = getattr(obj, c.field)
            value = c.export(value) if value is not None else None
            if isinstance(value, str):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"
                value = cell
            row.append(value)
        ws.append([*row, agency.name])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_rows(
    data: IO[bytes], spec: RegisterSpec
) -> tuple[list[tuple[int, tuple[Any, ...]]], list[RowError]]:
    """The non-empty rows of the first sheet with their row numbers, after a header row that must start with
    the register's headers (an :data:`~gongkai_web.registers.specs.AGENCY_HEADER` column may follow: its
    cells come last in each row, ``None`` where the file has no such column); or the errors.

    The workbook is read out of this worker, in a child process with memory and CPU limits, after its zip
    has been checked within the readers' budgets (:func:`gongkai.parsers.xlsx.sheet_rows`): a file that is
    damaged, hostile or too big is one error on the file, in Chinese, naming the limit.
    """
    data.seek(0)
    try:
        table = run_limited(sheet_rows, data.read(), max_rows=MAX_ROWS, limits=_LIMITS)
    except GongkaiError as exc:
        return [], [
            file_error(
                _(
                    "it cannot be read as a spreadsheet; upload an .xlsx file saved by Excel or WPS (%(error)s)"
                )
                % {"error": message(exc)}
            )
        ]
    rows = iter(table)
    header = next(rows, None)
    expected = [c.header for c in spec.columns]
    names = [str(h).strip() if h is not None else "" for h in (header or ())]
    found = names[: len(expected)]
    at = names.index(AGENCY_HEADER) if AGENCY_HEADER in names[len(expected) :] else None
    if found != expected:
        return [], [
            RowError(
                1,
                _("header row"),
                _("the headers must be: %(expected)s; found: %(found)s")
                % {"expected": "、".join(expected), "found": "、".join(found) or _("(empty)")},
            )
        ]
    out = []
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            return [], [file_error(_("more than %(max)d rows") % {"max": MAX_ROWS})]
        if row is None or all(v is None or str(v).strip() == "" for v in row):
            continue
        cells = tuple(row[: len(expected)]) + (None,) * (len(expected) - len(row))
        out.append((number, (*cells, row[at] if at is not None and at < len(row) else None)))
    return out, []
