"""What the benchmark scripts in bench/ share: paths, writing a section of docs/benchmarks.md, and, for the
ones that time the web platform, scratch databases, child processes, paired timing and the rows of cases and
appeals that cases.py and report.py bulk-load.

Imported as ``from _common import ...``: the scripts are run as ``python bench/NAME.py``, so bench/ is first
on ``sys.path``.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DOC = ROOT / "docs" / "benchmarks.md"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"

T = TypeVar("T")


def write_section(section: str) -> None:
    """Put ``section`` (starting with its ``## name`` line) into docs/benchmarks.md.

    Replaces the section with the same first line, up to the next ``## `` heading or the end of the file,
    or appends it after a blank line; one blank line before the next heading, one newline at the end.
    """
    heading = section.split("\n", 1)[0]
    body = section.rstrip("\n") + "\n"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: body + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + body
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


# --- the web platform's benchmarks (Django, SQLite and PostgreSQL) --------------------------------------


def pg_create(name: str) -> str:
    """A new, empty PostgreSQL database ``name`` (one a failed run left behind is dropped first); its URL."""
    import psycopg  # only the database benchmarks need it

    with psycopg.connect(PG_ADMIN, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name}")
        c.execute(f"CREATE DATABASE {name}")
    return f"{PG_SERVER}/{name}"


def pg_drop(name: str) -> None:
    """Drop the PostgreSQL database ``name``, if there is one."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name}")


def on_databases(which: str, name: str, bench: Callable[[str, str], T]) -> dict[str, T]:
    """``bench(label, url)`` on a scratch SQLite file and/or PostgreSQL database ``name``, by ``which``
    ("sqlite", "postgres" or "both"), each deleted afterwards; results by database."""
    runs: dict[str, T] = {}
    # Several checkouts may run benchmarks on one server at once: each run gets a database of its own.
    name = f"{name}_{os.getpid()}"
    if which in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix=name.replace("_", "-") + "-") as tmp:
            runs["SQLite"] = bench("sqlite", f"sqlite:///{tmp}/{name}.sqlite3")
    if which in ("postgres", "both"):
        try:
            runs["PostgreSQL"] = bench("postgres", pg_create(name))
        finally:
            pg_drop(name)
    return runs


def django_env(url: str) -> dict[str, str]:
    """The environment of a process of the platform on the database at ``url``, with the bench settings."""
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "gongkai_web.settings.bench"}


def run_child(url: str, script: str, *args: object) -> Any:
    """Run ``script`` with ``args`` in a child process on the database at ``url``; the JSON it printed last.

    A child per database, because Django's settings (the database among them) are fixed once it is set up.
    """
    out = subprocess.run(
        [PY, script, *map(str, args)],
        cwd=ROOT,
        env=django_env(url),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def setup_django() -> None:
    """In a child process: set Django up on the database the parent chose, and migrate it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.settings.bench")
    sys.path.insert(0, str(ROOT))  # the child's path starts at bench/; this finds gongkai_web uninstalled too
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def paired(base: Callable[[], object], ours: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median seconds of ``base`` and ``ours``, run alternately so that load from elsewhere hits both alike."""
    b: list[float] = []
    o: list[float] = []
    for fn in (base, ours, base, ours):  # warm caches and prepared statements
        fn()
    for _ in range(repeat):
        for fn, out in ((base, b), (ours, o)):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
    return statistics.median(b), statistics.median(o)


# --- rows bulk-loaded past the ORM (cases.py, report.py) ------------------------------------------------

APPLICATION_COLUMNS = (
    "agency_id, number, query_code, applicant_name, applicant_category, id_type, id_number, phone, email, "
    "address, description, requested_form, delivery, channel, submitted_on, received_on, receipt_rule, "
    "state, version, due_date, calendar_gap, outcome, closed_on, created_at, updated_at"
)
APPEAL_KINDS = ("reconsideration", "litigation_direct", "litigation_after_review")


def application_row(
    agency: int,
    number: str,
    serial: int,
    category: str,
    received: date,
    closed: date | None,
    outcome: str,
    now: datetime,
) -> tuple[Any, ...]:
    """A row of applications_application (``APPLICATION_COLUMNS``): a case received on ``received`` and
    answered on ``closed`` with ``outcome``, or still open (``closed`` None)."""
    return (
        agency,
        number,
        f"Q{serial:015d}",
        "申请人",
        category,
        "resident_id",
        "110101199001011234",
        "",
        "",
        "",
        "信息",
        "electronic",
        "email",
        "online",
        received,
        received,
        "在线",
        "received" if closed is None else "answered",
        1,
        received + timedelta(days=28),
        "",
        outcome,
        closed,
        now,
        now,
    )


def for_sqlite(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """``row`` with dates and amounts as text: SQLite has no such types, and these rows bypass the ORM."""
    return tuple(str(x) if isinstance(x, date | Decimal) else x for x in row)


def insert_appeals(cur: Any, rng: random.Random, every: int, results: Sequence[str]) -> int:
    """Appeal every ``every``-th closed application (by id), 5–55 days after it closed; four in five decided
    30–200 days later with one of ``results``. Returns how many were inserted."""
    from django.db import connection

    # In id order, so that the same seed gives the same appeals whatever plan the database picks.
    cur.execute(
        "SELECT id, agency_id, closed_on FROM applications_application "
        f"WHERE closed_on IS NOT NULL AND id % {int(every)} = 0 ORDER BY id"
    )
    appeals = []
    for pk, agency, closed in cur.fetchall():
        closed_d = closed if isinstance(closed, date) else date.fromisoformat(closed)
        filed = closed_d + timedelta(days=rng.randrange(5, 55))
        decided = filed + timedelta(days=rng.randrange(30, 200)) if rng.random() < 0.8 else None
        result = rng.choice(results) if decided else "pending"
        row = (pk, agency, rng.choice(APPEAL_KINDS), "", filed, result, decided, "", datetime.now(UTC))
        appeals.append(for_sqlite(row) if connection.vendor == "sqlite" else row)
    cur.executemany(
        "INSERT INTO applications_appeal (application_id, agency_id, kind, body, filed_on, result, "
        "decided_on, note, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        appeals,
    )
    return len(appeals)
