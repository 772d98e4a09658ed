"""Benchmark: due dates on the State Council calendar for many cases (gongkai.workdays / gongkai.workflow).

Baseline, measured in the same run: ``chinese_calendar.find_workday`` (the package's own day-by-day search).
Writes its section of docs/benchmarks.md. Not part of the test suite.

    .venv/bin/python bench/workdays.py            # 1,000,000 cases (baseline on a sample)
    .venv/bin/python bench/workdays.py --quick    # 10,000 cases, for CI
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from collections.abc import Callable
from datetime import date, timedelta

import chinese_calendar
from _common import write_section

from gongkai.workdays import Pause, add_working_days, due_date_of, official_calendar
from gongkai.workflow import Case, EndConsultation, Extend, StartConsultation

SECTION = "## workdays"
CONSULT, END, EXTEND = (
    StartConsultation(party="某公司"),
    EndConsultation(),
    Extend(days=10, approved_by="主任"),
)


def per_call(fn: Callable[[date], object], starts: list[date]) -> float:
    """Seconds per call of ``fn`` over ``starts``."""
    t0 = time.perf_counter()
    for s in starts:
        fn(s)
    return (time.perf_counter() - t0) / len(starts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10,000 cases instead of 1,000,000")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    n = 10_000 if args.quick else 1_000_000
    sample = 500 if args.quick else 5_000

    rng = random.Random(20240927)
    first = date(2021, 1, 1)
    starts = [first + timedelta(days=rng.randrange(0, 365 * 5 + 300)) for _ in range(n)]
    cal = official_calendar()
    cal.nth_working_day_after(starts[0], 20)  # build the per-year tables outside the timing

    baseline = per_call(lambda s: chinese_calendar.find_workday(20, s), starts[:sample])
    # Same answer as the baseline, or the comparison means nothing. (find_workday counts from the next
    # working day when the start is not one; the 条例's period starts the day after receipt whatever it is.)
    for s in starts[:sample]:
        if cal.is_working_day(s):
            assert cal.nth_working_day_after(s, 20) == chinese_calendar.find_workday(20, s), s
    case_sample = starts[: max(sample * 4, n // 10)]
    explained_sample = starts[: sample * 4]
    rows = [
        (
            "20 working days (`nth_working_day_after`)",
            n,
            per_call(lambda s: cal.nth_working_day_after(s, 20), starts),
        ),
        (
            "20 days with one consultation pause (`due_date_of`)",
            n,
            per_call(
                lambda s: due_date_of(
                    s, 20, paused=[Pause(s + timedelta(days=5), s + timedelta(days=15))], calendar=cal
                ),
                starts,
            ),
        ),
        (
            "Case: receive, consult, extend, `due_date`",
            len(case_sample),
            per_call(
                lambda s: (
                    Case.receive(s, calendar=cal)
                    .apply(CONSULT, at=s + timedelta(days=3))
                    .apply(END, at=s + timedelta(days=12))
                    .apply(EXTEND, at=s + timedelta(days=13))
                    .due_date
                ),
                case_sample,
            ),
        ),
        (
            "explained due date (`add_working_days`)",
            len(explained_sample),
            per_call(lambda s: add_working_days(s, 20, cal), explained_sample),
        ),
    ]

    lines = [
        SECTION,
        "",
        f"`bench/workdays.py{' --quick' if args.quick else ''}`: {n:,} random receipt dates 2021–2026, "
        f"Python {platform.python_version()}. Baseline: `chinese_calendar.find_workday(20, d)` on {sample:,} of them, "
        f"{baseline * 1e6:.1f} µs per call. Ratio = our time / baseline time (lower is faster).",
        "",
        "| operation | cases timed | µs per case | ratio to baseline | 1,000,000 cases (projected) |",
        "|---|---:|---:|---:|---:|",
        f"| baseline `find_workday` | {sample:,} | {baseline * 1e6:.2f} | 1 | {baseline * 1e6:.0f} s |",
    ]
    for label, timed, secs in rows:
        lines.append(
            f"| {label} | {timed:,} | {secs * 1e6:.2f} | {secs / baseline:.4f} | {secs * 1e6:.1f} s |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.no_write:
        return
    write_section(text)


if __name__ == "__main__":
    main()
