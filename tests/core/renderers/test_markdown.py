"""The Markdown writer: title, six parts in order with prose, tables with the template's labels."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.model import Prose
from gongkai.renderers import render
from gongkai.templates import get_template
from tests.core.checks.builders import valid_report


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_parts_come_in_order_after_the_title(template: str) -> None:
    text = str(render(valid_report(template), "md"))
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[0] == "# 测试市测试局2020年度政府信息公开工作年度报告" or headings[0].startswith(
        "# 测试市测试局"
    )
    assert headings[1:] == [f"## {p.heading}" for p in get_template(template).parts]


def test_prose_sits_under_its_part() -> None:
    report = valid_report().model_copy(update={"prose": Prose(overview="总体良好。", problems="仍有不足。")})
    text = str(render(report, "markdown"))
    assert text.index("## 一、总体情况") < text.index("总体良好。") < text.index("## 二、")
    assert text.index("## 五、") < text.index("仍有不足。") < text.index("## 六、")


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_every_row_is_a_table_line_with_its_values(template: str) -> None:
    report = valid_report(template)
    spec = report.spec
    lines = str(render(report, "md")).splitlines()
    for row in spec.applications.rows:
        values = [str(report[f"applications.{row.key}.{c.key}"]) for c in spec.applications.columns]
        matching = [line for line in lines if line.startswith("| ") and row.printed in line]
        assert any(line.endswith(" | ".join(values) + " |") for line in matching), row.key


def test_part_three_header_names_the_applicant_columns() -> None:
    text = str(render(valid_report(), "md"))
    header = next(line for line in text.splitlines() if line.startswith("| 申请人情况"))
    for label in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"):
        assert label in header


def test_amount_is_printed_as_in_the_model() -> None:
    report = valid_report().with_cells({"proactive.procurement.amount": Decimal("30.3861")})
    line = next(ln for ln in str(render(report, "md")).splitlines() if ln.startswith("| 政府集中采购"))
    assert line.endswith("| 30.3861 |")
