"""The first sheet of an untrusted XLSX workbook as rows of values, within the budgets.

Not a report reader (reports are not published as spreadsheets): the site's register import reads its
rows with :func:`sheet_rows`, in a limited child process (:func:`gongkai.sandbox.run_limited`). Before
openpyxl sees the file, the zip is checked as an OOXML workbook (entry count, ``xl/workbook.xml`` present)
and every member is inflated with a cap, whatever its header declares
(:func:`gongkai.parsers.budgets.inflated_size`), and the XML parts are counted for elements and
attributes; a shared-strings table that would expand to a gigabyte is refused before it is parsed.
"""

from __future__ import annotations

import io
from typing import Any

from gongkai.errors import ParseError
from gongkai.parsers.budgets import (
    MAX_INFLATED_BYTES,
    MAX_MEMBER_BYTES,
    MAX_ROWS,
    check_markup,
    inflated_size,
    open_zip,
    read_member,
    refuse,
)

WHAT = ("电子表格", "the spreadsheet")
#: Elements in one XML part of a workbook (20,000 rows of a dozen cells are ~500,000 elements).
MAX_SHEET_ELEMENTS = 2_000_000


def check_workbook(data: bytes) -> None:
    """Raise :class:`ParseError` unless ``data`` is a bounded OOXML workbook (see the module's doc)."""
    archive = open_zip(data, WHAT)
    with archive:
        names = set(archive.NameToInfo)
        if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
            raise refuse(WHAT, "不是 .xlsx 电子表格", "not an .xlsx workbook")
        inflated_size(archive, WHAT, limit=MAX_INFLATED_BYTES)
        for name in sorted(names):
            if name.endswith(".xml") and (name.startswith("xl/") or name == "[Content_Types].xml"):
                check_markup(
                    read_member(archive, name, WHAT, limit=MAX_MEMBER_BYTES),
                    WHAT,
                    max_elements=MAX_SHEET_ELEMENTS,
                )


def sheet_rows(data: bytes, *, max_rows: int = MAX_ROWS) -> list[tuple[Any, ...]]:
    """The first sheet's rows (values, not formulas), at most ``max_rows + 2`` of them (the caller tells
    "too many rows" from one more than it accepts). Raises :class:`ParseError` for a damaged or hostile file."""
    check_workbook(data)
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - the web extra installs it
        raise ParseError("读取电子表格需要 openpyxl", "reading spreadsheets needs openpyxl") from None
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ParseError:
        raise
    except Exception as exc:  # zipfile, zlib and openpyxl's errors on a broken workbook have no common base
        raise refuse(
            WHAT, f"文件已损坏（{type(exc).__name__}）", f"the file is damaged ({type(exc).__name__})"
        ) from None
    try:
        if not wb.worksheets:
            raise refuse(WHAT, "没有工作表", "it has no sheet")
        out: list[tuple[Any, ...]] = []
        for row in wb.worksheets[0].iter_rows(values_only=True, max_row=max_rows + 2):
            out.append(tuple(row))
        return out
    except ParseError:
        raise
    except Exception as exc:  # same as above: a damaged sheet
        raise refuse(
            WHAT, f"文件已损坏（{type(exc).__name__}）", f"the file is damaged ({type(exc).__name__})"
        ) from None
    finally:
        wb.close()


__all__ = ["MAX_SHEET_ELEMENTS", "WHAT", "check_workbook", "sheet_rows"]
