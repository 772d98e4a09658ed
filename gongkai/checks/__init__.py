"""Cross-checks (勾稽关系): every rule of the spec as one named function returning findings.

``check_report(report)`` runs the rules on one report, ``check_pair(previous, current)`` the rules across
two consecutive years of one agency, ``check_values(template, mapping)`` the value-range rule on raw input.
``RULES`` maps each stable rule id to its :class:`Rule` (callable; its docstring states the rule).
The parser's own findings (``part_headings``, blank cells read as zero …) come from ``gongkai.parsers``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from gongkai.checks.labels import cell_label
from gongkai.checks.pair import (
    carry_over,
    different_agency,
    normative_stock,
    not_consecutive,
    project_count_carry,
)
from gongkai.checks.prose import prose_consistency
from gongkai.checks.single import (
    appeals_block_total,
    applications_column_balance,
    applications_results_total,
    applications_row_total,
    cell_missing,
    check_values,
    table_missing,
    template_coverage,
    values_in_range,
)
from gongkai.findings import Finding
from gongkai.model import Report
from gongkai.types import Severity

ReportRule = Callable[[Report], list[Finding]]
PairRule = Callable[[Report, Report], list[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: its id, whether it reads one report or a pair, its severity and function."""

    id: str
    scope: Literal["report", "pair"]
    severity: Severity
    function: ReportRule | PairRule

    @property
    def title_zh(self) -> str:
        """A short Chinese name of the rule, for lists shown to staff."""
        return TITLES_ZH.get(self.id, self.id)

    @property
    def doc(self) -> str:
        """The rule as its function's docstring states it."""
        return (self.function.__doc__ or "").strip()

    def __call__(self, *reports: Report) -> list[Finding]:
        return self.function(*reports)


#: Short Chinese names of the rules (the messages of each finding name the cells themselves).
TITLES_ZH: dict[str, str] = {
    "template_coverage": "模板与年度不符",
    "table_missing": "缺少表格",
    "cell_missing": "单元格无数据",
    "values_in_range": "数值须为非负整数（本年增/减可为负，金额非负）",
    "applications_column_balance": "第三部分各列：第一项加第二项等于第三项加第四项",
    "applications_row_total": "第三部分各行：总计等于各类申请人之和",
    "applications_results_total": "第三部分各列：（七）总计等于各项办理结果之和",
    "appeals_block_total": "第四部分：总计等于结果维持、结果纠正、其他结果、尚未审结之和",
    "prose_consistency": "正文与表格不一致",
    "different_agency": "跨年度核对：不是同一机关",
    "not_consecutive": "跨年度核对：年度不相连",
    "carry_over": "跨年度：本年上年结转等于上年结转下年度",
    "normative_stock": "跨年度：现行有效件数等于上年现行有效加本年制发减本年废止",
    "project_count_carry": "跨年度：上一年项目数量等于上年的上一年项目数量加本年增/减",
}

_REPORT_RULES: tuple[tuple[ReportRule, Severity], ...] = (
    (template_coverage, "warning"),
    (table_missing, "warning"),
    (cell_missing, "warning"),
    (values_in_range, "error"),
    (applications_column_balance, "error"),
    (applications_row_total, "error"),
    (applications_results_total, "error"),
    (appeals_block_total, "error"),
    (prose_consistency, "warning"),
)
_PAIR_GUARDS: tuple[PairRule, ...] = (different_agency, not_consecutive)
_PAIR_RULES: tuple[tuple[PairRule, Severity], ...] = (
    (carry_over, "error"),
    (normative_stock, "warning"),
    (project_count_carry, "warning"),
)

RULES: dict[str, Rule] = {
    **{f.__name__: Rule(f.__name__, "report", sev, f) for f, sev in _REPORT_RULES},
    **{f.__name__: Rule(f.__name__, "pair", "warning", f) for f in _PAIR_GUARDS},
    **{f.__name__: Rule(f.__name__, "pair", sev, f) for f, sev in _PAIR_RULES},
}


def check_report(report: Report) -> list[Finding]:
    """Every single-report rule, in the order of ``RULES``; an empty list means nothing to say."""
    found: list[Finding] = []
    for function, _ in _REPORT_RULES:
        found.extend(function(report))
    return found


def check_pair(previous: Report, current: Report) -> list[Finding]:
    """The across-years rules for year N−1 (``previous``) and year N (``current``) of one agency.

    When the reports are not of the same agency or not of consecutive years, only that refusal is returned
    (a ``different_agency`` or ``not_consecutive`` warning) and nothing is compared.
    """
    refusals = [f for guard in _PAIR_GUARDS for f in guard(previous, current)]
    if refusals:
        return refusals
    found: list[Finding] = []
    for function, _ in _PAIR_RULES:
        found.extend(function(previous, current))
    return found


__all__ = [
    "RULES",
    "TITLES_ZH",
    "Rule",
    "appeals_block_total",
    "applications_column_balance",
    "applications_results_total",
    "applications_row_total",
    "carry_over",
    "cell_label",
    "cell_missing",
    "check_pair",
    "check_report",
    "check_values",
    "different_agency",
    "normative_stock",
    "not_consecutive",
    "project_count_carry",
    "prose_consistency",
    "table_missing",
    "template_coverage",
    "values_in_range",
]
