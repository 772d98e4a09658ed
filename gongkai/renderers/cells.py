"""The "cells" CSV: one row per cell in long form, the shape a researcher loads into pandas or a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from gongkai.model import Report
from gongkai.parsers.result import ParseResult
from gongkai.renderers.text import format_amount

#: The header, exactly; a public interface (``state`` and ``printed`` were appended in 2026, issue 12: new
#: columns only ever go at the end).
HEADER = ("source", "agency", "year", "template", "key", "value", "state", "printed")
#: The header in Chinese, column for column, followed by the cell's printed label (项目): the spreadsheet a
#: person opens in Excel or WPS (the web site's downloads; :func:`table`).
HEADER_ZH = ("来源", "机关", "年度", "模板", "单元格", "数值", "填报方式", "原文", "项目")


def value_text(value: int | Decimal | None) -> str:
    """A value as the CSV writes it: a plain integer, an amount without trailing zeros, "" when missing."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value)
    return str(value)


def _rows(report: Report, source: str) -> Iterable[tuple[str, ...]]:
    year = str(report.year)
    for key in report.spec.keys:
        state = report.state_of(key)
        printed = report.printed_of(key)
        yield (
            source,
            report.agency,
            year,
            report.template,
            key,
            value_text(report.cells.get(key)),
            "" if state is None else state.value,
            "" if printed is None else printed,
        )


def _write(items: Iterable[Report | ParseResult]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for item in items:
        if isinstance(item, ParseResult):
            report, source = item.report, item.source or item.report.source
        else:
            report, source = item, item.source
        writer.writerows(_rows(report, source))
    return out.getvalue()


def table(items: Iterable[Report | ParseResult]) -> list[tuple[str, ...]]:
    """The rows of :data:`HEADER_ZH`: the CSV's rows, each followed by the label of its cell."""
    from gongkai.checks.labels import cell_label

    out: list[tuple[str, ...]] = []
    for item in items:
        if isinstance(item, ParseResult):
            report, source = item.report, item.source or item.report.source
        else:
            report, source = item, item.source
        out.extend((*row, cell_label(report.spec, row[4])) for row in _rows(report, source))
    return out


def render(report: Report) -> str:
    """The header, then one row per cell of the template in printed order.

    Counts are plain integers, amounts plain decimals in 万元 (``30.3861``); a cell the report lacks has an
    empty value, state and printed text, so every report has as many rows as its template has cells.
    ``state`` says how the cell was printed (``number``, ``blank``, ``dash``, ``slash``, ``text``; see
    :class:`gongkai.model.CellState`) and ``printed`` what (verbatim: ``—``, 「无」; "" for a blank; the
    number itself for ``number``), so the zeros read from a dash can be told from printed zeros.
    """
    return _write([report])


def render_many(results: Iterable[Report | ParseResult]) -> str:
    """One header, then the rows of every report (or parse result, whose ``source`` is used) in turn."""
    return _write(results)


__all__ = ["HEADER", "HEADER_ZH", "render", "render_many", "table", "value_text"]
