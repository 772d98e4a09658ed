"""Roll-ups: one report summing the reports of several agencies for the same year and template."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from gongkai.checks.labels import cell_label
from gongkai.checks.pair import normalize_agency
from gongkai.errors import GongkaiError
from gongkai.findings import Finding
from gongkai.model import CellState, Printed, Report
from gongkai.types import CellValue


def rollup(reports: Sequence[Report], *, agency: str, year: int) -> Report:
    """The sum of ``reports`` as one report of ``agency`` for ``year``.

    Every cell is the sum of that cell over the reports (counts, signed ``change`` and amounts alike), so
    the identities of parts 三 and 四 still hold on the sum when they hold on every report. A cell missing
    from any report is missing from the sum (its total is unknown).

    How the sum was printed (:attr:`Report.printed`): a cell printed without a number (blank, dash, slash,
    「无」) counts as zero, as the checks count it, so a dash plus a number is that number, printed as a
    number. Only when no report printed a number for the cell is the sum marked: with the reports' own mark
    when they all printed the same (every report 「—」: the sum is 0 printed 「—」), else as ``blank``. Raises :class:`GongkaiError` when there
    is nothing to sum, when the reports mix templates or years, or when ``year`` is not theirs, or when an
    agency appears twice (it would be counted twice).
    """
    if not reports:
        raise GongkaiError("没有可汇总的报告", "no reports to roll up")
    templates = sorted({r.template for r in reports})
    if len(templates) > 1:
        raise GongkaiError(
            f"不能汇总使用不同模板的报告（{'、'.join(templates)}）",
            f"cannot roll up reports on different templates ({', '.join(templates)})",
        )
    years = sorted({r.year for r in reports})
    if years != [year]:
        listed = "、".join(str(y) for y in years)
        raise GongkaiError(
            f"只能汇总同一年度（{year}）的报告，收到的报告年度为 {listed}",
            f"can only roll up reports on {year}; got reports on {', '.join(str(y) for y in years)}",
        )
    seen: set[str] = set()
    for report in reports:
        name = normalize_agency(report.agency)
        if name and name in seen:
            raise GongkaiError(
                f"同一机关的报告出现两次：{report.agency}", f"agency listed twice: {report.agency}"
            )
        seen.add(name)
    spec = reports[0].spec
    cells: dict[str, CellValue] = {}
    printed: dict[str, Printed] = {}
    for cell in spec.cells:
        values = [r.cells.get(cell.key) for r in reports]
        if any(v is None for v in values):
            continue
        if cell.kind == "amount":
            cells[cell.key] = sum((Decimal(v) for v in values if v is not None), Decimal(0))
        else:
            cells[cell.key] = sum(int(v) for v in values if v is not None)
        marks = [r.printed.get(cell.key) for r in reports]
        present = [m for m in marks if m is not None]
        if len(present) == len(marks):
            printed[cell.key] = present[0] if len(set(present)) == 1 else Printed(state=CellState.BLANK)
    return Report(agency=agency, year=year, template=spec.id, cells=cells, printed=printed)


#: The rule id of :func:`check_rollup`'s findings.
ROLLUP_RULE = "rollup_equals_sum"


def check_rollup(declared: Report, parts: Sequence[Report]) -> list[Finding]:
    """Where an office declares its report the roll-up of its subordinates', every cell of ``declared`` that
    is not the sum of that cell over ``parts``: one error finding per cell, naming the office's figure, the
    sum, and each subordinate's value (the departments to look at are those whose value the office's figure
    was built from). Cells missing from ``declared`` or from any part are not compared. Raises
    :class:`GongkaiError` as :func:`rollup` does (mixed templates or years, nothing to sum).
    """
    total = rollup(parts, agency=declared.agency, year=declared.year)
    if declared.template != total.template:
        raise GongkaiError(
            f"本级年报使用 {declared.template} 模板，下级年报使用 {total.template} 模板，不能核对汇总",
            f"the office's report is on template {declared.template}, its subordinates' on {total.template}",
        )
    spec = declared.spec
    findings: list[Finding] = []
    for cell in spec.cells:
        own, summed = declared.cells.get(cell.key), total.cells.get(cell.key)
        if own is None or summed is None or own == summed:
            continue
        values = [(p.agency, p.cells.get(cell.key)) for p in parts]
        listed_zh = "、".join(f"{name} {value}" for name, value in values)
        listed_en = ", ".join(f"{name} {value}" for name, value in values)
        label_zh, label_en = cell_label(spec, cell.key), cell_label(spec, cell.key, "en")
        findings.append(
            Finding(
                severity="error",
                rule=ROLLUP_RULE,
                cells=(cell.key,),
                expected=summed,
                found=own,
                message_zh=f"{label_zh}：本级年报为 {own}，下级年报合计为 {summed}（{listed_zh}）",
                message_en=f"{label_en}: the office's report has {own}, its subordinates' add up to {summed} "
                f"({listed_en})",
            )
        )
    return findings


__all__ = ["ROLLUP_RULE", "check_rollup", "rollup"]
