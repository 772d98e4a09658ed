"""Benchmark: reports read per second by the HTML, DOCX and PDF readers, against the libraries they build on.

Renders a set of generated reports (both templates) in each format, then times, on one core, by the
process's CPU time and in the same run (rounds interleaved), for each format:

* baseline: only opening the same files with the underlying library: lxml's HTML parser
  for HTML, ``docx.Document`` for DOCX, pdfplumber's text extraction of every page for PDF;
* converting them to the text reader's layout (``html_lines``, ``docx_lines``, ``pdf_lines``): the format
  reader's own work;
* reading the layouts with the text reader as the format readers call it
  (:func:`gongkai.parsers.text.parse_text`: labels, numbers, warnings), which every format shares;
* reading them with ``gongkai.parsers.read``: the conversion plus the text reader.

Every report read is compared with the one written (cells), so the speed is of correct reading. Target:
reading costs at most 2x the library's own open/extract. Writes its section of docs/benchmarks.md.
Not part of the test suite.

    .venv/bin/python bench/formats.py            # 40 reports per format (PDF: 12)
    .venv/bin/python bench/formats.py --quick    # 4 per format, for CI
"""

from __future__ import annotations

import argparse
import io
import platform
import random
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from _common import write_section

from gongkai.model import Report
from gongkai.parsers import read
from gongkai.parsers.text import parse_text
from gongkai.renderers import render
from gongkai.templates import TEMPLATES
from gongkai.types import CellValue

SECTION = "## formats"
TARGET = 2.0


def generate(rng: random.Random, index: int) -> Report:
    """A report of either template with numbers like a published one (many zeros, mostly small)."""
    spec = TEMPLATES["2019" if index % 2 else "2021"]
    cells: dict[str, CellValue] = {}
    for cell in spec.cells:
        if cell.kind == "amount":
            cells[cell.key] = Decimal(rng.randint(0, 9_999_999)).scaleb(-4)
        elif cell.kind == "change":
            cells[cell.key] = rng.randint(-50, 50)
        else:
            cells[cell.key] = 0 if rng.random() < 0.5 else rng.randint(1, 3000)
    return Report(
        agency=f"某市第{index}局",
        year=spec.first_year + rng.randint(0, 1),
        template=spec.id,
        cells=cells,
    )


def _lxml(data: bytes) -> Any:
    from lxml import etree

    return etree.fromstring(data, etree.HTMLParser())


def _lxml_cells(data: bytes) -> Any:
    """The least any Python reader of the tables must do: the parse, then each cell's text and spans once."""
    from lxml import etree

    root = etree.fromstring(data, etree.HTMLParser())
    return [(td.text, td.get("rowspan"), td.get("colspan")) for td in root.iter("td", "th")]


def _python_docx(data: bytes) -> Any:
    import docx

    return docx.Document(io.BytesIO(data))


def _pdfplumber(data: bytes) -> Any:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() for page in pdf.pages]


def _conversion(fmt: str) -> Callable[[bytes], Any]:
    from gongkai.parsers.docx import docx_lines
    from gongkai.parsers.html import html_lines
    from gongkai.parsers.pdf import pdf_lines

    return {"html": html_lines, "docx": docx_lines, "pdf": pdf_lines}[fmt]


BASELINES: dict[str, tuple[str, Callable[[bytes], Any]]] = {
    "html": ("lxml `etree.HTMLParser` parse", _lxml),
    "docx": ("`docx.Document` (python-docx open)", _python_docx),
    "pdf": ("pdfplumber `extract_text` of every page", _pdfplumber),
}


def _times(jobs: list[tuple[Callable[[Any], Any], list[Any]]], rounds: int) -> list[float]:
    """Best CPU time of each job (a function over its inputs), rounds interleaved across the jobs.

    CPU time of this process, so other work on a shared machine counts less; interleaving makes what
    remains of its drift hit every job alike.
    """
    best = [float("inf")] * len(jobs)
    for _ in range(rounds):
        for i, (fn, inputs) in enumerate(jobs):
            started = time.process_time()
            for item in inputs:
                fn(item)
            best[i] = min(best[i], time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 reports per format, one round")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    rng = random.Random(20261127)
    count = {"html": 4, "docx": 4, "pdf": 4} if args.quick else {"html": 40, "docx": 40, "pdf": 12}
    # More rounds where a round is cheap: the HTML figures are fractions of a millisecond.
    rounds = dict.fromkeys(count, 1) if args.quick else {"html": 9, "docx": 5, "pdf": 3}
    rows = []
    floor = 0.0
    for fmt, n in count.items():
        reports = [generate(rng, i) for i in range(n)]
        files = []
        for report in reports:
            out = render(report, fmt)
            files.append(out.encode() if isinstance(out, str) else out)
        for report, data in zip(reports, files, strict=True):
            got = read(data).report
            if got.cells != report.cells:
                raise SystemExit(f"{fmt}: a report did not read back ({report.agency})")
        label, baseline = BASELINES[fmt]
        layouts = []
        for data in files:
            lines = _conversion(fmt)(data)
            lines = lines[0] if isinstance(lines, tuple) else lines
            layouts.append("\n".join(lines) + "\n")
        jobs: list[tuple[Callable[[Any], Any], list[Any]]] = [
            (baseline, files),
            (_conversion(fmt), files),
            (parse_text, layouts),
            (read, files),
        ]
        if fmt == "html":
            jobs.append((_lxml_cells, files))
        base, convert, text, ours, *extra = _times(jobs, rounds[fmt])
        if extra:
            floor = extra[0] / n
        size = sum(len(f) for f in files) / len(files) / 1024
        rows.append((fmt, n, size, label, base / n, convert / n, text / n, ours / n))
    lines = [
        SECTION,
        "",
        f"`bench/formats.py`{' --quick' if args.quick else ''}: generated reports of both templates written by "
        f"gongkai's own writers, read back and checked cell by cell, Python {platform.python_version()}, "
        f"CPU time of the process, best of {'/'.join(str(r) for r in rounds.values())} interleaved round(s) "
        "(HTML/DOCX/PDF). Baseline: only opening the same files with the library the reader builds on. "
        f"Ratio = reader time / baseline time; target ≤ {TARGET:g}.",
        "",
        "| format | files | KB per file | baseline | baseline ms | to layout ms (ratio) | text reader ms | "
        "full read ms | reports per second | ratio |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for fmt, n, size, label, base, convert, text, ours in rows:
        flag = "" if ours / base <= TARGET else " (over target)"
        lines.append(
            f"| {fmt} | {n} | {size:.0f} | {label} | {base * 1000:.1f} | {convert * 1000:.1f} "
            f"({convert / base:.2f}) | {text * 1000:.1f} | {ours * 1000:.1f} | {1 / ours:,.1f} | "
            f"{ours / base:.2f}{flag} |"
        )
    html = next(row for row in rows if row[0] == "html")
    html_base, html_convert, html_text, html_read = html[4:]
    lines += [
        "",
        "*to layout*: the format reader's own work (document → tab layout, ratio to the baseline); *text reader*: "
        "the text reader on that layout as the format readers call it (`gongkai.parsers.text.parse_text`), "
        "the same work for every format; *full read* = "
        "`gongkai.parsers.read`.",
        "",
        "- DOCX and PDF meet the target: the library's own open/extract dominates.",
        f"- HTML does not ({html_read / html_base:.1f}x). lxml parses an 18 KB page in C in "
        f"{html_base * 1000:.2f} ms; merely touching each of its ~300 table cells once from Python after the "
        f"parse (`.text`, `rowspan`, `colspan`) takes it to {floor * 1000:.2f} ms ({floor / html_base:.1f}x), "
        "so 2x leaves about half a parse for everything else. Where the rest goes: copying the cells into "
        f"the layout (merged cells, cleaning) and the page's paragraphs, {(html_convert - floor) * 1000:.2f} ms "
        f"beyond that floor; the text reader {html_text * 1000:.2f} ms, of which about a third is the part of "
        "it every report needs whatever its tables (title, headings, template, prose, unknown-label scan, "
        "the model) and the rest is finding some 30 row labels and reading their cells.",
        "- The HTML layout costs the text reader no more than the canonical text of the same report (they "
        "are the same lines); the generated reports' totals do not add up, which sends the general reader "
        "down its slowest path (three readings per row); the reader's short cut for tab rows does not care.",
    ]
    section = "\n".join(lines) + "\n"
    print(section)
    if args.no_write:
        return
    write_section(section)


if __name__ == "__main__":
    main()
