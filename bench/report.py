"""Benchmark: every cell of the annual report computed in the database (gongkai_web.annual_reports.selectors).

Loads one agency with N records (default 100,000: applications, appeals, decisions, rules, fees, procurement)
and 199 more agencies with a few hundred records each, then times, in the same run and on SQLite and
PostgreSQL, ``compute_cells`` (the figures defined once in ``registers.figures`` and ``applications.figures``:
one GROUP BY per register for part 二, one for part 三, one for part 四,
and building every cell of the template) against hand-written SQL (the same six queries, rows only):
for the big agency, and for all 200 agencies one after another. All 200 are also computed at once
(``compute_cells_many``: the six queries grouped by agency) against the same queries hand-written. Writes the "## report" section of
docs/benchmarks.md. Not part of the test suite.

    .venv/bin/python bench/report.py               # 100,000 records, 200 agencies, SQLite and PostgreSQL
    .venv/bin/python bench/report.py --quick       # 5,000 records, 20 agencies
    .venv/bin/python bench/report.py --db sqlite
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
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

PG_DB = "gongkai_bench_report"
SECTION = "## report"
YEARS = (2021, 2022, 2023)  # 2022 is reported on; 2021 and 2023 feed carried-over, previous and stock figures
YEAR = 2022

HAND = {
    "rules": """
SELECT kind,
       SUM(CASE WHEN issued_on >= %(start)s AND issued_on <= %(end)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN repealed_on >= %(start)s AND repealed_on <= %(end)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN issued_on <= %(end)s AND (repealed_on IS NULL OR repealed_on > %(end)s) THEN 1 ELSE 0 END)
FROM registers_rule WHERE {agency} GROUP BY {by}kind""",
    "decisions": """
SELECT kind,
       SUM(CASE WHEN decided_on >= %(start)s THEN 1 ELSE 0 END),
       COUNT(DISTINCT CASE WHEN decided_on >= %(start)s THEN matter END),
       COUNT(DISTINCT CASE WHEN decided_on < %(start)s THEN matter END)
FROM registers_decision WHERE {agency} AND decided_on >= %(prev)s AND decided_on <= %(end)s GROUP BY {by}kind""",
    "fees": """
SELECT {by}SUM(CASE WHEN year = %(year)s THEN 1 ELSE 0 END), SUM(CASE WHEN year = %(year)s - 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN year = %(year)s THEN amount END)
FROM registers_fee WHERE {agency} AND year IN (%(year)s - 1, %(year)s) {group}""",
    "procurement": """
SELECT {by}COUNT(*), SUM(amount) FROM registers_procurement
WHERE {agency} AND contracted_on >= %(start)s AND contracted_on <= %(end)s {group}""",
    "applications": """
SELECT {by}applicant_category, CASE WHEN closed_on <= %(end)s THEN outcome ELSE '' END,
       SUM(CASE WHEN received_on >= %(start)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN received_on < %(start)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN closed_on IS NULL OR closed_on > %(end)s THEN 1 ELSE 0 END)
FROM applications_application
WHERE {agency} AND received_on <= %(end)s AND (closed_on IS NULL OR closed_on >= %(start)s)
GROUP BY {g}""",
    "appeals": """
SELECT {by}kind, CASE WHEN decided_on IS NOT NULL AND decided_on <= %(end)s THEN result ELSE 'pending' END, COUNT(*)
FROM applications_appeal WHERE {agency} AND filed_on >= %(start)s AND filed_on <= %(end)s GROUP BY {g}""",
}

# --- child process: load, then time -------------------------------------------------------------------


def _day(rng: random.Random) -> date:
    return date(rng.choice(YEARS), 1, 1) + timedelta(days=rng.randrange(365))


def _records(agency: int, n: int, rng: random.Random, serial: list[int]) -> dict[str, list[tuple[Any, ...]]]:
    """``n`` records of one agency: 60% applications, 25% decisions, 10% procurement, 3% rules, 2% fees."""
    from gongkai.workflow import Outcome

    outcomes = [o.value for o in Outcome]
    cats = ["natural_person"] * 6 + ["commercial", "research", "nonprofit", "legal_services", "other_org"]
    now = datetime.now(UTC)
    out: dict[str, list[tuple[Any, ...]]] = {k: [] for k in ("app", "decision", "procurement", "rule", "fee")}
    for _ in range(n):
        roll = rng.random()
        serial[0] += 1
        i = serial[0]
        if roll < 0.60:
            received = _day(rng)
            closed = None if rng.random() < 0.08 else received + timedelta(days=rng.randrange(1, 60))
            outcome = rng.choice(outcomes) if closed else ""
            out["app"].append(
                application_row(agency, f"B{i:09d}", i, rng.choice(cats), received, closed, outcome, now)
            )
        elif roll < 0.85:
            out["decision"].append(
                (
                    agency,
                    rng.choice(("licensing", "other_services", "penalty", "enforcement")),
                    f"事项{rng.randrange(40)}",
                    f"D{i}",
                    _day(rng),
                )
            )
        elif roll < 0.95:
            out["procurement"].append(
                (agency, f"采购{i}", _day(rng), Decimal(rng.randrange(1, 10**7)) / 10**4)
            )
        elif roll < 0.98:
            issued = _day(rng)
            repealed = issued + timedelta(days=rng.randrange(30, 900)) if rng.random() < 0.3 else None
            out["rule"].append(
                (agency, rng.choice(("regulation", "normative")), f"规则{i}", "", issued, repealed)
            )
        else:
            out["fee"].append(
                (agency, f"收费{i}", rng.choice(YEARS), Decimal(rng.randrange(1, 10**8)) / 10**6)
            )
    return out


INSERTS = {
    "app": f"INSERT INTO applications_application ({APPLICATION_COLUMNS}) VALUES ({', '.join(['%s'] * 25)})",
    # Registers' rows as an import of the past left them, without their content hash (row_key ''), which the
    # next import computes.
    "decision": "INSERT INTO registers_decision (agency_id, kind, matter, reference, decided_on, row_key) VALUES (%s, %s, %s, %s, %s, '')",
    "procurement": "INSERT INTO registers_procurement (agency_id, title, contracted_on, amount, row_key) VALUES (%s, %s, %s, %s, '')",
    "rule": "INSERT INTO registers_rule (agency_id, kind, title, doc_number, issued_on, repealed_on, row_key) VALUES (%s, %s, %s, %s, %s, %s, '')",
    "fee": "INSERT INTO registers_fee (agency_id, name, year, amount, row_key) VALUES (%s, %s, %s, %s, '')",
}


def load(big: int, agencies: int, small: int) -> dict[str, Any]:
    from django.db import connection, transaction

    from gongkai_web.agencies.models import Agency

    rng = random.Random(7)
    t0 = time.perf_counter()
    Agency.objects.bulk_create([Agency(name=f"基准局{i}", code=f"bench-{i:03d}") for i in range(agencies)])
    ids = list(Agency.objects.order_by("id").values_list("id", flat=True))
    serial = [0]
    counts: dict[str, int] = {}
    sqlite = connection.vendor == "sqlite"
    with transaction.atomic(), connection.cursor() as cur:
        for n_agency, agency in enumerate(ids):
            records = _records(agency, big if n_agency == 0 else small, rng, serial)
            for kind, rows in records.items():
                if sqlite:
                    rows = [for_sqlite(r) for r in rows]
                cur.executemany(INSERTS[kind], rows)
                counts[kind] = counts.get(kind, 0) + len(rows)
        counts["appeal"] = insert_appeals(cur, rng, 40, ["upheld", "corrected", "other"])
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    with connection.cursor() as cur:
        total = 0
        for table in (
            "applications_application",
            "applications_appeal",
            "registers_decision",
            "registers_procurement",
            "registers_rule",
            "registers_fee",
        ):
            cur.execute(f"SELECT COUNT(*) FROM {table} WHERE agency_id = %s", [ids[0]])
            total += cur.fetchone()[0]
    return {"load_s": time.perf_counter() - t0, "counts": counts, "big_agency_records": total}


def measure(repeat: int) -> dict[str, Any]:
    from django.db import connection

    from gongkai_web.agencies.models import Agency
    from gongkai_web.annual_reports.selectors import compute_cells, compute_cells_many

    agencies = list(Agency.objects.order_by("id"))
    params: dict[str, Any] = {
        "start": date(YEAR, 1, 1),
        "end": date(YEAR, 12, 31),
        "prev": date(YEAR - 1, 1, 1),
        "year": YEAR,
    }
    if connection.vendor == "sqlite":
        params = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}

    def hand(agency_id: int) -> dict[str, list[Any]]:
        out = {}
        with connection.cursor() as cur:
            for name, sql in HAND.items():
                cur.execute(
                    sql.format(agency=f"agency_id = {int(agency_id)}", by="", group="", g="1, 2"), params
                )
                out[name] = cur.fetchall()
        return out

    def hand_batched() -> dict[str, list[Any]]:
        out = {}
        with connection.cursor() as cur:
            for name, sql in HAND.items():
                grouped = sql.format(
                    agency="1 = 1", by="agency_id, ", group="GROUP BY agency_id", g="1, 2, 3"
                )
                cur.execute(grouped, params)
                out[name] = cur.fetchall()
        return out

    # Same numbers, or the comparison means nothing.
    big = agencies[0]
    cells = compute_cells(agency=big, year=YEAR)
    rows = hand(big.pk)
    assert cells["applications.new.total"] == sum(r[2] for r in rows["applications"])
    assert cells["applications.results_total.total"] == sum(
        r[2] + r[3] - r[4] for r in rows["applications"] if r[1]
    )
    assert sum(v for k, v in cells.items() if k.startswith("appeals.") and k.endswith(".total")) == sum(
        r[2] for r in rows["appeals"]
    )
    assert cells["proactive.penalty.decisions"] == sum(r[1] for r in rows["decisions"] if r[0] == "penalty")
    assert (
        cells["proactive.fees.amount"] == Decimal(str(rows["fees"][0][2] or 0)).normalize()
        or connection.vendor == "sqlite"
    )

    many = compute_cells_many(agencies=None, year=YEAR)
    assert many[big.pk] == cells
    batched = hand_batched()
    assert sum(r[3] for r in batched["applications"]) == sum(
        c["applications.new.total"] for c in many.values()
    )

    out: dict[str, Any] = {}
    base, mine = paired(lambda: hand(big.pk), lambda: compute_cells(agency=big, year=YEAR), repeat)
    out["one agency (the big one)"] = {"baseline_ms": base * 1000, "ours_ms": mine * 1000}
    few = max(3, repeat // 4)
    base, mine = paired(hand_batched, lambda: compute_cells_many(agencies=None, year=YEAR), few)
    out[f"all {len(agencies)} agencies at once"] = {"baseline_ms": base * 1000, "ours_ms": mine * 1000}
    base, mine = paired(
        lambda: [hand(a.pk) for a in agencies],
        lambda: [compute_cells(agency=a, year=YEAR) for a in agencies],
        few,
    )
    out[f"all {len(agencies)} agencies one by one"] = {"baseline_ms": base * 1000, "ours_ms": mine * 1000}
    return out


def child(big: int, agencies: int, small: int, repeat: int) -> None:
    setup_django()
    loaded = load(big, agencies, small)
    print(json.dumps({"loaded": loaded, "results": measure(repeat)}))


# --- parent: one child per database --------------------------------------------------------------------


def run(name: str, url: str, args: argparse.Namespace) -> dict[str, Any]:
    print(f"[{name}] {args.records:,} records for one agency, {args.agencies} agencies …", flush=True)
    result: dict[str, Any] = run_child(
        url, __file__, "_child", args.records, args.agencies, args.small, args.repeat
    )
    print(f"[{name}] {result}", flush=True)
    return result


def section(args: argparse.Namespace, runs: dict[str, dict[str, Any]]) -> str:
    lines = [
        SECTION,
        "",
        f"`bench/report.py`: one agency with {args.records:,} records (60% applications, 25% decisions, 10% "
        f"procurement, 3% rules, 2% fees, plus appeals of 2.5% of closed applications) and {args.agencies - 1} "
        f"agencies with {args.small} records each, over {YEARS[0]}–{YEARS[-1]}; report year {YEAR} (template "
        f"2021); median of {args.repeat} runs for one agency, of {max(3, args.repeat // 4)} for all agencies; "
        f"Python {sys.version.split()[0]}. Ours = `annual_reports.selectors.compute_cells` (six GROUP BYs derived "
        "from the figures defined once in `common.figures` terms: one per register for part 二, one over "
        "applications for part 三, one over appeals for part 四; every cell of the template built), and `compute_cells_many` for all agencies at once (the same six, grouped by "
        "agency). Baseline = the same six queries hand-written in SQL (per agency, or grouped by agency), rows "
        "fetched only, in the same run. Ratio = ours / baseline; target ≤ 1.5.",
        "",
        "| database | scope | baseline ms | ours ms | ratio |",
        "|---|---|---:|---:|---:|",
    ]
    worst = 0.0
    notes = []
    for db, r in runs.items():
        for label, t in r["results"].items():
            if label.startswith("_"):
                continue
            ratio = t["ours_ms"] / t["baseline_ms"]
            worst = max(worst, ratio)
            lines.append(f"| {db} | {label} | {t['baseline_ms']:.1f} | {t['ours_ms']:.1f} | {ratio:.2f} |")
        notes.append(
            f"{db}: load {r['loaded']['load_s']:.0f} s, big agency {r['loaded']['big_agency_records']:,} records"
        )
    lines += [
        "",
        f"Worst ratio {worst:.2f} (target ≤ 1.5: {'met' if worst <= 1.5 else 'NOT met'}). "
        + "; ".join(notes)
        + ".",
        "",
    ]
    if args.records < 100_000:
        lines.insert(3, f"**Reduced size: {args.records:,} records, not the 100,000 of the target.**\n")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        child(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
        return
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--records", type=int, default=100_000, help="records of the big agency")
    ap.add_argument("--agencies", type=int, default=200)
    ap.add_argument("--small", type=int, default=500, help="records of each other agency")
    ap.add_argument("--repeat", type=int, default=21)
    ap.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument("--quick", action="store_true", help="5,000 records, 20 agencies of 100, 5 runs")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    if args.quick:
        args.records, args.agencies, args.small, args.repeat = 5_000, 20, 100, 5
    runs = on_databases(args.db, PG_DB, lambda name, url: run(name, url, args))
    text = section(args, runs)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
