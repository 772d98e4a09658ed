"""``gongkai parse``, ``check`` and ``render``: exit codes, batch input, outputs, languages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.model import Report
from gongkai.parsers import read
from gongkai.renderers import render
from tests.core.checks.builders import bump, valid_report

runner = CliRunner()
SAMPLE = Path(__file__).parents[2] / "data" / "sample-2020-shangdang-sifaju.txt"
HEADER = "source,agency,year,template,key,value,state,printed"


def _save(path: Path, report: Report) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(render(report, "json")), encoding="utf-8")
    return path


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return _save(tmp_path / "good.json", valid_report("2019", year=2020))


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return _save(
        tmp_path / "broken.json",
        bump(valid_report("2021", year=2021, agency="另一局"), "applications.new.commercial", 1),
    )


@pytest.fixture
def garbage(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.json"
    path.write_text('{"agency": 1', encoding="utf-8")
    return path


# --- check -----------------------------------------------------------------------------------------


def test_check_exits_0_without_errors(good: Path) -> None:
    result = runner.invoke(app, ["check", str(good)])
    assert result.exit_code == 0, result.output
    assert "0 个错误" in result.stdout


def test_check_exits_1_and_names_the_rule_on_errors(broken: Path) -> None:
    result = runner.invoke(app, ["check", str(broken)])
    assert result.exit_code == 1
    assert "[applications_row_total]" in result.stdout
    assert "「商业企业」列" in result.stdout


def test_check_exits_2_when_a_file_is_unreadable(good: Path, broken: Path, garbage: Path) -> None:
    result = runner.invoke(app, ["check", str(good), str(broken), str(garbage)])
    assert result.exit_code == 2
    assert str(garbage) in result.stderr


def test_check_sample_report_has_only_heading_warnings() -> None:
    result = runner.invoke(app, ["check", str(SAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [f["rule"] for f in document["files"][0]["findings"]] == ["part_headings", "part_headings"]


def test_check_speaks_english_with_lang_en(broken: Path) -> None:
    result = runner.invoke(app, ["check", str(broken), "--lang", "en"])
    assert result.exit_code == 1
    assert "part 3, row new: the applicant columns add up to" in result.stdout
    assert "错误" not in result.stdout


def test_check_refuses_an_unknown_language(good: Path) -> None:
    assert runner.invoke(app, ["check", str(good), "--lang", "fr"]).exit_code == 2


def _consecutive(tmp_path: Path) -> tuple[Path, Path]:
    before = valid_report("2019", year=2020, agency="某区司法局")
    after = valid_report("2021", year=2021, agency="某区司法局")
    assert before["applications.carried_forward.total"] != after["applications.carried_over.total"]
    return _save(tmp_path / "y2020.json", before), _save(tmp_path / "y2021.json", after)


def test_check_with_previous_catches_mismatched_carry_over(tmp_path: Path) -> None:
    before, after = _consecutive(tmp_path)
    result = runner.invoke(app, ["check", str(after), "--previous", str(before), "--json"])
    assert result.exit_code == 1
    (pair,) = json.loads(result.stdout)["pairs"]
    assert {f["rule"] for f in pair["findings"]} == {"carry_over"}
    assert (pair["previous"], pair["current"]) == (str(before), str(after))


def test_check_pairs_consecutive_years_of_one_agency_by_itself(tmp_path: Path) -> None:
    _consecutive(tmp_path)
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "[carry_over]" in result.stdout


def test_check_compares_a_pair_once_when_previous_is_also_a_file(tmp_path: Path) -> None:
    before, after = _consecutive(tmp_path)
    result = runner.invoke(app, ["check", str(before), str(after), "--previous", str(before), "--json"])
    assert len(json.loads(result.stdout)["pairs"]) == 1


def test_check_json_counts_errors_and_warnings(broken: Path, good: Path) -> None:
    document = json.loads(runner.invoke(app, ["check", str(good), str(broken), "--json"]).stdout)
    rules = [f["rule"] for item in document["files"] for f in item["findings"]]
    assert document["errors"] == len(rules) == 2
    assert (document["pairs"], document["unreadable"]) == ([], 0)


# --- parse -----------------------------------------------------------------------------------------


def test_parse_one_file_to_json_reads_back(good: Path) -> None:
    result = runner.invoke(app, ["parse", str(good)])
    assert result.exit_code == 0, result.output
    assert read(result.stdout.encode()).report == read(good).report


def test_parse_directory_to_one_cells_csv(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _save(folder / "a.json", valid_report("2019", agency="甲"))
    _save(folder / "sub" / "b.json", valid_report("2021", agency="乙"))
    (folder / "notes.md").write_text("not a report", encoding="utf-8")
    out = tmp_path / "all.csv"
    result = runner.invoke(app, ["parse", str(folder), "--format", "cells", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER
    assert text.count("source,agency") == 1
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["agency"] for r in rows} == {"甲", "乙"}
    assert "汇总" in result.stderr


def test_parse_several_json_is_one_array(good: Path, broken: Path) -> None:
    result = runner.invoke(app, ["parse", str(good), str(broken), "-f", "json"])
    assert result.exit_code == 0
    assert [Report.model_validate(o) for o in json.loads(result.stdout)] == [
        read(good).report,
        read(broken).report,
    ]


@pytest.mark.parametrize(("fmt", "suffix"), [("md", ".md"), ("text", ".txt")])
def test_parse_several_to_a_directory_writes_one_file_each(
    tmp_path: Path, good: Path, broken: Path, fmt: str, suffix: str
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(good), str(broken), "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [f"broken{suffix}", f"good{suffix}"]


def test_parse_skips_unreadable_files_and_exits_2(good: Path, garbage: Path) -> None:
    result = runner.invoke(app, ["parse", str(good), str(garbage), "-f", "cells"])
    assert result.exit_code == 2
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["source"] for r in rows} == {str(good)}
    assert "garbage.json" in result.stderr


def test_parse_glob_is_expanded(tmp_path: Path) -> None:
    _save(tmp_path / "r1.json", valid_report(agency="甲"))
    _save(tmp_path / "r2.json", valid_report(agency="乙"))
    result = runner.invoke(app, ["parse", str(tmp_path / "r*.json"), "-f", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 2


def test_parse_refuses_an_unknown_format(good: Path) -> None:
    assert runner.invoke(app, ["parse", str(good), "-f", "xml"]).exit_code == 2


def test_parse_summary_speaks_english_with_lang_en(good: Path, broken: Path) -> None:
    result = runner.invoke(app, ["parse", str(good), str(broken), "--lang", "en"])
    assert "summary" in result.stderr
    assert "汇总" not in result.stderr


# --- render ----------------------------------------------------------------------------------------


def test_render_cells_starts_with_the_header(good: Path) -> None:
    result = runner.invoke(app, ["render", str(good), "--to", "cells"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == HEADER


def test_render_markdown_to_a_file(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = runner.invoke(app, ["render", str(good), "--to", "md", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# 测试市测试局2020年度")


def test_render_binary_needs_an_output_file(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gongkai.cli.render_cmd.render", lambda report, fmt: b"%PDF-1.7 fake")
    assert runner.invoke(app, ["render", str(good), "--to", "pdf"]).exit_code == 2
    out = tmp_path / "r.pdf"
    assert runner.invoke(app, ["render", str(good), "--to", "pdf", "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == b"%PDF-1.7 fake"


@pytest.mark.parametrize("args", [["--to", "nosuch"], ["--to", "../x"]])
def test_render_unknown_format_exits_2(good: Path, args: list[str]) -> None:
    result = runner.invoke(app, ["render", str(good), *args])
    assert result.exit_code == 2
    assert "未知的输出格式" in result.stderr


def test_render_unreadable_file_exits_2(garbage: Path) -> None:
    assert runner.invoke(app, ["render", str(garbage), "--to", "md"]).exit_code == 2


# --- rules -----------------------------------------------------------------------------------------


def test_rules_lists_every_registered_rule() -> None:
    from gongkai.checks import RULES

    result = runner.invoke(app, ["rules", "--json"])
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [r["id"] for r in listed] == list(RULES)
    assert all(r["title_zh"] != r["id"] and r["doc"] for r in listed)


def test_a_json_array_from_parse_is_read_back_report_by_report(
    tmp_path: Path, good: Path, broken: Path
) -> None:
    combined = tmp_path / "all.json"
    result = runner.invoke(app, ["parse", str(good), str(broken), "-o", str(combined)])
    assert result.exit_code == 0
    checked = runner.invoke(app, ["check", str(combined), "--json"])
    assert checked.exit_code == 1
    files = json.loads(checked.stdout)["files"]
    assert [f["source"] for f in files] == [f"{combined}#1", f"{combined}#2"]
    assert [bool(f["findings"]) for f in files] == [False, True]
    again = runner.invoke(app, ["parse", str(combined), "-f", "json"])
    assert [Report.model_validate(o) for o in json.loads(again.stdout)] == [
        read(good).report,
        read(broken).report,
    ]


def test_an_invalid_report_in_a_json_array_is_unreadable(tmp_path: Path, good: Path) -> None:
    combined = tmp_path / "all.json"
    combined.write_text("[" + good.read_text(encoding="utf-8") + ', {"year": "x"}]', encoding="utf-8")
    result = runner.invoke(app, ["check", str(combined)])
    assert result.exit_code == 2
    assert f"{combined}#2" in result.stderr
