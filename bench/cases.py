"""Benchmark: parts 三 and 四 of the annual report computed from stored cases (gongkai_web.applications.selectors).

With N cases bulk-inserted (default 1,000,000 over 100 agencies and 2021–2025, ~2% appealed), times the site's
``part3``/``part4`` (ORM GROUP BY + building the report's cells) for one agency-year and for all agencies,
against ONE hand-written SQL GROUP BY over the same table in the same run (baseline), on SQLite and PostgreSQL.
Writes the "## cases" section of docs/benchmarks.md. Not part of the test suite.

    .venv/bin/python bench/cases.py                 # 1,000,000 cases, SQLite and PostgreSQL
    .venv/bin/python bench/cases.py --quick         # 20,000 cases
    .venv/bin/python bench/cases.py --cases 200000 --db sqlite
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from _common import (
    APPLICATION_COLUMNS,
    application_row,
    for_sqlite,
    insert_appeals,
    on_databases,
    paired,
    run_child,
    setup_django,
    write_section,
)

PG_DB = "gongkai_bench_cases"
YEAR = 2024
SECTION = "## cases"

HAND_PART3 = """
SELECT applicant_category,
       CASE WHEN closed_on <= %(end)s THEN outcome ELSE '' END AS result,
       SUM(CASE WHEN received_on >= %(start)s THEN 1 ELSE 0 END) AS new,
       SUM(CASE WHEN received_on < %(start)s THEN 1 ELSE 0 END) AS carried_over,
       SUM(CASE WHEN closed_on IS NULL OR closed_on > %(end)s THEN 1 ELSE 0 END) AS forward
FROM applications_application
WHERE received_on <= %(end)s AND (closed_on IS NULL OR closed_on >= %(start)s) {agency}
GROUP BY 1, 2
"""
HAND_PART4 = """
SELECT kind, CASE WHEN decided_on IS NOT NULL AND decided_on <= %(end)s THEN result ELSE 'pending' END AS col,
       COUNT(*) FROM applications_appeal
WHERE filed_on >= %(start)s AND filed_on <= %(end)s {agency}
GROUP BY 1, 2
"""


# --- child process: load, then time -------------------------------------------------------------------


def _rows(n: int, agencies: list[int], rng: random.Random) -> Any:
    from gongkai.workflow import Outcome

    outcomes = [o.value for o in Outcome]
    weights = [40, 15] + [1] * 8 + [8, 3, 1] + [2] * 5 + [1, 1, 3]
    cats = ["natural_person"] * 8 + ["commercial", "research", "nonprofit", "legal_services", "other_org"]
    first = date(2021, 1, 1).toordinal()
    span = date(2025, 12, 31).toordinal() - first
    now = datetime.now(UTC)
    picks = rng.choices(outcomes, weights, k=n)
    for i in range(n):
        received = date.fromordinal(first + rng.randrange(span))
        closed = None if rng.random() < 0.06 else received + timedelta(days=rng.randrange(1, 60))
        outcome = "" if closed is None else picks[i]
        agency = agencies[i % len(agencies)]
        yield application_row(
            agency, f"{received.year}-{i:07d}", i, rng.choice(cats), received, closed, outcome, now
        )


def load(n: int, n_agencies: int) -> dict[str, float]:
    """Bulk-insert agencies, ``n`` cases and their appeals (raw executemany / COPY, no ORM objects)."""
    from django.db import connection, transaction

    from gongkai_web.agencies.models import Agency

    rng = random.Random(5)
    t0 = time.perf_counter()
    Agency.objects.bulk_create([Agency(name=f"基准局{i}", code=f"bench-{i:03d}") for i in range(n_agencies)])
    agencies = list(Agency.objects.order_by("id").values_list("id", flat=True))
    rows = _rows(n, agencies, rng)
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            raw = cur.cursor
            with raw.copy(f"COPY applications_application ({APPLICATION_COLUMNS}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
        else:
            marks = ", ".join(["%s"] * len(APPLICATION_COLUMNS.split(",")))
            sql = f"INSERT INTO applications_application ({APPLICATION_COLUMNS}) VALUES ({marks})"
            batch: list[tuple[Any, ...]] = []
            for r in rows:
                batch.append(for_sqlite(r))
                if len(batch) == 50_000:
                    cur.executemany(sql, batch)
                    batch.clear()
            if batch:
                cur.executemany(sql, batch)
        appeals = insert_appeals(cur, rng, 50, ["upheld", "upheld", "corrected", "other"])
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return {"load_s": time.perf_counter() - t0, "appeals": appeals}


def measure(repeat: int) -> dict[str, Any]:
    from django.db import connection

    from gongkai_web.agencies.models import Agency
    from gongkai_web.applications.selectors import part3, part4

    one = Agency.objects.order_by("id").values_list("id", flat=True)[Agency.objects.count() // 2]
    params = {"start": date(YEAR, 1, 1), "end": date(YEAR, 12, 31)}
    if connection.vendor == "sqlite":
        params = {k: v.isoformat() for k, v in params.items()}

    def hand(sql: str, agency: int | None) -> list[Any]:
        with connection.cursor() as cur:
            cur.execute(sql.format(agency="" if agency is None else f"AND agency_id = {int(agency)}"), params)
            return cur.fetchall()

    out: dict[str, Any] = {}
    for scope, ids in (("one agency", [one]), ("all agencies", None)):
        agency = None if ids is None else ids[0]
        # Same numbers, or the comparison means nothing.
        p3 = part3(agency_ids=ids, year=YEAR)
        rows = hand(HAND_PART3, agency)
        assert p3.cells["applications.results_total.total"] == sum(r[2] + r[3] - r[4] for r in rows if r[1])
        assert p3.cells["applications.new.total"] == sum(r[2] for r in rows)
        p4 = part4(agency_ids=ids, year=YEAR)
        assert sum(v for k, v in p4.cells.items() if k.endswith(".total")) == sum(
            r[2] for r in hand(HAND_PART4, agency)
        )
        for part, ours, sql in (
            ("三", lambda ids=ids: part3(agency_ids=ids, year=YEAR), HAND_PART3),
            ("四", lambda ids=ids: part4(agency_ids=ids, year=YEAR), HAND_PART4),
        ):
            base, mine = paired(lambda sql=sql, agency=agency: hand(sql, agency), ours, repeat)
            out[f"part {part}, {scope}"] = {"baseline_ms": base * 1000, "ours_ms": mine * 1000}
    return out


def child(n: int, agencies: int, repeat: int) -> None:
    setup_django()
    loaded = load(n, agencies)
    print(json.dumps({"loaded": loaded, "results": measure(repeat)}))


# --- parent: one child per database --------------------------------------------------------------------


def run(name: str, url: str, args: argparse.Namespace) -> dict[str, Any]:
    print(f"[{name}] {args.cases:,} cases …", flush=True)
    result: dict[str, Any] = run_child(url, __file__, "_child", args.cases, args.agencies, args.repeat)
    print(f"[{name}] {result}", flush=True)
    return result


def section(args: argparse.Namespace, runs: dict[str, dict[str, Any]]) -> str:
    lines = [
        SECTION,
        "",
        f"`bench/cases.py`: {args.cases:,} cases over {args.agencies} agencies, received 2021–2025 (6% still "
        "open, ~2% appealed), bulk-inserted; report year "
        f"{YEAR}; median of {args.repeat} runs, Python {sys.version.split()[0]}. Ours = "
        "`selectors.part3` / `part4` (the GROUP BY derived from `applications.figures`, plus building every "
        "cell of the table as the report shows it). Baseline = one hand-written SQL GROUP BY over the same table in the same run (rows only). "
        "Ratio = ours / baseline; target ≤ 1.5.",
        "",
        "| database | query | baseline ms | ours ms | ratio |",
        "|---|---|---:|---:|---:|",
    ]
    worst = 0.0
    for db, r in runs.items():
        for label, t in r["results"].items():
            ratio = t["ours_ms"] / t["baseline_ms"]
            worst = max(worst, ratio)
            lines.append(f"| {db} | {label} | {t['baseline_ms']:.1f} | {t['ours_ms']:.1f} | {ratio:.2f} |")
    loads = "; ".join(
        f"{db} load {r['loaded']['load_s']:.0f} s ({r['loaded']['appeals']:,} appeals)"
        for db, r in runs.items()
    )
    lines += [
        "",
        f"Worst ratio {worst:.2f} (target ≤ 1.5: {'met' if worst <= 1.5 else 'NOT met'}). {loads}.",
        "",
    ]
    if args.cases < 1_000_000:
        lines.insert(3, f"**Reduced size: {args.cases:,} cases, not the 1,000,000 of the target.**\n")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        child(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--agencies", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=21)
    ap.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument("--quick", action="store_true", help="20,000 cases, 5 runs")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    if args.quick:
        args.cases, args.repeat = 20_000, 5
    runs = on_databases(args.db, PG_DB, lambda name, url: run(name, url, args))
    text = section(args, runs)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
