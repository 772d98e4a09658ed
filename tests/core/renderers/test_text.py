"""The canonical text writer: the sample's tab/newline layout, template labels, correct numerals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.model import Prose, Report
from gongkai.renderers import render
from gongkai.renderers.text import format_amount
from gongkai.renderers.text import render as render_text
from gongkai.templates import PARTS

SAMPLE = Path(__file__).parents[2] / "data" / "sample-2020-shangdang-sifaju.txt"


def _sample_like() -> Report:
    report = Report.empty(agency="长治市上党区司法局", year=2020, template="2019")
    return report.with_cells(
        {"proactive.procurement.count": 3, "proactive.procurement.amount": Decimal("30.3861")}
    )


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (Decimal("30.38610"), "30.3861"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.000001"), "0.000001"),
        (Decimal("0"), "0"),
        (Decimal("0.00"), "0"),
        (Decimal("5949.088667"), "5949.088667"),
    ],
)
def test_amounts_are_plain_decimals_without_exponent(value: Decimal, printed: str) -> None:
    assert format_amount(value) == printed


def test_headings_carry_the_template_numerals_in_order() -> None:
    lines = render_text(_sample_like()).splitlines()
    headings = [line for line in lines if any(line == p.heading for p in PARTS)]
    assert headings == [p.heading for p in PARTS]


def test_title_lines_name_agency_and_year() -> None:
    lines = [line for line in render_text(_sample_like()).splitlines() if line]
    assert lines[:2] == ["长治市上党区司法局", "2020年度政府信息公开工作年度报告"]


def test_amount_cell_is_written_in_wan_yuan() -> None:
    assert "\t政府集中采购\n\t3\n\t30.3861万元\n" in render_text(_sample_like())


def test_parts_three_and_four_match_the_sample_layout_line_for_line() -> None:
    sample = SAMPLE.read_text(encoding="utf-8").splitlines()
    ours = render_text(_sample_like()).splitlines()

    def section(lines: list[str], end: str) -> list[str]:
        start = lines.index("三、收到和处理政府信息公开申请情况")
        stop = next(i for i, line in enumerate(lines) if line.startswith(end))
        return [line.rstrip() for line in lines[start:stop]]

    assert section(ours, "五、") == section(sample, "5、")


def test_missing_cell_is_left_blank() -> None:
    report = Report(agency="某局", year=2021, template="2021", cells={"proactive.licensing.decisions": 4})
    text = render_text(report)
    assert "\t行政许可\n\t4\n" in text
    assert "\t行政处罚\n\t\n" in text


def test_prose_of_every_part_is_written_under_its_heading() -> None:
    report = _sample_like().model_copy(
        update={"prose": Prose(overview="甲。", problems="乙。", other="丙。")}
    )
    text = render_text(report)
    assert "一、总体情况\n甲。\n" in text
    assert "五、存在的主要问题及改进情况\n乙。\n" in text
    assert "六、其他需要报告的事项\n丙。\n" in text


def test_dispatcher_renders_text_and_refuses_unknown_formats() -> None:
    report = _sample_like()
    assert render(report, "text") == render_text(report)
    from gongkai.errors import GongkaiError

    with pytest.raises(GongkaiError):
        render(report, "no-such-format")
