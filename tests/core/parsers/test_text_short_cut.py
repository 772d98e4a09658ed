"""The text reader's short cut for well-formed rows of the tab layout gives exactly what its general steps give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.errors import ParseError
from gongkai.model import Report
from gongkai.parsers.docx import docx_lines
from gongkai.parsers.html import html_lines
from gongkai.parsers.pdf import pdf_lines
from gongkai.parsers.text import _parse, parse_text
from gongkai.renderers import html as html_writer
from gongkai.renderers.text import render
from tests.core.strategies import reports, valid_reports
from tests.hypo import budget

DATA = Path(__file__).parents[2] / "data"
SETTINGS = budget(25, slow=True)


def _outcome(read: Any, text: str) -> Any:
    try:
        return read(text).model_dump()
    except ParseError as exc:
        return ("ParseError", exc.message_zh, exc.message_en)


def _general(text: str) -> Any:
    return _parse(text, "", short_cut=False)


def _same(text: str) -> None:
    assert _outcome(parse_text, text) == _outcome(_general, text)


@SETTINGS
@given(reports())
def test_any_report_in_the_canonical_layout(report: Report) -> None:
    _same(render(report))


@SETTINGS
@given(valid_reports())
def test_any_report_copied_from_html(report: Report) -> None:
    _same("\n".join(html_lines(html_writer.render(report).encode())) + "\n")


# What published tables hold in a cell instead of a plain number, and odd shapes of the layout.
_CELLS = [
    "",
    "-",
    "—",
    "/",
    "／",
    "--",
    "0012",
    "1,234",
    "１２",
    "3 4",
    "5件",
    "无",
    "-3",
    "2.5",
    "7万元",
    " 8 ",
]


@SETTINGS
@given(valid_reports(), st.data())
def test_layouts_with_odd_cells_and_shapes(report: Report, data: st.DataObject) -> None:
    lines = render(report).split("\n")
    cells = [i for i, line in enumerate(lines) if line.startswith("\t")]
    for _ in range(data.draw(st.integers(1, 6))):
        i = data.draw(st.sampled_from(cells))
        edit = data.draw(st.sampled_from(["cell", "wrap", "drop_blank", "extra_cell", "space"]))
        if edit == "cell":
            lines[i] = "\t" + data.draw(st.sampled_from(_CELLS))
        elif edit == "wrap" and len(lines[i]) > 4:
            # A label or number wrapped onto a continuation line.
            cut = data.draw(st.integers(2, len(lines[i]) - 1))
            lines[i : i + 1] = [lines[i][:cut], lines[i][cut:]]
        elif edit == "drop_blank" and i + 1 < len(lines) and lines[i + 1] == "":
            del lines[i + 1]
        elif edit == "extra_cell":
            lines.insert(i + 1, "\t" + data.draw(st.sampled_from(_CELLS)))
        elif edit == "space":
            lines[i] = lines[i][:2] + " " + lines[i][2:]
    _same("\n".join(lines))


@pytest.mark.parametrize(
    "path",
    sorted([*DATA.glob("*.txt"), *DATA.glob("samples/*.txt")]),
    ids=lambda p: p.name,
)
def test_every_sample_text(path: Path) -> None:
    _same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "path",
    sorted(p for ext in ("txt", "html", "docx", "pdf") for p in DATA.glob(f"corpus/*.{ext}")),
    ids=lambda p: p.name,
)
def test_every_corpus_file(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".txt":
        _same(data.decode("utf-8"))
        return
    if path.suffix == ".html":
        lines = html_lines(data)
    elif path.suffix == ".docx":
        lines = docx_lines(data)
    else:
        lines = pdf_lines(data)[0]
    _same("\n".join(lines) + "\n")
