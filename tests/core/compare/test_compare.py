"""Year-on-year comparison on consecutive years of corpus agencies: the data, and every written format."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.compare import compare, render
from gongkai.model import Report
from gongkai.parsers import read
from gongkai.templates import correspondence
from tests.conftest import DATA

CORPUS = DATA / "corpus"
#: 长治市上党区司法局 2020 (template 2019) and 2021 (template 2021).
SHANGDANG = (CORPUS / "docx-2019-sample.docx", CORPUS / "docx-2021-sample-agency-next-year.docx")
#: 江苏省财政厅 2022 and 2023, both on template 2021.
JIANGSU = (CORPUS / "html-2021-year-before-continued.html", CORPUS / "docx-2021-continued-on-next-page.docx")
runner = CliRunner()


def _pair(paths: tuple[Path, Path]) -> tuple[Report, Report]:
    return read(paths[0]).report, read(paths[1]).report


def _expected_delta(previous: Report, current: Report, old: tuple[str, ...], new: tuple[str, ...]) -> str:
    """The change as the tables must print it, from the raw cells."""
    if (
        not old
        or not new
        or any(k not in previous.cells for k in old)
        or any(k not in current.cells for k in new)
    ):
        return "—"
    delta = sum(current.cells[k] for k in new) - sum(previous.cells[k] for k in old)
    return f"+{delta}" if delta > 0 else str(delta).replace("-", "-")


def _docx_tables(path: Path) -> list[list[list[str]]]:
    """The comparison tables of a DOCX read back: every table whose header's second cell is 「年度」."""
    import docx

    out = []
    for table in docx.Document(str(path)).tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if len(rows[0]) > 2 and rows[0][1] == "年度":
            out.append(rows)
    return out


@pytest.mark.parametrize("paths", [SHANGDANG, JIANGSU], ids=["across-templates", "one-template"])
def test_the_docx_read_back_has_each_tables_deltas(paths: tuple[Path, Path], tmp_path: Path) -> None:
    previous, current = _pair(paths)
    out = tmp_path / "compare.docx"
    result = runner.invoke(app, ["compare", str(paths[0]), str(paths[1]), "--to", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    comparison = compare(previous, current)
    tables = _docx_tables(out)
    assert len(tables) == len(comparison.tables)
    for drawn, table in zip(tables, comparison.tables, strict=True):
        body = drawn[1:]
        assert len(body) == 3 * len(table.rows)
        for n, row in enumerate(table.rows):
            years, now, delta = body[3 * n], body[3 * n + 1], body[3 * n + 2]
            assert years[0] == row.label and years[1] == f"{previous.year}年" and delta[1] == "增减"
            assert now[1] == f"{current.year}年"
            expected = [
                _expected_delta(previous, current, c.previous_keys, c.current_keys) for c in row.cells
            ]
            assert delta[2:] == expected, (table.caption, row.label)


def test_across_the_template_change_the_split_row_is_compared_as_a_sum(tmp_path: Path) -> None:
    comparison = compare(*_pair(SHANGDANG))
    applications = next(t for t in comparison.tables if t.key == "applications")
    summed = next(r for r in applications.rows if r.key == "other+")
    assert summed.label == "（六）其他处理（合计）"
    total = summed.cells[-1]
    assert total.previous_keys == ("applications.other.total",)
    assert total.current_keys == tuple(
        f"applications.other.{r}.total" for r in ("no_correction", "unpaid_fee", "misc")
    )
    assert (total.previous, total.current, total.delta) == (0, 1, 1)


def test_across_the_template_change_cells_without_counterpart_have_no_delta() -> None:
    comparison = compare(*_pair(SHANGDANG))
    first = comparison.tables[0]
    normative = next(r for r in first.rows if r.key == "normative_documents")
    issued, repealed, _ = normative.cells
    assert issued.previous_keys == ("proactive.normative_documents.made",) and issued.delta == 2
    assert not repealed.matched and repealed.delta is None
    assert "proactive.procurement.amount" in comparison.unmatched_previous


def test_the_summary_opens_with_the_headline_figures() -> None:
    summary = compare(*_pair(SHANGDANG)).summary()
    assert summary[0] == "本年新收申请 7 件，2020年为 0 件，增加 7 件。"
    assert "跨年度核对未发现问题。" in summary
    assert any("国办公开办函〔2021〕30号" in line for line in summary)


def test_a_broken_carry_over_shows_among_the_checks_and_in_the_summary() -> None:
    previous, current = _pair(JIANGSU)
    key = "applications.carried_over.natural_person"
    broken = current.with_cells({key: int(current.cells[key]) + 1})
    comparison = compare(previous, broken)
    assert [(f.rule, f.cells[0]) for f in comparison.checks] == [("carry_over", key)]
    assert any(line.startswith("跨年度核对发现 1 个错误") for line in comparison.summary())


def test_unchanged_prose_is_the_same_and_changed_prose_keeps_both_texts() -> None:
    comparison = compare(*_pair(SHANGDANG))
    parts = {p.part: p for p in comparison.parts}
    assert parts["other"].similarity == 1.0 and not parts["other"].diff.changed
    assert parts["proactive"].similarity is None
    overview = parts["overview"]
    assert 0.5 < (overview.similarity or 0) < 1
    assert "".join(p.text for p in overview.diff.side("previous")) == overview.previous
    assert "".join(p.text for p in overview.diff.side("current")) == overview.current
    assert ("insert", "2021") in [(p.op, p.text) for p in overview.diff.pieces]


@pytest.mark.parametrize("fmt", ["html", "md", "docx", "pdf"])
def test_compare_writes_every_format(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"compare.{fmt}"
    result = runner.invoke(app, ["compare", *map(str, SHANGDANG), "--to", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith({"pdf": b"%PDF", "docx": b"PK"}.get(fmt, b""))
    if fmt in ("html", "md"):
        text = data.decode("utf-8")
        assert "长治市上党区司法局2021年度与2020年度政府信息公开工作年度报告对比" in text
        assert ("<del>2019</del>" if fmt == "html" else "~~2019~~") in text


def test_the_pdf_has_the_summary_in_its_text_layer(tmp_path: Path) -> None:
    import pdfplumber

    data = render(compare(*_pair(JIANGSU)), "pdf")
    assert isinstance(data, bytes)
    path = tmp_path / "c.pdf"
    path.write_bytes(data)
    with pdfplumber.open(path) as pdf:
        first = (pdf.pages[0].extract_text() or "").replace("\n", "")
    assert "对比摘要" in first and "跨年度核对未发现问题" in first


def test_compare_refuses_a_binary_format_without_an_output_file() -> None:
    result = runner.invoke(app, ["compare", *map(str, SHANGDANG), "--to", "pdf"])
    assert result.exit_code == 2
    assert "-o" in result.output


def test_compare_reports_an_unreadable_file_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("不是年报", encoding="utf-8")
    result = runner.invoke(app, ["compare", str(bad), str(SHANGDANG[1])])
    assert result.exit_code == 2
    assert str(bad) in result.stderr


def test_the_correspondence_runs_both_ways() -> None:
    forward = correspondence("2019", "2021")
    backward = correspondence("2021", "2019")
    assert backward.unmatched_current() == forward.unmatched_previous()
    comparison = compare(*reversed(_pair(SHANGDANG)))
    applications = next(t for t in comparison.tables if t.key == "applications")
    other = next(r for r in applications.rows if r.key == "other")
    assert other.cells[-1].previous_keys == forward.matches[-1].current
