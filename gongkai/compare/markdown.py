"""A comparison as Markdown: the summary, the checks, each part's prose in two columns (~~deleted~~ on the
left, **inserted** on the right) and every table with both years and the change."""

from __future__ import annotations

from gongkai.checks.labels import cell_label
from gongkai.compare.grids import DELTA_LABEL, headline_delta, year_label
from gongkai.compare.model import Comparison, ProseChange, format_cell, format_delta, format_share
from gongkai.compare.prose import Piece
from gongkai.renderers.markdown import table_lines


def _pieces(pieces: tuple[Piece, ...]) -> str:
    marks = {"equal": "", "delete": "~~", "insert": "**"}
    out = []
    for piece in pieces:
        text = piece.text.replace("|", "\\|").replace("\n", "<br>")
        mark = marks[piece.op]
        out.append(f"{mark}{text}{mark}" if text.strip() else text)
    return "".join(out)


def _prose(change: ProseChange, comparison: Comparison) -> list[str]:
    lines = [f"### {change.heading}", ""]
    if change.similarity is None:
        return [*lines, "两年均无文字。", ""]
    if not change.diff.changed:
        return [*lines, "与上年相同。", ""]
    lines += [f"相似度 {format_share(change.similarity)}。", ""]
    head = f"| {year_label(comparison.previous.year)} | {year_label(comparison.current.year)} |"
    row = f"| {_pieces(change.diff.side('previous'))} | {_pieces(change.diff.side('current'))} |"
    return [*lines, head, "|:---|:---|", row, ""]


def render(comparison: Comparison) -> str:
    """The comparison as a Markdown document."""
    previous, current = year_label(comparison.previous.year), year_label(comparison.current.year)
    lines = [f"# {comparison.title}", "", "## 一、对比摘要", ""]
    lines += [f"{n}. {line}" for n, line in enumerate(comparison.summary(), start=1)]
    lines.append("")
    rows = [
        [h.indicator.label_zh, h.previous.display(), h.current.display(), headline_delta(h)]
        for h in comparison.headline
    ]
    lines += table_lines(["指标", previous, current, DELTA_LABEL], rows)
    lines += ["## 二、跨年度核对", ""]
    lines += [f"- {f.message_zh}" for f in comparison.checks] or ["未发现问题。"]
    lines += ["", "## 三、文字部分", ""]
    for change in comparison.parts:
        lines += _prose(change, comparison)
    lines += ["## 四、表格", ""]
    for table in comparison.tables:
        lines += [f"### {table.caption}", ""]
        body = []
        for row in table.rows:
            body.append([row.label, previous, *(format_cell(c.previous, c.kind) for c in row.cells)])
            body.append(["", current, *(format_cell(c.current, c.kind) for c in row.cells)])
            body.append(["", DELTA_LABEL, *(format_delta(c.delta, c.kind) for c in row.cells)])
        lines += table_lines([table.first_header or "项目", "年度", *table.columns], body)
        if table.unmatched:
            lines += ["「—」：另一年度的模板没有含义相同的单元格，或报告缺少该单元格。", ""]
    if comparison.unmatched_previous:
        names = "、".join(cell_label(comparison.previous.spec, k) for k in comparison.unmatched_previous)
        lines += [f"{previous}报告所用模板中以下单元格在{current}模板中没有对应，未作比较：{names}。", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["render"]
