"""Two years of one agency's report side by side: prose diffs, every table with both years and the delta,
the cross-year checks and the headline figures, as data the writers (and the site) draw.

Cells are paired through :func:`gongkai.templates.correspondence`, so reports on different templates (2020 on
``2019``, 2021 on ``2021``) are compared where their cells mean the same thing. The tables follow the later
report's template; a row the later template split (（六）其他处理) gets a row of its own with the sum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from gongkai.checks import TITLES_ZH, check_pair
from gongkai.checks.labels import row_label
from gongkai.compare.prose import TextDiff, diff_text
from gongkai.findings import Finding
from gongkai.indicators import Indicator, IndicatorValue, format_value, indicators_of
from gongkai.model import Report
from gongkai.renderers.text import format_amount
from gongkai.templates import CellMatch, Correspondence, Template, correspondence
from gongkai.types import CellKind, CellValue

#: The headline figures the summary states in words (the headline table shows every indicator).
SUMMARY_INDICATORS = (
    "new_applications",
    "handled",
    "substantive_disclosure_rate",
    "reconsiderations",
    "lawsuits",
)
#: Printed for a value that is not there (no counterpart in the other template, or a cell the report lacks).
NO_VALUE = "—"


@dataclass(frozen=True)
class CellChange:
    """One cell in both years: the keys read on each side (summed), the values and ``current − previous``.

    ``matched`` is False when the other template has no cell of the same meaning; a value is None when a
    side has no counterpart or its report lacks a cell it needs.
    """

    column: str
    column_label: str
    kind: CellKind
    previous_keys: tuple[str, ...]
    current_keys: tuple[str, ...]
    previous: CellValue | None
    current: CellValue | None
    matched: bool

    @property
    def delta(self) -> CellValue | None:
        """``current − previous``, or None when either is missing."""
        if self.previous is None or self.current is None:
            return None
        return self.current - self.previous


@dataclass(frozen=True)
class RowChange:
    """A row of a table: its printed label and one :class:`CellChange` per column of the table."""

    key: str
    label: str
    cells: tuple[CellChange, ...]


@dataclass(frozen=True)
class TableChange:
    """A table of the later report's template with both years: part 二 gives one per article item (group)."""

    key: str
    part: str
    caption: str
    first_header: str
    columns: tuple[str, ...]
    rows: tuple[RowChange, ...]

    @property
    def unmatched(self) -> bool:
        """True when some cell of the table has no counterpart in the other template."""
        return any(not c.matched for r in self.rows for c in r.cells)


@dataclass(frozen=True)
class ProseChange:
    """One part's prose in both years and what changed."""

    part: str
    heading: str
    previous: str
    current: str
    diff: TextDiff

    @property
    def similarity(self) -> float | None:
        """Share of the two texts that is the same (0–1), None when both are empty."""
        return self.diff.similarity


@dataclass(frozen=True)
class Headline:
    """An indicator in both years; ``delta`` is current − previous (a count, or a rate's fraction)."""

    indicator: Indicator
    previous: IndicatorValue
    current: IndicatorValue
    previous_year: int
    current_year: int

    @property
    def delta(self) -> int | Fraction | None:
        """``current − previous`` (for rates, a fraction: 0.045 is 4.5 percentage points), None if either is."""
        a, b = self.previous.value, self.current.value
        if a is None or b is None:
            return None
        return b - a

    def sentence(self) -> str:
        """The figure as a leader reads it: 「本年新收申请 7 件，2020年为 0 件，增加 7 件。」"""
        label, unit = self.indicator.label_zh, self.indicator.unit_zh
        now, before = self.current.display(), self.previous.display()
        then = f"{self.previous_year}年"
        delta = self.delta
        if delta is None:
            return f"{label}：{self.current_year}年 {now}，{then} {before}，无法比较。"
        if self.indicator.kind == "rate":
            points = abs(float(delta) * 100)
            change = "持平" if delta == 0 else f"{'提高' if delta > 0 else '下降'} {points:.1f} 个百分点"
            return f"{label} {now}，{then}为 {before}，{change}。"
        if delta == 0:
            return f"{label} {now} {unit}，与{then}持平。"
        word = "增加" if delta > 0 else "减少"
        text = f"{label} {now} {unit}，{then}为 {before} {unit}，{word} {abs(int(delta)):,} {unit}"
        previous = self.previous.value
        if previous:
            growth = Fraction(delta) / Fraction(previous) * 100
            text += f"（{'增长' if delta > 0 else '下降'} {abs(float(growth)):.1f}%）"
        return text + "。"


@dataclass(frozen=True)
class Comparison:
    """Everything :func:`compare` found, in the order a reader meets it."""

    previous: Report
    current: Report
    correspondence: Correspondence
    headline: tuple[Headline, ...]
    checks: tuple[Finding, ...]
    parts: tuple[ProseChange, ...]
    tables: tuple[TableChange, ...]
    #: Cells of the earlier report's template that nothing in the later one corresponds to.
    unmatched_previous: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        """「<agency><year>年度与<previous year>年度政府信息公开工作年度报告对比」."""
        agency = self.current.agency or self.previous.agency
        return f"{agency}{self.current.year}年度与{self.previous.year}年度{self.current.spec.title}对比"

    def summary(self) -> list[str]:
        """The short summary a leader reads first: the headline figures, the cross-year checks, the prose."""
        lines = [h.sentence() for h in self.headline if h.indicator.key in SUMMARY_INDICATORS]
        errors = [f for f in self.checks if f.is_error]
        if not self.checks:
            lines.append("跨年度核对未发现问题。")
        else:
            rules = "、".join(dict.fromkeys(TITLES_ZH.get(f.rule, f.rule) for f in self.checks))
            lines.append(
                f"跨年度核对发现 {len(errors)} 个错误、{len(self.checks) - len(errors)} 个警告：{rules}。"
            )
        compared = [p for p in self.parts if p.similarity is not None]
        if compared:
            least = min(compared, key=lambda p: p.similarity or 0.0)
            same = sum(not p.diff.changed for p in compared)
            text = f"文字部分：{len(compared)} 个部分有文字，{same} 个与上年相同"
            if least.diff.changed:
                text += f"；变化最大的是「{least.heading}」（相似度 {format_share(least.similarity)}）"
            lines.append(text + "。")
        if self.previous.template != self.current.template and self.correspondence.note_zh:
            lines.append(self.correspondence.note_zh)
        return lines


def format_share(value: float | None) -> str:
    """A share 0–1 as a whole percentage (「82%」), 「—」 for None."""
    return NO_VALUE if value is None else f"{value * 100:.0f}%"


def format_cell(value: CellValue | None, kind: CellKind) -> str:
    """A value as the tables print it: a plain number, an amount without trailing zeros, 「—」 for None."""
    if value is None:
        return NO_VALUE
    if kind == "amount":
        return format_amount(Decimal(value))
    return str(int(value))


def format_delta(value: CellValue | None, kind: CellKind) -> str:
    """A change with its sign: 「+3」, 「-2」, 「0」, amounts 「+1.5」; 「—」 when a side is missing."""
    if value is None:
        return NO_VALUE
    magnitude: CellValue = -value if value < 0 else value
    text = format_cell(magnitude, kind)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"-{text}"
    return text


def _sum(report: Report, keys: tuple[str, ...]) -> CellValue | None:
    values = [report.cells.get(k) for k in keys]
    if not keys or any(v is None for v in values):
        return None
    total: CellValue = 0
    for v in values:
        total += v or 0
    return total


class _Pairing:
    def __init__(self, previous: Report, current: Report, links: Correspondence) -> None:
        self.previous, self.current = previous, current
        self.by_current = {m.current[0]: m for m in links.matches if len(m.current) == 1}

    def cell(self, key: str, column: str, label: str, kind: CellKind) -> CellChange:
        match = self.by_current.get(key)
        before = match.previous if match else ()
        return CellChange(
            column=column,
            column_label=label,
            kind=kind,
            previous_keys=before,
            current_keys=(key,),
            previous=_sum(self.previous, before),
            current=self.current.cells.get(key),
            matched=match is not None,
        )

    def combined(self, match: CellMatch, column: str, label: str) -> CellChange:
        return CellChange(
            column=column,
            column_label=label,
            kind="count",
            previous_keys=match.previous,
            current_keys=match.current,
            previous=_sum(self.previous, match.previous),
            current=_sum(self.current, match.current),
            matched=True,
        )


def _proactive(pair: _Pairing, spec: Template) -> list[TableChange]:
    part = next(p for p in spec.parts if p.key == "proactive")
    tables = []
    for n, group in enumerate(spec.proactive):
        rows = tuple(
            RowChange(
                key=row.key,
                label=row.label,
                cells=tuple(
                    pair.cell(f"proactive.{row.key}.{c.key}", c.key, c.label, c.kind) for c in group.columns
                ),
            )
            for row in group.rows
        )
        tables.append(
            TableChange(
                key=f"proactive.{n}",
                part=part.key,
                caption=f"{part.heading}　{group.heading}",
                first_header=group.first_header,
                columns=tuple(c.label for c in group.columns),
                rows=rows,
            )
        )
    return tables


def _applications(pair: _Pairing, spec: Template, links: Correspondence, before: Template) -> TableChange:
    table = spec.applications
    part = next(p for p in spec.parts if p.key == "applications")
    rows: list[RowChange] = []
    # Matches summing several current cells: one extra row per earlier row, after its last current row.
    merged: dict[str, list[CellMatch]] = {}
    for m in links.matches:
        if len(m.current) > 1 and m.current[0].startswith("applications."):
            merged.setdefault(m.previous[0].rsplit(".", 1)[0], []).append(m)
    after: dict[str, str] = {}
    for prefix, group in merged.items():
        after[group[0].current[-1].rsplit(".", 1)[0]] = prefix
    for row in table.rows:
        rows.append(
            RowChange(
                key=row.key,
                label=row_label(spec, "applications", row.key),
                cells=tuple(
                    pair.cell(f"applications.{row.key}.{c.key}", c.key, c.label, "count")
                    for c in table.columns
                ),
            )
        )
        found = after.get(f"applications.{row.key}")
        if found is not None:
            prefix = found
            by_column = {m.previous[0].rsplit(".", 1)[1]: m for m in merged[prefix]}
            old_row = prefix.removeprefix("applications.")
            rows.append(
                RowChange(
                    key=f"{old_row}+",
                    label=f"{row_label(before, 'applications', old_row)}（合计）",
                    cells=tuple(pair.combined(by_column[c.key], c.key, c.label) for c in table.columns),
                )
            )
    return TableChange(
        key="applications",
        part=part.key,
        caption=part.heading,
        first_header=table.header,
        columns=tuple(c.label for c in table.columns),
        rows=tuple(rows),
    )


def _appeals(pair: _Pairing, spec: Template) -> TableChange:
    table = spec.appeals
    part = next(p for p in spec.parts if p.key == "appeals")
    rows = tuple(
        RowChange(
            key=block.key,
            label=row_label(spec, "appeals", block.key),
            cells=tuple(
                pair.cell(f"appeals.{block.key}.{c.key}", c.key, c.label, "count") for c in table.columns
            ),
        )
        for block in table.blocks
    )
    return TableChange(
        key="appeals",
        part=part.key,
        caption=part.heading,
        first_header="",
        columns=tuple(c.label for c in table.columns),
        rows=rows,
    )


def compare(previous: Report, current: Report) -> Comparison:
    """``previous`` (year N−1, or any earlier year) and ``current`` side by side.

    The cross-year checks are :func:`gongkai.checks.check_pair`'s: for reports of different agencies or
    years that do not follow each other they hold only that refusal, and the rest is still compared.
    """
    links = correspondence(previous.template, current.template)
    spec, before = current.spec, previous.spec
    pair = _Pairing(previous, current, links)
    old, new = indicators_of(previous), indicators_of(current)
    headline = tuple(Headline(new[k].indicator, old[k], new[k], previous.year, current.year) for k in new)
    parts = tuple(
        ProseChange(
            part=p.key,
            heading=p.heading,
            previous=getattr(previous.prose, p.key),
            current=getattr(current.prose, p.key),
            diff=diff_text(getattr(previous.prose, p.key), getattr(current.prose, p.key)),
        )
        for p in spec.parts
    )
    tables = (*_proactive(pair, spec), _applications(pair, spec, links, before), _appeals(pair, spec))
    return Comparison(
        previous=previous,
        current=current,
        correspondence=links,
        headline=headline,
        checks=tuple(check_pair(previous, current)),
        parts=parts,
        tables=tables,
        unmatched_previous=links.unmatched_previous(),
    )


__all__ = [
    "NO_VALUE",
    "SUMMARY_INDICATORS",
    "CellChange",
    "Comparison",
    "Headline",
    "ProseChange",
    "RowChange",
    "TableChange",
    "compare",
    "format_cell",
    "format_delta",
    "format_share",
    "format_value",
]
