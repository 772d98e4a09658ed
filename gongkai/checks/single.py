"""Rules that look at one report: the identities of parts 三 and 四, value ranges, coverage and gaps."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from gongkai.checks.labels import cell_label, column_label, row_label
from gongkai.findings import Finding
from gongkai.model import Report
from gongkai.templates import Template, get_template, template_for_year


def _count(report: Report, key: str) -> int | None:
    value = report.cells.get(key)
    return None if value is None else int(value)


def _counts(report: Report, keys: list[str]) -> list[int] | None:
    """The values of ``keys``, or None when any is missing (cell_missing reports those)."""
    out: list[int] = []
    for key in keys:
        value = _count(report, key)
        if value is None:
            return None
        out.append(value)
    return out


def applications_column_balance(report: Report) -> list[Finding]:
    """Part 三, every column c: ``new.c + carried_over.c = results_total.c + carried_forward.c`` (error).

    Every application received this year or carried over from last year is either handled (（七）总计) or
    carried forward to next year, for each kind of applicant and in the total column.
    """
    spec = report.spec
    rows = ("new", "carried_over", "results_total", "carried_forward")
    found: list[Finding] = []
    for col in spec.applications.columns:
        keys = [f"applications.{r}.{col.key}" for r in rows]
        values = _counts(report, keys)
        if values is None:
            continue
        new, over, total, forward = values
        if new + over == total + forward:
            continue
        zh = [row_label(spec, "applications", r) for r in rows]
        found.append(
            Finding(
                severity="error",
                rule="applications_column_balance",
                cells=tuple(keys),
                expected=new + over,
                found=total + forward,
                message_zh=(
                    f"第三部分「{col.label}」列：{zh[0]}（{new}）加{zh[1]}（{over}）为 {new + over}，"
                    f"而{zh[2]}（{total}）加{zh[3]}（{forward}）为 {total + forward}，两者应相等"
                ),
                message_en=(
                    f"part 3, column {col.key}: new ({new}) + carried_over ({over}) = {new + over}, but "
                    f"results_total ({total}) + carried_forward ({forward}) = {total + forward}; they must be equal"
                ),
            )
        )
    return found


def _sum_mismatch(
    report: Report, rule: str, keys: list[str], total_key: str, zh: str, en: str
) -> Finding | None:
    """An error when the counts of ``keys`` do not add up to ``total_key``; ``zh``/``en`` are message
    templates with ``{sum}`` and ``{total}``. ``None`` when they add up or a cell is missing."""
    values = _counts(report, [*keys, total_key])
    if values is None:
        return None
    parts, total = sum(values[:-1]), values[-1]
    if parts == total:
        return None
    return Finding(
        severity="error",
        rule=rule,
        cells=(*keys, total_key),
        expected=parts,
        found=total,
        message_zh=zh.format(sum=parts, total=total),
        message_en=en.format(sum=parts, total=total),
    )


def applications_row_total(report: Report) -> list[Finding]:
    """Part 三, every row r: ``r.total`` = the sum of the six applicant columns (自然人 … 其他) (error)."""
    spec = report.spec
    applicant = [c.key for c in spec.applications.columns if c.key != "total"]
    total_label = column_label(spec, "applications", "total")
    found = (
        _sum_mismatch(
            report,
            "applications_row_total",
            [f"applications.{row.key}.{c}" for c in applicant],
            f"applications.{row.key}.total",
            f"第三部分「{row_label(spec, 'applications', row.key)}」行：各类申请人之和为 {{sum}}，"
            f"但「{total_label}」列为 {{total}}",
            f"part 3, row {row.key}: the applicant columns add up to {{sum}}, but its total is {{total}}",
        )
        for row in spec.applications.rows
    )
    return [f for f in found if f is not None]


def applications_results_total(report: Report) -> list[Finding]:
    """Part 三, every column c: ``results_total.c`` = the sum of every result row (（一）…（六）) (error)."""
    spec = report.spec
    label = row_label(spec, "applications", "results_total")
    found = (
        _sum_mismatch(
            report,
            "applications_results_total",
            [f"applications.{r}.{col.key}" for r in spec.applications.result_rows],
            f"applications.results_total.{col.key}",
            f"第三部分「{col.label}」列：办理结果（一）至（六）之和为 {{sum}}，但{label}为 {{total}}",
            f"part 3, column {col.key}: the result rows add up to {{sum}}, but results_total is {{total}}",
        )
        for col in spec.applications.columns
    )
    return [f for f in found if f is not None]


def appeals_block_total(report: Report) -> list[Finding]:
    """Part 四, every block: ``total = upheld + corrected + other + pending`` (error)."""
    spec = report.spec
    parts_cols = [c.key for c in spec.appeals.columns if c.key != "total"]
    names = "、".join(column_label(spec, "appeals", c) for c in parts_cols)
    total_label = column_label(spec, "appeals", "total")
    found = (
        _sum_mismatch(
            report,
            "appeals_block_total",
            [f"appeals.{block.key}.{c}" for c in parts_cols],
            f"appeals.{block.key}.total",
            f"第四部分「{row_label(spec, 'appeals', block.key)}」：{names}之和为 {{sum}}，"
            f"但「{total_label}」为 {{total}}",
            f"part 4, {block.key}: upheld + corrected + other + pending = {{sum}}, but total is {{total}}",
        )
        for block in spec.appeals.blocks
    )
    return [f for f in found if f is not None]


def _as_decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int | float | str):
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def check_values(template: Template | str, values: Mapping[str, object]) -> list[Finding]:
    """Rule ``values_in_range`` on raw values (a web form, a JSON object): one error per bad cell.

    Counts must be whole and non-negative, ``change`` whole (it may be negative), amounts non-negative
    numbers; a key the template lacks is an error too. Blank values (``None``, ``""``) are not judged
    here: they are missing cells.
    """
    spec = template if isinstance(template, Template) else get_template(template)
    found: list[Finding] = []
    for key, raw in values.items():
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        cell = spec.cell_index.get(key)
        if cell is None:
            found.append(
                Finding(
                    severity="error",
                    rule="values_in_range",
                    cells=(key,),
                    found=str(raw),
                    message_zh=f"模板 {spec.id} 没有单元格 {key}",
                    message_en=f"template {spec.id} has no cell {key}",
                )
            )
            continue
        if type(raw) is int and (raw >= 0 or cell.kind == "change"):
            continue  # the common case, already typed by the model
        number = _as_decimal(raw)
        problem_zh = problem_en = ""
        expected: str | None = None
        if number is None:
            problem_zh, problem_en = "不是数字", "is not a number"
            expected = "金额（万元）" if cell.kind == "amount" else "整数"
        elif cell.kind != "amount" and number != number.to_integral_value():
            problem_zh, problem_en, expected = "应为整数", "must be a whole number", "整数"
        elif cell.kind == "count" and number < 0:
            problem_zh, problem_en, expected = "不能为负数", "must not be negative", ">= 0"
        elif cell.kind == "amount" and number < 0:
            problem_zh, problem_en, expected = "金额不能为负数", "amount must not be negative", ">= 0"
        if not problem_zh:
            continue
        found.append(
            Finding(
                severity="error",
                rule="values_in_range",
                cells=(key,),
                expected=expected,
                found=str(raw) if number is None else number,
                message_zh=f"{cell_label(spec, key)}的值 {raw} {problem_zh}",
                message_en=f"{key} = {raw} {problem_en}",
            )
        )
    return found


def values_in_range(report: Report) -> list[Finding]:
    """Counts are whole and non-negative, only ``change`` may be negative, amounts are non-negative (error).

    The :class:`Report` model already refuses such values; this rule exists for reports built without
    validation and, through :func:`check_values`, for raw form or JSON input.
    """
    return check_values(report.spec, report.cells)


def template_coverage(report: Report) -> list[Finding]:
    """The report's template must be the one for its year: ``2019`` for 2019–2020, ``2021`` from 2021 (warning)."""
    spec = report.spec
    if spec.covers(report.year):
        return []
    proper = template_for_year(report.year)
    expected = proper.id if proper.covers(report.year) else None
    if expected is None:
        zh = f"{report.year} 年度没有对应的全国年报模板，本报告使用了 {spec.id} 模板（{spec.issued_by}）"
        en = f"no national template covers {report.year}; this report uses template {spec.id}"
    else:
        zh = (
            f"{report.year} 年度报告应使用 {expected} 模板（{proper.issued_by}），"
            f"本报告使用了 {spec.id} 模板（{spec.issued_by}）"
        )
        en = f"reports on {report.year} use template {expected}, this one uses template {spec.id}"
    return [
        Finding(
            severity="warning",
            rule="template_coverage",
            expected=expected,
            found=spec.id,
            message_zh=zh,
            message_en=en,
        )
    ]


#: The three tables, each named as the part it is printed in.
_TABLES = ("proactive", "applications", "appeals")


def _table_keys(spec: Template) -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {t: [] for t in _TABLES}
    for cell in spec.cells:
        tables[cell.table].append(cell.key)
    return tables


def _heading(spec: Template, table: str) -> str:
    for part in spec.parts:
        if part.key == table:
            return part.heading
    return table


def table_missing(report: Report) -> list[Finding]:
    """Each of the three tables (parts 二, 三, 四) must be present: a table with no cell at all is reported (warning)."""
    spec = report.spec
    found: list[Finding] = []
    for table, keys in _table_keys(spec).items():
        if any(k in report.cells for k in keys):
            continue
        found.append(
            Finding(
                severity="warning",
                rule="table_missing",
                message_zh=f"缺少「{_heading(spec, table)}」的表格（{len(keys)} 个单元格均无数据）",
                message_en=f"the table of part {table} is missing ({len(keys)} cells without data)",
            )
        )
    return found


def cell_missing(report: Report) -> list[Finding]:
    """Every cell of a table that is present must have a value; each missing cell is reported (warning).

    Cells of a table missing as a whole are left to ``table_missing``.
    """
    spec = report.spec
    found: list[Finding] = []
    for keys in _table_keys(spec).values():
        present = [k in report.cells for k in keys]
        if not any(present):
            continue
        for key, here in zip(keys, present, strict=True):
            if here:
                continue
            found.append(
                Finding(
                    severity="warning",
                    rule="cell_missing",
                    cells=(key,),
                    message_zh=f"{cell_label(spec, key)}没有数据",
                    message_en=f"cell {key} has no value",
                )
            )
    return found
