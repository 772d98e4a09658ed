"""The comparison's tables as :class:`~gongkai.renderers._grid.Grid`\\ s, so the report writers' HTML and DOCX
table drawing draws them too: each row of a report table becomes three (the earlier year, the later year,
the change), the row's label merged down over them."""

from __future__ import annotations

from gongkai.compare.model import NO_VALUE, Comparison, Headline, TableChange, format_cell, format_delta
from gongkai.renderers._grid import TEXT_WIDTH_MM, Grid, GridCell

#: The label of the third line of each row.
DELTA_LABEL = "增减"
_LABEL_MM, _YEAR_MM = 44.0, 16.0


def year_label(year: int) -> str:
    """「2021年」."""
    return f"{year}年"


def table_grid(table: TableChange, comparison: Comparison) -> Grid:
    """One table in both years: a header row, then three rows per report row."""
    n = len(table.columns)
    rest = (TEXT_WIDTH_MM - _LABEL_MM - _YEAR_MM) / n
    grid = Grid(
        name=f"compare-{table.key}",
        caption=table.caption,
        columns=2 + n,
        header_rows=1,
        widths=(_LABEL_MM, _YEAR_MM, *([rest] * n)),
    )
    tid = table.key.replace(".", "-")
    head = [
        GridCell(table.first_header or "项目", header=True, scope="col", ident=f"{tid}-h"),
        GridCell("年度", header=True, scope="col", ident=f"{tid}-y"),
    ]
    head += [GridCell(c, header=True, scope="col", ident=f"{tid}-c{i}") for i, c in enumerate(table.columns)]
    grid.rows.append(head)
    years = (year_label(comparison.previous.year), year_label(comparison.current.year), DELTA_LABEL)
    for r, row in enumerate(table.rows):
        rid = f"{tid}-r{r}"
        for line, label in enumerate(years):
            lid = f"{rid}-{line}"
            cells: list[GridCell] = []
            if line == 0:
                cells.append(GridCell(row.label, rowspan=3, header=True, scope="rowgroup", ident=rid))
            cells.append(GridCell(label, header=True, scope="row", ident=lid))
            for i, cell in enumerate(row.cells):
                value = (cell.previous, cell.current, cell.delta)[line]
                text = format_delta(value, cell.kind) if line == 2 else format_cell(value, cell.kind)
                key = "+".join(cell.current_keys) if line == 1 else ""
                cells.append(GridCell(text, headers=(f"{tid}-c{i}", rid, lid), key=key))
            grid.rows.append(cells)
    return grid


def headline_delta(item: Headline) -> str:
    """The change of a headline figure: 「+120」 for counts, 「+4.5 个百分点」 for rates, 「—」 without one."""
    delta = item.delta
    if delta is None:
        return NO_VALUE
    if item.indicator.kind == "rate":
        points = float(delta) * 100
        sign = "+" if points > 0 else ("-" if points < 0 else "")
        return f"{sign}{abs(points):.1f} 个百分点"
    return format_delta(int(delta), "count")


def headline_grid(comparison: Comparison) -> Grid:
    """The headline figures: indicator, the earlier year, the later year, the change."""
    rest = (TEXT_WIDTH_MM - 50.0) / 3
    grid = Grid(
        name="compare-headline", caption="主要指标", columns=4, header_rows=1, widths=(50.0, rest, rest, rest)
    )
    heads = ("指标", year_label(comparison.previous.year), year_label(comparison.current.year), DELTA_LABEL)
    grid.rows.append([GridCell(h, header=True, scope="col", ident=f"hl-c{i}") for i, h in enumerate(heads)])
    for r, item in enumerate(comparison.headline):
        rid = f"hl-r{r}"
        values = (item.previous.display(), item.current.display(), headline_delta(item))
        grid.rows.append(
            [
                GridCell(item.indicator.label_zh, header=True, scope="row", ident=rid),
                *(GridCell(v, headers=(f"hl-c{i + 1}", rid)) for i, v in enumerate(values)),
            ]
        )
    return grid


__all__ = ["DELTA_LABEL", "headline_delta", "headline_grid", "table_grid", "year_label"]
