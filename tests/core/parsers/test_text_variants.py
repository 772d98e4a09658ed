"""Variations of the tab/newline layout that other readers and real reports produce."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.model import Report
from gongkai.parsers.text import parse_text
from gongkai.renderers.text import render


def _report(template: str = "2019", year: int = 2020) -> Report:
    report = Report.empty(agency="某市某局", year=year, template=template)
    values: dict[str, int | Decimal] = {
        "applications.new.natural_person": 1234,
        "applications.new.commercial": 6,
        "applications.new.total": 1240,
        "applications.granted.natural_person": 1234,
        "applications.granted.commercial": 6,
        "applications.granted.total": 1240,
        "applications.results_total.natural_person": 1234,
        "applications.results_total.commercial": 6,
        "applications.results_total.total": 1240,
        "appeals.reconsideration.upheld": 2,
        "appeals.reconsideration.total": 2,
    }
    if template == "2019":
        values |= {"proactive.procurement.count": 3, "proactive.procurement.amount": Decimal("30.3861")}
    else:
        values |= {"proactive.fees.amount": Decimal("96171.6")}
    return report.with_cells(values)


def _rules(text: str) -> list[str]:
    return [w.rule for w in parse_text(text).warnings]


def test_full_width_digits_read_as_digits() -> None:
    report = _report()
    text = render(report).translate({ord(str(d)): 0xFF10 + d for d in range(10)})
    assert parse_text(text).report.cells == report.cells


@pytest.mark.parametrize("printed", ["1,234", "1，234"])
def test_thousands_separators(printed: str) -> None:
    report = _report()
    text = render(report).replace("\t1234\n", f"\t{printed}\n")
    assert parse_text(text).report.cells == report.cells


@pytest.mark.parametrize(
    ("printed", "amount"),
    [
        ("303861元", Decimal("30.3861")),
        ("251000元", Decimal("25.1")),
        ("75394432.52元", Decimal("7539.443252")),
    ],
)
def test_amounts_in_yuan_become_wan_yuan(printed: str, amount: Decimal) -> None:
    text = render(_report()).replace("\t30.3861万元\n", f"\t{printed}\n")
    result = parse_text(text)
    assert result.report.cells["proactive.procurement.amount"] == amount
    assert "unit_assumed" not in [w.rule for w in result.warnings]


def test_bare_amount_without_unit_header_is_read_as_wan_yuan_with_a_warning() -> None:
    result = parse_text(render(_report()).replace("\t30.3861万元\n", "\t30.3861\n"))
    assert result.report.cells["proactive.procurement.amount"] == Decimal("30.3861")
    warning = next(w for w in result.warnings if w.rule == "unit_assumed")
    assert warning.cells == ("proactive.procurement.amount",)


def test_bare_fee_amount_under_the_2021_unit_header_needs_no_warning() -> None:
    result = parse_text(render(_report("2021", 2022)).replace("\t96171.6万元\n", "\t96171.6\n"))
    assert result.report.cells["proactive.fees.amount"] == Decimal("96171.6")
    assert result.warnings == []


@pytest.mark.parametrize("marker", ["", "-", "—", "/", "／", "－"])
def test_blank_markers_read_as_zero_naming_the_cell(marker: str) -> None:
    report = _report()
    text = render(report).replace("\t规章\n\t0\n", f"\t规章\n\t{marker}\n", 1)
    result = parse_text(text)
    assert result.report.cells == report.cells
    warning = next(w for w in result.warnings if w.rule == "blank_cell")
    assert warning.cells == ("proactive.regulations.made",)


def test_header_repeated_mid_table_after_a_page_break() -> None:
    report = _report()
    text = render(report)
    start = text.index("\t（本列数据")
    header = text[start : text.index("\t一、本年新收")]
    text = text.replace("\t\n\t（三）不予公开", header + "\t\n\t（三）不予公开", 1)
    assert parse_text(text).report.cells == report.cells


def test_labels_and_headers_split_over_lines() -> None:
    report = _report()
    text = (
        render(report)
        .replace("\t本年新制作数量", "\t本年新\n制作数量")
        .replace("（区分处理的，只计这一情形，", "（区分处理的，只计这一情形，\n")
    )
    assert parse_text(text).report.cells == report.cells


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("长治市上党区司法局\n2020年度政府信息公开工作年度报告", "长治市上党区司法局", 2020),
        ("标题: 平潭综合实验区2020年度政府信息公开工作年度报告", "平潭综合实验区", 2020),
        ("      淮安市人民政府\n     2024 年政府信息公开工作年度报告", "淮安市人民政府", 2024),
        ("某县人民政府关于2021年度政府信息公开工作年度报告", "某县人民政府", 2021),
    ],
)
def test_title_gives_agency_and_year(title: str, agency: str, year: int) -> None:
    report = _report("2021", 2023)
    text = render(report).replace("某市某局\n2023年度政府信息公开工作年度报告", title)
    result = parse_text(text).report
    assert (result.agency, result.year) == (agency, year)


def test_missing_title_warns_about_year_and_agency() -> None:
    text = render(_report()).replace("某市某局\n2020年度政府信息公开工作年度报告", "")
    rules = _rules(text)
    assert "year_not_found" in rules
    assert "agency_not_found" in rules


def test_template_falls_back_to_the_year_when_no_label_decides() -> None:
    text = render(_report())
    text = text[: text.index("\t第二十条")] + text[text.index("三、收到和处理") :]
    result = parse_text(text)
    assert result.report.template == "2019"
    rules = [w.rule for w in result.warnings]
    assert "template_detected_from_year" in rules
    assert "table_missing" in rules


@pytest.mark.parametrize(
    ("printed", "numeral"), [("2、 主动公开政府信息情况", "2"), ("四、主动公开政府信息情况", "四")]
)
def test_misnumbered_heading_is_reported(printed: str, numeral: str) -> None:
    result = parse_text(render(_report()).replace("二、主动公开政府信息情况", printed))
    warning = next(w for w in result.warnings if w.rule == "part_headings")
    assert (warning.found, warning.expected) == (numeral, "二")


def test_preamble_listing_part_titles_is_not_a_heading() -> None:
    report = _report()
    preamble = "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六个部分。"
    text = render(report).replace("一、总体情况\n", f"{preamble}\n一、总体情况\n概况。\n")
    result = parse_text(text)
    assert result.report.prose.overview == "概况。"
    assert result.report.cells == report.cells


def test_row_with_too_few_numbers_is_an_error_naming_the_row() -> None:
    text = render(_report()).replace("\t行政许可\n\t0\n\t0\n\t0\n", "\t行政许可\n\t0\n")
    warning = next(w for w in parse_text(text).warnings if w.rule == "row_length")
    assert warning.severity == "error"
    assert warning.cells == (
        "proactive.licensing.previous",
        "proactive.licensing.change",
        "proactive.licensing.decisions",
    )


def test_cell_text_outside_the_template_is_an_unknown_label() -> None:
    report = _report()
    text = render(report).replace("\t其他对外管理服务事项\n", "\t其他对外管理服务事项\n\t（含备案）\n", 1)
    text = text.replace("\t（含备案）\n\t0\n\t0\n\t0\n", "\t（含备案）\n\t0\n\t0\n\t0\n", 1)
    warning = next(w for w in parse_text(text).warnings if w.rule == "unknown_label")
    assert "（含备案）" in warning.message_zh


def test_template_text_is_never_an_unknown_label() -> None:
    assert "unknown_label" not in _rules(render(_report("2021", 2022)))


def test_agency_keeps_its_full_width_characters() -> None:
    text = render(_report()).replace("某市某局\n", "某市某局（某办公室）\n")
    assert parse_text(text).report.agency == "某市某局（某办公室）"
