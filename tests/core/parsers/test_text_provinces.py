"""Row matching that survives the provinces' variants of the national tables."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gongkai.model import Report
from gongkai.parsers.text import parse_text
from gongkai.renderers.text import render
from tests.core.checks.builders import valid_report
from tests.core.parsers.flatten import flatten

LAYOUTS: dict[str, Callable[[str], str]] = {"tab": lambda text: text, "flattened": flatten}


def _wrong(report: Report, text: str) -> dict[str, object]:
    """Cells read wrong, except those of a row that runs together ambiguously with the truth listed."""
    result = parse_text(text)
    got = result.report.cells
    excused: set[str] = set()
    for w in result.warnings:
        if w.rule == "ambiguous_split" and {k: report.cells[k] for k in w.cells} in [
            dict(a) for a in w.alternatives
        ]:
            excused.update(w.cells)
    return {k: (v, got.get(k)) for k, v in report.cells.items() if got.get(k) != v and k not in excused}


def _rules(text: str) -> set[str]:
    return {w.rule for w in parse_text(text).warnings}


def _after_row(text: str, label: str, extra: str) -> str:
    """``text`` with ``extra`` lines inserted after the row labelled ``label`` (after its blank line)."""
    at = text.index(f"\t{label}\n")
    end = text.index("\n\n", at) + 2
    return text[:end] + extra + text[end:]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_2021_table_still_labelled_without_xingzheng_reads_its_normative_documents(layout: str) -> None:
    report = valid_report("2021")
    text = LAYOUTS[layout](render(report).replace("\t行政规范性文件\n", "\t规范性文件\n"))
    assert _wrong(report, text) == {}
    assert "row_missing" not in _rules(text)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_2019_table_labelled_with_xingzheng_reads_its_normative_documents(layout: str) -> None:
    report = valid_report("2019")
    text = LAYOUTS[layout](render(report).replace("\t规范性文件\n", "\t行政规范性文件\n"))
    assert _wrong(report, text) == {}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_provincial_row_is_kept_apart_and_reported(layout: str) -> None:
    report = valid_report("2021")
    extra = "\t其他主动公开文件\n\t100\n\t0\n\t200\n\n"
    text = LAYOUTS[layout](_after_row(render(report), "行政规范性文件", extra))
    assert _wrong(report, text) == {}
    found = [w for w in parse_text(text).warnings if w.rule == "extra_row"]
    assert len(found) == 1
    assert "其他主动公开文件" in found[0].message_zh
    assert found[0].found == ("100 | 0 | 200" if layout == "tab" else "1000200")
    assert "unknown_label" not in _rules(text)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_explanatory_label_naming_other_rows_cannot_steal_them(layout: str) -> None:
    report = valid_report("2019")
    label = (
        "\t其他对外管理服务事项（含行政征收、行政给付、行政裁决、行政确认、行政奖励、行政处罚、行政强制等）\n"
    )
    text = LAYOUTS[layout](render(report).replace("\t其他对外管理服务事项\n", label))
    assert _wrong(report, text) == {}
    assert not [w for w in parse_text(text).warnings if w.severity == "error"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_digits_in_a_header_note_are_never_values(layout: str) -> None:
    report = valid_report("2021")
    text = render(report).replace("\t本年处理决定数量\n", "\t本年处理决定数量（指2021年事项数）\n", 1)
    text = LAYOUTS[layout](text)
    assert _wrong(report, text) == {}
    assert "unknown_label" not in _rules(text)


def test_digits_in_a_label_note_are_never_values() -> None:
    report = valid_report("2021")
    text = flatten(render(report).replace("\t行政许可\n", "\t行政许可（含2020年结转）\n"))
    assert _wrong(report, text) == {}


def test_surplus_numbers_are_a_finding_listing_the_other_readings() -> None:
    report = valid_report("2021")
    text = render(report)
    at = text.index("\t行政许可\n")
    end = text.index("\n\n", at)
    result = parse_text(text[:end] + "\n\t77" + text[end:])
    assert result.report.cells == report.cells
    (warning,) = [w for w in result.warnings if w.rule == "surplus_numbers"]
    assert warning.cells == ("proactive.licensing.decisions",)
    assert (warning.expected, warning.found) == (1, 2)
    assert warning.alternatives == ({"proactive.licensing.decisions": 77},)


def test_a_negative_change_above_a_dash_is_no_page_number() -> None:
    report = valid_report("2019").with_cells(
        {"proactive.licensing.change": -20, "proactive.licensing.decisions": 0}
    )
    text = render(report)
    at = text.index("\t行政许可\n")
    text = text[:at] + text[at:].replace("\t-20\n\t0\n", "\t-20\n\t-\n", 1)
    assert parse_text(text).report.cells == report.cells
