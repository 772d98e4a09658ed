"""Which cells of one template correspond to which cells of another, for comparing reports across years.

A :class:`CellMatch` pairs cells of the earlier report's template with cells of the later one's; each side is
summed. Within one template every cell matches itself. Between ``2019`` (reports on 2019–2020) and ``2021``
(from 2021) a key shared by both templates means the same thing (the public cell keys, defined in
gongkai/templates/data.py); beyond the shared keys the data below says:

* part 二, 规章 and 规范性文件: 本年新制作数量 (``made``) is counted as 本年制发件数 (``issued``); 本年新公开数量,
  对外公开总数量 and the 2021 template's 本年废止件数 and 现行有效件数 have no counterpart (现行有效 counts documents
  in force, 对外公开总数量 every document ever published);
* part 三, （六）其他处理: the 2019 template's one row is the sum of the 2021 template's three rows, column by
  column;
* every other cell of part 二 (项目数量 and 本年增/减, 其他对外管理服务事项, the fee project counts against the fee
  amount, 政府集中采购) has no counterpart.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from gongkai.errors import UnknownTemplateError
from gongkai.templates.data import TEMPLATE_2019, TEMPLATE_2021
from gongkai.templates.schema import Template
from gongkai.types import TemplateId


class CellMatch(BaseModel):
    """The cells ``previous`` (summed) of the earlier template correspond to ``current`` (summed) of the later."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    previous: tuple[str, ...]
    current: tuple[str, ...]


class Correspondence(BaseModel):
    """Every match between the cells of two templates, and the cells of each side that match nothing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    previous: TemplateId
    current: TemplateId
    matches: tuple[CellMatch, ...]
    note_zh: str = ""

    def unmatched_previous(self) -> tuple[str, ...]:
        """Cells of the earlier template that no match uses, in printed order."""
        used = {k for m in self.matches for k in m.previous}
        return tuple(k for k in _template(self.previous).keys if k not in used)

    def unmatched_current(self) -> tuple[str, ...]:
        """Cells of the later template that no match uses, in printed order."""
        used = {k for m in self.matches for k in m.current}
        return tuple(k for k in _template(self.current).keys if k not in used)

    def reversed(self) -> Correspondence:
        """The same matches read from the later template to the earlier one."""
        return Correspondence(
            previous=self.current,
            current=self.previous,
            matches=tuple(CellMatch(previous=m.current, current=m.previous) for m in self.matches),
            note_zh=self.note_zh,
        )


_BY_ID: dict[str, Template] = {t.id: t for t in (TEMPLATE_2019, TEMPLATE_2021)}


def _template(template_id: str) -> Template:
    return _BY_ID[template_id]


#: 2019 → 2021: cells of the same meaning under another key (previous key → current key).
RENAMED_2019_2021: dict[str, str] = {
    "proactive.regulations.made": "proactive.regulations.issued",
    "proactive.normative_documents.made": "proactive.normative_documents.issued",
}
#: 2019 → 2021: rows of part 三 whose one row became several (previous row → current rows), every column.
SPLIT_ROWS_2019_2021: dict[str, tuple[str, ...]] = {
    "other": ("other.no_correction", "other.unpaid_fee", "other.misc"),
}


def _across_2019_2021() -> Correspondence:
    old, new = TEMPLATE_2019, TEMPLATE_2021
    matches: list[CellMatch] = []
    shared = set(new.keys)
    for key in old.keys:
        if key in shared:
            matches.append(CellMatch(previous=(key,), current=(key,)))
        elif key in RENAMED_2019_2021:
            matches.append(CellMatch(previous=(key,), current=(RENAMED_2019_2021[key],)))
    for row, parts in SPLIT_ROWS_2019_2021.items():
        for col in new.applications.columns:
            matches.append(
                CellMatch(
                    previous=(f"applications.{row}.{col.key}",),
                    current=tuple(f"applications.{p}.{col.key}" for p in parts),
                )
            )
    return Correspondence(
        previous="2019",
        current="2021",
        matches=tuple(matches),
        note_zh=(
            f"两年的报告使用不同模板（{old.issued_by}、{new.issued_by}），只比较含义相同的单元格；"
            "2019 模板的「本年新制作数量」按 2021 模板的「本年制发件数」比较，"
            "「（六）其他处理」按 2021 模板三项之和比较，其余没有对应的单元格不比较。"
        ),
    )


@cache
def correspondence(previous: TemplateId | str, current: TemplateId | str) -> Correspondence:
    """The matches from the cells of template ``previous`` to those of template ``current``."""
    a, b = str(previous), str(current)
    for name in (a, b):
        if name not in _BY_ID:
            raise UnknownTemplateError(
                f"未知的年报模板：{name}（可用：2019、2021）", f"unknown report template: {name}"
            )
    if a == b:
        spec = _template(a)
        return Correspondence(
            previous=spec.id,
            current=spec.id,
            matches=tuple(CellMatch(previous=(k,), current=(k,)) for k in spec.keys),
        )
    if (a, b) == ("2021", "2019"):
        return _across_2019_2021().reversed()
    return _across_2019_2021()


__all__ = ["RENAMED_2019_2021", "SPLIT_ROWS_2019_2021", "CellMatch", "Correspondence", "correspondence"]
