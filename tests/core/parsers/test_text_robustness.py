"""The reader never raises anything but ParseError, whatever it is given, and never hangs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.errors import ParseError
from gongkai.parsers.text import parse_text
from tests.hypo import budget

DATA = Path(__file__).parents[2] / "data"
TEXTS = [
    (DATA / "sample-2020-shangdang-sifaju.txt").read_text(encoding="utf-8"),
    *(p.read_text(encoding="utf-8") for p in sorted((DATA / "samples").glob("*.txt"))),
]
ROBUST = budget(80, slow=True)


def _read_or_refuse(text: str) -> None:
    try:
        result = parse_text(text)
    except ParseError as exc:
        assert exc.message_zh
        return
    assert result.report.template in {"2019", "2021"}
    # Built without re-validation by the reader, the report must still be a valid model.
    from gongkai.model import Report

    assert Report.model_validate(result.report.model_dump()) == result.report


@pytest.mark.parametrize("text", ["", "   \n\t\n", "hello world", "一二三四五", "\t0\n\t0\n"])
def test_text_that_is_no_report_raises_parse_error(text: str) -> None:
    with pytest.raises(ParseError):
        parse_text(text)


@ROBUST
@given(st.text(max_size=3000))
def test_random_unicode_only_raises_parse_error(text: str) -> None:
    _read_or_refuse(text)


@ROBUST
@given(st.sampled_from(TEXTS), st.data())
def test_truncated_samples_only_raise_parse_error(text: str, data: st.DataObject) -> None:
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    _read_or_refuse(text[:cut])


@ROBUST
@given(st.sampled_from(TEXTS), st.randoms(use_true_random=False))
def test_shuffled_sample_lines_only_raise_parse_error(text: str, rnd: object) -> None:
    lines = text.split("\n")
    rnd.shuffle(lines)  # type: ignore[attr-defined]
    _read_or_refuse("\n".join(lines))


@ROBUST
@given(st.sampled_from(TEXTS), st.data())
def test_samples_with_characters_replaced_only_raise_parse_error(text: str, data: st.DataObject) -> None:
    chars = list(text)
    for _ in range(data.draw(st.integers(min_value=1, max_value=40))):
        i = data.draw(st.integers(min_value=0, max_value=len(chars) - 1))
        chars[i] = data.draw(st.sampled_from(["0", "9", "\t", "\n", "、", "-", "元", "万", " ", "", "一、"]))
    _read_or_refuse("".join(chars))


@budget(25)
@given(st.text(alphabet="0123456789 -.元万", min_size=50, max_size=400))
def test_long_digit_runs_in_a_table_are_bounded(digits: str) -> None:
    head = "某局\n2021年度政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量"
    _read_or_refuse(head + digits + "四、政府信息公开行政复议、行政诉讼情况行政复议总计" + digits)
