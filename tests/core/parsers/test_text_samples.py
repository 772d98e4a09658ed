"""The three real reports in tests/data/samples/: two flattened web pages and one pdftotext dump.

Expected values are read by hand from the text of each file.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from gongkai.parsers.result import ParseResult
from gongkai.parsers.text import parse_text

SAMPLES = Path(__file__).parents[2] / "data" / "samples"
A = "applications."
COLS = ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total")
BLOCKS = ("reconsideration", "litigation_direct", "litigation_after_review")
APPEAL_COLS = ("upheld", "corrected", "other", "pending", "total")


@cache
def _read(name: str) -> ParseResult:
    return parse_text((SAMPLES / name).read_text(encoding="utf-8"), source=name)


def _row(name: str, row: str) -> list[int]:
    cells = _read(name).report.cells
    return [int(cells[f"{A}{row}.{c}"]) for c in COLS]


def _appeals(name: str) -> list[int]:
    cells = _read(name).report.cells
    return [int(cells[f"appeals.{b}.{c}"]) for b in BLOCKS for c in APPEAL_COLS]


HUAIAN = "huaian-2024-pdftotext.txt"
PT2020 = "pingtan-2020-flattened.txt"
PT2024 = "pingtan-2024-flattened.txt"


@pytest.mark.parametrize(
    ("name", "agency", "year", "template"),
    [
        (HUAIAN, "淮安市人民政府", 2024, "2021"),
        (PT2020, "平潭综合实验区", 2020, "2019"),
        (PT2024, "平潭综合实验区", 2024, "2021"),
    ],
)
def test_agency_year_and_template_of_each_sample(name: str, agency: str, year: int, template: str) -> None:
    report = _read(name).report
    assert (report.agency, report.year, report.template) == (agency, year, template)


@pytest.mark.parametrize("name", [HUAIAN, PT2020, PT2024])
def test_samples_read_every_cell_without_errors(name: str) -> None:
    result = _read(name)
    assert result.report.missing() == []
    assert [w for w in result.warnings if w.severity == "error"] == []


@pytest.mark.parametrize(
    ("name", "row", "values"),
    [
        (HUAIAN, "new", [3001, 53, 0, 0, 61, 4, 3119]),
        (HUAIAN, "carried_over", [34, 0, 0, 0, 0, 0, 34]),
        (HUAIAN, "granted", [1288, 21, 0, 0, 50, 3, 1362]),
        (HUAIAN, "partially_granted", [447, 7, 0, 0, 0, 0, 454]),
        (HUAIAN, "withheld.prohibited_by_law", [30, 1, 0, 0, 0, 0, 31]),
        (HUAIAN, "withheld.query_matters", [105, 0, 0, 0, 0, 0, 105]),
        (HUAIAN, "unavailable.not_held", [746, 12, 0, 0, 10, 1, 769]),
        (HUAIAN, "unavailable.needs_creation", [11, 0, 0, 0, 0, 0, 11]),
        (HUAIAN, "not_processed.petition", [56, 6, 0, 0, 0, 0, 62]),
        (HUAIAN, "not_processed.confirmation", [1, 0, 0, 0, 0, 0, 1]),
        (HUAIAN, "other.no_correction", [67, 3, 0, 0, 1, 0, 71]),
        (HUAIAN, "other.unpaid_fee", [6, 0, 0, 0, 0, 0, 6]),
        (HUAIAN, "other.misc", [108, 2, 0, 0, 0, 0, 110]),
        (HUAIAN, "results_total", [2932, 53, 0, 0, 61, 4, 3050]),
        (HUAIAN, "carried_forward", [103, 0, 0, 0, 0, 0, 103]),
        (PT2020, "new", [20, 0, 0, 0, 0, 1, 21]),
        (PT2020, "carried_over", [0, 0, 0, 0, 0, 0, 0]),
        (PT2020, "granted", [6, 0, 0, 0, 0, 1, 7]),
        (PT2020, "partially_granted", [6, 0, 0, 0, 0, 0, 6]),
        (PT2020, "unavailable.not_held", [4, 0, 0, 0, 0, 0, 4]),
        (PT2020, "unavailable.still_unclear", [3, 0, 0, 0, 0, 0, 3]),
        (PT2020, "not_processed.duplicate", [3, 0, 0, 0, 0, 0, 3]),
        (PT2020, "other", [4, 0, 0, 0, 0, 0, 4]),
        (PT2020, "results_total", [20, 0, 0, 0, 0, 1, 21]),
        (PT2020, "carried_forward", [0, 0, 0, 0, 0, 0, 0]),
        (PT2024, "new", [217, 1, 0, 0, 0, 0, 218]),
        (PT2024, "granted", [71, 0, 0, 0, 0, 0, 71]),
        (PT2024, "partially_granted", [29, 0, 0, 0, 0, 0, 29]),
        (PT2024, "withheld.state_secret", [4, 0, 0, 0, 0, 0, 4]),
        (PT2024, "withheld.internal_affairs", [32, 0, 0, 0, 0, 0, 32]),
        (PT2024, "unavailable.not_held", [75, 0, 0, 0, 0, 0, 75]),
        (PT2024, "not_processed.duplicate", [1, 0, 0, 0, 0, 0, 1]),
        (PT2024, "other.no_correction", [1, 0, 0, 0, 0, 0, 1]),
        (PT2024, "other.misc", [1, 1, 0, 0, 0, 0, 2]),
        (PT2024, "results_total", [217, 1, 0, 0, 0, 0, 218]),
    ],
)
def test_applications_rows(name: str, row: str, values: list[int]) -> None:
    assert _row(name, row) == values


@pytest.mark.parametrize(
    ("name", "values"),
    [
        (HUAIAN, [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]),
        (PT2024, [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]),
        (PT2020, [0] * 15),
    ],
)
def test_appeals_blocks(name: str, values: list[int]) -> None:
    assert _appeals(name) == values


@pytest.mark.parametrize(
    ("name", "key", "value"),
    [
        (HUAIAN, "proactive.regulations.issued", 1),
        (HUAIAN, "proactive.regulations.repealed", 0),
        (HUAIAN, "proactive.regulations.in_force", 11),
        (HUAIAN, "proactive.normative_documents.issued", 8),
        (HUAIAN, "proactive.normative_documents.repealed", 26),
        (HUAIAN, "proactive.normative_documents.in_force", 66),
        (HUAIAN, "proactive.licensing.decisions", 447228),
        (HUAIAN, "proactive.penalty.decisions", 3985758),
        (HUAIAN, "proactive.enforcement.decisions", 88283),
        (HUAIAN, "proactive.fees.amount", Decimal("96171.6")),
        (PT2024, "proactive.regulations.in_force", 0),
        (PT2024, "proactive.normative_documents.issued", 62),
        (PT2024, "proactive.licensing.decisions", 4529),
        (PT2024, "proactive.penalty.decisions", 1100),
        (PT2024, "proactive.enforcement.decisions", 65),
        (PT2024, "proactive.fees.amount", Decimal("18651.06")),
        (PT2020, "proactive.regulations.made", 0),
        (PT2020, "proactive.regulations.total_published", 7),
        (PT2020, "proactive.penalty.previous", 2648),
        (PT2020, "proactive.penalty.change", -18),
        (PT2020, "proactive.penalty.decisions", 538),
        (PT2020, "proactive.fees.previous", 35),
        (PT2020, "proactive.fees.change", -15),
        (PT2020, "proactive.procurement.count", 395),
        (PT2020, "proactive.procurement.amount", Decimal("7380.28959")),
    ],
)
def test_proactive_cells(name: str, key: str, value: int | Decimal) -> None:
    assert _read(name).report.cells[key] == value


def test_pingtan_2020_keeps_its_published_imbalance() -> None:
    report = _read(PT2020).report
    results = sum(int(report.cells[f"{A}{row}.total"]) for row in report.spec.applications.result_rows)
    assert results == 27
    assert report.cells[f"{A}results_total.total"] == 21


@pytest.mark.parametrize(
    ("name", "row", "chosen"),
    [
        (PT2020, "normative_documents", (77, 77, 166)),
        (PT2020, "penalty", (2648, -18, 538)),
        (PT2024, "normative_documents", (62, 33, 440)),
    ],
)
def test_run_together_proactive_rows_are_flagged_ambiguous(
    name: str, row: str, chosen: tuple[int, ...]
) -> None:
    result = _read(name)
    warning = next(
        w
        for w in result.warnings
        if w.rule == "ambiguous_split" and w.cells[0].startswith(f"proactive.{row}.")
    )
    assert tuple(result.report.cells[k] for k in warning.cells) == chosen
    assert warning.alternatives
    assert all(set(alt) == set(warning.cells) for alt in warning.alternatives)
    assert tuple(warning.alternatives[0][k] for k in warning.cells) != chosen


def test_procurement_split_prefers_a_plausible_amount_per_project() -> None:
    result = _read(PT2020)
    warning = next(
        w for w in result.warnings if w.rule == "ambiguous_split" and "proactive.procurement.count" in w.cells
    )
    readings = {alt["proactive.procurement.count"] for alt in warning.alternatives}
    assert {39, 3957} <= readings


def test_unit_known_from_fee_header_needs_no_warning() -> None:
    assert not [w for w in _read(PT2024).warnings if w.rule == "unit_assumed"]
    assert not [w for w in _read(HUAIAN).warnings if w.rule == "unit_assumed"]


@pytest.mark.parametrize("name", [HUAIAN, PT2020, PT2024])
def test_prose_parts_are_read(name: str) -> None:
    prose = _read(name).report.prose
    assert prose.overview
    assert prose.problems
    assert prose.other


def test_huaian_prose_drops_page_numbers() -> None:
    prose = _read(HUAIAN).report.prose
    assert "-5-" not in prose.problems
    assert prose.other.endswith("全年收取政府信息公开信息处理费3940元。")


def test_huaian_prose_is_rejoined_into_paragraphs() -> None:
    prose = _read(HUAIAN).report.prose
    # The PDF's hard line breaks inside a sentence and the spaces between CJK characters and digits are gone.
    assert "主动公开各类政府信息5500余条" in prose.overview
    assert all(line.endswith(("。", "：", "；")) or len(line) <= 24 for line in prose.overview.split("\n"))


def test_flattened_page_boilerplate_is_not_prose() -> None:
    prose = _read(PT2024).report.prose
    assert prose.overview.startswith("2024年，平潭综合实验区坚持")
    assert prose.other == "2024年，无收取信息处理费情况。"
