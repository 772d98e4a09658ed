"""The PDF writer: the sample prints on A4 pages with Chinese text that extracts back intact."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from gongkai.model import Report
from gongkai.parsers import read
from gongkai.renderers import pdf as pdf_writer
from gongkai.renderers import render

SAMPLE = Path(__file__).parents[2] / "data" / "sample-2020-shangdang-sifaju.txt"
A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def sample() -> Report:
    return read(SAMPLE).report


@pytest.fixture(scope="module")
def sample_pdf(sample: Report) -> bytes:
    return pdf_writer.render(sample)


def _squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils draws the pages")
def test_the_sample_prints_on_four_a4_pages(sample_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "sample.pdf"
    path.write_bytes(sample_pdf)
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")], check=True, timeout=60
    )
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == 4
    assert all(p.stat().st_size > 1000 for p in pngs)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 4
        for page in pdf.pages:
            assert (round(float(page.width), 1), round(float(page.height), 1)) == pytest.approx(A4, abs=0.5)


def test_chinese_text_extracts_back_intact(sample: Report, sample_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        text = _squeeze("".join(page.extract_text() or "" for page in pdf.pages))
    for part in sample.spec.parts:
        assert part.heading in text
    assert "长治市上党区司法局2020年度政府信息公开工作年度报告" in text
    assert "30.3861万元" in text
    for line in sample.prose.overview.splitlines():
        assert _squeeze(line) in text
    assert "\ufffd" not in text


def test_text_is_drawn_in_embedded_noto_cjk_fonts(sample_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        fonts = {char["fontname"] for page in pdf.pages for char in page.chars}
    assert fonts
    assert all("Noto" in name and "CJK-SC" in name for name in fonts), fonts


def test_every_page_is_numbered(sample_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        footers = [
            _squeeze(page.crop((0, page.height - 80, page.width, page.height)).extract_text() or "")
            for page in pdf.pages
        ]
    assert footers == [f"—{n}—" for n in range(1, len(footers) + 1)]


def test_pdf_carries_title_and_language(sample_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(sample_pdf)) as pdf:
        assert pdf.metadata.get("Title") == "长治市上党区司法局2020年度政府信息公开工作年度报告"


def test_the_dispatcher_renders_pdf(sample: Report) -> None:
    data = render(sample, "pdf")
    assert isinstance(data, bytes) and data.startswith(b"%PDF")
