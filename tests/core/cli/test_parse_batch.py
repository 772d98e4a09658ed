"""``gongkai parse`` on batches: processes, Parquet and XLSX with findings, resuming, skipping what is not a
report, the summary, and a Dask cluster."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gongkai import batch
from gongkai.cli import app
from gongkai.model import CellState, Printed
from gongkai.renderers import render
from tests.conftest import DATA
from tests.core.checks.builders import bump, valid_report

runner = CliRunner()


def _reports(folder: Path, n: int) -> list[Path]:
    """``n`` report files in ``folder``: canonical text, with every third broken (an error finding)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        year = (2019 if i % 2 else 2021) + (i // 2) % 2
        report = valid_report("2019" if i % 2 else "2021", year=year, agency=f"测试局{i}")
        if i % 3 == 0:
            report = bump(report, "applications.new.commercial", 1)
        path = folder / f"r{i:02d}.txt"
        path.write_text(str(render(report, "text")), encoding="utf-8")
        paths.append(path)
    return paths


def _marked(folder: Path) -> Path:
    """A report saved as JSON with cells printed as a dash and as text."""
    report = valid_report("2021", year=2022, agency="印刷局")
    report = report.with_cells({"appeals.reconsideration.other": 0, "proactive.fees.amount": 0}).model_copy(
        update={
            "printed": {
                "proactive.fees.amount": Printed(state=CellState.TEXT, text="无"),
                "appeals.reconsideration.other": Printed(state=CellState.DASH, text="—"),
            }
        }
    )
    path = folder / "marked.json"
    path.write_text(str(render(report.revalidated(), "json")), encoding="utf-8")
    return path


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_several_processes_give_what_one_gives(tmp_path: Path) -> None:
    _reports(tmp_path / "in", 12)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    for jobs, out in (("1", one), ("2", two)):
        result = runner.invoke(
            app, ["parse", str(tmp_path / "in"), "-f", "cells", "-j", jobs, "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert len({r["source"] for r in _csv(one)}) == 12


def test_parquet_read_back_by_pyarrow_equals_the_cells_csv(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    folder = tmp_path / "in"
    _reports(folder, 6)
    _marked(folder)
    out, csv_out = tmp_path / "reports.parquet", tmp_path / "reports.csv"
    assert runner.invoke(app, ["parse", str(folder), "-f", "parquet", "-o", str(out)]).exit_code == 0
    assert runner.invoke(app, ["parse", str(folder), "-f", "cells", "-o", str(csv_out)]).exit_code == 0
    table = pq.read_table(out)
    rows = table.to_pylist()
    expected = _csv(csv_out)
    header = list(expected[0])
    assert table.column_names[: len(header)] == header
    got = [{c: "" if r[c] is None else str(r[c]) for c in header} for r in rows]
    assert got == expected


def test_parquet_rows_carry_how_each_cell_was_printed_and_its_findings(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    folder = tmp_path / "in"
    _reports(folder, 1)
    _marked(folder)
    out = tmp_path / "reports.parquet"
    assert runner.invoke(app, ["parse", str(folder), "-f", "parquet", "-o", str(out)]).exit_code == 0
    rows = {(r["source"].rsplit("/", 1)[1], r["key"]): r for r in pq.read_table(out).to_pylist()}
    fee = rows[("marked.json", "proactive.fees.amount")]
    assert (fee["value"], fee["number"], fee["state"], fee["printed"]) == ("0", 0.0, "text", "无")
    assert rows[("marked.json", "appeals.reconsideration.other")]["state"] == "dash"
    assert rows[("marked.json", "applications.new.total")]["state"] == "number"
    broken = rows[("r00.txt", "applications.new.commercial")]
    assert "applications_row_total" in broken["findings"]


def test_the_findings_table_beside_the_parquet_names_rule_cells_and_messages(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    _reports(tmp_path / "in", 3)
    out = tmp_path / "reports.parquet"
    assert runner.invoke(app, ["parse", str(tmp_path / "in"), "-f", "parquet", "-o", str(out)]).exit_code == 0
    findings = pq.read_table(tmp_path / "reports.findings.parquet").to_pylist()
    broken = [f for f in findings if f["source"].endswith("r00.txt")]
    assert {f["rule"] for f in broken} >= {"applications_row_total", "applications_column_balance"}
    row_total = next(f for f in broken if f["rule"] == "applications_row_total")
    assert row_total["severity"] == "error" and row_total["cells"]
    assert "本年新收" in row_total["message_zh"] and row_total["year"] == 2021
    assert not [f for f in findings if f["source"].endswith("r01.txt") and f["severity"] == "error"]


def test_xlsx_has_a_cells_sheet_with_numbers_and_a_findings_sheet(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _reports(tmp_path / "in", 3)
    out = tmp_path / "reports.xlsx"
    result = runner.invoke(app, ["parse", str(tmp_path / "in"), "-f", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["cells", "findings"]
    cells = list(book["cells"].iter_rows(values_only=True))
    assert cells[0][:6] == ("source", "agency", "year", "template", "key", "value")
    assert isinstance(cells[1][5], int)
    findings = list(book["findings"].iter_rows(values_only=True))
    assert any(row[5] == "applications_row_total" for row in findings[1:])


def test_xlsx_continues_on_a_second_sheet_past_the_row_limit(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from gongkai.dataset import XlsxSink

    loaded = [item for p in _reports(tmp_path / "in", 2) for item in batch.load_many(p)]
    sink = XlsxSink(tmp_path / "small.xlsx", max_rows=100)
    sink.write(loaded)
    sink.close()
    book = load_workbook(tmp_path / "small.xlsx")
    cells = [name for name in book.sheetnames if name.startswith("cells")]
    rows = sum(book[name].max_row - 1 for name in cells)
    assert len(cells) > 1 and rows == sum(len(i.result.report.spec.keys) for i in loaded if i.result)


def test_binary_formats_and_resume_need_an_output(tmp_path: Path) -> None:
    _reports(tmp_path / "in", 1)
    for args in (["-f", "parquet"], ["-f", "xlsx"], ["--resume"]):
        result = runner.invoke(app, ["parse", str(tmp_path / "in"), *args])
        assert result.exit_code == 2
        assert "-o" in result.output


def test_resume_reads_only_the_files_not_read_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    paths = _reports(folder, 8)
    out = tmp_path / "all.csv"
    # The interrupted run: it had read the first five files when it stopped.
    hidden = tmp_path / "later"
    hidden.mkdir()
    for p in paths[5:]:
        shutil.move(p, hidden / p.name)
    assert runner.invoke(app, ["parse", str(folder), "-f", "cells", "-j", "1", "-o", str(out)]).exit_code == 0
    for p in paths[5:]:
        shutil.move(hidden / p.name, p)
    read_now: list[str] = []
    real = batch.load_source

    def counting(source: batch.Source) -> list[batch.Loaded]:
        read_now.append(source.name)
        return real(source)

    monkeypatch.setattr(batch, "load_source", counting)
    result = runner.invoke(app, ["parse", str(folder), "-f", "cells", "-j", "1", "-o", str(out), "--resume"])
    assert result.exit_code == 0, result.output
    assert sorted(read_now) == sorted(str(p) for p in paths[5:])
    assert "5 个文件上次已读" in result.stderr
    fresh = tmp_path / "fresh.csv"
    monkeypatch.setattr(batch, "load_source", real)
    assert runner.invoke(app, ["parse", str(folder), "-f", "cells", "-o", str(fresh)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8")


def test_resume_knows_a_file_by_its_content_under_a_new_name(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    first, *_ = _reports(folder, 2)
    out = tmp_path / "all.csv"
    assert runner.invoke(app, ["parse", str(folder), "-f", "cells", "-o", str(out)]).exit_code == 0
    moved = first.rename(folder / "renamed.txt")
    result = runner.invoke(app, ["parse", str(folder), "-f", "cells", "-o", str(out), "--resume"])
    assert result.exit_code == 0
    assert "2 个文件上次已读" in result.stderr
    sources = {r["source"]: r["agency"] for r in _csv(out)}
    assert sources == {str(moved): "测试局0", str(folder / "r01.txt"): "测试局1"}


def test_a_journal_line_cut_short_by_an_interruption_is_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _reports(folder, 2)
    out = tmp_path / "all.json"
    assert runner.invoke(app, ["parse", str(folder), "-o", str(out)]).exit_code == 0
    journal = tmp_path / "all.json.journal.jsonl"
    lines = journal.read_text(encoding="utf-8").splitlines()
    journal.write_text(lines[0] + "\n" + lines[1][: len(lines[1]) // 2], encoding="utf-8")
    result = runner.invoke(app, ["parse", str(folder), "-o", str(out), "--resume"])
    assert result.exit_code == 0
    assert "1 个文件上次已读" in result.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 2


def test_a_directory_search_passes_by_json_that_is_not_a_report(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("html-2019-sample-gb2312", "docx-2019-sample"):
        for suffix in (".html", ".docx", ".expected.json"):
            if (DATA / "corpus" / f"{name}{suffix}").exists():
                shutil.copy(DATA / "corpus" / f"{name}{suffix}", folder)
    result = runner.invoke(app, ["parse", str(folder), "-f", "cells"])
    assert result.exit_code == 0, result.output
    assert "跳过 2 个不是年报的 JSON 文件" in result.stderr
    assert "expected.json" not in result.stdout
    named = runner.invoke(app, ["parse", str(folder / "docx-2019-sample.expected.json")])
    assert named.exit_code == 2  # named by the user: tried, and reported


def test_the_summary_counts_clean_warned_erroneous_and_unreadable_reports(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _reports(folder, 6)
    (folder / "junk.txt").write_text("这不是年报", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(folder), "-f", "cells", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert "共读取 6 份年报：无问题 4，有警告 0，有错误 2；无法读取 1" in result.stderr.replace("\n", "")


def test_loaded_results_survive_the_journal_and_pickling(tmp_path: Path) -> None:
    import pickle

    good, *_ = batch.load_many(_reports(tmp_path, 1)[0])
    bad = batch.load(tmp_path / "missing.txt")
    for item in (good, bad):
        again = batch.Loaded.from_json(json.loads(json.dumps(item.to_json())))
        assert again.to_json() == item.to_json()
        assert pickle.loads(pickle.dumps(item)).to_json() == item.to_json()
    assert bad.error is not None
    assert pickle.loads(pickle.dumps(bad.error)).message_zh == bad.error.message_zh


def test_a_dask_cluster_reads_the_batch_into_partitioned_parquet(tmp_path: Path) -> None:
    import pyarrow.dataset as ds
    from distributed import LocalCluster

    folder = tmp_path / "in"
    _reports(folder, 8)
    out, csv_out = tmp_path / "dataset", tmp_path / "reports.csv"
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as cluster:
        result = runner.invoke(
            app,
            ["parse", str(folder), "-f", "parquet", "-o", str(out), "--scheduler", cluster.scheduler_address],
        )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "cells").iterdir()) == [f"year={y}" for y in range(2019, 2023)]
    assert runner.invoke(app, ["parse", str(folder), "-f", "cells", "-o", str(csv_out)]).exit_code == 0
    table = ds.dataset(out / "cells", format="parquet", partitioning="hive").to_table()
    header = list(_csv(csv_out)[0])
    got = sorted(tuple("" if r[c] is None else str(r[c]) for c in header) for r in table.to_pylist())
    assert got == sorted(tuple(r.values()) for r in _csv(csv_out))
    findings = ds.dataset(out / "findings", format="parquet", partitioning="hive").to_table()
    assert findings.num_rows > 0


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "SCHEDULER_TIMEOUT", 1.0)
    _reports(tmp_path / "in", 1)
    out = tmp_path / "x.parquet"
    result = runner.invoke(
        app,
        ["parse", str(tmp_path / "in"), "-f", "parquet", "-o", str(out), "--scheduler", "tcp://127.0.0.1:9"],
    )
    assert result.exit_code == 2
    assert "无法连接 Dask 调度器 tcp://127.0.0.1:9" in result.stderr


def test_one_file_written_to_an_output_leaves_no_journal_beside_it(tmp_path: Path) -> None:
    (path,) = _reports(tmp_path / "in", 1)
    out = tmp_path / "one.json"
    assert runner.invoke(app, ["parse", str(path), "-o", str(out)]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "one.json"]


# --- rows made by the processes that read the files (the parent only concatenates them) ----------------


def _tables(path: Path) -> tuple[Any, Any]:
    import pyarrow.parquet as pq

    from gongkai.dataset import findings_path

    return pq.read_table(path), pq.read_table(findings_path(path))


def test_parquet_rows_made_by_two_processes_equal_those_made_by_one(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _reports(folder, 14)
    _marked(folder)
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    for jobs, out in (("1", one), ("2", two)):
        result = runner.invoke(app, ["parse", str(folder), "-f", "parquet", "-j", jobs, "-o", str(out)])
        assert result.exit_code == 0, result.output
    (cells_one, findings_one), (cells_two, findings_two) = _tables(one), _tables(two)
    assert cells_one.equals(cells_two)
    assert findings_one.equals(findings_two)
    assert findings_one.num_rows > 0


def test_a_resumed_parquet_batch_with_two_processes_equals_a_fresh_one(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    paths = _reports(folder, 16)
    out = tmp_path / "all.parquet"
    hidden = tmp_path / "later"
    hidden.mkdir()
    for p in paths[::3]:  # journal entries and fresh reads interleave in the resumed run
        shutil.move(p, hidden / p.name)
    assert (
        runner.invoke(app, ["parse", str(folder), "-f", "parquet", "-j", "2", "-o", str(out)]).exit_code == 0
    )
    for p in paths[::3]:
        shutil.move(hidden / p.name, p)
    args = ["parse", str(folder), "-f", "parquet", "-j", "2", "-o", str(out), "--resume"]
    assert runner.invoke(app, args).exit_code == 0
    fresh = tmp_path / "fresh.parquet"
    assert (
        runner.invoke(app, ["parse", str(folder), "-f", "parquet", "-j", "1", "-o", str(fresh)]).exit_code
        == 0
    )
    (cells, findings), (cells_fresh, findings_fresh) = _tables(out), _tables(fresh)
    assert cells.equals(cells_fresh)
    assert findings.equals(findings_fresh)


def test_dataset_tables_are_the_same_whether_rows_were_made_where_read_or_here() -> None:
    from gongkai import dataset

    sources = [batch.Source(path=p) for p in sorted((DATA / "corpus").glob("*.txt"))[:9]]
    assert len(sources) >= 5
    made = [i for chunk in batch._chunks(sources, 4) for s in batch._load_chunk(chunk, rows=True) for i in s]
    plain = [i for s in batch._load_chunk(sources) for i in s]
    mixed = [m if n % 3 else p for n, (m, p) in enumerate(zip(made, plain, strict=True))]
    assert all(i.rows is not None for i in made) and all(i.rows is None for i in plain)
    for items, built_here in ((made, plain), (mixed, plain), (made[2:7], plain[2:7])):
        cells, findings = dataset.tables(items)
        want_cells, want_findings = dataset.tables(built_here)
        assert cells.equals(want_cells)
        assert findings.equals(want_findings)


def test_a_light_entry_keeps_its_status_journal_line_and_rows_but_not_its_result() -> None:
    sources = [batch.Source(path=p) for p in sorted((DATA / "corpus").glob("*.txt"))[:4]]
    full = [i for s in batch._load_chunk(sources, encode=True, rows=True) for i in s]
    light = [i for s in batch._load_chunk(sources, encode=True, rows=True, light=True) for i in s]
    for f, item in zip(full, light, strict=True):
        assert item.result is None and item.findings == []
        assert (item.status, item.ok, item.encoded) == (f.status, f.ok, f.encoded)
        assert item.rows is not None


def test_a_parquet_batch_past_the_summary_limit_reads_the_same_with_two_processes(tmp_path: Path) -> None:
    from gongkai.cli.parse_cmd import TABLE_LIMIT

    folder = tmp_path / "in"
    _reports(folder, TABLE_LIMIT + 14)
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    outputs = []
    for jobs, out in (("1", one), ("2", two)):
        result = runner.invoke(app, ["parse", str(folder), "-f", "parquet", "-j", jobs, "-o", str(out)])
        assert result.exit_code == 0, result.output
        outputs.append(result.stderr.splitlines()[-1])
    assert outputs[0] == outputs[1]
    assert f"共读取 {TABLE_LIMIT + 14} 份年报" in outputs[0]
    (cells_one, findings_one), (cells_two, findings_two) = _tables(one), _tables(two)
    assert cells_one.equals(cells_two)
    assert findings_one.equals(findings_two)
    resumed = runner.invoke(
        app, ["parse", str(folder), "-f", "parquet", "-j", "2", "-o", str(two), "--resume"]
    )
    assert resumed.exit_code == 0, resumed.output
    assert _tables(two)[0].equals(cells_one)
