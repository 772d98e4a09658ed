"""Reports as a dataset: one row per report and cell, and one row per finding, written as Parquet or XLSX.

The cell rows begin with the columns of the cells CSV (:data:`gongkai.renderers.cells.HEADER`: source, agency,
year, template, key, value, state, printed — ``value`` is the same text; ``state`` and ``printed`` say how the
cell was printed: :meth:`Report.state_of`, :meth:`Report.printed_of`), then ``number`` (the value as a float,
for sums) and ``findings`` (the rules whose findings name the cell). A cell the report lacks has a row with no value.
The findings rows name the report the same way, then every field of the finding.

Sinks write as results arrive, in bounded memory: :class:`ParquetSink` one file of cells and one of findings
(``OUT.parquet`` and ``OUT.findings.parquet``), :class:`PartitionedParquetSink` a directory of Hive-style
partitions by year (``OUT/cells/year=2021/part-00003-0.parquet``, ``OUT/findings/…``) that Spark, DuckDB,
pandas and pyarrow read as one table, :class:`XlsxSink` a workbook with a ``cells`` and a ``findings`` sheet.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai.batch import Loaded
from gongkai.errors import GongkaiError
from gongkai.renderers.cells import HEADER
from gongkai.renderers.cells import value_text as cell_text

#: The columns of a cell row, in order; the first ones are the cells CSV's.
CELL_COLUMNS = (*HEADER, "number", "findings")
#: The columns of a finding row, in order.
FINDING_COLUMNS = (
    "source",
    "agency",
    "year",
    "template",
    "severity",
    "rule",
    "cells",
    "expected",
    "found",
    "line",
    "message_zh",
    "message_en",
)
#: Rows per sheet in a workbook (Excel's limit is 1,048,576 with the header); more go on a next sheet.
XLSX_MAX_ROWS = 1_048_575


def _source(item: Loaded) -> str:
    assert item.result is not None
    return item.result.source or item.result.report.source or item.name


def cell_rows(item: Loaded) -> Iterator[dict[str, Any]]:
    """One row per cell of the report's template, in printed order (nothing for an unreadable input)."""
    if item.result is None:
        return
    report = item.result.report
    named: dict[str, list[str]] = {}
    for finding in item.findings:
        for key in finding.cells:
            rules = named.setdefault(key, [])
            if finding.rule not in rules:
                rules.append(finding.rule)
    source = _source(item)
    for key in report.spec.keys:
        value = report.cells.get(key)
        state = report.state_of(key)
        yield {
            "source": source,
            "agency": report.agency,
            "year": report.year,
            "template": report.template,
            "key": key,
            "value": None if value is None else cell_text(value),
            "number": None if value is None else float(value),
            "state": None if state is None else state.value,
            "printed": report.printed_of(key),
            "findings": named.get(key, []),
        }


def _text(value: int | Decimal | str | None) -> str | None:
    if value is None:
        return None
    return cell_text(value) if isinstance(value, int | Decimal) else value


def finding_rows(item: Loaded) -> Iterator[dict[str, Any]]:
    """One row per finding of a readable input."""
    if item.result is None:
        return
    report = item.result.report
    source = _source(item)
    for f in item.findings:
        yield {
            "source": source,
            "agency": report.agency,
            "year": report.year,
            "template": report.template,
            "severity": f.severity,
            "rule": f.rule,
            "cells": list(f.cells),
            "expected": _text(f.expected),
            "found": _text(f.found),
            "line": f.line,
            "message_zh": f.message_zh,
            "message_en": f.message_en,
        }


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise GongkaiError(
            "写 Parquet 需要 pyarrow（pip install 'gongkai[data]'）",
            "writing Parquet needs pyarrow (pip install 'gongkai[data]')",
        ) from None
    return pyarrow


def cell_schema() -> Any:
    """The Arrow schema of the cell rows."""
    pa = _pyarrow()
    return pa.schema(
        [
            ("source", pa.string()),
            ("agency", pa.string()),
            ("year", pa.int32()),
            ("template", pa.string()),
            ("key", pa.string()),
            ("value", pa.string()),
            ("state", pa.string()),
            ("printed", pa.string()),
            ("number", pa.float64()),
            ("findings", pa.list_(pa.string())),
        ]
    )


def finding_schema() -> Any:
    """The Arrow schema of the finding rows."""
    pa = _pyarrow()
    return pa.schema(
        [
            ("source", pa.string()),
            ("agency", pa.string()),
            ("year", pa.int32()),
            ("template", pa.string()),
            ("severity", pa.string()),
            ("rule", pa.string()),
            ("cells", pa.list_(pa.string())),
            ("expected", pa.string()),
            ("found", pa.string()),
            ("line", pa.int32()),
            ("message_zh", pa.string()),
            ("message_en", pa.string()),
        ]
    )


def _cell_columns(items: list[Loaded]) -> dict[str, list[Any]]:
    """The cell rows of ``items`` column by column (what :func:`cell_rows` gives row by row, built faster)."""
    columns: dict[str, list[Any]] = {c: [] for c in CELL_COLUMNS}
    for item in items:
        if item.result is None:
            continue
        report = item.result.report
        keys = report.spec.keys
        n = len(keys)
        named: dict[str, list[str]] = {}
        for finding in item.findings:
            for key in finding.cells:
                rules = named.setdefault(key, [])
                if finding.rule not in rules:
                    rules.append(finding.rule)
        values = [report.cells.get(k) for k in keys]
        marks = report.printed
        columns["source"].extend([_source(item)] * n)
        columns["agency"].extend([report.agency] * n)
        columns["year"].extend([report.year] * n)
        columns["template"].extend([report.template] * n)
        columns["key"].extend(keys)
        texts = [None if v is None else (str(v) if type(v) is int else cell_text(v)) for v in values]
        columns["value"].extend(texts)
        columns["number"].extend(None if v is None else float(v) for v in values)
        if marks:
            columns["state"].extend(
                None if v is None else (marks[k].state.value if k in marks else "number")
                for k, v in zip(keys, values, strict=True)
            )
            columns["printed"].extend(
                marks[k].text if k in marks else t for k, t in zip(keys, texts, strict=True)
            )
        else:
            columns["state"].extend(None if v is None else "number" for v in values)
            columns["printed"].extend(texts)
        columns["findings"].extend([named.get(k, []) for k in keys] if named else [[] for _ in keys])
    return columns


def _built(items: list[Loaded]) -> tuple[Any, Any]:
    pa = _pyarrow()
    findings = [row for item in items for row in finding_rows(item)]
    return (
        pa.table(_cell_columns(items), schema=cell_schema()),
        pa.Table.from_pylist(findings, schema=finding_schema()),
    )


def _ipc(table: Any) -> bytes:
    pa = _pyarrow()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    data: bytes = sink.getvalue().to_pybytes()
    return data


def make_rows(items: list[Loaded]) -> None:
    """Make the dataset rows of ``items`` at once, where they were read (:attr:`gongkai.batch.Loaded.rows`):
    two Arrow IPC streams (the cells, the findings) shared by the entries, each entry holding them and
    where its own rows lie in them. Sent between processes the streams are bytes (pickled once for all the
    entries), which the writing process maps without building a row."""
    cells, findings = _built(items)
    cell_data, finding_data = _ipc(cells), _ipc(findings)
    at_cell = at_finding = 0
    for item in items:
        n_cells = len(item.result.report.spec.keys) if item.result is not None else 0
        n_findings = len(item.findings) if item.result is not None else 0
        item.rows = (cell_data, at_cell, n_cells, finding_data, at_finding, n_findings)
        at_cell += n_cells
        at_finding += n_findings


def tables(items: Iterable[Loaded]) -> tuple[Any, Any]:
    """The cell rows and the finding rows of ``items`` as two Arrow tables. Entries whose rows were made
    where they were read (:func:`make_rows`) are only sliced from their streams and concatenated; the
    others are built here, in one go per run of them, so the tables are the same either way."""
    pa = _pyarrow()
    batch = list(items)
    if all(item.rows is None for item in batch):
        return _built(batch)
    streams: dict[int, Any] = {}

    def stream(data: bytes) -> Any:
        table = streams.get(id(data))
        if table is None:
            table = streams[id(data)] = pa.ipc.open_stream(pa.py_buffer(data)).read_all()
        return table

    cells: list[Any] = []
    found: list[Any] = []
    pending: list[Loaded] = []
    # Runs of entries read together lie one after the other in their streams: one slice per run.
    run: list[Any] | None = None  # [cell data, start, length, finding data, start, length]

    def close_run() -> None:
        nonlocal run
        if run is not None:
            cells.append(stream(run[0]).slice(run[1], run[2]))
            found.append(stream(run[3]).slice(run[4], run[5]))
            run = None

    for item in batch:
        if item.rows is None:
            close_run()
            pending.append(item)
            continue
        if pending:
            made = _built(pending)
            cells.append(made[0])
            found.append(made[1])
            pending = []
        cell_data, at_cell, n_cells, finding_data, at_finding, n_findings = item.rows
        if (
            run is not None
            and run[0] is cell_data
            and run[1] + run[2] == at_cell
            and run[3] is finding_data
            and run[4] + run[5] == at_finding
        ):
            run[2] += n_cells
            run[5] += n_findings
        else:
            close_run()
            run = [cell_data, at_cell, n_cells, finding_data, at_finding, n_findings]
    close_run()
    if pending:
        made = _built(pending)
        cells.append(made[0])
        found.append(made[1])
    return pa.concat_tables(cells), pa.concat_tables(found)


def findings_path(path: Path) -> Path:
    """Where the findings file of a Parquet cells file goes: ``reports.parquet`` → ``reports.findings.parquet``."""
    return path.with_name(f"{path.stem}.findings{path.suffix or '.parquet'}")


class ParquetSink:
    """Two Parquet files, written a row group per :meth:`write`: the cells at ``path``, the findings beside."""

    def __init__(self, path: Path) -> None:
        import pyarrow.parquet as pq

        _pyarrow()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.findings = path, findings_path(path)
        self._cells = pq.ParquetWriter(str(path), cell_schema(), compression="zstd")
        self._found = pq.ParquetWriter(str(self.findings), finding_schema(), compression="zstd")

    def write(self, items: list[Loaded]) -> None:
        """Append the rows of ``items``."""
        cells, findings = tables(items)
        if cells.num_rows:
            self._cells.write_table(cells)
        if findings.num_rows:
            self._found.write_table(findings)

    def close(self) -> list[Path]:
        """Finish both files; the paths written."""
        self._cells.close()
        self._found.close()
        return [self.path, self.findings]


class PartitionedParquetSink:
    """A directory of two datasets, ``cells/`` and ``findings/``, partitioned by year (Hive style); each
    :meth:`write` adds one file per year. What was in the directory's datasets before is removed first."""

    def __init__(self, root: Path) -> None:
        _pyarrow()
        self.root = root
        for name in ("cells", "findings"):
            if (root / name).exists():
                shutil.rmtree(root / name)
        root.mkdir(parents=True, exist_ok=True)
        self._part = 0

    def write(self, items: list[Loaded]) -> None:
        """Add the rows of ``items`` as the next part."""
        import pyarrow.parquet as pq

        cells, findings = tables(items)
        for name, table in (("cells", cells), ("findings", findings)):
            if table.num_rows:
                pq.write_to_dataset(
                    table,
                    str(self.root / name),
                    partition_cols=["year"],
                    basename_template=f"part-{self._part:05d}-{{i}}.parquet",
                    compression="zstd",
                )
        self._part += 1

    def close(self) -> list[Path]:
        """Nothing left to write; the two dataset directories."""
        return [self.root / "cells", self.root / "findings"]


class XlsxSink:
    """A workbook with a ``cells`` sheet and a ``findings`` sheet (continued on ``cells 2`` … past Excel's row
    limit). Counts are numbers, amounts decimals, findings' cell lists joined by spaces."""

    def __init__(self, path: Path, *, max_rows: int = XLSX_MAX_ROWS) -> None:
        try:
            from openpyxl import Workbook
        except ImportError:
            raise GongkaiError(
                "写 XLSX 需要 openpyxl（pip install 'gongkai[data]'）",
                "writing XLSX needs openpyxl (pip install 'gongkai[data]')",
            ) from None
        self.path, self.max_rows = path, max_rows
        self._book = Workbook(write_only=True)
        self._sheets: dict[str, tuple[Any, int, int]] = {}

    def _append(self, name: str, columns: tuple[str, ...], row: list[Any]) -> None:
        sheet, rows, number = self._sheets.get(name, (None, 0, 0))
        if sheet is None or rows >= self.max_rows:
            number += 1
            sheet = self._book.create_sheet(name if number == 1 else f"{name} {number}")
            sheet.append(list(columns))
            rows = 0
        sheet.append(row)
        self._sheets[name] = (sheet, rows + 1, number)

    def write(self, items: list[Loaded]) -> None:
        """Append the rows of ``items`` to both sheets."""
        for item in items:
            for row in cell_rows(item):
                value = row["value"]
                number = row["number"]
                if value is not None and "." not in value and len(value) <= 15:
                    shown: Any = int(value)
                elif value is not None and len(value) <= 15:
                    shown = number
                else:
                    shown = value  # beyond a float's digits: kept exact as text
                cells = [shown if c == "value" else row[c] for c in HEADER]
                self._append("cells", (*HEADER, "findings"), [*cells, " ".join(row["findings"])])
            for row in finding_rows(item):
                values = [" ".join(row[c]) if c == "cells" else row[c] for c in FINDING_COLUMNS]
                self._append("findings", FINDING_COLUMNS, values)

    def close(self) -> list[Path]:
        """Save the workbook (a sheet with only its header when there were no rows); the path written."""
        for name, columns in (
            ("cells", (*HEADER, "findings")),
            ("findings", FINDING_COLUMNS),
        ):
            if name not in self._sheets:
                self._book.create_sheet(name).append(list(columns))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._book.save(str(self.path))
        return [self.path]


__all__ = [
    "CELL_COLUMNS",
    "FINDING_COLUMNS",
    "XLSX_MAX_ROWS",
    "ParquetSink",
    "PartitionedParquetSink",
    "XlsxSink",
    "cell_rows",
    "cell_schema",
    "finding_rows",
    "finding_schema",
    "findings_path",
    "make_rows",
    "tables",
]
