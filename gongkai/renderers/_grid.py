"""The report's three tables as grids of merged cells, drawn as the national template draws them.

The HTML and DOCX writers both draw these grids, so a merged header looks the same in every format and
the readers (which copy a grid the way Word copies a table) get back the canonical text layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.model import Report
from gongkai.renderers.text import printed_value


@dataclass(frozen=True)
class GridCell:
    """One cell where it starts: its text, spans, and (for accessibility) its role and header ids.

    ``header`` cells become ``<th>``; ``ident`` is the id a header cell is known by and ``headers`` the ids of
    the header cells that describe a data cell (the HTML ``headers`` attribute); ``key`` is the report cell
    key of a value cell and ``state`` how it was printed when not as a number (``blank``, ``dash`` …).
    """

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    scope: str = ""
    ident: str = ""
    headers: tuple[str, ...] = ()
    key: str = ""
    state: str = ""


@dataclass
class Grid:
    """A table: its caption, width, the rows of cells where they start, and how many rows are headers."""

    name: str
    caption: str
    columns: int
    rows: list[list[GridCell]] = field(default_factory=list)
    header_rows: int = 0
    #: Column widths in mm, when the grid sets its own (else :func:`column_widths` decides by name).
    widths: tuple[float, ...] = ()


def _state(report: Report, key: str) -> str:
    """How a cell was printed when not as a number ("" for a number or an absent cell)."""
    mark = report.printed.get(key)
    return "" if mark is None else mark.state.value


def _proactive(report: Report) -> Grid:
    spec = report.spec
    width = 1 + max(len(g.columns) for g in spec.proactive)
    part = next(p for p in spec.parts if p.key == "proactive")
    grid = Grid(name="proactive", caption=part.title, columns=width)
    for gi, group in enumerate(spec.proactive):
        gid = f"p{gi}"
        grid.rows.append([GridCell(group.heading, colspan=width, header=True, scope="colgroup", ident=gid)])
        head = [GridCell(group.first_header, header=True, scope="col", ident=f"{gid}h")]
        for ci, col in enumerate(group.columns):
            span = width - 1 - ci if ci == len(group.columns) - 1 else 1
            head.append(GridCell(col.label, colspan=span, header=True, scope="col", ident=f"{gid}c{ci}"))
        grid.rows.append(head)
        for ri, row in enumerate(group.rows):
            rid = f"{gid}r{ri}"
            cells = [GridCell(row.label, header=True, scope="row", ident=rid)]
            for ci, col in enumerate(group.columns):
                key = f"proactive.{row.key}.{col.key}"
                span = width - 1 - ci if ci == len(group.columns) - 1 else 1
                cells.append(
                    GridCell(
                        printed_value(report, key, col.kind),
                        colspan=span,
                        headers=(gid, f"{gid}c{ci}", rid),
                        key=key,
                        state=_state(report, key),
                    )
                )
            grid.rows.append(cells)
    return grid


def _applications(report: Report) -> Grid:
    spec = report.spec
    table = spec.applications
    cols = table.columns
    depth = max(len(r.group) for r in table.rows) + 1
    width = depth + len(cols)
    part = next(p for p in spec.parts if p.key == "applications")
    grid = Grid(name="applications", caption=part.title, columns=width, header_rows=3)
    org = cols[1:-1]
    grid.rows.append(
        [
            GridCell(table.note, rowspan=3, colspan=depth, header=True, scope="col", ident="an"),
            GridCell(table.header, colspan=len(cols), header=True, scope="colgroup", ident="ah"),
        ]
    )
    grid.rows.append(
        [
            GridCell(cols[0].label, rowspan=2, header=True, scope="col", ident="ac0"),
            GridCell(table.org_group, colspan=len(org), header=True, scope="colgroup", ident="ao"),
            GridCell(cols[-1].label, rowspan=2, header=True, scope="col", ident=f"ac{len(cols) - 1}"),
        ]
    )
    grid.rows.append(
        [GridCell(c.label, header=True, scope="col", ident=f"ac{i + 1}") for i, c in enumerate(org)]
    )
    # Each group label spans the run of consecutive rows that share it.
    rows = table.rows
    starts: dict[tuple[str, ...], int] = {}
    for ri, row in enumerate(rows):
        cells: list[GridCell] = []
        ids: list[str] = []
        for level, label in enumerate(row.group):
            prefix = row.group[: level + 1]
            prev = rows[ri - 1].group[: level + 1] if ri else ()
            if prev != prefix:
                starts[prefix] = ri
            gid = f"ag{level}r{starts[prefix]}"
            ids.append(gid)
            if prev == prefix:
                continue
            span = 1
            while ri + span < len(rows) and rows[ri + span].group[: level + 1] == prefix:
                span += 1
            cells.append(GridCell(label, rowspan=span, header=True, scope="rowgroup", ident=gid))
        rid = f"ar{ri}"
        ids.append(rid)
        cells.append(
            GridCell(row.printed, colspan=depth - len(row.group), header=True, scope="row", ident=rid)
        )
        for ci, col in enumerate(cols):
            key = f"applications.{row.key}.{col.key}"
            col_ids = ("ah", "ao", f"ac{ci}") if 0 < ci < len(cols) - 1 else ("ah", f"ac{ci}")
            cells.append(
                GridCell(
                    printed_value(report, key, "count"),
                    headers=(*col_ids, *ids),
                    key=key,
                    state=_state(report, key),
                )
            )
        grid.rows.append(cells)
    return grid


def _appeals(report: Report) -> Grid:
    spec = report.spec
    table = spec.appeals
    cols = table.columns
    blocks = table.blocks
    n = len(cols)
    width = n * len(blocks)
    part = next(p for p in spec.parts if p.key == "appeals")
    grid = Grid(name="appeals", caption=part.title, columns=width, header_rows=3)
    first, *rest = blocks
    grid.rows.append(
        [
            GridCell(first.label, colspan=n, header=True, scope="colgroup", ident="b0"),
            GridCell(
                table.litigation_label, colspan=n * len(rest), header=True, scope="colgroup", ident="lit"
            ),
        ]
    )
    second = [
        GridCell(c.label, rowspan=2, header=True, scope="col", ident=f"b0c{i}") for i, c in enumerate(cols)
    ]
    second += [
        GridCell(b.label, colspan=n, header=True, scope="colgroup", ident=f"b{i + 1}")
        for i, b in enumerate(rest)
    ]
    grid.rows.append(second)
    grid.rows.append(
        [
            GridCell(c.label, header=True, scope="col", ident=f"b{bi + 1}c{i}")
            for bi in range(len(rest))
            for i, c in enumerate(cols)
        ]
    )
    values: list[GridCell] = []
    for bi, block in enumerate(blocks):
        for ci, col in enumerate(cols):
            key = f"appeals.{block.key}.{col.key}"
            heads = ("b0", f"b0c{ci}") if bi == 0 else ("lit", f"b{bi}", f"b{bi}c{ci}")
            values.append(
                GridCell(
                    printed_value(report, key, "count"), headers=heads, key=key, state=_state(report, key)
                )
            )
    grid.rows.append(values)
    return grid


#: Width of the text block of an A4 page with 公文 margins, in mm.
TEXT_WIDTH_MM = 156.0


def column_widths(grid: Grid) -> list[float]:
    """Column widths in mm: the grid's own, else label columns wide enough for the labels and value columns
    sharing the rest."""
    if grid.widths:
        return list(grid.widths)
    lead = {"proactive": [42.0], "applications": [8.0, 15.0, 40.0]}.get(grid.name, [])
    rest = (TEXT_WIDTH_MM - sum(lead)) / (grid.columns - len(lead))
    return [*lead, *([rest] * (grid.columns - len(lead)))]


def report_grids(report: Report) -> dict[str, Grid]:
    """The tables of parts 二, 三 and 四 (keys ``proactive``, ``applications``, ``appeals``)."""
    return {
        "proactive": _proactive(report),
        "applications": _applications(report),
        "appeals": _appeals(report),
    }


__all__ = ["TEXT_WIDTH_MM", "Grid", "GridCell", "column_widths", "report_grids"]
