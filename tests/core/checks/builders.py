"""A valid report with non-zero numbers in every table, built from the template (tests change one cell)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gongkai.model import Report
from gongkai.templates import get_template


def valid_report(template: str = "2019", *, year: int | None = None, agency: str = "测试市测试局") -> Report:
    """Every single-report identity holds and most cells are non-zero, so one changed cell shows."""
    spec = get_template(template)
    cells: dict[str, Any] = {}
    for n, (group, row) in enumerate(spec.proactive_rows()):
        for m, col in enumerate(group.columns):
            key = f"proactive.{row.key}.{col.key}"
            if col.kind == "amount":
                cells[key] = Decimal("30.3861") + n
            elif col.kind == "change":
                cells[key] = -2 + n
            else:
                cells[key] = 10 * n + m + 1
    table = spec.applications
    applicant = [c.key for c in table.columns if c.key != "total"]

    def put(row: str, values: list[int]) -> None:
        for col, value in zip(applicant, values, strict=True):
            cells[f"applications.{row}.{col}"] = value
        cells[f"applications.{row}.total"] = sum(values)

    results = [0] * len(applicant)
    for i, row in enumerate(table.result_rows):
        values = [(i + j) % 4 for j in range(len(applicant))]
        put(row, values)
        results = [a + b for a, b in zip(results, values, strict=True)]
    put("results_total", results)
    forward = [j + 1 for j in range(len(applicant))]
    put("carried_forward", forward)
    over = [1] * len(applicant)
    put("carried_over", over)
    put("new", [r + f - o for r, f, o in zip(results, forward, over, strict=True)])
    for b, block in enumerate(spec.appeals.blocks):
        parts = [b + 1, 2, 0, b]
        for col, value in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            cells[f"appeals.{block.key}.{col}"] = value
        cells[f"appeals.{block.key}.total"] = sum(parts)
    return Report(
        agency=agency,
        year=year if year is not None else spec.first_year + 1,
        template=spec.id,
        cells=cells,
    )


def bump(report: Report, key: str, delta: int) -> Report:
    """A copy with one count cell changed by ``delta``."""
    return report.with_cells({key: int(report.cells[key]) + delta})
