"""Fuzzing every reader: mutated corpus files in, "a result or one ParseError" out, nothing else.

Mutates the files of tests/data/corpus (byte flips, inserted and deleted runs, truncation, repeated runs,
splices of two files; a DOCX also by mutating its word/document.xml and zipping it again, so the XML
parser is reached, not only the zip checks) and gives each input to the reader of its format (text, html,
docx, pdf, and the budgets' zip and xlsx checks). Any exception other than ``ParseError``, and any input
taking longer than ``--slow`` seconds, is a finding: the input is written to ``--out`` for a repro.

``--hostile`` instead times ``gongkai parse`` on each hostile file of tests/hostile.py under a 1.5 GB
address-space limit (the issue's "refused within 20 s" check), and writes that table.

    .venv/bin/python bench/fuzz.py --seconds 300         # what docs/benchmarks.md reports
    .venv/bin/python bench/fuzz.py --count 1000000       # up to 10^6 inputs
    .venv/bin/python bench/fuzz.py --hostile
    .venv/bin/python bench/fuzz.py --quick --no-write    # CI (scripts/bench-smoke): a few seconds
"""

from __future__ import annotations

import argparse
import io
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from _common import ROOT, write_section

sys.path.insert(0, str(ROOT))

from gongkai.errors import ParseError
from gongkai.parsers import budgets, read
from gongkai.parsers.xlsx import sheet_rows

CORPUS = ROOT / "tests" / "data" / "corpus"
SECTION = "## fuzz"
HOSTILE_SECTION = "## hostile files"


class _Slow(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Slow


def _read_as(fmt: str) -> Callable[[bytes], Any]:
    return lambda data: read(data, format=fmt)


READERS: dict[str, Callable[[bytes], Any]] = {
    "txt": _read_as("text"),
    "html": _read_as("html"),
    "docx": _read_as("docx"),
    "pdf": _read_as("pdf"),
    "zip": budgets.zip_kind,
    "xlsx": sheet_rows,
}


def _seeds() -> dict[str, list[bytes]]:
    seeds: dict[str, list[bytes]] = {k: [] for k in READERS}
    for path in sorted(CORPUS.iterdir()):
        suffix = path.suffix.lstrip(".")
        if suffix in seeds:
            seeds[suffix].append(path.read_bytes())
    seeds["zip"] = list(seeds["docx"])
    seeds["xlsx"] = [_workbook()]
    return seeds


def _workbook() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["名称", "日期", "金额"])
    for i in range(30):
        ws.append([f"办公设备{i}", "2023-03-01", i * 1.5])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def mutate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """One random mutation (or a few) of ``data``; ``other`` is spliced in sometimes."""
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 8))):
        if not out:
            out += bytes([rng.randrange(256)])
        op = rng.randrange(7)
        at = rng.randrange(len(out))
        if op == 0:
            out[at] = rng.randrange(256)
        elif op == 1:
            out[at] ^= 1 << rng.randrange(8)
        elif op == 2:
            del out[at : at + rng.randint(1, 64)]
        elif op == 3:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 4:
            del out[rng.randint(0, len(out)) :]
        elif op == 5:
            run = out[at : at + rng.randint(1, 256)]
            out[at:at] = run * rng.randint(2, 50)
        else:
            cut = rng.randrange(len(other)) if other else 0
            out[at:] = other[cut : cut + rng.randint(1, 4096)] + out[at:]
    return bytes(out)


def mutate_member(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """``data`` (a zip) with one of its XML members (word/document.xml for a DOCX) mutated and zipped again,
    to reach the XML parser rather than the zip checks."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = [n for n in members if n.endswith(".xml")]
    name = "word/document.xml" if "word/document.xml" in members else rng.choice(xml)
    members[name] = mutate(rng, members[name], other)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buf.getvalue()


def fuzz(*, count: int, seconds: float, seed: int, slow: float, out: Path | None) -> dict[str, Any]:
    rng = random.Random(seed)
    seeds = _seeds()
    kinds = [k for k in READERS if seeds[k]]
    outcomes: Counter[tuple[str, str]] = Counter()
    findings: list[tuple[str, str, int]] = []
    worst: dict[str, float] = dict.fromkeys(kinds, 0.0)
    signal.signal(signal.SIGALRM, _alarm)
    started = time.monotonic()
    n = 0
    while n < count and time.monotonic() - started < seconds:
        kind = kinds[n % len(kinds)]
        base = rng.choice(seeds[kind])
        other = rng.choice(seeds[rng.choice(kinds)])
        if kind in ("docx", "zip", "xlsx") and rng.random() < 0.6:
            data = mutate_member(rng, base, other)
        else:
            data = mutate(rng, base, other)
        n += 1
        t0 = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, slow)
        try:
            READERS[kind](data)
            outcome = "result"
        except ParseError:
            outcome = "ParseError"
        except _Slow:
            outcome = "slow"
        except Exception as exc:  # the finding this script is for
            outcome = type(exc).__name__
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        worst[kind] = max(worst[kind], time.monotonic() - t0)
        outcomes[kind, outcome] += 1
        if outcome not in ("result", "ParseError"):
            findings.append((kind, outcome, n))
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                (out / f"{n:07d}-{kind}-{outcome}.bin").write_bytes(data)
    return {
        "inputs": n,
        "seconds": time.monotonic() - started,
        "outcomes": outcomes,
        "findings": findings,
        "worst": worst,
        "kinds": kinds,
    }


def fuzz_section(result: dict[str, Any], seed: int) -> str:
    rows = []
    for kind in result["kinds"]:
        got = {o: c for (k, o), c in result["outcomes"].items() if k == kind}
        other = sum(c for o, c in got.items() if o not in ("result", "ParseError"))
        rows.append(
            f"| {kind} | {sum(got.values()):,} | {got.get('result', 0):,} | {got.get('ParseError', 0):,} | "
            f"{other} | {result['worst'][kind]:.2f} |"
        )
    return "\n".join(
        [
            SECTION,
            "",
            f"`bench/fuzz.py --seed {seed}` ({result['seconds']:.0f} s) on {platform.machine()}, "
            f"Python {platform.python_version()}, one process on a shared 2-core machine: "
            f"{result['inputs']:,} mutated corpus files, {len(result['findings'])} findings "
            "(an exception other than ParseError, or an input slower than the alarm).",
            "",
            "| reader | inputs | results | ParseError | findings | slowest (s) |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
            "",
        ]
    )


_UNDER_LIMIT = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
from gongkai.cli import main
sys.argv = ["gongkai", "parse", sys.argv[1]]
main()
"""


def hostile(quick: bool) -> list[tuple[str, int, float, bool, str]]:
    """``(name, bytes, seconds, refused cleanly, last line of the message)`` for each hostile file."""
    sys.path.insert(0, str(ROOT))
    from tests import hostile as files

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (make, suffix) in files.FILES.items():
            if quick and name not in ("docx-damaged-deflate", "html-200k-attributes"):
                continue
            path = Path(tmp) / f"{name}{suffix}"
            path.write_bytes(make())
            t0 = time.monotonic()
            run = subprocess.run(
                [sys.executable, "-c", _UNDER_LIMIT, str(path)], capture_output=True, text=True, timeout=300
            )
            took = time.monotonic() - t0
            text = run.stdout + run.stderr
            clean = run.returncode != 0 and "Traceback" not in text
            said = next((ln for ln in text.splitlines() if "无法读取" in ln or "不是年报" in ln), "")
            rows.append(
                (name, path.stat().st_size, took, clean, said.strip("│ ").replace(str(path), path.name))
            )
    return rows


def hostile_section(rows: list[tuple[str, int, float, bool, str]]) -> str:
    lines = [
        HOSTILE_SECTION,
        "",
        "`bench/fuzz.py --hostile`: `gongkai parse FILE` in a child whose address space is limited to 1.5 GB "
        "(`RLIMIT_AS`), on each hostile file of issue 14 as tests/hostile.py makes it; wall time including "
        "the interpreter's start (~1 s), on a shared 2-core machine. Target: refused within 20 s, a clear "
        "message, no traceback.",
        "",
        "| file | size | seconds | refused cleanly | message (first line, as the table wraps it) |",
        "|---|---:|---:|---|---|",
    ]
    for name, size, took, clean, said in rows:
        lines.append(f"| {name} | {size / 2**20:.2f} MB | {took:.1f} | {'yes' if clean else 'NO'} | {said} |")
    return "\n".join([*lines, ""])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--slow", type=float, default=30.0, help="seconds after which an input is a finding")
    parser.add_argument("--out", type=Path, default=None, help="directory for the inputs of findings")
    parser.add_argument("--hostile", action="store_true", help="time gongkai parse on each hostile file")
    parser.add_argument("--quick", action="store_true", help="a few seconds, for CI")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    if args.hostile:
        rows = hostile(args.quick)
        section = hostile_section(rows)
        print(section)
        if not args.no_write:
            write_section(section)
        sys.exit(0 if all(r[3] for r in rows) else 1)
    count, seconds = (120, 20.0) if args.quick else (args.count, args.seconds)
    result = fuzz(count=count, seconds=seconds, seed=args.seed, slow=args.slow, out=args.out)
    section = fuzz_section(result, args.seed)
    print(section)
    for kind, outcome, n in result["findings"][:20]:
        print(f"finding: input {n} ({kind}): {outcome}")
    if not args.no_write:
        write_section(section)
    sys.exit(1 if result["findings"] else 0)


if __name__ == "__main__":
    main()
