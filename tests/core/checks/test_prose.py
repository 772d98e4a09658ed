"""Rule prose_consistency: prose against tables, only where the two say the same thing."""

from __future__ import annotations

import pytest

from gongkai.checks import prose_consistency
from gongkai.model import Prose, Report
from tests.core.checks.builders import valid_report


def _report(
    text: str, new: int = 0, carried_over: int = 0, reconsideration: int = 0, handled: int | None = None
) -> Report:
    base = Report.empty(agency="某局", year=2020, template="2019")
    return base.model_copy(update={"prose": Prose(overview=text)}).with_cells(
        {
            "applications.new.total": new,
            "applications.carried_over.total": carried_over,
            "appeals.reconsideration.total": reconsideration,
            "applications.results_total.total": new if handled is None else handled,
        }
    )


@pytest.mark.parametrize(
    ("text", "new", "over", "recon", "cells", "expected", "found"),
    [
        (
            "2020年，我局未收到政府信息公开方面的申请、行政复议和行政诉讼。",
            3,
            0,
            0,
            ("applications.new.total",),
            0,
            3,
        ),
        ("本年度没有收到政府信息公开申请。", 1, 0, 0, ("applications.new.total",), 0, 1),
        (
            "2020年，我局未收到政府信息公开方面的申请、行政复议和行政诉讼。",
            0,
            0,
            2,
            ("appeals.reconsideration.total",),
            0,
            2,
        ),
        ("全年共收到政府信息公开申请12件，均已按时答复。", 10, 0, 0, ("applications.new.total",), 10, 12),
        ("本年度受理依申请公开事项共5件。", 7, 0, 0, ("applications.new.total",), 7, 5),
    ],
)
def test_prose_contradicting_a_comparable_cell_is_a_warning(  # type: ignore[no-untyped-def]
    text, new, over, recon, cells, expected, found
) -> None:
    (finding,) = prose_consistency(_report(text, new, over, recon))
    assert (finding.rule, finding.severity, finding.cells) == ("prose_consistency", "warning", cells)
    assert (finding.expected, finding.found) == (expected, found)


@pytest.mark.parametrize(
    ("text", "new", "over", "recon"),
    [
        ("2020年，我局未收到政府信息公开方面的申请、行政复议和行政诉讼。", 0, 0, 0),
        ("2020年度，通过区政府门户网站累计主动公开信息共174条，其中日常工作动态类174条。", 0, 0, 0),
        ("本年度未收到因政府信息公开申请提起的行政复议。", 4, 0, 0),
        ("未收到行政复议申请，共收到政府信息公开申请4件。", 4, 0, 0),
        ("全年共收到政府信息公开申请12件。", 10, 2, 0),
        ("未发生行政复议被纠错的情况。", 0, 0, 3),
        ("未出现因政府信息公开申请引发的行政诉讼。", 5, 0, 0),
        ("全年办理政府信息公开申请218件。", 218, 0, 0),
    ],
)
def test_prose_agreeing_or_not_comparable_is_silent(text: str, new: int, over: int, recon: int) -> None:
    assert prose_consistency(_report(text, new, over, recon)) == []


def test_no_litigation_claim_against_litigation_counts() -> None:
    report = valid_report("2021").model_copy(update={"prose": Prose(overview="全年未发生行政诉讼案件。")})
    (finding,) = prose_consistency(report)
    assert finding.cells == ("appeals.litigation_direct.total", "appeals.litigation_after_review.total")


def test_stated_number_handled_is_compared_with_results_total() -> None:
    assert (
        prose_consistency(_report("全年办理政府信息公开申请20件。", new=18, carried_over=4, handled=20)) == []
    )
    (finding,) = prose_consistency(_report("全年办理政府信息公开申请218件。", new=5, handled=5))
    assert (finding.expected, finding.found) == (5, 218)
