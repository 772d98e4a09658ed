"""Each register's spreadsheet layout as data: columns with a Chinese header, the field, and a cell parser.

The headers and the kinds' labels in the cells are the file format: always Chinese, whatever the interface
language. Error messages follow the interface language.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai_web.common.i18n import in_document_language
from gongkai_web.registers.models import Decision, DecisionKind, Fee, Procurement, Rule, RuleKind


class CellError(ValueError):
    """A cell that cannot be read; the message (in the interface language) is shown with the row and column."""


def text(max_length: int, *, required: bool = True) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        s = "" if value is None else str(value).strip()
        if required and not s:
            raise CellError(_("must not be empty"))
        if len(s) > max_length:
            raise CellError(_("longer than %(max)d characters") % {"max": max_length})
        return s

    return parse


def a_date(*, required: bool = True) -> Callable[[Any], date | None]:
    def parse(value: Any) -> date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise CellError(_("must not be empty"))
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        s = str(value).strip().replace("/", "-").replace(".", "-")
        try:
            return date.fromisoformat(s)
        except ValueError:
            raise CellError(
                _("date “%(value)s” not recognised; write it as 2020-01-31") % {"value": s}
            ) from None

    return parse


def decimal_wan(value: Any) -> Decimal:
    if value is None or str(value).strip() == "":
        raise CellError(_("must not be empty"))
    s = str(value).strip().removesuffix("万元").replace(",", "")
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise CellError(_("amount “%(value)s” is not a number (unit: 10k yuan)") % {"value": value}) from None
    if not d.is_finite() or d < 0:
        raise CellError(_("the amount must not be negative"))
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        raise CellError(_("the amount has at most six decimals"))
    return d


def integer_year(value: Any) -> int:
    try:
        y = int(str(value).strip())
    except (TypeError, ValueError):
        raise CellError(_("year “%(value)s” is not a whole number") % {"value": value}) from None
    if not 1990 <= y <= 2100:
        raise CellError(_("year out of range"))
    return y


def choice(choices: type[models.TextChoices]) -> Callable[[Any], str]:
    by_value = {c.value: c.value for c in choices}

    def parse(value: Any) -> str:
        by_label = {in_document_language(c.label): c.value for c in choices}
        s = "" if value is None else str(value).strip()
        if s in by_label:
            return by_label[s]
        if s in by_value:
            return by_value[s]
        raise CellError(
            _("“%(value)s” is not one of: %(choices)s") % {"value": s, "choices": "、".join(by_label)}
        )

    return parse


@dataclass(frozen=True)
class Column:
    """A spreadsheet column: ``header`` is the file's (always Chinese), ``label`` the page's (translated; its
    Chinese is the header)."""

    field: str
    header: str
    parse: Callable[[Any], Any]
    export: Callable[[Any], Any] = lambda v: v
    label: Any = None

    @property
    def title(self) -> Any:
        """The column's name on a page, in the active language."""
        return self.label if self.label is not None else self.header


@dataclass(frozen=True)
class RegisterSpec:
    key: str
    title: Any  # a lazy translation; the sheet name of exported files is its Chinese
    model: type[models.Model]
    columns: tuple[Column, ...]


def _label(choices: type[models.TextChoices]) -> Callable[[Any], Any]:
    return lambda v: in_document_language(choices(v).label)


REGISTERS: dict[str, RegisterSpec] = {
    spec.key: spec
    for spec in (
        RegisterSpec(
            "rules",
            gettext_lazy("Regulations and normative documents"),
            Rule,
            (
                Column("kind", "类别", choice(RuleKind), _label(RuleKind), gettext_lazy("Kind")),
                Column("title", "名称", text(300), label=gettext_lazy("Name")),
                Column(
                    "doc_number", "文号", text(100, required=False), label=gettext_lazy("Document number")
                ),
                Column("issued_on", "印发日期", a_date(), label=gettext_lazy("Issued on")),
                Column("repealed_on", "废止日期", a_date(required=False), label=gettext_lazy("Repealed on")),
            ),
        ),
        RegisterSpec(
            "decisions",
            gettext_lazy("Licensing, penalty and enforcement decisions"),
            Decision,
            (
                Column("kind", "类别", choice(DecisionKind), _label(DecisionKind), gettext_lazy("Kind")),
                Column("matter", "事项名称", text(200), label=gettext_lazy("Matter")),
                Column(
                    "reference", "决定文号", text(100, required=False), label=gettext_lazy("Decision number")
                ),
                Column("decided_on", "决定日期", a_date(), label=gettext_lazy("Decided on")),
            ),
        ),
        RegisterSpec(
            "fees",
            gettext_lazy("Administrative fees"),
            Fee,
            (
                Column("name", "收费项目", text(200), label=gettext_lazy("Fee item")),
                Column("year", "年度", integer_year, label=gettext_lazy("Year")),
                Column(
                    "amount",
                    "收费金额（万元）",
                    decimal_wan,
                    str,
                    gettext_lazy("Amount collected (10k yuan)"),
                ),
            ),
        ),
        RegisterSpec(
            "procurement",
            gettext_lazy("Government procurement"),
            Procurement,
            (
                Column("title", "采购项目", text(300), label=gettext_lazy("Project")),
                Column("contracted_on", "合同日期", a_date(), label=gettext_lazy("Contract date")),
                Column("amount", "采购金额（万元）", decimal_wan, str, gettext_lazy("Amount (10k yuan)")),
            ),
        ),
    )
}


#: An optional column of an import (after the register's own): the agency the row belongs to, by its name or
#: code. A row naming another agency is refused with its row number; the export writes it.
AGENCY_HEADER = "填报机关"


def _canonical(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def row_key(spec: RegisterSpec, values: Any) -> str:
    """The content hash of a register row: SHA-256 of its columns' values (``values``: a mapping or a row
    object), the natural key that makes an import idempotent (a row already in the register is not added
    again). Amounts are compared as numbers (``1.50`` is ``1.5``), dates as ISO dates."""
    get = values.get if isinstance(values, dict) else (lambda name: getattr(values, name))
    parts = [spec.key, *(_canonical(get(c.field)) for c in spec.columns)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
