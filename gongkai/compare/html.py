"""A comparison as a standalone HTML page in the report's style (also what the PDF writer prints).

The tables are drawn by the report writer's :func:`gongkai.renderers.html.table_html`, the page by its
:func:`~gongkai.renderers.html.document`; prose changes are ``<del>``/``<ins>`` in two columns, the earlier
year on the left.
"""

from __future__ import annotations

from html import escape

from gongkai.checks.labels import cell_label
from gongkai.compare.grids import headline_grid, table_grid, year_label
from gongkai.compare.model import Comparison, ProseChange, format_share
from gongkai.compare.prose import Piece
from gongkai.renderers.html import document, table_html

CSS = """
h3 { font-family: inherit; font-size: 14pt; font-weight: bold; margin: 0.8em 0 0.2em; }
.summary { margin: 0 0 1em 2em; padding: 0; }
.summary li { margin: 0.2em 0; }
.similarity { text-indent: 2em; font-size: 12pt; }
table.prose-diff { font-size: 11pt; line-height: 1.6; }
table.prose-diff td { text-align: justify; vertical-align: top; padding: 0.4em; }
del { color: #a40000; text-decoration: line-through; }
ins { color: #005a00; text-decoration: underline; }
.note { font-size: 12pt; text-indent: 0; }
"""


def _pieces(pieces: tuple[Piece, ...]) -> str:
    out = []
    for piece in pieces:
        text = escape(piece.text).replace("\n", "<br>")
        out.append(text if piece.op == "equal" else f"<{piece.op[:3]}>{text}</{piece.op[:3]}>")
    return "".join(out)


def _prose(change: ProseChange, comparison: Comparison) -> list[str]:
    out = [f"<h3>{escape(change.heading)}</h3>"]
    if change.similarity is None:
        return [*out, '<p class="similarity">两年均无文字。</p>']
    verdict = "与上年相同" if not change.diff.changed else f"相似度 {format_share(change.similarity)}"
    out.append(f'<p class="similarity">{verdict}</p>')
    if not change.diff.changed:
        return out
    out.append('<table class="prose-diff"><thead><tr>')
    out.append(f'<th scope="col">{year_label(comparison.previous.year)}</th>')
    out.append(f'<th scope="col">{year_label(comparison.current.year)}</th>')
    out.append("</tr></thead><tbody><tr>")
    out.append(f"<td>{_pieces(change.diff.side('previous'))}</td>")
    out.append(f"<td>{_pieces(change.diff.side('current'))}</td>")
    out.append("</tr></tbody></table>")
    return out


def render(comparison: Comparison) -> str:
    """The comparison as a complete UTF-8 HTML document."""
    body = [f"<h1>{escape(comparison.title)}</h1>", '<section aria-labelledby="summary">']
    body.append('<h2 id="summary">一、对比摘要</h2><ol class="summary">')
    body.extend(f"<li>{escape(line)}</li>" for line in comparison.summary())
    body.append("</ol>")
    body.append(table_html(headline_grid(comparison)))
    body.append('</section><section aria-labelledby="checks"><h2 id="checks">二、跨年度核对</h2>')
    if comparison.checks:
        body.append('<ul class="summary">')
        body.extend(f"<li>{escape(f.message_zh)}</li>" for f in comparison.checks)
        body.append("</ul>")
    else:
        body.append("<p>未发现问题。</p>")
    body.append('</section><section aria-labelledby="prose"><h2 id="prose">三、文字部分</h2>')
    for change in comparison.parts:
        body.extend(_prose(change, comparison))
    body.append('</section><section aria-labelledby="tables"><h2 id="tables">四、表格</h2>')
    for table in comparison.tables:
        body.append(f"<h3>{escape(table.caption)}</h3>")
        body.append(table_html(table_grid(table, comparison)))
        if table.unmatched:
            body.append('<p class="note">「—」：另一年度的模板没有含义相同的单元格，或报告缺少该单元格。</p>')
    if comparison.unmatched_previous:
        spec = comparison.previous.spec
        names = "、".join(cell_label(spec, k) for k in comparison.unmatched_previous)
        body.append(
            f'<p class="note">{year_label(comparison.previous.year)}报告所用模板中以下单元格在'
            f"{year_label(comparison.current.year)}模板中没有对应，未作比较：{escape(names)}。</p>"
        )
    body.append("</section>")
    return document(comparison.title, body, css=CSS)


__all__ = ["CSS", "render"]
