"""Indicators against hand counts on corpus reports, zero denominators and missing cells."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.indicators import INDICATORS, Indicator, evaluate, formula, indicators_of
from gongkai.parsers import read
from tests.conftest import DATA

CORPUS = DATA / "corpus"
runner = CliRunner()


@pytest.fixture(scope="module")
def huaian() -> dict[str, object]:
    """淮安市人民政府 2024, the published report set as an unruled PDF (counted by hand from the report)."""
    return {
        k: v.value for k, v in indicators_of(read(CORPUS / "pdf-2024-huaian-real-unruled.pdf").report).items()
    }


def test_counts_match_the_hand_counts_of_a_published_report(huaian: dict[str, object]) -> None:
    assert huaian["new_applications"] == 3119
    assert huaian["carried_over"] == 34
    assert huaian["handled"] == 3050
    assert huaian["carried_forward"] == 103
    assert huaian["reconsiderations"] == 351
    assert huaian["lawsuits"] == 26 + 20


def test_substantive_disclosure_rate_is_granted_plus_partial_over_all_results(
    huaian: dict[str, object],
) -> None:
    # 予以公开 1362, 部分公开 454, 总计 3050.
    assert huaian["substantive_disclosure_rate"] == Fraction(1362 + 454, 3050)


def test_correction_rates_count_decided_cases_only(huaian: dict[str, object]) -> None:
    # 行政复议: 维持 72, 纠正 64, 其他 178, 尚未审结 37 — the 37 are left out.
    assert huaian["reconsideration_correction_rate"] == Fraction(64, 72 + 64 + 178)
    # 诉讼: direct 13/4/8 (+1 pending), after review 12/1/1 (+6 pending).
    assert huaian["litigation_correction_rate"] == Fraction(4 + 1, 13 + 4 + 8 + 12 + 1 + 1)


def test_a_report_without_cases_has_no_rates_and_no_division_error() -> None:
    values = indicators_of(read(CORPUS / "docx-2019-sample.docx").report)
    assert values["handled"].value == 0
    for key in (
        "substantive_disclosure_rate",
        "reconsideration_correction_rate",
        "litigation_correction_rate",
    ):
        assert values[key].value is None
        assert values[key].denominator == 0
        assert values[key].display() == "—"


def test_a_missing_cell_leaves_the_indicator_without_a_value_and_names_the_cell() -> None:
    report = read(CORPUS / "docx-2019-sample.docx").report
    cells = {k: v for k, v in report.cells.items() if k != "applications.granted.total"}
    value = evaluate(INDICATORS["substantive_disclosure_rate"], cells)
    assert value.value is None
    assert value.missing == ("applications.granted.total",)


def test_an_indicator_over_other_inputs_evaluates_the_same_way() -> None:
    on_time = Indicator(
        key="on_time_rate", kind="rate", label_zh="按期办结率", label_en="on time",
        numerator=("cases.on_time",), denominator=("cases.answered",),
    )  # fmt: skip
    assert evaluate(on_time, {"cases.on_time": 9, "cases.answered": 12}).value == Fraction(3, 4)
    assert evaluate(on_time, {"cases.on_time": 0, "cases.answered": 0}).display() == "—"


def test_formula_is_stated_in_the_templates_labels() -> None:
    text = formula(INDICATORS["substantive_disclosure_rate"], "2019")
    assert "「（一）予以公开」行「总计」列" in text
    assert "÷ 「（七）总计」行「总计」列" in text


def test_rates_display_as_percentages_with_one_decimal(huaian: dict[str, object]) -> None:
    values = indicators_of(read(CORPUS / "pdf-2024-huaian-real-unruled.pdf").report)
    assert values["substantive_disclosure_rate"].display() == "59.5%"
    assert values["new_applications"].display() == "3,119"


def test_cli_prints_a_dash_for_a_zero_denominator() -> None:
    result = runner.invoke(app, ["indicators", str(CORPUS / "docx-2019-sample.docx")])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if "实质公开率" in line)
    assert "—" in line and "0 / 0" in line


def test_cli_json_gives_null_for_no_value_and_the_rate_as_a_fraction(tmp_path: Path) -> None:
    files = [str(CORPUS / "docx-2019-sample.docx"), str(CORPUS / "pdf-2024-huaian-real-unruled.pdf")]
    result = runner.invoke(app, ["indicators", *files, "--json"])
    assert result.exit_code == 0, result.output
    first, second = json.loads(result.stdout)
    assert first["indicators"]["substantive_disclosure_rate"]["value"] is None
    assert first["indicators"]["substantive_disclosure_rate"]["display"] == "—"
    assert second["indicators"]["substantive_disclosure_rate"]["value"] == round(1816 / 3050, 6)
    assert second["indicators"]["new_applications"]["value"] == 3119
