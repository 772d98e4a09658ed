"""The Markdown writer: a readable document with the six parts in order and the tables in the template's labels."""

from __future__ import annotations

from decimal import Decimal

from gongkai.checks.labels import row_label
from gongkai.model import Report
from gongkai.renderers.text import format_amount
from gongkai.templates import Template
from gongkai.types import CellValue


def _value(report: Report, key: str) -> str:
    """The cell as printed: its mark when printed without a number, else the value (amounts in 万元)."""
    mark = report.printed.get(key)
    if mark is not None:
        return mark.text
    value: CellValue | None = report.cells.get(key)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value)
    return str(value)


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def table_lines(head: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table (first column left-aligned, the others right-aligned) and a blank line after it."""
    lines = ["| " + " | ".join(_escape(h) for h in head) + " |"]
    lines.append("|" + "|".join([":---"] + ["---:"] * (len(head) - 1)) + "|")
    lines.extend("| " + " | ".join(_escape(c) for c in row) + " |" for row in rows)
    lines.append("")
    return lines


def _prose(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        if line.strip():
            out.extend([line.strip(), ""])
    return out


def _proactive(report: Report, spec: Template) -> list[str]:
    lines: list[str] = []
    for group in spec.proactive:
        lines.extend([f"**{group.heading}**", ""])
        head = [group.first_header]
        for col in group.columns:
            unit = "（万元）" if col.kind == "amount" and "万元" not in col.label else ""
            head.append(col.label + unit)
        rows = [
            [row.label, *(_value(report, f"proactive.{row.key}.{c.key}") for c in group.columns)]
            for row in group.rows
        ]
        lines.extend(table_lines(head, rows))
    return lines


def _applications(report: Report, spec: Template) -> list[str]:
    table = spec.applications
    head = [table.header]
    for col in table.columns:
        inner = col.key not in ("natural_person", "total")
        head.append(f"{table.org_group}：{col.label}" if inner else col.label)
    rows: list[list[str]] = []
    blank = [""] * len(table.columns)
    seen_results = False
    for row in table.rows:
        if row.group and not seen_results:
            rows.append([f"**{row.group[0]}**", *blank])
            seen_results = True
        values = [_value(report, f"applications.{row.key}.{c.key}") for c in table.columns]
        rows.append([row_label(spec, "applications", row.key), *values])
    return [table.note, "", *table_lines(head, rows)]


def _appeals(report: Report, spec: Template) -> list[str]:
    table = spec.appeals
    head = ["", *(c.label for c in table.columns)]
    rows = [
        [
            row_label(spec, "appeals", block.key),
            *(_value(report, f"appeals.{block.key}.{c.key}") for c in table.columns),
        ]
        for block in table.blocks
    ]
    return table_lines(head, rows)


def render(report: Report) -> str:
    """The report as Markdown: a title, then parts 一–六 with their prose and tables (amounts as in the model)."""
    spec = report.spec
    title = report.title or f"{report.agency}{report.year}年度{spec.title}"
    lines = [f"# {title}", ""]
    lines.append(f"模板：{spec.id}（{spec.issued_by}）  ")
    if report.source:
        lines.append(f"来源：{report.source}  ")
    lines.append("")
    for part in spec.parts:
        lines.extend([f"## {part.heading}", ""])
        lines.extend(_prose(getattr(report.prose, part.key)))
        if part.key == "proactive":
            lines.extend(_proactive(report, spec))
        elif part.key == "applications":
            lines.extend(_applications(report, spec))
        elif part.key == "appeals":
            lines.extend(_appeals(report, spec))
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["render", "table_lines"]
