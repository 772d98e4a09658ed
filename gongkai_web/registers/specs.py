"""Each register's spreadsheet layout as data: columns with a Chinese header, the field, and a cell parser."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from gongkai_web.registers.models import Decision, DecisionKind, Fee, Procurement, Rule, RuleKind


class CellError(ValueError):
    """A cell that cannot be read; the message is Chinese and shown with the row and column."""


def text(max_length: int, *, required: bool = True) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        s = "" if value is None else str(value).strip()
        if required and not s:
            raise CellError("不能为空")
        if len(s) > max_length:
            raise CellError(f"超过 {max_length} 个字符")
        return s

    return parse


def a_date(*, required: bool = True) -> Callable[[Any], date | None]:
    def parse(value: Any) -> date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise CellError("不能为空")
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        s = str(value).strip().replace("/", "-").replace(".", "-")
        try:
            return date.fromisoformat(s)
        except ValueError:
            raise CellError(f"日期“{s}”无法识别，请写成 2020-01-31") from None

    return parse


def decimal_wan(value: Any) -> Decimal:
    if value is None or str(value).strip() == "":
        raise CellError("不能为空")
    s = str(value).strip().removesuffix("万元").replace(",", "")
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise CellError(f"金额“{value}”不是数字（单位：万元）") from None
    if not d.is_finite() or d < 0:
        raise CellError("金额必须是非负数")
    if d.as_tuple().exponent < -6:  # type: ignore[operator]
        raise CellError("金额最多六位小数")
    return d


def integer_year(value: Any) -> int:
    try:
        y = int(str(value).strip())
    except (TypeError, ValueError):
        raise CellError(f"年份“{value}”不是整数") from None
    if not 1990 <= y <= 2100:
        raise CellError("年份超出范围")
    return y


def choice(choices: type[models.TextChoices]) -> Callable[[Any], str]:
    by_label = {str(c.label): c.value for c in choices}
    by_value = {c.value: c.value for c in choices}

    def parse(value: Any) -> str:
        s = "" if value is None else str(value).strip()
        if s in by_label:
            return by_label[s]
        if s in by_value:
            return by_value[s]
        raise CellError(f"“{s}”不是可选值（{'、'.join(by_label)}）")

    return parse


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    parse: Callable[[Any], Any]
    export: Callable[[Any], Any] = lambda v: v


@dataclass(frozen=True)
class RegisterSpec:
    key: str
    title: str
    model: type[models.Model]
    columns: tuple[Column, ...]


def _label(choices: type[models.TextChoices]) -> Callable[[Any], Any]:
    return lambda v: str(choices(v).label)


REGISTERS: dict[str, RegisterSpec] = {
    spec.key: spec
    for spec in (
        RegisterSpec(
            "rules",
            "规章和规范性文件",
            Rule,
            (
                Column("kind", "类别", choice(RuleKind), _label(RuleKind)),
                Column("title", "名称", text(300)),
                Column("doc_number", "文号", text(100, required=False)),
                Column("issued_on", "印发日期", a_date()),
                Column("repealed_on", "废止日期", a_date(required=False)),
            ),
        ),
        RegisterSpec(
            "decisions",
            "许可、处罚、强制决定",
            Decision,
            (
                Column("kind", "类别", choice(DecisionKind), _label(DecisionKind)),
                Column("matter", "事项名称", text(200)),
                Column("reference", "决定文号", text(100, required=False)),
                Column("decided_on", "决定日期", a_date()),
            ),
        ),
        RegisterSpec(
            "fees",
            "行政事业性收费",
            Fee,
            (
                Column("name", "收费项目", text(200)),
                Column("year", "年度", integer_year),
                Column("amount", "收费金额（万元）", decimal_wan, str),
            ),
        ),
        RegisterSpec(
            "procurement",
            "政府集中采购",
            Procurement,
            (
                Column("title", "采购项目", text(300)),
                Column("contracted_on", "合同日期", a_date()),
                Column("amount", "采购金额（万元）", decimal_wan, str),
            ),
        ),
    )
}
