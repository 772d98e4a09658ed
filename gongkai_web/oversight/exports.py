"""The indicators page as files: CSV (UTF-8 with a byte-order mark, so Excel opens the Chinese headers) and
XLSX. Headers are Chinese whatever the page language (the files go to assessments); rates are percentages
with one decimal, a value without one (a zero denominator, no report) is 「—」."""

from __future__ import annotations

import io

from openpyxl import Workbook

from gongkai.indicators import NONE_MARK
from gongkai_web.common.downloads import table_csv
from gongkai_web.oversight.selectors import SITE_INDICATORS, IndicatorBoard


def _header(board: IndicatorBoard) -> list[str]:
    ranked_by = SITE_INDICATORS[board.ranking].label_zh
    return [
        "部门",
        "年度",
        "年报",
        *(i.label_zh for i in SITE_INDICATORS.values()),
        "逾期答复",
        f"排名（{ranked_by}）",
    ]


def indicators_csv(board: IndicatorBoard) -> str:
    """One row per department: its name, the year, whether it has a report of record, every indicator as
    displayed, its late answers and its rank (the site's one CSV writer, :func:`common.downloads.table_csv`)."""
    return table_csv(
        _header(board),
        (
            [
                row.agency.name,
                board.year,
                "有" if row.report is not None else "无",
                *(row.values[k].display() for k in SITE_INDICATORS),
                row.late,
                row.rank if row.rank is not None else NONE_MARK,
            ]
            for row in board.rows
        ),
    )


def indicators_xlsx(board: IndicatorBoard) -> bytes:
    """The same table as a workbook: counts as numbers, rates as numbers in a percentage format, 「—」 where
    there is no value."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"{board.year}年考核指标"
    sheet.append(_header(board))
    for r, row in enumerate(board.rows, start=2):
        cells: list[object] = [row.agency.name, board.year, "有" if row.report is not None else "无"]
        for key, indicator in SITE_INDICATORS.items():
            value = row.values[key].value
            if value is None:
                cells.append(NONE_MARK)
            elif indicator.kind == "rate":
                cells.append(round(float(value), 4))
            else:
                cells.append(int(value))
        cells += [row.late, row.rank if row.rank is not None else NONE_MARK]
        sheet.append(cells)
        for c, indicator in enumerate(SITE_INDICATORS.values(), start=4):
            if indicator.kind == "rate" and row.values[indicator.key].value is not None:
                sheet.cell(row=r, column=c).number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
