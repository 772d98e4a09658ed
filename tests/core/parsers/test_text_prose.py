"""Titles, agencies and prose: the agency from the title only, page furniture out, paragraphs rejoined."""

from __future__ import annotations

import pytest

from gongkai.model import Prose, Report
from gongkai.parsers.text import parse_text
from gongkai.renderers.text import render
from tests.core.checks.builders import valid_report

TITLE = "测试市测试局\n2020年度政府信息公开工作年度报告"
OVERVIEW = "本年度我局认真贯彻落实条例。\n全年主动公开政府信息五百余条。"


def _report() -> Report:
    return valid_report().model_copy(
        update={"prose": Prose(overview=OVERVIEW, other="无其他需要报告的事项。")}
    )


def _text() -> str:
    text = render(_report())
    assert TITLE in text
    return text


@pytest.mark.parametrize(
    "sentence",
    [
        "现将本机关2020年度政府信息公开工作年度报告公布如下。",
        "根据《条例》要求，测试市测试局编制了2020年度政府信息公开工作年度报告。",
        "按照要求，发布本局2020年度政府信息公开工作年度报告",
    ],
)
def test_the_agency_is_never_taken_from_a_prose_sentence(sentence: str) -> None:
    result = parse_text(_text().replace(TITLE, sentence))
    assert result.report.agency == ""
    assert "agency_not_found" in {w.rule for w in result.warnings}


def test_a_breadcrumb_naming_the_report_is_not_its_title() -> None:
    crumb = "首页 > 政务公开 > 某某网2020年度政府信息公开工作年度报告\n"
    result = parse_text(crumb + _text())
    assert (result.report.agency, result.report.year) == ("测试市测试局", 2020)


def test_the_agency_line_above_the_title_is_never_page_chrome() -> None:
    text = _text().replace(TITLE, "首页 > 政务公开 > 年度报告\n2020年度政府信息公开工作年度报告")
    assert parse_text(text).report.agency == ""


def test_without_a_title_the_year_comes_from_the_reports_statement_of_its_period() -> None:
    text = _text().replace(
        TITLE, "2018年我局开始网上公开。\n本报告所列数据统计期限为2020年1月1日至2020年12月31日。"
    )
    result = parse_text(text)
    assert result.report.year == 2020
    assert "year_not_found" in {w.rule for w in result.warnings}


@pytest.mark.parametrize(
    "furniture",
    [
        "首页 > 政务公开 > 政府信息公开年报",
        "当前位置：首页 > 信息公开",
        "【打印】【关闭】",
        "打印本页 关闭窗口",
        "字号：大 中 小",
        "— 3 —",
        "- 3 -",
        "第 3 页 共 9 页",
        "主办单位：测试市人民政府办公室 联系电话：0355-1234567",
        "版权所有：测试市人民政府 网站标识码 1404000001",
    ],
)
def test_page_furniture_is_kept_out_of_the_prose(furniture: str) -> None:
    text = _text().replace(OVERVIEW, OVERVIEW.replace("\n", f"\n{furniture}\n"))
    text += furniture + "\n"
    prose = parse_text(text).report.prose
    assert prose.overview == OVERVIEW
    assert prose.other == "无其他需要报告的事项。"


def test_a_flipbooks_page_prefix_is_dropped() -> None:
    text = _text().replace("全年主动公开", "Page8-全年主动公开")
    assert parse_text(text).report.prose.overview == OVERVIEW


def test_a_running_header_of_a_paginated_text_is_kept_out_of_the_prose() -> None:
    header = "测试市测试局2020年度政府信息公开工作年度报告"
    page = f"\n- 2 -\n\f{header}\n"
    text = (
        _text()
        .replace(OVERVIEW, OVERVIEW.replace("\n", page + "\n"))
        .replace("无其他需要报告的事项。", f"无其他需要报告的事项。{page}{page}")
    )
    prose = parse_text(text).report.prose
    assert prose.overview == OVERVIEW
    assert prose.other == "无其他需要报告的事项。"


def test_a_sentence_broken_over_lines_and_spaced_is_one_paragraph_again() -> None:
    broken = (
        "2024 年，市政府网站主动公开各类政\n\n府信息     5500 余条。\n（一）主动公开情况\n全年新增规章 1 件。"
    )
    text = _text().replace(OVERVIEW, broken)
    overview = parse_text(text).report.prose.overview
    assert (
        overview == "2024年，市政府网站主动公开各类政府信息5500余条。\n（一）主动公开情况\n全年新增规章1件。"
    )


def test_latin_words_keep_their_spaces() -> None:
    text = _text().replace(OVERVIEW, "通过 Open Data 平台公开数据。")
    assert parse_text(text).report.prose.overview == "通过 Open Data 平台公开数据。"
