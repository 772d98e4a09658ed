"""Benchmark: cross-checks and the long-form writers over a generated corpus (gongkai.checks, gongkai.renderers).

Baseline, measured in the same run: validating the same reports into the model (``Report.model_validate``),
the cost every reader already pays. Writes its section of docs/benchmarks.md. Not part of the test suite.

    .venv/bin/python bench/checks.py            # 5,000 reports
    .venv/bin/python bench/checks.py --quick    # 300 reports, for CI
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from _common import write_section

from gongkai.checks import check_pair, check_report
from gongkai.model import Report
from gongkai.renderers import cells, json, markdown
from gongkai.templates import TEMPLATES, Template

SECTION = "## checks"


def _cells(spec: Template, rng: random.Random) -> dict[str, Any]:
    """Every cell of ``spec``; part 三 and 四 balanced, then one count in ten reports nudged off."""
    out: dict[str, Any] = {}
    for group, row in spec.proactive_rows():
        for col in group.columns:
            key = f"proactive.{row.key}.{col.key}"
            if col.kind == "amount":
                out[key] = Decimal(rng.randrange(0, 10**9)).scaleb(-rng.randrange(0, 7))
            elif col.kind == "change":
                out[key] = rng.randrange(-500, 500)
            else:
                out[key] = rng.randrange(0, 5000)
    table = spec.applications
    applicant = [c.key for c in table.columns if c.key != "total"]

    def put(row: str, values: list[int]) -> None:
        for col, value in zip(applicant, values, strict=True):
            out[f"applications.{row}.{col}"] = value
        out[f"applications.{row}.total"] = sum(values)

    results = [0] * len(applicant)
    for row in table.result_rows:
        values = [rng.choice((0, 0, 0, 1, 2, rng.randrange(0, 300))) for _ in applicant]
        put(row, values)
        results = [a + b for a, b in zip(results, values, strict=True)]
    put("results_total", results)
    forward = [rng.randrange(0, 20) for _ in applicant]
    put("carried_forward", forward)
    over = [rng.randrange(0, r + f + 1) for r, f in zip(results, forward, strict=True)]
    put("carried_over", over)
    put("new", [r + f - o for r, f, o in zip(results, forward, over, strict=True)])
    for block in spec.appeals.blocks:
        parts = [rng.randrange(0, 10) for _ in range(4)]
        for col, value in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            out[f"appeals.{block.key}.{col}"] = value
        out[f"appeals.{block.key}.total"] = sum(parts)
    if rng.random() < 0.1:
        key = rng.choice([k for k in out if k.startswith("applications.")])
        out[key] += 1
    return out


def corpus(n: int, seed: int = 20250131) -> list[dict[str, Any]]:
    """``n`` report dicts: pairs of consecutive years of one agency, both templates."""
    rng = random.Random(seed)
    specs = list(TEMPLATES.values())
    items: list[dict[str, Any]] = []
    for i in range(n):
        spec = specs[(i // 2) % 2]
        year = (2019 if spec.id == "2019" else 2022) + i % 2
        items.append(
            {"agency": f"第{i // 2}局", "year": year, "template": spec.id, "cells": _cells(spec, rng)}
        )
    return items


def seconds(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="300 reports instead of 5,000")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    n = 300 if args.quick else 5_000
    data = corpus(n)
    reports: list[Report] = []
    baseline = seconds(lambda: reports.extend(Report.model_validate(d) for d in data))
    pairs = list(zip(reports[::2], reports[1::2], strict=False))
    found: list[int] = []
    rows = [
        ("`check_report`", n, seconds(lambda: found.extend(len(check_report(r)) for r in reports))),
        ("`check_pair` (per pair)", len(pairs), seconds(lambda: [check_pair(a, b) for a, b in pairs])),
        ("cells CSV (`render_many`, per report)", n, seconds(lambda: cells.render_many(reports))),
        ("JSON (`render`)", n, seconds(lambda: [json.render(r) for r in reports])),
        ("Markdown (`render`)", n, seconds(lambda: [markdown.render(r) for r in reports])),
    ]
    with_findings = sum(1 for k in found if k)
    base_per = baseline / n
    lines = [
        SECTION,
        "",
        f"`bench/checks.py`: {n:,} generated reports (both templates, one in ten with a changed count; "
        f"{with_findings:,} had findings), Python {platform.python_version()}. Baseline: validating the same "
        f"reports into the model (`Report.model_validate`), {base_per * 1e6:.1f} µs per report. "
        "Ratio = our time / baseline time (lower is faster).",
        "",
        "| operation | items | µs per item | items per second | ratio to baseline |",
        "|---|---:|---:|---:|---:|",
        f"| baseline `Report.model_validate` | {n:,} | {base_per * 1e6:.1f} | {1 / base_per:,.0f} | 1 |",
    ]
    for name, count, total in rows:
        per = total / count
        lines.append(f"| {name} | {count:,} | {per * 1e6:.1f} | {1 / per:,.0f} | {per / base_per:.2f} |")
    section = "\n".join(lines) + "\n"
    print(section)
    if args.no_write:
        return
    write_section(section)


if __name__ == "__main__":
    main()
