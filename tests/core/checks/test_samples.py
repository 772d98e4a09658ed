"""The checks on the real reports in tests/data: what they find, and that they hide nothing."""

from __future__ import annotations

from pathlib import Path

from gongkai.checks import check_report
from gongkai.parsers import read

DATA = Path(__file__).parents[2] / "data"


def test_sample_report_passes_every_check() -> None:
    assert check_report(read(DATA / "sample-2020-shangdang-sifaju.txt").report) == []


def test_published_imbalance_of_pingtan_2020_is_reported_by_the_results_rule() -> None:
    report = read(DATA / "samples" / "pingtan-2020-flattened.txt").report
    findings = [f for f in check_report(report) if f.is_error]
    assert {f.rule for f in findings} == {"applications_results_total"}
    by_column = {f.cells[-1]: (f.expected, f.found) for f in findings}
    results = report.spec.applications.result_rows
    for key, (expected, found) in by_column.items():
        column = key.rsplit(".", 1)[1]
        assert expected == sum(int(report[f"applications.{r}.{column}"]) for r in results)
        assert found == report[key]
        assert expected > found
    assert "applications.results_total.total" in by_column


def test_2024_reports_have_no_errors() -> None:
    for name in ("pingtan-2024-flattened.txt", "huaian-2024-pdftotext.txt"):
        report = read(DATA / "samples" / name).report
        assert not [f for f in check_report(report) if f.is_error], name
