"""Printed names of cells for messages: the template's own row and column labels, never hard-coded."""

from __future__ import annotations

from gongkai.templates import Template


def row_label(spec: Template, table: str, row: str) -> str:
    """The row's label as a reader finds it in the printed table (with its sub-group for part 三)."""
    if table == "applications":
        for r in spec.applications.rows:
            if r.key == row:
                # The outer group (三、本年度办理结果) is implied by the enumerator; keep the inner one.
                return "".join(r.group[1:]) + r.printed
    elif table == "appeals":
        for block in spec.appeals.blocks:
            if block.key == row:
                return f"{block.group}·{block.label}" if block.group else block.label
    else:
        for _, r in spec.proactive_rows():
            if r.key == row:
                return r.label
    return row


def cell_label(spec: Template, key: str, lang: str = "zh") -> str:
    """A cell named for a reader: ``「（三）不予公开1.属于国家秘密」行「自然人」列`` in Chinese, the key in English."""
    if lang == "en":
        return key
    cell = spec.cell_index.get(key)
    if cell is None:
        return key
    return f"「{row_label(spec, cell.table, cell.row)}」行「{cell.column_label}」列"


def column_label(spec: Template, table: str, column: str) -> str:
    """The printed label of a column of ``table``."""
    if table == "applications":
        cols = spec.applications.columns
    elif table == "appeals":
        cols = spec.appeals.columns
    else:
        cols = tuple(c for g in spec.proactive for c in g.columns)
    for c in cols:
        if c.key == column:
            return c.label
    return column
