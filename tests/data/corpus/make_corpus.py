"""Make the reader test corpus: small HTML, DOCX and PDF reports laid out the ways agencies publish them.

Run from the repository root: ``.venv/bin/python tests/data/corpus/make_corpus.py`` (everything) or
``… make_corpus.py provinces`` (only the files of cell states, provincial variants, separators, traditional
script and page chrome). Each ``NAME.<ext>`` gets a sidecar ``NAME.expected.json`` with the format, template,
agency, year, the cells the file must yield, how the cells printed without a number were printed
(``printed``: key → state and text, where the file prints any), the warning rules the reader must raise, and
for some files the prose it must give. The numbers come from the sample report
(tests/data/sample-2020-shangdang-sifaju.txt) or from a seeded generator that keeps every row identity.
"""

from __future__ import annotations

import copy
import json
import random
import sys
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from gongkai.model import CellState, Printed, Prose, Report  # noqa: E402
from gongkai.parsers.layout import is_mark, mark_state  # noqa: E402
from gongkai.parsers.text import parse_text  # noqa: E402
from gongkai.renderers import docx as docx_writer  # noqa: E402
from gongkai.renderers import html as html_writer  # noqa: E402
from gongkai.renderers._grid import Grid, GridCell, report_grids  # noqa: E402
from gongkai.templates import get_template  # noqa: E402

#: File names to write (``--only NAME ...``); empty: every file.
ONLY: set[str] = set()


def wanted(name: str) -> bool:
    """True when ``name`` (or its stem, for a sidecar) is to be written by this run."""
    stem = name.rsplit(".", 1)[0]
    return not ONLY or any(o == name or o.rsplit(".", 1)[0] == stem for o in ONLY)


FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def sample_report() -> Report:
    """The 2020 report of 长治市上党区司法局, read by the text reader."""
    text = (ROOT / "tests/data/sample-2020-shangdang-sifaju.txt").read_text(encoding="utf-8")
    return parse_text(text).report


def seeded_report(template: str, seed: int, agency: str, year: int) -> Report:
    """A report whose part 三 and part 四 identities hold; about a third of the cells are zero."""
    rng = random.Random(seed)
    spec = get_template(template)

    def count(high: int) -> int:
        return 0 if rng.random() < 0.35 else rng.randint(1, high)

    cells: dict[str, Any] = {}
    for group, row in spec.proactive_rows():
        for col in group.columns:
            key = f"proactive.{row.key}.{col.key}"
            if col.kind == "amount":
                cells[key] = Decimal(rng.randint(0, 999_999)).scaleb(-4)
            elif col.kind == "change":
                cells[key] = rng.randint(-30, 30)
            else:
                cells[key] = count(3000)
    table = spec.applications
    applicant = [c.key for c in table.columns[:-1]]

    def put(key: str, values: list[int]) -> None:
        for col, value in zip(applicant, values, strict=True):
            cells[f"applications.{key}.{col}"] = value
        cells[f"applications.{key}.total"] = sum(values)

    results = [0] * len(applicant)
    for key in table.result_rows:
        values = [count(400 if i == 0 else 40) for i in range(len(applicant))]
        put(key, values)
        results = [a + b for a, b in zip(results, values, strict=True)]
    put("results_total", results)
    forward = [count(30) for _ in applicant]
    put("carried_forward", forward)
    over = [rng.randint(0, r + f) for r, f in zip(results, forward, strict=True)]
    put("carried_over", over)
    put("new", [r + f - o for r, f, o in zip(results, forward, over, strict=True)])
    for block in spec.appeals.blocks:
        parts = [count(20) for _ in range(4)]
        for col, value in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            cells[f"appeals.{block.key}.{col}"] = value
        cells[f"appeals.{block.key}.total"] = sum(parts)
    prose = Prose(
        overview=f"{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，全年共办理依申请公开事项若干件。\n"
        "本年度进一步规范公开流程，完善工作机制。",
        problems="个别信息更新不够及时。下一步将加强培训，提升公开质量。",
        other="本年度未收取信息处理费。",
    )
    return Report(agency=agency, year=year, template=spec.id, prose=prose, cells=cells)


def rebalanced(report: Report, row: str, values: dict[str, int]) -> Report:
    """``report`` with part 三's ``row`` (``carried_over`` or ``carried_forward``) set to ``values`` per applicant
    column; 本年新收 (and 予以公开, where 新收 would fall below zero) adjusted so every identity still holds."""
    spec = report.spec
    applicant = [c.key for c in spec.applications.columns[:-1]]
    cells: dict[str, Any] = dict(report.cells)

    def cell(r: str, col: str) -> int:
        return int(cells[f"applications.{r}.{col}"])

    for col in applicant:
        cells[f"applications.{row}.{col}"] = values[col]
        deficit = cell("carried_over", col) - cell("results_total", col) - cell("carried_forward", col)
        if deficit > 0:
            cells[f"applications.granted.{col}"] = cell("granted", col) + deficit
            cells[f"applications.results_total.{col}"] = cell("results_total", col) + deficit
        cells[f"applications.new.{col}"] = (
            cell("results_total", col) + cell("carried_forward", col) - cell("carried_over", col)
        )
    for r in ("new", "carried_over", "granted", "results_total", "carried_forward"):
        cells[f"applications.{r}.total"] = sum(cell(r, col) for col in applicant)
    return report.with_cells(cells)


def year_before(report: Report, seed: int) -> Report:
    """A report of the same agency for the year before, on the same template, that every cross-year check
    passes with: its 结转下年度 is ``report``'s 上年结转, and (template 2021) its 现行有效件数 plus ``report``'s
    制发 minus 废止 is ``report``'s 现行有效件数. Its prose is ``report``'s with an earlier year and one sentence
    more."""
    before = seeded_report(report.template, seed, report.agency, report.year - 1)
    cols = [c.key for c in report.spec.applications.columns[:-1]]
    over = {c: int(report.cells[f"applications.carried_over.{c}"]) for c in cols}
    before = rebalanced(before, "carried_forward", over)
    if report.template == "2021":
        stock: dict[str, Any] = {}
        for row in ("regulations", "normative_documents"):
            now, issued, repealed = (
                int(report.cells[f"proactive.{row}.{c}"]) for c in ("in_force", "issued", "repealed")
            )
            stock[f"proactive.{row}.in_force"] = now - issued + repealed
        before = before.with_cells(stock)
    prose = report.prose.model_copy(
        update={
            "overview": report.prose.overview + "\n本年度开展政务公开专题培训两次。",
            "problems": "个别栏目信息更新不够及时。下一步将加强培训，提升公开质量。",
        }
    )
    return before.model_copy(update={"prose": prose})


def shangdang_2021(sample: Report) -> Report:
    """The 2021 report of the sample's agency on the 2021 template: the sample's prose brought up to date, a
    few applications (none carried over: 2020 carried none forward), some normative documents and cases."""
    spec = get_template("2021")
    cells: dict[str, Any] = {c.key: (Decimal(0) if c.kind == "amount" else 0) for c in spec.cells}
    cells.update(
        {
            "proactive.normative_documents.issued": 2,
            "proactive.normative_documents.repealed": 1,
            "proactive.normative_documents.in_force": 5,
            "proactive.penalty.decisions": 12,
            "proactive.fees.amount": Decimal("1.2"),
        }
    )
    rows = {"granted": (2, 1), "partially_granted": (1, 0), "unavailable.not_held": (1, 0),
            "other.no_correction": (1, 0), "carried_forward": (1, 0)}  # fmt: skip
    for row, (people, firms) in rows.items():
        cells[f"applications.{row}.natural_person"] = people
        cells[f"applications.{row}.commercial"] = firms
        cells[f"applications.{row}.total"] = people + firms
    results = [r for r in rows if r != "carried_forward"]
    for col in ("natural_person", "commercial", "total"):
        handled = sum(cells[f"applications.{r}.{col}"] for r in results)
        cells[f"applications.results_total.{col}"] = handled
        cells[f"applications.new.{col}"] = handled + cells[f"applications.carried_forward.{col}"]
    cells.update({"appeals.reconsideration.upheld": 1, "appeals.reconsideration.corrected": 1,
                  "appeals.reconsideration.total": 2})  # fmt: skip
    overview = (
        sample.prose.overview.replace("2020", "2021")
        .replace("国办公开办函〔2019〕60号", "国办公开办函〔2021〕30号")
        .replace("共174条，其中日常工作动态类174条", "共186条，其中日常工作动态类180条")
        .replace(
            "我局未收到政府信息公开方面的申请、行政复议和行政诉讼。",
            "我局收到政府信息公开申请7件，办结6件，均在法定期限内答复；因政府信息公开申请引起行政复议2件。",
        )
    )
    prose = Prose(
        overview=overview,
        problems="一是栏目信息分配不均衡，有的栏目更新频次较高，有的栏目更新频次较低。"
        "二是依申请公开答复文书还需进一步规范。下一步将完善网站日常管理，及时更新公开目录。",
        other="无其他需要报告的事项。",
    )
    return Report(agency=sample.agency, year=2021, template="2021", prose=prose, cells=cells)


# --- cell styles ------------------------------------------------------------------------------------


def map_values(grids: dict[str, Grid], fn: Callable[[GridCell], str]) -> dict[str, Grid]:
    """Grids with each value cell's text replaced by ``fn(cell)``."""
    out = {}
    for name, grid in grids.items():
        rows = [[replace(c, text=fn(c)) if c.key else c for c in row] for row in grid.rows]
        out[name] = replace(grid, rows=rows)
    return out


def zeros_as(marks: str) -> Callable[[GridCell], str]:
    """Zero counts printed as ``marks`` in turn (``—``, ``/``, or blank for an empty string in ``marks``)."""
    state = {"i": 0}
    options = marks.split("|")

    def fn(cell: GridCell) -> str:
        if cell.text != "0":
            return cell.text
        state["i"] += 1
        return options[state["i"] % len(options)]

    return fn


def thousands(cell: GridCell) -> str:
    """Counts with thousands separators (1,234)."""
    text = cell.text
    return f"{int(text):,}" if text.lstrip("-").isdigit() else text


def full_width(cell: GridCell) -> str:
    """Digits, commas and points in full-width forms."""
    return cell.text.translate(FULL_WIDTH)


def amounts_in_yuan(cell: GridCell) -> str:
    """Amounts in 元 with separators instead of 万元."""
    if cell.text.endswith("万元"):
        yuan = Decimal(cell.text[:-2]) * 10000
        return f"{yuan.normalize():,f}元"
    return cell.text


def chain(*fns: Callable[[GridCell], str]) -> Callable[[GridCell], str]:
    def fn(cell: GridCell) -> str:
        for f in fns:
            cell = replace(cell, text=f(cell))
        return cell.text

    return fn


def split_grid(grid: Grid, at: int, *, repeat_header: bool) -> tuple[Grid, Grid]:
    """Cut a grid before row ``at``: spans are clipped, and a span crossing the cut restarts, empty, below."""
    starts: dict[tuple[int, int], GridCell] = {}
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            starts[(r, c)] = cell
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    top: list[list[GridCell]] = [[] for _ in range(at)]
    bottom: list[list[tuple[int, GridCell]]] = [[] for _ in range(len(grid.rows) - at)]
    for (r, c), cell in sorted(starts.items()):
        if r < at:
            top[r].append(replace(cell, rowspan=min(cell.rowspan, at - r)))
            if r + cell.rowspan > at:
                rest = replace(cell, text="", rowspan=r + cell.rowspan - at, ident="")
                bottom[0].append((c, rest))
        else:
            bottom[r - at].append((c, cell))
    lower = [[cell for _, cell in sorted(row, key=lambda x: x[0])] for row in bottom]
    head = grid.rows[: grid.header_rows] if repeat_header else []
    first = replace(grid, rows=top)
    second = replace(grid, rows=[*head, *lower], header_rows=len(head))
    return first, second


# --- writers ----------------------------------------------------------------------------------------


def write_html(
    name: str, report: Report, grids: dict[str, Grid] | None = None, *, encoding: str = "utf-8",
    declare: str | None = "utf-8", wrap: Callable[[str], str] | None = None,
) -> bytes:  # fmt: skip
    if not wanted(name):
        return b""
    page = html_writer.render(report, grids=grids)
    page = page.replace('<meta charset="utf-8">\n', "")
    if declare:
        page = page.replace(
            "<head>\n",
            f'<head>\n<meta http-equiv="Content-Type" content="text/html; charset={declare}">\n',
        )
    if wrap:
        page = wrap(page)
    data = page.encode(encoding)
    (HERE / name).write_bytes(data)
    return data


def legacy_wrap(page: str) -> str:
    """A portal page: site chrome, scripts, styles, and the report inside a layout table."""
    head, body = page.split("<main>", 1)
    body = body.split("</main>", 1)[0]
    chrome = (
        '<script type="text/javascript">var total = "12345"; document.write("<table><tr><td>99</td></tr></table>");</script>\n'
        "<style>td.nav { color: #333 }</style>\n"
        '<table width="100%"><tr><td class="nav">首页 &gt; 政务公开 &gt; 政府信息公开年报</td></tr>\n'
        "<tr><td>\n"
        '<div class="content"><font size="3">' + body + "</font></div>\n"
        "</td></tr><tr><td>主办单位：本机关 联系电话：0355-1234567</td></tr></table>\n"
    )
    return head + chrome + "</body>\n</html>\n"


def word_export_wrap(page: str) -> str:
    """The page as Word's "save as web page" writes it: every cell's text in MsoNormal paragraphs and spans,
    ``<o:p>`` marks, ``&nbsp;`` for empty cells, labels broken with ``<br>``, and a hidden row of empty
    cells under each table that only Word's conditional comments hide.
    """
    import re

    def cell(match: re.Match[str]) -> str:
        tag, attrs, text = match.group(1), match.group(2), match.group(3)
        if len(text) > 12 and not text.startswith("（本列"):
            text = text[: len(text) // 2] + "<br>\n" + text[len(text) // 2 :]
        inner = text or "&nbsp;"
        return (
            f"<{tag}{attrs} style='border:solid windowtext 1.0pt'><p class=MsoNormal align=center "
            f"style='text-align:center'><span style='font-size:10.5pt;font-family:仿宋_GB2312'>{inner}"
            f"<span lang=EN-US><o:p></o:p></span></span></p></{tag}>"
        )

    page = re.sub(r"<(td|th)([^>]*)>([^<]*)</\1>", cell, page)
    hidden = (
        "<![if !supportMisalignedColumns]><tr height=0 style='display:none'>"
        + "<td width=40 style='border:none'></td>" * 10
        + "</tr><![endif]>"
    )
    page = page.replace("</tbody></table>", hidden + "</tbody></table>")
    return page.replace('<html lang="zh-CN">', '<html xmlns:o="urn:schemas-microsoft-com:office:office">')


def split_applications(grids: dict[str, Grid], at: int, *, repeat_header: bool) -> list[Grid]:
    return list(split_grid(grids["applications"], at, repeat_header=repeat_header))


def html_with_split(report: Report, grids: dict[str, Grid], at: int) -> Callable[[str], str]:
    """Replace part 三's table by two tables, the second without the header rows."""
    first, second = split_applications(grids, at, repeat_header=False)
    whole = html_writer.table_html(grids["applications"])

    def wrap(page: str) -> str:
        return legacy_wrap(
            page.replace(
                whole,
                html_writer.table_html(first) + "\n<p>（续表）</p>\n" + html_writer.table_html(second),
            )
        )

    return wrap


def write_docx(name: str, report: Report, grids: dict[str, Grid] | None = None, *, split_at: int = 0) -> None:
    if not wanted(name):
        return
    document = docx_writer.build(report, grids=grids)
    if split_at:
        # The applications table continued on a new page as a second table with the header rows again.
        from docx.enum.text import WD_BREAK

        tables = document.tables
        table = tables[1]
        tbl = table._tbl
        rows = tbl.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr")
        clone = copy.deepcopy(tbl)
        clone_rows = clone.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr")
        for tr in rows[split_at:]:
            tbl.remove(tr)
        for tr in clone_rows[3:split_at]:
            clone.remove(tr)
        # Cells merged down across the cut start again in the new table, as Word does when splitting one.
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        for merge in clone_rows[split_at].iter(f"{w}vMerge"):
            merge.set(f"{w}val", "restart")
        paragraph = document.add_paragraph()
        paragraph.add_run().add_break(WD_BREAK.PAGE)
        tbl.addnext(paragraph._p)
        paragraph._p.addnext(clone)
    document.save(str(HERE / name))


def write_pdf_from_docx(name: str, docx_name: str) -> bool:
    """The DOCX printed to PDF by LibreOffice, as most agencies publish; False when it is not installed."""
    import shutil
    import subprocess
    import tempfile

    if not wanted(name):
        return False
    soffice = shutil.which("soffice")
    if soffice is None:
        print(f"skipped {name}: LibreOffice is not installed (the committed file is kept)")
        return False
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", tmp, str(HERE / docx_name)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        (HERE / name).write_bytes((Path(tmp) / docx_name).with_suffix(".pdf").read_bytes())
    return True


def write_pdf_from_pdftotext(name: str, text: str) -> None:
    """A real report's ``pdftotext -layout`` text set again as an unruled PDF in a monospaced CJK face.

    Latin characters are 7.25 pt wide (pdfplumber's layout column), CJK twice that, so the PDF's text layout
    gives back the published column alignment; the page is wide enough for the widest table row.
    """
    from html import escape

    from weasyprint import HTML

    if not wanted(name):
        return
    pages = [page for page in text.split("\f") if page.strip()]
    css = (
        "@page { size: 297mm 297mm; margin: 15mm 10mm; } "
        "pre { font-family: 'Noto Sans Mono CJK SC', monospace; font-size: 14.5px; line-height: 1.25; margin: 0; }"
        " pre + pre { page-break-before: always; }"
    )
    body = "".join(f"<pre>{escape(page)}</pre>" for page in pages)
    (HERE / name).write_bytes(
        HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>").write_pdf()
    )


def write_pdf(name: str, report: Report, grids: dict[str, Grid] | None = None, *, css: str = "") -> None:
    from weasyprint import HTML

    if not wanted(name):
        return
    page = html_writer.render(report, grids=grids, css=css)
    (HERE / name).write_bytes(HTML(string=page).write_pdf())


def grid_marks(grids: dict[str, Grid]) -> dict[str, Printed]:
    """The printed marks of grids whose value cells were restyled (``map_values``): each cell printed
    without a number (blank, a dash, a slash, a word such as 「无」)."""
    marks: dict[str, Printed] = {}
    for grid in grids.values():
        for row in grid.rows:
            for cell in row:
                text = cell.text.strip()
                if cell.key and (not text or is_mark(text)):
                    marks[cell.key] = Printed(state=CellState(mark_state(text)), text=text)
    return marks


def expected(
    name: str,
    fmt: str,
    report: Report,
    rules: tuple[str, ...] = (),
    *,
    printed: dict[str, Printed] | None = None,
    **extra: Any,
) -> None:
    if not wanted(name):
        return
    marks = report.printed if printed is None else printed
    data = {
        "format": fmt,
        "template": report.template,
        "agency": report.agency,
        "year": report.year,
        "rules": list(rules),
        **extra,
        "cells": {k: str(v) for k, v in report.cells.items()},
        "printed": {k: {"state": m.state.value, "text": m.text} for k, m in marks.items()},
    }
    stem = name.rsplit(".", 1)[0]
    (HERE / f"{stem}.expected.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def main() -> None:
    sample = sample_report()
    a21 = seeded_report("2021", 1, "江苏省财政厅", 2023)
    b21 = seeded_report("2021", 2, "杭州市西湖区教育局", 2022)
    c19 = seeded_report("2019", 3, "广州市天河区人民政府办公室", 2019)
    d21 = seeded_report("2021", 4, "北京市海淀区人民政府", 2024)

    # HTML
    name = "html-2019-sample-gb2312.html"
    write_html(name, sample, encoding="gb18030", declare="gb2312")
    expected(name, "html", sample)
    name = "html-2021-dashes-utf8-undeclared.html"
    grids = map_values(report_grids(a21), zeros_as("—|/|"))
    write_html(name, a21, grids, declare=None)
    expected(name, "html", a21, ("blank_cell",), printed=grid_marks(grids))
    name = "html-2021-fullwidth-thousands-gb18030-undeclared.html"
    grids = map_values(report_grids(b21), chain(thousands, full_width))
    write_html(name, b21, grids, encoding="gb18030", declare=None)
    expected(name, "html", b21)
    name = "html-2019-split-table-portal.html"
    grids = report_grids(c19)
    write_html(name, c19, grids, wrap=html_with_split(c19, grids, 14))
    expected(name, "html", c19)
    name = "html-2021-amount-in-yuan.html"
    write_html(name, d21, map_values(report_grids(d21), chain(amounts_in_yuan, thousands)))
    expected(name, "html", d21)
    name = "html-2019-word-save-as-web-page-gb2312.html"
    write_html(name, c19, encoding="gb18030", declare="gb2312", wrap=word_export_wrap)
    expected(name, "html", c19)

    # DOCX
    name = "docx-2019-sample.docx"
    write_docx(name, sample)
    expected(name, "docx", sample)
    name = "docx-2021-continued-on-next-page.docx"
    write_docx(name, a21, split_at=12)
    expected(name, "docx", a21)
    name = "docx-2021-dashes-thousands.docx"
    grids = map_values(report_grids(b21), chain(zeros_as("—|"), thousands))
    write_docx(name, b21, grids)
    expected(name, "docx", b21, ("blank_cell",), printed=grid_marks(grids))
    name = "docx-2019-fullwidth.docx"
    write_docx(name, c19, map_values(report_grids(c19), full_width))
    expected(name, "docx", c19)

    # PDF
    name = "pdf-2019-sample.pdf"
    write_pdf(name, sample)
    expected(name, "pdf", sample)
    name = "pdf-2021-table-across-pages.pdf"
    long = a21.model_copy(
        update={"prose": a21.prose.model_copy(update={"applications": "本年度依申请公开工作平稳有序。" * 40})}
    )
    write_pdf(name, long)
    expected(name, "pdf", long, min_pages=3)
    name = "pdf-2021-unruled.pdf"
    write_pdf(name, d21, css="th, td { border: none !important; }")
    expected(name, "pdf", d21)
    for name, source, report in (
        ("pdf-2021-word-export-continued.pdf", "docx-2021-continued-on-next-page.docx", a21),
        ("pdf-2021-word-export-dashes.pdf", "docx-2021-dashes-thousands.docx", b21),
    ):
        if write_pdf_from_docx(name, source):
            dashes = "dashes" in name
            rules = ("blank_cell",) if dashes else ()
            marks = grid_marks(map_values(report_grids(b21), zeros_as("—|"))) if dashes else {}
            expected(name, "pdf", report, rules, printed=marks)
    name = "pdf-2024-huaian-real-unruled.pdf"
    huaian = (ROOT / "tests/data/samples/huaian-2024-pdftotext.txt").read_text(encoding="utf-8")
    write_pdf_from_pdftotext(name, huaian)
    expected(name, "pdf", parse_text(huaian).report)
    name = "pdf-2019-slashes-thousands.pdf"
    grids = map_values(report_grids(c19), chain(zeros_as("/"), thousands))
    write_pdf(name, c19, grids)
    expected(name, "pdf", c19, printed=grid_marks(grids))

    # Consecutive years of one agency (gongkai compare): 2020 → 2021 across the change of template, and
    # 2022 → 2023 on one template.
    name = "docx-2021-sample-agency-next-year.docx"
    next_year = shangdang_2021(sample)
    write_docx(name, next_year)
    expected(name, "docx", next_year)
    name = "html-2021-year-before-continued.html"
    before = year_before(a21, 5)
    write_html(name, before)
    expected(name, "html", before)


# --- issue 12: cell states, provincial variants, separators, traditional script, page chrome ----------

#: How published tables print a cell without a number, in turn.
MARKS = (
    Printed(state=CellState.DASH, text="—"),
    Printed(state=CellState.SLASH, text="/"),
    Printed(state=CellState.BLANK),
    Printed(state=CellState.TEXT, text="无"),
    Printed(state=CellState.DASH, text="－"),
    Printed(state=CellState.TEXT, text="不适用"),
    Printed(state=CellState.SLASH, text="／"),
    Printed(state=CellState.DASH, text="——"),
)


def with_marks(report: Report, marks: tuple[Printed, ...] = MARKS) -> Report:
    """``report`` with its zero cells printed without a number, each mark of ``marks`` in turn."""
    zeros = [k for k, v in report.cells.items() if v == 0]
    printed = {k: marks[i % len(marks)] for i, k in enumerate(zeros)}
    return report.model_copy(update={"printed": printed}).revalidated()


def relabel(grids: dict[str, Grid], old: str, new: str) -> dict[str, Grid]:
    """Grids with a header or label cell's text ``old`` printed as ``new``."""
    out = {}
    for name, grid in grids.items():
        rows = [
            [replace(c, text=new) if not c.key and c.text == old else c for c in row] for row in grid.rows
        ]
        out[name] = replace(grid, rows=rows)
    return out


def with_extra_row(
    grids: dict[str, Grid], after: str, label: str, values: tuple[str, ...]
) -> dict[str, Grid]:
    """Part 二 with a row of the province's own (``label`` and ``values``) after the row labelled ``after``."""
    grid = grids["proactive"]
    rows: list[list[GridCell]] = []
    for row in grid.rows:
        rows.append(row)
        if row[0].text == after:
            extra = [replace(row[0], text=label, ident="")]
            extra += [replace(c, text=v, key="", headers=()) for c, v in zip(row[1:], values, strict=True)]
            rows.append(extra)
    return {**grids, "proactive": replace(grid, rows=rows)}


def web_copy(text: str) -> str:
    """The canonical text as a page copied from a web table: one line, cells between spaces, an empty cell a
    lone 「|」, several empty cells in a row collapsed into 「||…」."""
    words: list[str] = []
    for line in text.split("\n"):
        if line.startswith("\t") and not line.strip():
            if words and set(words[-1]) == {"|"}:
                words[-1] += "|"
            else:
                words.append("|")
        elif line.strip():
            words.append(line.strip())
    return " ".join(words)


def chrome_and_headers(text: str, report: Report) -> str:
    """The canonical text as a paginated conversion of a portal's page: breadcrumbs and buttons above,
    a footer below, pages with a running header, a page number 「— n —」 and a flipbook's 「PageN-」 prefix."""
    header = f"{report.agency}{report.year}年度政府信息公开工作年度报告"
    lines = text.split("\n")
    out = ["首页 > 政务公开 > 政府信息公开年报", "【字体：大 中 小】【打印】【关闭】", ""]
    page, since = 1, 0
    for n, line in enumerate(lines):
        since += 1
        # A page ends before a line of prose (never inside a table: a conversion's table is the PDF reader's).
        if line and not line.startswith("\t") and n > 3 and since >= 3:
            out.extend([f"— {page} —", "\f" + header])
            page += 1
            since = 0
            out.append(f"Page{page}-{line}")
        else:
            out.append(line)
    out.extend(
        [
            f"— {page} —",
            "",
            "【打印本页】【关闭窗口】",
            "主办单位：本机关办公室  联系电话：0355-1234567  网站标识码 1404000001",
        ]
    )
    return "\n".join(out)


def long_prose(agency: str) -> Prose:
    """Prose of several paragraphs, one wrapped inside a sentence, as real reports have."""
    return Prose(
        overview=f"{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息五千余条。\n"
        "（一）主动公开情况\n本年度新增公开规章一件、行政规范性文件十二件，及时更新机构职能、政策文件等信息。\n"
        "（二）依申请公开情况\n本年度依法办理政府信息公开申请，全部在法定期限内答复。",
        problems="个别栏目更新不够及时。下一步将加强培训，提升公开质量。",
        other="本年度未收取信息处理费。",
    )


def expected_prose(report: Report) -> dict[str, str]:
    return {"overview": report.prose.overview, "problems": report.prose.problems, "other": report.prose.other}


def provinces() -> None:
    """The corpus of issue 12 (text, HTML and DOCX)."""
    import opencc

    from gongkai.renderers.text import render as render_text

    e21 = with_marks(seeded_report("2021", 5, "湖北省某市人民政府办公室", 2023))
    f19 = with_marks(seeded_report("2019", 6, "某县交通运输局", 2020))
    hubei = seeded_report("2021", 7, "湖北省某县人民政府", 2022)
    g19 = seeded_report("2019", 8, "某市市场监督管理局", 2019)
    h21 = seeded_report("2021", 9, "某区人民政府", 2024)
    chrome = seeded_report("2021", 10, "某市生态环境局", 2023)
    chrome = chrome.model_copy(update={"prose": long_prose(chrome.agency)})

    # Cells in every state.
    name = "html-2021-cell-states.html"
    write_html(name, e21)
    expected(name, "html", e21, ("blank_cell",))
    name = "docx-2019-cell-states.docx"
    write_docx(name, f19)
    expected(name, "docx", f19, ("blank_cell",))
    name = "txt-2021-cell-states.txt"
    (HERE / name).write_text(render_text(e21), encoding="utf-8")
    expected(name, "text", e21, ("blank_cell",))

    # A province's table: 2021 template still labelled 「规范性文件」, and a row of its own after it.
    name = "html-2021-hubei-variant-rows.html"
    grids = relabel(report_grids(hubei), "行政规范性文件", "规范性文件")
    grids = with_extra_row(grids, "规范性文件", "其他主动公开文件", ("35", "0", "412"))
    write_html(name, hubei, grids)
    expected(name, "html", hubei, ("extra_row",))
    name = "docx-2021-hubei-variant-rows.docx"
    write_docx(name, hubei, grids)
    expected(name, "docx", hubei, ("extra_row",))

    # Explanatory labels and headers that name other rows and hold digits.
    name = "docx-2019-explanatory-labels.docx"
    grids = relabel(
        report_grids(g19),
        "其他对外管理服务事项",
        "其他对外管理服务事项（含行政征收、行政给付、行政裁决、行政确认、行政奖励、行政处罚、行政强制等）",
    )
    grids = relabel(grids, "上一年项目数量", "上一年项目数量（指2018年事项数）")
    write_docx(name, g19, grids)
    expected(name, "docx", g19)
    name = "txt-2019-explanatory-labels-flattened.txt"
    text = render_text(g19)
    text = text.replace(
        "\t其他对外管理服务事项\n", "\t其他对外管理服务事项（含行政征收、行政给付、行政处罚、行政强制等）\n"
    )
    text = text.replace("\t上一年项目数量\n", "\t上一年项目数量（指2018年事项数）\n")
    (HERE / name).write_text("".join(line.strip() for line in text.splitlines()), encoding="utf-8")
    # (Flattened, part 二's rows run together: the test only takes the cells no ambiguous_split names.)
    expected(name, "text", g19, ("ambiguous_split",))

    # A page copied from a web table: cells between spaces, empty cells as 「|」 and 「|||」.
    name = "txt-2021-web-table-separators.txt"
    blank = with_marks(h21, (Printed(state=CellState.BLANK),))
    (HERE / name).write_text(web_copy(render_text(blank)), encoding="utf-8")
    expected(name, "text", blank, ("blank_cell",))

    # Traditional script: a mirror of a mainland report converted character by character.
    name = "txt-2020-sample-traditional.txt"
    sample = sample_report()
    source = (ROOT / "tests/data/sample-2020-shangdang-sifaju.txt").read_text(encoding="utf-8")
    (HERE / name).write_text(opencc.OpenCC("s2t").convert(source), encoding="utf-8")
    expected(name, "text", sample, ("traditional_script",))
    name = "html-2021-traditional-hk.html"
    page = opencc.OpenCC("s2hk").convert(html_writer.render(e21))
    (HERE / name).write_bytes(page.encode("utf-8"))
    expected(name, "html", e21, ("traditional_script", "blank_cell"))

    # Site chrome, page numbers, running headers and flipbook prefixes around a paginated report.
    name = "txt-2023-chrome-and-headers.txt"
    (HERE / name).write_text(chrome_and_headers(render_text(chrome), chrome), encoding="utf-8")
    expected(name, "text", chrome, prose=expected_prose(chrome))
    name = "html-2023-portal-chrome.html"
    write_html(name, chrome, wrap=legacy_wrap)
    expected(name, "html", chrome, prose=expected_prose(chrome))


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--only" in args:
        ONLY.update(args[args.index("--only") + 1 :])
    if args[:1] == ["provinces"]:
        provinces()
    else:
        main()
        provinces()
