"""A report as a standalone, accessible HTML page (also the source the PDF writer prints).

``lang="zh-CN"``, one ``<h1>``, the six parts as ``<h2>``, each table with a ``<caption>``, ``<th scope>``
and ``id``/``headers`` so a screen reader announces every number with its row and column; print CSS for
A4 with page numbers. Labels come from :mod:`gongkai.templates` through :mod:`gongkai.renderers._grid`.
"""

from __future__ import annotations

from html import escape

from gongkai.model import Report
from gongkai.renderers._grid import TEXT_WIDTH_MM, Grid, column_widths, report_grids

#: Title font: a 小标宋 face where installed, else 华文中宋, else Noto Serif CJK (fonts-noto-cjk).
TITLE_FONTS = '"方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "Noto Serif CJK SC", serif'
#: Body font: 仿宋 where installed, else Noto Serif CJK.
BODY_FONTS = '"仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "STFangsong", "Noto Serif CJK SC", serif'
#: Heading font for 一、二、… parts: 黑体, else Noto Sans CJK.
HEADING_FONTS = '"黑体", "SimHei", "Noto Sans CJK SC", sans-serif'

CSS = f"""
/* No page background: a filled page-size rectangle would read as a table border in a PDF. */
:root {{ color: #000; }}
body {{ font-family: {BODY_FONTS}; font-size: 16pt; line-height: 1.75; max-width: 48em;
  margin: 2em auto; padding: 0 1em; }}
h1 {{ font-family: {TITLE_FONTS}; font-size: 22pt; font-weight: normal; text-align: center;
  line-height: 1.5; margin: 0 0 1em; }}
h2 {{ font-family: {HEADING_FONTS}; font-size: 16pt; font-weight: normal; margin: 1em 0 0.3em;
  text-indent: 2em; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
table {{ border-collapse: collapse; table-layout: fixed; width: 100%; margin: 0.6em 0 1em; font-size: 10.5pt;
  line-height: 1.35; }}
/* The caption repeats the part heading above it: for screen readers only. */
caption {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }}
th, td {{ border: 1px solid #000; padding: 0.25em 0.15em; vertical-align: middle;
  overflow-wrap: anywhere; }}
th {{ font-weight: normal; text-align: center; }}
th[scope="row"], th[scope="rowgroup"] {{ text-align: left; }}
td {{ text-align: center; font-variant-numeric: tabular-nums; }}
.applications th[scope="rowgroup"] {{ text-align: center; }}
.applications thead th:first-child {{ font-size: 9pt; text-align: left; }}
@page {{ size: A4; margin: 30mm 26mm 28mm 28mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: {BODY_FONTS}; font-size: 14pt; }} }}
@media print {{
  body {{ max-width: none; margin: 0; padding: 0; }}
  table {{ page-break-inside: auto; }}
  tr, th, td {{ page-break-inside: avoid; break-inside: avoid; }}
  thead {{ display: table-header-group; }}
  caption {{ display: none; }}
  h2 {{ page-break-after: avoid; break-after: avoid; }}
}}
"""


def _attrs(**values: str | int) -> str:
    parts = []
    for name, value in values.items():
        if value in ("", 1) and name in {"rowspan", "colspan"}:
            continue
        if value == "":
            continue
        parts.append(f' {name}="{escape(str(value))}"')
    return "".join(parts)


def table_html(grid: Grid) -> str:
    """One table: its caption, header rows in ``<thead>``, the rest in ``<tbody>``."""
    out = [f'<table class="{grid.name}">', f"<caption>{escape(grid.caption)}</caption>", "<colgroup>"]
    out.extend(f'<col style="width: {w / TEXT_WIDTH_MM * 100:.2f}%">' for w in column_widths(grid))
    out.append("</colgroup>")
    for index, row in enumerate(grid.rows):
        if index == 0 and grid.header_rows:
            out.append("<thead>")
        if index == grid.header_rows:
            if grid.header_rows:
                out.append("</thead>")
            out.append("<tbody>")
        out.append("<tr>")
        for cell in row:
            tag = "th" if cell.header else "td"
            attrs = _attrs(
                id=cell.ident,
                scope=cell.scope,
                rowspan=cell.rowspan,
                colspan=cell.colspan,
                headers=" ".join(cell.headers),
                **{"data-state": cell.state},
            )
            out.append(f"<{tag}{attrs}>{escape(cell.text)}</{tag}>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def title_lines(report: Report) -> list[str]:
    """The title as printed: the agency on its own line, then ``<year>年度<template title>``."""
    lines = [report.agency] if report.agency else []
    lines.append(f"{report.year}年度{report.spec.title}")
    return lines


def render(report: Report, *, grids: dict[str, Grid] | None = None, css: str = "") -> str:
    """The report as a complete UTF-8 HTML document.

    ``grids`` replaces the tables drawn from the report (the test corpus uses it to print cells the way
    some agencies do); ``css`` is appended to the page's style sheet.
    """
    spec = report.spec
    grids = report_grids(report) if grids is None else grids
    title = "".join(title_lines(report))
    body: list[str] = [f"<h1>{'<br>'.join(escape(line) for line in title_lines(report))}</h1>"]
    for part in spec.parts:
        body.append(f'<section aria-labelledby="part-{part.key}">')
        body.append(f'<h2 id="part-{part.key}">{escape(part.heading)}</h2>')
        for line in getattr(report.prose, part.key).splitlines():
            if line.strip():
                body.append(f"<p>{escape(line.strip())}</p>")
        if part.key in grids:
            body.append(table_html(grids[part.key]))
        body.append("</section>")
    return document(title, body, css=css)


def document(title: str, body: list[str], *, css: str = "") -> str:
    """A complete UTF-8 HTML page in the report's style: ``body`` (HTML fragments) inside ``<main>``, the
    page's style sheet followed by ``css``."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="gongkai">\n<title>{escape(title)}</title>\n'
        f"<style>{CSS}{css}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


__all__ = [
    "BODY_FONTS",
    "CSS",
    "HEADING_FONTS",
    "TITLE_FONTS",
    "document",
    "render",
    "table_html",
    "title_lines",
]
