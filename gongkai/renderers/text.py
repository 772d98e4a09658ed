"""The canonical text form of a report: the tab/newline layout of the published sample.

Each table cell is a line starting with a TAB, a blank line ends a table row, prose paragraphs are plain
lines. The readers of other formats convert their tables to this layout, and :func:`render` writes it with
the template's own labels and correctly numbered headings, so ``parse_text(render(r))`` gives ``r`` back.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.model import Report
from gongkai.templates import Template
from gongkai.types import CellValue


def format_amount(value: Decimal) -> str:
    """An amount in 万元 as a plain decimal without exponent or trailing zeros, e.g. ``30.3861``."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def format_value(value: CellValue | None, kind: str) -> str:
    """A cell as printed: amounts carry ``万元``; a missing cell is left blank."""
    if value is None:
        return ""
    if kind == "amount":
        return f"{format_amount(Decimal(value))}万元"
    return str(int(value))


def printed_value(report: Report, key: str, kind: str) -> str:
    """A cell as the report printed it: its mark's text when it was printed without a number (``—``, ``/``,
    「无」, or nothing), else :func:`format_value` of its value. Every writer prints cells through this."""
    mark = report.printed.get(key)
    if mark is not None:
        return mark.text
    return format_value(report.cells.get(key), kind)


def _cells(lines: list[str], values: list[str]) -> None:
    lines.extend(f"\t{v}" for v in values)
    lines.append("")


def _prose(lines: list[str], text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            lines.append(line.strip())


def _proactive(lines: list[str], report: Report, spec: Template) -> None:
    for group in spec.proactive:
        _cells(lines, [group.heading])
        _cells(lines, [group.first_header, *(c.label for c in group.columns)])
        for row in group.rows:
            values = [printed_value(report, f"proactive.{row.key}.{c.key}", c.kind) for c in group.columns]
            _cells(lines, [row.label, *values])


def _applications(lines: list[str], report: Report, spec: Template) -> None:
    table = spec.applications
    cols = table.columns
    lines.append(f"\t{table.note}")
    _cells(lines, [table.header])
    _cells(lines, ["", cols[0].label, table.org_group, cols[-1].label])
    _cells(lines, ["", "", *(c.label for c in cols[1:-1]), ""])
    previous: tuple[str, ...] = ()
    for row in table.rows:
        lead: list[str] = []
        for depth, group in enumerate(row.group):
            same = previous[: depth + 1] == row.group[: depth + 1]
            lead.append("" if same else group)
        previous = row.group
        values = [printed_value(report, f"applications.{row.key}.{c.key}", "count") for c in cols]
        _cells(lines, [*lead, row.printed, *values])


def _appeals(lines: list[str], report: Report, spec: Template) -> None:
    table = spec.appeals
    cols = [c.label for c in table.columns]
    blocks = table.blocks
    _cells(lines, [blocks[0].label, table.litigation_label])
    _cells(lines, [*cols, blocks[1].label, blocks[2].label])
    _cells(lines, [""] * len(cols) + cols * (len(blocks) - 1))
    values = [
        printed_value(report, f"appeals.{b.key}.{c.key}", "count") for b in blocks for c in table.columns
    ]
    _cells(lines, values)


def render(report: Report) -> str:
    """The report in the canonical tab/newline layout (title, six parts, three tables), ending in a newline."""
    spec = report.spec
    lines: list[str] = ["", ""]
    if report.agency:
        lines.append(report.agency)
    lines.append(f"{report.year}年度{spec.title}")
    lines.append("")
    prose = report.prose
    for part in spec.parts:
        lines.append(part.heading)
        _prose(lines, getattr(prose, part.key))
        if part.key == "proactive":
            _proactive(lines, report, spec)
            lines.append("")
        elif part.key == "applications":
            _applications(lines, report, spec)
            lines.extend(["", ""])
        elif part.key == "appeals":
            _appeals(lines, report, spec)
            lines.append("")
    return "\n".join(lines) + "\n"


__all__ = ["format_amount", "format_value", "printed_value", "render"]
