"""With the demo loaded, the report generated for 长治市上党区司法局 on 2020 has exactly the sample report's cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from gongkai.checks import check_report
from gongkai.parsers import read

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample-2020-shangdang-sifaju.txt"


@pytest.fixture
def demo_report(db: Any) -> Any:
    from gongkai_web.agencies.models import Agency
    from gongkai_web.annual_reports.selectors import compute_report

    call_command("seed_demo", verbosity=0)
    return compute_report(Agency.objects.get(name="长治市上党区司法局"), 2020)


def test_generated_report_has_every_cell_of_the_sample(demo_report: Any) -> None:
    sample = read(SAMPLE).report
    assert demo_report.template == sample.template == "2019"
    assert list(demo_report.cells) == list(sample.cells)
    differences = {k: (demo_report.cells[k], v) for k, v in sample.cells.items() if demo_report.cells[k] != v}
    assert differences == {}


def test_generated_sample_year_passes_every_cross_check(demo_report: Any) -> None:
    assert check_report(demo_report) == []


def test_prefilled_prose_states_the_years_figures(demo_report: Any) -> None:
    assert "主动公开信息共174条" in demo_report.prose.overview
    assert "工作动态类174条" in demo_report.prose.overview
    assert "未收到政府信息公开申请" in demo_report.prose.overview


def test_prose_states_the_fees_charged_in_the_year(world: Any) -> None:
    from datetime import date

    from gongkai.fees import volume_fee
    from gongkai_web.annual_reports.selectors import compute_report
    from tests.web.applications.helpers import act, received

    app = received(world.agency, date(2024, 10, 21))
    app = act(app, "issue_fee_notice", date(2024, 10, 22), fee=volume_fee(50), how_to_pay="转账")
    act(app, "receive_payment", date(2024, 10, 25))
    report = compute_report(world.agency, 2024)
    assert f"信息处理费的申请1件，共计{volume_fee(50).total}元" in report.prose.overview
    assert volume_fee(50).total > 0
