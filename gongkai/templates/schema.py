"""The shape of a national template: parts, tables, rows, columns and the cell keys they define."""

from __future__ import annotations

from functools import cached_property

from pydantic import BaseModel, ConfigDict

from gongkai.types import CellKind, TemplateId


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Column(_Frozen):
    """One column of a table: its key (last part of a cell key), printed label and value kind."""

    key: str
    label: str
    kind: CellKind = "count"


class Row(_Frozen):
    """One row of a table.

    ``label`` is the row's own text as the template prints it, without its enumerator; ``number`` is the
    enumerator printed before it (``1.``, ``（一）``, ``一、``); ``group`` is the text of the merged cells on
    its left (``三、本年度办理结果``, ``（三）不予公开``); ``aliases`` are other labels seen in published reports.
    """

    key: str
    label: str
    number: str = ""
    group: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def printed(self) -> str:
        """The label as printed, enumerator included."""
        return f"{self.number}{self.label}"


class ProactiveGroup(_Frozen):
    """One block of part 二: the article item heading, the header row and its rows."""

    heading: str
    first_header: str = "信息内容"
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


class ApplicationsTable(_Frozen):
    """Part 三: the applicant columns and the rows of received, handled and carried-forward applications."""

    note: str
    header: str
    org_group: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    result_rows: tuple[str, ...]


class AppealBlock(_Frozen):
    """One block of part 四 (reconsideration, or one kind of litigation)."""

    key: str
    label: str
    group: str = ""


class AppealsTable(_Frozen):
    """Part 四: three blocks of five columns each."""

    blocks: tuple[AppealBlock, ...]
    columns: tuple[Column, ...]
    litigation_label: str


class Part(_Frozen):
    """One of the six numbered parts of a report."""

    key: str
    number: str
    title: str
    aliases: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        """The heading as the template prints it, e.g. ``二、主动公开政府信息情况``."""
        return f"{self.number}、{self.title}"


class CellSpec(_Frozen):
    """Everything known about one cell: its key, kind and the labels that locate it in the printed table."""

    key: str
    kind: CellKind
    table: str
    row: str
    column: str
    row_label: str
    column_label: str


class Template(_Frozen):
    """A national template (国办公开办函): its parts, its three tables, and the years it covers."""

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,))

    id: TemplateId
    issued_by: str
    title: str
    first_year: int
    last_year: int | None
    parts: tuple[Part, ...]
    proactive: tuple[ProactiveGroup, ...]
    applications: ApplicationsTable
    appeals: AppealsTable

    def covers(self, year: int) -> bool:
        """True when reports on ``year`` use this template."""
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    @cached_property
    def cells(self) -> tuple[CellSpec, ...]:
        """Every cell of the template, in printed order (part 二, then 三 row by row, then 四)."""
        out: list[CellSpec] = []
        for group in self.proactive:
            for row in group.rows:
                for col in group.columns:
                    out.append(
                        CellSpec(
                            key=f"proactive.{row.key}.{col.key}",
                            kind=col.kind,
                            table="proactive",
                            row=row.key,
                            column=col.key,
                            row_label=row.label,
                            column_label=col.label,
                        )
                    )
        for row in self.applications.rows:
            for col in self.applications.columns:
                out.append(
                    CellSpec(
                        key=f"applications.{row.key}.{col.key}",
                        kind="count",
                        table="applications",
                        row=row.key,
                        column=col.key,
                        row_label=row.printed,
                        column_label=col.label,
                    )
                )
        for block in self.appeals.blocks:
            for col in self.appeals.columns:
                out.append(
                    CellSpec(
                        key=f"appeals.{block.key}.{col.key}",
                        kind="count",
                        table="appeals",
                        row=block.key,
                        column=col.key,
                        row_label=block.label,
                        column_label=col.label,
                    )
                )
        return tuple(out)

    @cached_property
    def cell_index(self) -> dict[str, CellSpec]:
        """Cells by key."""
        return {c.key: c for c in self.cells}

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Every cell key, in printed order."""
        return tuple(c.key for c in self.cells)

    def cell(self, key: str) -> CellSpec:
        """The cell with this key; raises :class:`UnknownTemplateError` for a key the template lacks."""
        from gongkai.errors import UnknownTemplateError

        try:
            return self.cell_index[key]
        except KeyError:
            raise UnknownTemplateError(
                f"模板 {self.id} 没有单元格 {key}", f"template {self.id} has no cell {key}"
            ) from None

    def proactive_rows(self) -> tuple[tuple[ProactiveGroup, Row], ...]:
        """Every row of part 二 with the group it belongs to."""
        return tuple((g, r) for g in self.proactive for r in g.rows)
