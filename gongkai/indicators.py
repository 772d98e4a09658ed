"""Indicators (考核指标) of a report: counts and rates computed from its cells, with their formulas as data.

Every indicator is an :class:`Indicator`: a key, its names, and the terms it sums — cell keys of part 三 and
四, which are the same in both templates (see ``gongkai/templates/``). A count is the sum of its numerator; a
rate is numerator / denominator. Nothing is divided by zero: a rate whose denominator is 0, or any indicator
whose terms are missing from the report, has the value None, printed 「—」 (:data:`NONE_MARK`). The formulas
are stated in docs/indicators.md; :data:`INDICATORS` is their one home, and :func:`evaluate` reads any mapping
of named inputs, so a caller with other data (the site's case register) can define an indicator over its
own names and evaluate it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from gongkai.checks.labels import cell_label
from gongkai.model import Report
from gongkai.templates import Template, get_template

#: How an indicator without a value is printed (no data, or a rate over zero cases).
NONE_MARK = "—"

IndicatorKind = Literal["count", "rate"]
Number = int | Decimal


@dataclass(frozen=True)
class Indicator:
    """One indicator: ``numerator`` terms summed, divided by the ``denominator`` terms summed for a rate.

    Terms are names of inputs: for report indicators, cell keys. ``label_zh``/``label_en`` name it for
    readers; ``note_zh``/``note_en`` say what the terms alone do not (:func:`formula` states the rest in the
    template's own labels).
    """

    key: str
    kind: IndicatorKind
    label_zh: str
    label_en: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()
    note_zh: str = ""
    note_en: str = ""
    #: The unit a count is counted in, for sentences (「件」); rates have none.
    unit_zh: str = ""

    @property
    def terms(self) -> tuple[str, ...]:
        """Every input the indicator reads, numerator first."""
        return (*self.numerator, *self.denominator)

    def label(self, lang: str = "zh") -> str:
        """The indicator's name in ``zh`` (default) or ``en``."""
        return self.label_en if lang == "en" else self.label_zh


@dataclass(frozen=True)
class IndicatorValue:
    """An indicator evaluated: ``value`` (an int for counts, a fraction 0–1 for rates, None when it has none),
    the sums it was computed from, and the inputs that were missing."""

    indicator: Indicator
    value: Fraction | int | None
    numerator: Number | None
    denominator: Number | None
    missing: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The indicator's key."""
        return self.indicator.key

    def as_float(self, digits: int = 4) -> float | None:
        """The value as a float rounded to ``digits`` places (rates as fractions, 0.5954), or None."""
        return None if self.value is None else round(float(self.value), digits)

    def display(self) -> str:
        """The value for readers: a count as a number, a rate as a percentage with one decimal, else 「—」."""
        return format_value(self.indicator, self.value)


def _applications(row: str) -> str:
    return f"applications.{row}.total"


def _decided(block: str) -> tuple[str, ...]:
    return tuple(f"appeals.{block}.{col}" for col in ("upheld", "corrected", "other"))


_LITIGATION = ("litigation_direct", "litigation_after_review")

#: The indicators of a report, in the order they are shown.
INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator(
            key="new_applications",
            kind="count",
            unit_zh="件",
            label_zh="本年新收申请",
            label_en="new applications",
            numerator=(_applications("new"),),
        ),
        Indicator(
            key="carried_over",
            kind="count",
            unit_zh="件",
            label_zh="上年结转申请",
            label_en="carried over from last year",
            numerator=(_applications("carried_over"),),
        ),
        Indicator(
            key="handled",
            kind="count",
            unit_zh="件",
            label_zh="本年办理",
            label_en="handled",
            numerator=(_applications("results_total"),),
        ),
        Indicator(
            key="carried_forward",
            kind="count",
            unit_zh="件",
            label_zh="结转下年度",
            label_en="carried forward",
            numerator=(_applications("carried_forward"),),
        ),
        Indicator(
            key="substantive_disclosure_rate",
            kind="rate",
            label_zh="实质公开率",
            label_en="substantive disclosure rate",
            numerator=(_applications("granted"), _applications("partially_granted")),
            denominator=(_applications("results_total"),),
        ),
        Indicator(
            key="reconsiderations",
            kind="count",
            unit_zh="件",
            label_zh="行政复议",
            label_en="reconsiderations",
            numerator=("appeals.reconsideration.total",),
        ),
        Indicator(
            key="reconsideration_correction_rate",
            kind="rate",
            label_zh="复议纠错率",
            label_en="reconsideration correction rate",
            numerator=("appeals.reconsideration.corrected",),
            denominator=_decided("reconsideration"),
            note_zh="尚未审结的不计",
            note_en="pending cases are not counted",
        ),
        Indicator(
            key="lawsuits",
            kind="count",
            unit_zh="件",
            label_zh="行政诉讼",
            label_en="lawsuits",
            numerator=tuple(f"appeals.{b}.total" for b in _LITIGATION),
        ),
        Indicator(
            key="litigation_correction_rate",
            kind="rate",
            label_zh="诉讼纠错率",
            label_en="litigation correction rate",
            numerator=tuple(f"appeals.{b}.corrected" for b in _LITIGATION),
            denominator=tuple(k for b in _LITIGATION for k in _decided(b)),
            note_zh="尚未审结的不计",
            note_en="pending cases are not counted",
        ),
    )
}


def _sum(terms: Iterable[str], values: Mapping[str, Number | None]) -> tuple[Number | None, list[str]]:
    total: Number = 0
    missing: list[str] = []
    for term in terms:
        value = values.get(term)
        if value is None:
            missing.append(term)
        else:
            total += value
    return (None if missing else total), missing


def evaluate(indicator: Indicator, values: Mapping[str, Number | None]) -> IndicatorValue:
    """``indicator`` over ``values`` (input name → number; a name absent or None is missing).

    A count is its numerator's sum; a rate is the exact fraction numerator / denominator. The value is None
    when an input is missing, or for a rate whose denominator is 0 (never a division error).
    """
    numerator, missing = _sum(indicator.numerator, values)
    if indicator.kind == "count":
        value = None if numerator is None else int(numerator)
        return IndicatorValue(indicator, value, numerator, None, tuple(missing))
    denominator, missing_below = _sum(indicator.denominator, values)
    missing += missing_below
    rate: Fraction | None = None
    if numerator is not None and denominator is not None and denominator != 0:
        rate = Fraction(numerator) / Fraction(denominator)
    return IndicatorValue(indicator, rate, numerator, denominator, tuple(missing))


def indicators_of(report: Report, keys: Iterable[str] | None = None) -> dict[str, IndicatorValue]:
    """The indicators of ``report`` by key (every one of :data:`INDICATORS`, or those named by ``keys``)."""
    chosen = INDICATORS.values() if keys is None else [INDICATORS[k] for k in keys]
    return {i.key: evaluate(i, report.cells) for i in chosen}


def formula(indicator: Indicator, template: Template | str = "2021", lang: str = "zh") -> str:
    """The indicator stated in the template's labels (cell keys in English), e.g. for 实质公开率
    「（（一）予以公开」行「总计」列 + …）÷「（七）总计」行「总计」列」. Terms that are not cells stay as named."""
    spec = get_template(template) if isinstance(template, str) else template

    def side(terms: tuple[str, ...]) -> str:
        names = [cell_label(spec, t, lang) for t in terms]
        joined = " + ".join(names)
        if len(names) < 2 or indicator.kind != "rate":
            return joined
        return f"({joined})" if lang == "en" else f"（{joined}）"

    text = side(indicator.numerator)
    if indicator.kind == "rate":
        text += " ÷ " + side(indicator.denominator)
    note = indicator.note_en if lang == "en" else indicator.note_zh
    if note:
        text += f"; {note}" if lang == "en" else f"；{note}"
    return text


def format_value(indicator: Indicator, value: Fraction | int | None) -> str:
    """A value as readers see it: ``1,816``, ``59.5%``, or 「—」 for None."""
    if value is None:
        return NONE_MARK
    if indicator.kind == "rate":
        return f"{float(value) * 100:.1f}%"
    return f"{int(value):,}"


__all__ = [
    "INDICATORS",
    "NONE_MARK",
    "Indicator",
    "IndicatorValue",
    "evaluate",
    "format_value",
    "formula",
    "indicators_of",
]
