"""The JSON writer: the model itself, read back unchanged by gongkai.parsers.read."""

from __future__ import annotations

import json

from hypothesis import given

from gongkai.model import Report
from gongkai.parsers import read
from gongkai.renderers import render
from gongkai.renderers.json import render_many
from tests.core.checks.builders import valid_report
from tests.core.strategies import reports
from tests.hypo import budget


@budget(50)
@given(reports())
def test_any_report_reads_back_unchanged(report: Report) -> None:
    text = render(report, "json")
    assert isinstance(text, str)
    assert read(text.encode("utf-8"), source="x.json").report == report


def test_chinese_is_written_unescaped() -> None:
    text = str(render(valid_report(), "json"))
    assert "测试市测试局" in text
    assert "\\u" not in text


def test_amounts_are_exact_decimal_strings() -> None:
    text = str(render(valid_report(), "json"))
    assert json.loads(text)["cells"]["proactive.procurement.amount"] == "37.3861"


def test_many_reports_are_one_array_of_the_same_objects() -> None:
    items = [valid_report("2019"), valid_report("2021")]
    loaded = json.loads(render_many(items))
    assert [Report.model_validate(obj) for obj in loaded] == items
