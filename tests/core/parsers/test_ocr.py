"""Scans and photographs read by OCR: cells right, every OCR'd cell marked, digit slips corrected openly."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.errors import ParseError
from gongkai.parsers import read
from gongkai.parsers.ocr import correct_digits, digit_alternatives
from gongkai.parsers.result import ParseResult
from tests.data.corpus.make_corpus import photograph, scan_pdf

CORPUS = Path(__file__).parents[2] / "data" / "corpus"
SAMPLE = Path(__file__).parents[2] / "data" / "sample-2020-shangdang-sifaju.txt"
needs_ocr = pytest.mark.skipif(
    __import__("importlib").util.find_spec("rapidocr_onnxruntime") is None,
    reason="the ocr extra is not installed",
)


def _right(result: ParseResult, expected: dict[str, str]) -> float:
    got = result.report.cells
    return sum(1 for k, v in expected.items() if got.get(k) == Decimal(v)) / len(expected)


@needs_ocr
def test_a_report_with_scanned_table_pages_reads_its_cells_and_marks_those_from_ocr() -> None:
    source = CORPUS / "pdf-2019-sample.pdf"
    expected = json.loads(source.with_suffix(".expected.json").read_text(encoding="utf-8"))
    result = read(scan_pdf(source.read_bytes(), pages=(2, 3), skew=1.2, noise=10, blur=0.7))
    assert _right(result, expected["cells"]) >= 0.98
    (note,) = [w for w in result.warnings if w.rule == "ocr"]
    assert "第 2、3 页" in note.message_zh
    assert {k for k in result.report.cells if k.startswith("applications.")} <= set(note.cells)
    assert (result.report.agency, result.report.year) == (expected["agency"], expected["year"])


@needs_ocr
def test_a_phone_photo_of_a_printed_page_reads_through_read() -> None:
    source = CORPUS / "pdf-2021-word-export-dashes.pdf"
    expected = json.loads(source.with_suffix(".expected.json").read_text(encoding="utf-8"))["cells"]
    result = read(photograph(source.read_bytes(), page=2))
    assert result.format == "image"
    got = result.report.cells
    present = [k for k in expected if k in got]
    assert len(present) >= 100
    assert sum(1 for k in present if got[k] == Decimal(expected[k])) / len(present) >= 0.98
    assert "ocr_deskewed" in {w.rule for w in result.warnings}


def _sample_result() -> ParseResult:
    return read(SAMPLE)


def test_an_ocr_digit_slip_breaking_the_identities_is_corrected_as_a_finding() -> None:
    result = _sample_result()
    key = max(
        (k for k in result.report.cells if k.startswith("applications.") and not k.endswith(".total")),
        key=lambda k: result.report.cells[k],
    )
    true = result.report.cells[key]
    slipped = int(str(true)[:-1] + str((int(str(true)[-1]) + 3) % 10))
    damaged = result.model_copy(update={"report": result.report.with_cells({key: slipped})})
    fixed = correct_digits(damaged, list(result.report.cells))
    assert fixed.report.cells[key] == true
    (finding,) = [w for w in fixed.warnings if w.rule == "ocr_corrected"]
    assert (finding.cells, finding.found, finding.expected) == ((key,), slipped, true)


def test_a_cell_outside_the_identities_is_never_changed() -> None:
    result = _sample_result()
    key = "proactive.regulations.made"
    damaged = result.model_copy(update={"report": result.report.with_cells({key: 7})})
    fixed = correct_digits(damaged, list(result.report.cells))
    assert fixed.report.cells[key] == 7
    assert "ocr_corrected" not in {w.rule for w in fixed.warnings}


def test_cells_not_read_by_ocr_are_never_corrected() -> None:
    result = _sample_result()
    key = "applications.granted.natural_person"
    damaged = result.model_copy(update={"report": result.report.with_cells({key: 9999})})
    fixed = correct_digits(damaged, [k for k in result.report.cells if k != key])
    assert fixed.report.cells[key] == 9999


def test_digit_alternatives_are_one_slip_away() -> None:
    alternatives = digit_alternatives(38)
    assert {88, 33, 3, 8, 138, 380}.issubset(alternatives)
    assert 38 not in alternatives
    assert 83 not in alternatives


def test_without_the_ocr_extra_an_image_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongkai.parsers import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(ParseError) as info:
        read(photograph((CORPUS / "pdf-2019-sample.pdf").read_bytes(), page=2))
    assert "pip install 'gongkai[ocr]'" in info.value.message_zh


def test_a_damaged_image_is_one_parse_error() -> None:
    with pytest.raises(ParseError):
        read(b"\x89PNG\r\n\x1a\n" + bytes(300))


@pytest.mark.parametrize(
    ("recognised", "meant"),
    [("二", "—"), ("一", "—"), ("—", "—"), ("2.744", "2,744"), ("1.031.200", "1,031,200"), ("90.2031", "90.2031"),
     ("0.5", "0.5"), ("规章", "规章"), ("二、", "二、")],
)  # fmt: skip
def test_value_cell_confusions_of_the_recogniser_are_undone(recognised: str, meant: str) -> None:
    from gongkai.parsers.ocr import cell_text

    assert cell_text(recognised) == meant


def test_spaces_between_the_digits_of_an_ocr_cell_are_dropped() -> None:
    from gongkai.parsers._geometry import Char, table_rows

    cells = [(0.0, 0.0, 50.0, 20.0), (50.0, 0.0, 100.0, 20.0)]
    chars = [
        Char(5, 5, 10, 15, "4"),
        Char(10, 5, 15, 15, ","),
        Char(15, 5, 20, 15, "5"),
        Char(30, 5, 35, 15, "8"),
    ]
    chars.append(Char(60, 5, 65, 15, "1"))
    assert table_rows(cells, chars, recognised=True) == [["4,58", "1"]]
    assert table_rows(cells, chars) == [["4,5 8", "1"]]
