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
    def doc(self) -> str:
        """The rule as its function's docstring states it."""
        return (self.function.__doc__ or "").strip()

    def __call__(self, *reports: Report) -> list[Finding]:
        return self.function(*reports)


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
