"""CJK radicals printed for ideographs (Kangxi block and CJK Radicals Supplement) read as the ideographs."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from gongkai.parsers import read
from gongkai.parsers.radicals import RADICALS, unify_radicals
from gongkai.parsers.text import parse_text

SAMPLE = Path(__file__).parents[2] / "data" / "sample-2020-shangdang-sifaju.txt"
# Perl carries Unicode's EquivalentUnifiedIdeograph.txt as a table; Debian installs it with perl-base.
PERL_EQUIDEO = Path("/usr/lib/x86_64-linux-gnu/perl-base/unicore/To/EqUIdeo.pl")


@pytest.mark.parametrize(
    ("printed", "meant"),
    [("⼀⼈⾸", "一人首"), ("⺠⻚", "民页"), ("规范性⽂件", "规范性文件"), ("⻓⻔⻛⻢", "长门风马")],
    ids=["kangxi", "supplement", "label", "simplified-radicals"],
)
def test_radicals_of_both_blocks_become_the_unified_ideographs(printed: str, meant: str) -> None:
    assert unify_radicals(printed) == meant


def test_the_kangxi_block_folds_as_nfkc_does() -> None:
    for cp in range(0x2F00, 0x2FD6):
        assert RADICALS[cp] == unicodedata.normalize("NFKC", chr(cp))


def test_every_supplement_radical_maps_to_a_unified_ideograph() -> None:
    supplement = {cp: ch for cp, ch in RADICALS.items() if 0x2E80 <= cp <= 0x2EFF}
    assert len(supplement) == 114
    assert all("CJK UNIFIED IDEOGRAPH" in unicodedata.name(ch) for ch in supplement.values())


@pytest.mark.skipif(not PERL_EQUIDEO.exists(), reason="no copy of the Unicode data on this machine")
def test_the_table_is_unicodes_equivalent_unified_ideographs() -> None:
    body = PERL_EQUIDEO.read_text().split("return <<'END';\n")[1].split("\nEND\n")[0]
    expected: dict[int, str] = {}
    for line in body.splitlines():
        first, last, target = line.split("\t")
        for cp in range(int(first, 16), int(last or first, 16) + 1):
            if 0x2E80 <= cp <= 0x2FDF:
                expected[cp] = chr(int(target, 16))
    assert expected == RADICALS


def test_text_without_radicals_is_returned_as_it_is() -> None:
    text = "本机关2020年度政府信息公开工作报告"
    assert unify_radicals(text) is text


def _kangxi_version(text: str) -> str:
    """The text as a PDF with a radical-mapped font gives it: every character with a radical twin swapped."""
    inverse = {ord(ch): cp for cp, ch in RADICALS.items()}
    return text.translate(inverse)


def test_a_report_whose_labels_are_printed_with_radicals_reads_the_same_cells() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    printed = _kangxi_version(text)
    assert printed != text
    assert "规范性⽂件" in printed
    expected = parse_text(text).report
    got = read(printed).report
    assert got.cells == expected.cells
    assert (got.agency, got.year) == (expected.agency, expected.year)
