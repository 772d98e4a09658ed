"""Property tests: canonical text → reader gives the report back, also flattened to running text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.model import Report
from gongkai.parsers.text import parse_text
from gongkai.renderers.text import render
from tests.core.parsers.flatten import flatten
from tests.core.strategies import reports, valid_reports
from tests.hypo import budget

FAST = budget(60, slow=True)


def _same_identity(a: Report, b: Report) -> None:
    assert (a.agency, a.year, a.template) == (b.agency, b.year, b.template)
    # The reader builds its report without re-validation; it must be valid all the same.
    assert Report.model_validate(a.model_dump()) == a


@FAST
@given(valid_reports())
def test_canonical_text_reads_back_to_the_same_report(report: Report) -> None:
    result = parse_text(render(report))
    _same_identity(result.report, report)
    assert result.report.cells == report.cells
    assert result.report.printed == report.printed
    assert result.report.prose == report.prose
    # The only findings are the cells printed without a number, each named once.
    assert {w.rule for w in result.warnings} <= {"blank_cell"}
    assert sorted(k for w in result.warnings for k in w.cells) == sorted(report.printed)


@FAST
@given(reports())
def test_canonical_text_of_unbalanced_reports_reads_back_too(report: Report) -> None:
    result = parse_text(render(report))
    _same_identity(result.report, report)
    assert result.report.cells == report.cells
    assert result.report.printed == report.printed
    assert result.report.prose == report.prose


@FAST
@given(valid_reports(table_prose=False, proactive_max=999, marks=False))
def test_flattened_text_reads_back_or_says_which_splits_were_ambiguous(report: Report) -> None:
    result = parse_text(flatten(render(report)))
    _same_identity(result.report, report)
    prose = report.prose
    assert result.report.prose.overview == prose.overview.replace("\n", "")
    assert result.report.prose.problems == prose.problems.replace("\n", "")
    assert result.report.prose.other == prose.other.replace("\n", "")
    ambiguous = [w for w in result.warnings if w.rule == "ambiguous_split"]
    flagged = {key for w in ambiguous for key in w.cells}
    for key, value in report.cells.items():
        if key not in flagged:
            assert result.report.cells[key] == value, key
    for warning in ambiguous:
        truth = {k: report.cells[k] for k in warning.cells}
        chosen = {k: result.report.cells[k] for k in warning.cells}
        assert truth == chosen or truth in [dict(a) for a in warning.alternatives]
    assert [w for w in result.warnings if w.severity == "error"] == []


@FAST
@given(valid_reports(table_prose=False, proactive_max=999, marks=False))
def test_flattened_text_without_ambiguity_reads_back_exactly(report: Report) -> None:
    result = parse_text(flatten(render(report)))
    if not any(w.rule == "ambiguous_split" for w in result.warnings):
        assert result.report.cells == report.cells


@budget(30)
@given(valid_reports(marks=False), st.data())
def test_cell_layout_with_blank_markers_reads_them_as_zero(report: Report, data: st.DataObject) -> None:
    text = render(report)
    zero_lines = [i for i, line in enumerate(text.split("\n")) if line == "\t0"]
    if not zero_lines:
        return
    pick = data.draw(st.sampled_from(zero_lines))
    marker = data.draw(st.sampled_from(["\t", "\t-", "\t—", "\t/", "\t／"]))
    lines = text.split("\n")
    lines[pick] = marker
    result = parse_text("\n".join(lines))
    assert result.report.cells == report.cells
    assert [w.rule for w in result.warnings] == ["blank_cell"]


def test_rows_ambiguous_only_jointly_are_both_flagged_with_the_truth_listed() -> None:
    cols = ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total")
    rows = {
        "new": (95, 365, 1, 11, 99, 235, 806),
        "carried_over": (0, 1, 0, 2, 0, 2, 5),
        "granted": (0, 0, 0, 0, 99, 0, 99),
        "results_total": (0, 0, 0, 0, 99, 0, 99),
        "carried_forward": (95, 366, 1, 13, 0, 237, 712),
    }
    cells = {f"applications.{r}.{c}": v for r, vals in rows.items() for c, v in zip(cols, vals, strict=True)}
    report = Report.empty(agency="某局", year=2020, template="2019").with_cells(cells)
    # research/nonprofit 1|11 and 1|13 could also be 11|1 and 11|3: every identity still holds.
    result = parse_text(flatten(render(report)))
    flagged = {w.cells[0].rsplit(".", 1)[0]: w for w in result.warnings if w.rule == "ambiguous_split"}
    for row in ("new", "carried_forward"):
        warning = flagged[f"applications.{row}"]
        truth = {k: report.cells[k] for k in warning.cells}
        chosen = {k: result.report.cells[k] for k in warning.cells}
        assert truth == chosen or truth in [dict(a) for a in warning.alternatives]
